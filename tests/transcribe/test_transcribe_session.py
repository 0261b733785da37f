"""`interviewer transcribe CODE`: a saved session's spoken answers and recording segments get
transcripts in its journal, with word error rate checked, and a second run has nothing to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import jiwer
import pytest

from interviewer.cli import main
from interviewer.events import Mode, PromptEvent, RecordingSegmentEvent
from interviewer.guide import load_guide
from interviewer.session.store import SessionStore

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "topic_guides" / "genai-mental-health.toml"

pytestmark = pytest.mark.slow


def test_transcribe_a_session_then_resume_has_nothing_left(spoken_session, tmp_path, audio_dir, normalise, capsys):
    store = SessionStore(tmp_path / "sessions")
    code = spoken_session(store)
    args = ["transcribe", code, "--sessions-dir", str(store.root)]
    assert main(args) == 0
    assert "transcribed 3 item(s)" in capsys.readouterr().out

    record = store.load(code)
    transcripts = {e.audio_file: e for e in record.events if e.type == "transcript"}
    assert set(transcripts) == {"audio/answer-0001.wav", "audio/answer-0002.wav", "audio/rec-0001.flac"}
    turns = [t for t in record.view.turns if t.source == "spoken"]
    assert all(t.transcribed for t in turns)
    for turn, clip in zip(turns, ["answer-first-use", "answer-guardrail"]):
        reference = (audio_dir / f"{clip}.txt").read_text(encoding="utf-8")
        assert jiwer.wer(normalise(reference), normalise(turn.original_text)) <= 0.06
    jfk = " ".join(s.text for s in transcripts["audio/rec-0001.flac"].segments)
    assert jiwer.wer(normalise((audio_dir / "jfk.txt").read_text()), normalise(jfk)) <= 0.05

    assert main(args) == 0
    assert "nothing to transcribe (3 already transcribed)" in capsys.readouterr().out
    assert len([e for e in store.load(code).events if e.type == "transcript"]) == 3


def test_unknown_session_code_is_one_line(tmp_path, capsys):
    assert main(["transcribe", "P-ZZZZZ", "--sessions-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "no session P-ZZZZZ" in err


def test_recording_segments_sharing_a_prompt_are_decoded_together(tmp_path, audio_dir, engines):
    from interviewer.transcribe.session_jobs import transcribe_session

    store = SessionStore(tmp_path / "sessions")
    session = store.create(load_guide(GUIDE), GUIDE, Mode.CONDUCT)
    layout = [("answer-first-use.wav", 0.0, 15.7), ("answer-relationships.wav", 15.7, 17.6),
              ("broken.wav", 33.3, 1.0), ("jfk.flac", 34.3, 11.0)]
    for number, (clip, start, duration) in enumerate(layout, 1):
        rel = f"audio/rec-{number:04d}{Path(clip).suffix}"
        if clip == "broken.wav":
            (session.folder / rel).write_bytes(b"RIFF not really a wav")
        else:
            shutil.copy(audio_dir / clip, session.folder / rel)
        session.append(RecordingSegmentEvent(elapsed=start + duration, audio_file=rel, start=start,
                                             duration=duration, sample_rate=16000, channels=1))
    session.close()

    class Spy:  # the real engine, counting how many recordings each run decodes
        def __init__(self, engine):
            self.engine, self.model_name, self.runs = engine, engine.model_name, []

        def transcribe_many(self, audios, **kwargs):
            self.runs.append(len(audios))
            return self.engine.transcribe_many(audios, **kwargs)

    spy = Spy(engines["faster-whisper"])
    outcome = transcribe_session(store, session.code, spy)
    assert spy.runs == [3]  # one batched run; the unreadable segment failed alone
    assert [f for f, _ in outcome.failed] == ["audio/rec-0003.wav"] and len(outcome.done) == 3
    events = {e.audio_file: e for e in store.load(session.code).events if e.type == "transcript"}
    second, last = events["audio/rec-0002.wav"], events["audio/rec-0004.flac"]
    assert 15.7 <= second.segments[0].start < 17.0 and last.segments[-1].end <= 34.3 + 11.0
    assert "ask not what your country" in " ".join(s.text for s in last.segments).lower()


def test_a_failing_group_is_retried_job_by_job_and_nothing_is_saved_twice(tmp_path, audio_dir, engines):
    from interviewer.errors import TranscriptionError
    from interviewer.transcribe.session_jobs import transcribe_session

    store = SessionStore(tmp_path / "sessions")
    session = store.create(load_guide(GUIDE), GUIDE, Mode.CONDUCT)
    for number, (clip, start) in enumerate([("answer-short.wav", 0.0), ("jfk.flac", 1.9)], 1):
        rel = f"audio/rec-{number:04d}{Path(clip).suffix}"
        shutil.copy(audio_dir / clip, session.folder / rel)
        session.append(RecordingSegmentEvent(elapsed=start + 11, audio_file=rel, start=start, duration=11.0,
                                             sample_rate=16000, channels=1))
    session.close()

    class OnlyOne:
        model_name, runs = "fake", []

        def transcribe_many(self, audios, **kwargs):
            self.runs.append(len(audios))
            if len(audios) > 1:
                raise TranscriptionError("out of memory (pretend)")
            return engines["faster-whisper"].transcribe_many(audios, **kwargs)

    seen = []
    outcome = transcribe_session(store, session.code, OnlyOne(), on_job=lambda job, n, total: seen.append(n))
    assert OnlyOne.runs == [2, 1, 1] and outcome.failed == [] and seen == [1, 2]
    events = [e.audio_file for e in store.load(session.code).events if e.type == "transcript"]
    assert sorted(events) == ["audio/rec-0001.wav", "audio/rec-0002.flac"]


def test_an_english_only_model_refuses_a_german_session_once(tmp_path, audio_dir, capsys):
    guide = load_guide(GUIDE)
    german = guide.model_copy(update={"study": guide.study.model_copy(update={"language": "de"})})
    store = SessionStore(tmp_path / "sessions")
    session = store.create(german, GUIDE, Mode.CONDUCT)
    shutil.copy(audio_dir / "jfk.flac", session.folder / "audio/rec-0001.flac")
    session.append(RecordingSegmentEvent(elapsed=12.0, audio_file="audio/rec-0001.flac", start=0.0,
                                         duration=11.0, sample_rate=44100, channels=2))
    session.close()
    assert main(["transcribe", session.code, "--sessions-dir", str(store.root)]) == 4
    err = capsys.readouterr().err
    assert "English-only but the guide's language is 'de'" in err and "Traceback" not in err
    assert err.count("English-only") == 1
    assert not [e for e in store.load(session.code).events if e.type == "transcript"]


def test_a_take_left_open_by_a_closed_window_is_still_to_transcribe(tmp_path, audio_dir):
    from interviewer.events import TakeStarted
    from interviewer.transcribe.session_jobs import pending_jobs

    store = SessionStore(tmp_path / "sessions")
    guide = load_guide(GUIDE)
    session = store.create(guide, GUIDE, Mode.SELF)
    (_, q1), = guide.questions()[:1]
    session.append(PromptEvent(elapsed=5.0, prompt_id=1, kind="question", theme_id=guide.themes[0].id,
                               question_id=q1.id, text=q1.text, reason="next main question"))
    for take in (1, 2):  # the first replaced by the second: both are kept, both transcribed
        rel = f"audio/answer-{take:04d}.wav"
        shutil.copy(audio_dir / "answer-short.wav", session.folder / rel)
        session.append(TakeStarted(elapsed=6.0 + 4 * take, prompt_id=1, take=take, kind="spoken",
                                   audio_file=rel, audio_start=6.0 + 4 * take, replaces=[1] if take == 2 else []))
    session.release()  # killed mid-answer: no answer, no end of take, no session_ended
    jobs, already = pending_jobs(store.load(session.code))
    assert [(j.audio_file, j.offset, j.prompt_id) for j in jobs] == [
        ("audio/answer-0001.wav", 10.0, 1), ("audio/answer-0002.wav", 14.0, 1)]
    assert already == 0

"""Edges of the session commands that used to go wrong: what purge deletes, exports of sessions
held by transcribe, durations after transcription, stale redacted copies, terminal output."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.errors import SessionError
from interviewer.events import AnswerEvent, Mode, PromptEvent, Segment, TranscriptEvent
from interviewer.session.exporting import export_one
from interviewer.session.redact import redact_session
from interviewer.session.retention import purge

ROOT = Path(__file__).resolve().parents[2]
COMMUTING = ROOT / "topic_guides" / "commuting.toml"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _damage(folder: Path) -> None:
    journal = folder / "journal.jsonl"
    lines = journal.read_text().splitlines()
    lines.insert(1, "{not json")
    journal.write_text("\n".join(lines) + "\n")


def test_purge_asks_about_every_session_it_deletes_and_deletes_only_those(
        capsys, monkeypatch, store, filled, guide, guide_path, clock):
    damaged = store.create(guide, guide_path, Mode.SELF, clock=clock)
    damaged.close("completed")
    _damage(damaged.folder)
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda question: asked.append(question) or "n")
    code, _, err = run(capsys, "sessions", "purge", "--before", "2025-01-01", "--sessions-dir", str(store.root))
    assert code == 2 and "nothing was deleted" in err
    assert "2 session(s)" in asked[0] and damaged.code in asked[0] and "unreadable" in asked[0]
    report = purge(store, date(2025, 1, 1), only={filled.code})  # what the user saw and confirmed
    assert report.sessions == [filled.code]
    assert damaged.folder.exists()


def test_export_all_skips_a_session_that_transcribe_holds(capsys, store, filled):
    held = store.open(filled.code)  # what `transcribe CODE` does while it works
    try:
        code, out, err = run(capsys, "sessions", "export", "--all", "--format", "md",
                             "--sessions-dir", str(store.root))
    finally:
        held.close()
    assert code == 0 and f"skipped {filled.code}: still open" in err
    assert filled.code not in out


def test_transcribing_later_does_not_lengthen_the_interview(store, filled):
    before = store.load(filled.code).view.meta.duration
    session = store.open(filled.code)
    session.append(TranscriptEvent(elapsed=session.elapsed() + 400, audio_file="audio/late.wav",
                                   engine="faster-whisper", model="tiny.en",
                                   segments=[Segment(start=0, end=1, text=" late")]))
    session.close()
    assert store.load(filled.code).view.meta.duration == before


def test_a_redacted_copy_older_than_the_deny_list_is_refused(store, filled):
    deny = store.root / "deny.toml"
    deny.write_text('[chatbot-wellbeing]\nSarah = "[SISTER]"\n')
    redact_session(store, filled.code)
    assert export_one(store, filled.code, ["md"], redacted=True)
    deny.write_text('[chatbot-wellbeing]\nSarah = "[SISTER]"\nOkafor = "[THERAPIST]"\n')
    with pytest.raises(SessionError, match="deny.toml changed"):
        export_one(store, filled.code, ["md"], redacted=True)
    redact_session(store, filled.code)
    assert export_one(store, filled.code, ["md"], redacted=True)


def test_sessions_show_escapes_terminal_control_characters(capsys, store, guide, guide_path, clock):
    session = store.create(guide, guide_path, Mode.SELF, clock=clock)
    session.append(PromptEvent(elapsed=5, prompt_id=1, kind="question", theme_id="first-use",
                               question_id="first-time", text="Tell me \x1b[2J about it", reason="first"))
    session.append(AnswerEvent(elapsed=9, prompt_id=1, text="fine \x1b]0;owned\x07 really \x9b31m"))
    session.close("completed")
    code, out, _ = run(capsys, "sessions", "show", session.code, "--sessions-dir", str(store.root))
    assert code == 0
    assert not any(ch in out for ch in "\x1b\x07\x9b")
    assert "\\x1b]0;owned\\x07" in out and "\\x1b[2J" in out


def test_sessions_list_piped_keeps_every_value_whole(capsys, store, guide, guide_path, clock):
    long_id = "genai-mental-health-pilot-with-a-long-name"
    other = guide.model_copy(update={"study": guide.study.model_copy(update={"id": long_id})})
    for g in (guide, other):
        store.create(g, guide_path, Mode.SELF, clock=clock).close("completed")
    code, out, _ = run(capsys, "sessions", "list", "--sessions-dir", str(store.root))
    assert code == 0 and f"{long_id} v1.2" in out and "…" not in out


def test_guide_export_refuses_to_overwrite_its_own_source(capsys, tmp_path, guide_path):
    guide = tmp_path / "g.toml"
    shutil.copy(guide_path, guide)
    before = guide.read_bytes()
    code, _, err = run(capsys, "guide", "export", str(guide), "--out", str(guide))
    assert code == 2 and "is the guide itself" in err and len(err.splitlines()) == 1
    assert guide.read_bytes() == before


def test_threads_out_of_range_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "transcribe", "P-22222", "--threads", "100000", "--sessions-dir", str(tmp_path))
    assert code == 2 and err.startswith("interviewer: --threads 100000: expected 1 to ") and len(err.splitlines()) == 1


def test_an_unknown_code_that_is_no_file_says_so(capsys, tmp_path):
    code, _, err = run(capsys, "transcribe", "P-NOPE1", "--sessions-dir", str(tmp_path))
    assert code == 2 and err == f"interviewer: no session with code P-NOPE1 in {tmp_path} (and no such file)\n"


def test_a_failed_rehearsal_leaves_no_half_made_session(capsys, monkeypatch, tmp_path):
    import interviewer.engine.rehearsal as rehearsal

    real = rehearsal.run_rehearsal

    def failing(guide, answers, *, on_event, **kwargs):
        seen = []

        def event(ev):
            on_event(ev)
            seen.append(ev)
            if len(seen) == 3:
                raise RuntimeError("engine broke")

        return real(guide, answers, on_event=event, **kwargs)

    monkeypatch.setattr(rehearsal, "run_rehearsal", failing)
    answers = tmp_path / "a.txt"
    answers.write_text("It was fine, really quite fine overall.\n")
    sessions = tmp_path / "sessions"
    with pytest.raises(RuntimeError):
        main(["rehearse", str(COMMUTING), "--answers", str(answers), "--sessions-dir", str(sessions)])
    assert [p.name for p in sessions.iterdir()] == []


def test_a_pace_beyond_an_hour_is_refused(capsys, tmp_path):
    answers = tmp_path / "a.txt"
    answers.write_text("fine\n")
    code, out, err = run(capsys, "rehearse", str(COMMUTING), "--answers", str(answers), "--pace", "1e308",
                         "--sessions-dir", str(tmp_path / "s"))
    assert code == 2 and out == "" and "--pace" in err and not (tmp_path / "s").exists()


def test_interactive_rehearsal_prints_each_answer_once_and_counts_in_words(capsys, monkeypatch, tmp_path):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("zebra-crossing answer\n:stop\n"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)  # the terminal echoes what is typed
    code, out, _ = run(capsys, "rehearse", str(COMMUTING), "--interactive", "--no-save")
    assert code == 0
    assert out.count("zebra-crossing answer") == 0  # the terminal's echo is the one copy
    assert "1 question and 1 probe " in out


def test_every_file_an_export_writes_is_known_before_it_is_written(store, filled, tmp_path):
    from interviewer.export.api import export_session, export_study, planned_files
    from interviewer.export.formats import FORMATS, STUDY_ONLY

    record = store.load(filled.code)
    formats = [f for f in FORMATS if f not in STUDY_ONLY and f != "flac"]
    written = export_session(record.view, formats, tmp_path / "one", guide=record.guide)
    assert sorted(written) == sorted(planned_files(formats, tmp_path / "one", [filled.code]))
    study = [f for f in FORMATS if f != "flac"]
    written = export_study([record.view], study, tmp_path / "all", guide=record.guide)
    assert sorted(written) == sorted(planned_files(study, tmp_path / "all", [filled.code], "chatbot-wellbeing"))


def test_transcription_progress_goes_to_a_log_as_lines(capsys):
    import io

    from rich.console import Console

    from interviewer.cli.progress import log_progress

    line = log_progress(Console(file=io.StringIO()), "interview.wav", 150.0)  # not a terminal
    for done in (10.0, 59.0, 61.0, 90.0, 125.0, 150.0):
        line(done)
    assert capsys.readouterr().err.splitlines() == [
        "transcribing interview.wav (2:30 of audio)",
        "interview.wav: 1:01 of 2:30 transcribed",
        "interview.wav: 2:05 of 2:30 transcribed",
    ]

"""A real interview through the engine into the store, answered with the shared answer texts."""

from __future__ import annotations

import re
import zipfile

import pytest

from interviewer.events import DistressEvent, Mode, SessionEnded
from interviewer.session.exporting import export_one
from interviewer.session.redact import redact_session

engine = pytest.importorskip("interviewer.engine.rehearsal", reason="the interview engine is not built yet")


def _answers(audio_dir):
    return [(audio_dir / f"answer-{name}.txt").read_text().strip()
            for name in ("first-use", "relationships", "guardrail", "distress")]


def _text_of(path):
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return path.read_text(encoding="utf-8", errors="replace")


def test_rehearsal_into_the_store_then_show_export_and_redact(store, guide, guide_path, audio_dir, capsys):
    answers = _answers(audio_dir)
    session = store.create(guide, guide_path, Mode.PILOT)
    run = engine.run_rehearsal(guide, answers + [":continue"], on_event=session.append)
    session.close("completed")  # the engine already ended it: no second session_ended

    record = store.load(session.code)
    assert sum(isinstance(e, SessionEnded) for e in record.events) == 1
    assert [e.seq for e in record.events] == list(range(1, len(record.events) + 1))
    view = record.view
    assert view.meta.mode == Mode.PILOT and view.meta.status == record.events[-1].reason
    answered = [t for t in view.turns if t.text]
    assert [t.text for t in answered] == answers
    assert [t.question_id for t in answered] == ["first-time", "people", "guardrails", "hard-times"]
    assert [t.theme_title for t in answered] == ["First use", "Relationships", "Limits", "Limits"]
    assert any(isinstance(e, DistressEvent) for e in record.events) and view.distress
    assert view.meta.duration == pytest.approx(run.elapsed) and view.meta.duration > 0

    from interviewer.cli import main

    assert main(["sessions", "show", session.code, "--sessions-dir", str(store.root)]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "distress flag (phrase) during hard-times" in shown and "I called her" in shown

    (store.root / "deny.toml").write_text('[chatbot-wellbeing]\ntherapist = "[ROLE]"\nsister = "[RELATIVE]"\n')
    redact_session(store, session.code)
    files = export_one(store, session.code, ["md", "docx", "csv", "xlsx", "srt", "vtt", "maxqda", "nvivo", "qdpx"],
                       redacted=True)
    assert len(files) == 9
    for path in files:
        assert not re.search(r"\b(therapist|sister)\b", _text_of(path), re.I), path.name

"""A session built through the real engine and session store, then exported in every format."""

from __future__ import annotations

import itertools
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
import srt
from lxml import etree

from interviewer.engine import End, Interview, Prompt, SupportStep
from interviewer.events import CorrectionEvent, Mode, RatingEvent
from interviewer.export import FORMATS, STUDY_ONLY, export_session, export_study
from interviewer.guide import load_guide
from interviewer.session import SessionStore

GUIDE = Path(__file__).resolve().parents[2] / "topic_guides" / "genai-mental-health.toml"
NS = {"q": "urn:QDA-XML:project:1.0"}


def run_pilot(store: SessionStore, answers: list[str]):
    """Run the study guide as a pilot with these answers (in turn), journalling every event."""
    guide = load_guide(GUIDE)
    session = store.create(guide, GUIDE, Mode.PILOT, pseudonym="Sam")
    now = [0.0]
    interview = Interview(guide, Mode.PILOT, clock=lambda: now[0])
    step = interview.start()
    texts = itertools.cycle(answers)
    while not isinstance(step, End):
        now[0] += 7.5
        if isinstance(step, SupportStep):
            step = interview.support("continue")
        else:
            assert isinstance(step, Prompt)
            if step.prompt_id == 2:
                interview.note("pauses before answering")
            step = interview.answer(next(texts))
            session.extend(interview.drain_events())
            if isinstance(step, Prompt) and step.prompt_id == 3:
                session.append(
                    RatingEvent(
                        elapsed=now[0],
                        question_id=step.question_id,
                        clarity=4,
                        relevance=5,
                        comment="clear, but long",
                    )
                )
        session.extend(interview.drain_events())
    session.append(
        CorrectionEvent(elapsed=now[0] + 1, prompt_id=1, text=answers[0] + " (corrected)", by="participant")
    )
    session.close()
    return store.load(session.code)


def test_engine_session_exports_everything(audio_dir, shared_dir, tmp_path):
    if not GUIDE.is_file():
        pytest.skip("the study guide is not in this checkout")
    answers = [
        (audio_dir / f"answer-{n}.txt").read_text().strip()
        for n in ("first-use", "relationships", "guardrail", "short", "distress")
    ]
    record = run_pilot(SessionStore(tmp_path / "sessions"), answers)
    view, guide = record.view, record.guide
    assert view.turns and view.distress and view.notes and view.turns[0].corrections
    formats = [f for f in FORMATS if f not in STUDY_ONLY and f != "flac"]
    paths = dict(
        zip(formats, export_session(view, formats, tmp_path / "out", guide=guide, audio_dir=record.folder))
    )
    md = paths["md"].read_text(encoding="utf-8")
    for theme in {t.theme_title for t in view.turns}:
        assert f"## {theme}" in md
    assert "support step offered" in md and "(corrected)" in md
    assert docx.Document(str(paths["docx"])).paragraphs
    assert openpyxl.load_workbook(paths["xlsx"]).active.max_row > len(view.turns)
    starts = [s.start for s in srt.parse(paths["srt"].read_text(encoding="utf-8"))]
    assert starts == sorted(starts) and len(starts) >= 2 * len(view.turns) - 1
    schema = etree.XMLSchema(etree.parse(str(shared_dir / "schemas" / "refi-qda-project-1.0.xsd")))
    with zipfile.ZipFile(paths["qdpx"]) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        assert schema.validate(root), schema.error_log
        source = root.find(".//q:TextSource", NS)
        text = archive.read("sources/" + source.get("plainTextPath")[len("internal://") :]).decode("utf-8")
    answered = [t for t in view.turns if t.text.strip()]
    selections = source.findall("q:PlainTextSelection", NS)
    assert [text[int(s.get("startPosition")) : int(s.get("endPosition"))] for s in selections] == [
        t.text.strip() for t in answered
    ]
    asked = {t.question_id for t in view.turns if t.kind == "question"}
    matrix = export_study([view], ["matrix", "pilot"], tmp_path / "study", guide=guide)
    report = matrix[-1].read_text(encoding="utf-8")
    assert "| `" in report and "clear, but long" in report
    ws = openpyxl.load_workbook(matrix[0]).active
    filled = {
        ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=4).value
    }
    assert filled >= asked - {s.question_id for s in view.skips}

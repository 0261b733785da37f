"""A passage whose speaker a researcher fixed is exported under that speaker: md, srt, the sheet and qdpx."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime, timezone

from lxml import etree

from interviewer.events import (
    AnswerEvent,
    Mode,
    PromptEvent,
    Segment,
    SegmentSpeakerEvent,
    SessionStarted,
    TranscriptEvent,
)
from interviewer.export import export_session
from interviewer.session.derive import build_view

AT = datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)
NS = {"q": "urn:QDA-XML:project:1.0"}
NUDGE = "Right, go on."


def utterance(n: int, start: float, text: str) -> TranscriptEvent:
    # Every passage tagged the participant's: the marks got the question and the nudge wrong.
    return TranscriptEvent(elapsed=start + 2, prompt_id=1, audio_file="audio/live", utterance=n,
                           engine="faster-whisper", model="tiny.en",
                           segments=[Segment(start=start, end=start + 1.5, text=text, speaker="participant")])


def fixed_view(study_guide):
    theme = study_guide.themes[0]
    question = theme.questions[0]
    events = [
        SessionStarted(elapsed=0.0, at=AT, guide_id=study_guide.study.id, guide_version="1.0", guide_hash="h",
                       mode=Mode.CONDUCT, participant_code="P-SPKR"),
        PromptEvent(elapsed=1.0, prompt_id=1, kind="question", theme_id=theme.id, question_id=question.id,
                    text=question.text, reason="first question"),
        utterance(1, 4.0, "It was late at night."),
        utterance(2, 7.0, NUDGE),
        utterance(3, 10.0, "I could not sleep."),
        AnswerEvent(elapsed=13.0, prompt_id=1, text="", source="spoken"),
        SegmentSpeakerEvent(elapsed=20.0, start=7.0, end=8.5, speaker="interviewer"),
    ]
    return build_view(events, study_guide)


def test_markdown_subtitles_and_sheet_name_the_fixed_speaker(study_guide, tmp_path):
    view = fixed_view(study_guide)
    md, srt, sheet = export_session(view, ["md", "srt", "csv"], tmp_path, guide=study_guide)
    lines = md.read_text().splitlines()
    heads = [(i, line) for i, line in enumerate(lines) if line.startswith("**")]
    speakers = [line.split("**")[1] for _, line in heads]
    assert speakers == ["Interviewer", "Participant", "Interviewer", "Participant"]
    nudge_head = heads[2][0]
    assert "[00:00:07]" in lines[nudge_head] and NUDGE in "\n".join(lines[nudge_head:heads[3][0]])
    assert "Interviewer: Right, go on." in srt.read_text()
    assert "Participant: Right, go on." not in srt.read_text()
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    said = [(r["speaker"], r["text"]) for r in rows if r["prompt_kind"] == "question"][1:]
    assert said == [("Participant", "It was late at night."), ("Interviewer", NUDGE),
                    ("Participant", "I could not sleep.")]


def test_qdpx_writes_one_line_per_speaker_run_and_codes_only_the_participant(study_guide, schemas, tmp_path):
    view = fixed_view(study_guide)
    (path,) = export_session(view, ["qdpx"], tmp_path, guide=study_guide)
    archive = zipfile.ZipFile(path)
    root = etree.fromstring(archive.read("project.qde"))
    assert schemas["project"].validate(root), schemas["project"].error_log
    source = root.find(".//q:TextSource", NS)
    text = archive.read("sources/" + source.get("plainTextPath").removeprefix("internal://")).decode("utf-8")
    assert "[00:00:04] Participant: It was late at night.\n" in text
    assert f"[00:00:07] Interviewer: {NUDGE}\n" in text
    assert "[00:00:10] Participant: I could not sleep.\n" in text
    selections = source.findall("q:PlainTextSelection", NS)
    coded = [text[int(s.get("startPosition")):int(s.get("endPosition"))] for s in selections]
    assert coded == ["It was late at night.", "I could not sleep."]  # the interviewer's words are not coded
    assert [s.get("name") for s in selections] == ["first-use answer 1", "first-use answer 1-2"]
    assert len({s.get("guid") for s in selections}) == 2
    assert view.turns[0].text == "It was late at night. I could not sleep."

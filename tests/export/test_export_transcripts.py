"""Markdown and Word transcripts: header, themes, speakers, times, numbered lines, corrections."""

from __future__ import annotations

import re

import docx

from interviewer.export import export_session

NUMBERED = re.compile(r"^`\s*(\d+)` (.*?)(\[\^\d+\])?\s*$")
SPEAKER = re.compile(r"^\*\*(.+?)\*\* · \[(\d\d):(\d\d):(\d\d)\]")


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def md_lines(text: str) -> list[tuple[int, str]]:
    return [(int(m[1]), unescape(m[2])) for m in map(NUMBERED.match, text.splitlines()) if m]


def md_times(text: str) -> list[int]:
    return [
        int(h) * 3600 + int(m) * 60 + int(s)
        for _, h, m, s in (x.groups() for x in map(SPEAKER.match, text.splitlines()) if x)
    ]


def joined(lines: list[tuple[int, str]]) -> str:
    return " ".join(text for _, text in lines)


def test_markdown_transcript_of_realistic_session(realistic, study_guide, tmp_path):
    view, session_dir = realistic
    (path,) = export_session(view, ["md"], tmp_path, guide=study_guide, audio_dir=session_dir)
    text = path.read_text(encoding="utf-8")
    assert path.name == "P-7K3Q.md"
    for field in (
        "| Study | Experiences of using generative-AI chatbots",
        "| Participant code | P-7K3Q |",
        "| Pseudonym | Sam |",
        "| Mode | researcher-led |",
        "| Date | 2025-03-01 14:00 |",
        f"| Duration | {int(view.meta.duration) // 60}:",
    ):
        assert field in text
    for theme in ("Getting started", "Talking about other people", "When it did not help", "Closing"):
        assert f"\n## {theme}\n" in text
    lines = md_lines(text)
    assert [n for n, _ in lines] == list(range(1, len(lines) + 1))
    body = joined(lines)
    for turn in view.turns:  # every prompt and every answer, word for word
        assert " ".join(turn.prompt_text.split()) in body
        assert " ".join(turn.text.split()) in body
    times = md_times(text)
    assert times == sorted(times) and len(times) == 2 * len(view.turns)
    assert "**Sam** · [" in text and "**Interviewer** · [" in text


def test_markdown_keeps_corrections_notes_and_support_steps(realistic, tmp_path):
    view, session_dir = realistic
    (path,) = export_session(view, ["md"], tmp_path, audio_dir=session_dir)
    text = path.read_text(encoding="utf-8")
    body = joined(md_lines(text))
    assert "chat bot" not in body and "I first tried a chatbot" in body  # the corrected text is used
    assert re.search(r"\[\^1\]: Corrected by the researcher; original: “I first tried a chat bot", text)
    assert re.search(r"^_\[\d\d:\d\d:\d\d\] \\\[support step offered\\\]_$", text, re.M)
    note = text.index("Researcher note: Sam became animated here")
    assert (
        text.index("question guardrails")
        < note
        < text.index("Marker: bookmark")
        < text.index("question hard-times")
    )
    assert "probe feeling skipped by engine" in text
    # The support step names no words of the answer that triggered it.
    flag_line = next(line for line in text.splitlines() if "support step" in line)
    assert "hopeless" not in flag_line


def test_markdown_round_trips_non_ascii_and_markdown_characters(typed_view, tmp_path):
    (path,) = export_session(typed_view, ["md"], tmp_path)
    body = joined(md_lines(path.read_text(encoding="utf-8")))
    for turn in typed_view.turns:
        assert " ".join(turn.text.split()) in body
    assert "😊" in body and "中文也可以" in body and "日本語も大丈夫です" in body and "étrange" in body


def test_word_transcript_matches_markdown_lines(realistic, study_guide, tmp_path):
    view, session_dir = realistic
    md, word = export_session(view, ["md", "docx"], tmp_path, guide=study_guide, audio_dir=session_dir)
    document = docx.Document(str(word))
    numbered = []
    for para in document.paragraphs:
        match = re.match(r"^(\d+)\t(.*)$", para.text)
        if match:
            numbered.append((int(match[1]), match[2]))
    assert numbered == md_lines(md.read_text(encoding="utf-8"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Getting started", "Talking about other people", "When it did not help", "Closing"]
    header = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert header["Participant code"] == "P-7K3Q" and header["Pseudonym"] == "Sam"
    assert header["Mode"] == "researcher-led" and header["Date"].startswith("2025-03-01")
    comments = list(document.comments)
    assert len(comments) == 1 and "Original: I first tried a chat bot" in comments[0].text
    texts = [p.text for p in document.paragraphs]
    assert any(t.endswith("[support step offered]") for t in texts)
    assert any("Researcher note: Sam became animated here" in t for t in texts)
    speakers = [
        p
        for p in document.paragraphs
        if p.runs and p.runs[0].bold and p.runs[0].text in ("Sam", "Interviewer")
    ]
    assert len(speakers) == 2 * len(view.turns)


def test_word_transcript_round_trips_non_ascii(typed_view, tmp_path):
    (path,) = export_session(typed_view, ["docx"], tmp_path)
    document = docx.Document(str(path))
    lines = [p.text.split("\t", 1)[1] for p in document.paragraphs if re.match(r"^\d+\t", p.text)]
    body = " ".join(lines)
    for turn in typed_view.turns:
        assert " ".join(turn.text.split()) in body


def test_a_replaced_take_is_exported_as_such_and_typed_and_spoken_takes_as_one_answer(tmp_path):
    from datetime import datetime, timezone

    from interviewer.events import (
        AnswerEvent, Mode, PromptEvent, Segment, SessionStarted, TakeEnded, TakeStarted, TranscriptEvent,
    )
    from interviewer.export.timeline import Clock, build_cues
    from interviewer.session import build_view

    def transcript(name, start, text):
        return TranscriptEvent(elapsed=start + 3, prompt_id=1, audio_file=name, engine="e", model="m",
                               segments=[Segment(start=start + 0.2, end=start + 1.8, text=text)])

    events = [
        SessionStarted(elapsed=0, guide_id="g", guide_version="1", guide_hash="sha256:h", mode=Mode.SELF,
                       participant_code="P-ABCDE"),
        PromptEvent(elapsed=1, prompt_id=1, kind="question", theme_id="t", question_id="q", text="How?", reason="next"),
        TakeStarted(elapsed=2, prompt_id=1, take=1, kind="spoken", audio_file="audio/answer-0001.wav", audio_start=2.0),
        TakeEnded(elapsed=4, prompt_id=1, take=1, audio_end=4.0, duration=2.0),
        transcript("audio/answer-0001.wav", 2.0, "badly said words"),
        TakeStarted(elapsed=6, prompt_id=1, take=2, kind="typed", text="Typed first,", replaces=[1]),
        TakeStarted(elapsed=7, prompt_id=1, take=3, kind="spoken", audio_file="audio/answer-0002.wav", audio_start=7.0),
        TakeEnded(elapsed=9, prompt_id=1, take=3, audio_end=9.0, duration=2.0),
        transcript("audio/answer-0002.wav", 7.0, "then spoken"),
        AnswerEvent(elapsed=10, prompt_id=1, text="Typed first, then spoken", source="spoken",
                    audio_file="audio/answer-0002.wav", audio_start=7.0, audio_end=9.0, started=6.0),
    ]
    at = datetime(2024, 3, 5, 10, 0, tzinfo=timezone.utc)
    view = build_view([e.model_copy(update={"seq": i, "at": at}) for i, e in enumerate(events, 1)])
    text = export_session(view, ["md"], tmp_path)[0].read_text(encoding="utf-8")
    assert "replaced recording, take 1, not used: badly said words" in unescape(text)
    assert "Typed first, then spoken" in unescape(text)
    answer = [c for c in build_cues(view, Clock(view)) if c.role == "answer"]
    assert [(c.text, round(c.start, 1)) for c in answer] == [("Typed first, then spoken", 7.2)]


def test_renamed_speakers_label_every_export(realistic, tmp_path):
    view, session_dir = realistic
    renamed = view.model_copy(update={"speaker_labels": {"interviewer": "Dr K", "participant": "Respondent 4"}})
    paths = export_session(renamed, ["md", "srt", "csv", "qdpx"], tmp_path, audio_dir=session_dir)
    by_suffix = {p.suffix: p for p in paths}
    md = by_suffix[".md"].read_text(encoding="utf-8")
    srt = by_suffix[".srt"].read_text(encoding="utf-8")
    csv = by_suffix[".csv"].read_text(encoding="utf-8-sig")
    import zipfile

    with zipfile.ZipFile(by_suffix[".qdpx"]) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".txt"))
    for out in (md, srt, csv, text):
        assert "Dr K" in out and "Respondent 4" in out
        # as a speaker the default label is gone (the header's "Interviewer" field names a person)
        assert not any(f in out for f in ("**Interviewer**", "Interviewer:", ",Interviewer,", "] Interviewer ("))

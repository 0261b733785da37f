"""Live utterance transcripts in the session: they add up per prompt, and exports name the speakers."""

from __future__ import annotations

from datetime import datetime, timezone

from interviewer.events import AnswerEvent, Mode, NoteEvent, PromptEvent, Segment, SessionStarted, TranscriptEvent
from interviewer.session.derive import build_view

AT = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)


def utterance(n: int, start: float, text: str, speaker: str | None, prompt_id: int | None = 1) -> TranscriptEvent:
    return TranscriptEvent(elapsed=start + 2, prompt_id=prompt_id, audio_file="audio/live", utterance=n,
                           engine="faster-whisper", model="tiny.en",
                           segments=[Segment(start=start, end=start + 1.5, text=text, speaker=speaker)])


def events() -> list:
    return [
        SessionStarted(elapsed=0.0, at=AT, guide_id="g", guide_version="1", guide_hash="h", mode=Mode.CONDUCT,
                       participant_code="P-TEST"),
        PromptEvent(elapsed=1.0, prompt_id=1, kind="question", theme_id="t", question_id="q", text="How are you?",
                    reason="first question"),
        NoteEvent(elapsed=1.5, type="marker", label="question_asked", text="How are you?", question_id="q"),
        NoteEvent(elapsed=1.6, type="marker", label="interviewer's choice", text="probe 'x' chosen; prompt 3 set aside"),
        utterance(1, 1.0, "How are you?", "interviewer"),
        utterance(2, 4.0, "I am well.", "participant"),
        utterance(3, 7.0, "Mostly.", "participant"),
        utterance(3, 7.0, "Mostly, yes.", "participant"),  # journalled again: replaces the earlier
        AnswerEvent(elapsed=10.0, prompt_id=1, text="I am well. Mostly, yes.", source="spoken"),
    ]


def test_utterances_add_up_to_the_answer_and_keep_their_speakers():
    turn = build_view(events()).turns[0]
    assert [s.text for s in turn.segments] == ["How are you?", "I am well.", "Mostly, yes."]
    assert [s.speaker for s in turn.segments] == ["interviewer", "participant", "participant"]
    assert turn.text == "I am well. Mostly, yes." and turn.transcribed


def test_exports_and_the_terminal_transcript_label_who_spoke(tmp_path):
    from rich.console import Console

    from interviewer.export.api import export_session
    from interviewer.session.render import transcript

    view = build_view(events())
    (md,) = export_session(view, ["md"], tmp_path)
    text = md.read_text()
    assert "**Interviewer** · [00:00:01]" in text and "**Participant** · [00:00:04]" in text
    assert "I am well. Mostly, yes." in text
    assert "Marker: question asked: How are you?" in text
    assert "probe 'x' asked instead of the next prompt" in text and "set aside" not in text
    console = Console(width=120, record=True)
    console.print(transcript(view))
    shown = console.export_text()
    assert "noted by researcher" not in shown and "question_asked" not in shown
    assert "Participant: I am well. Mostly, yes." in shown

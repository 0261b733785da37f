"""The speech before the first prompt (prompt id 0): corrected and checked like a turn, its words timed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from interviewer.editing import TranscriptEditor, layout
from interviewer.events import (
    PREAMBLE_ID, CorrectionEvent, Mode, PromptEvent, RecordingSegmentEvent, Segment, SessionStarted,
    TranscriptEvent, TurnCheckedEvent, Word, dump_event, parse_event,
)
from interviewer.export.timeline import Clock, build_cues
from interviewer.session.derive import build_view
from interviewer.session.retiming import preamble_segments, preamble_words

AT = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


def _words(text: str, start: float, step: float = 0.5) -> list[Word]:
    return [Word(word=f" {w}", start=start + i * step, end=start + i * step + 0.4, probability=0.9)
            for i, w in enumerate(text.split())]


def _segment(text: str, start: float, speaker: str | None = None) -> Segment:
    words = _words(text, start)
    return Segment(start=words[0].start, end=words[-1].end, text=" " + text, words=words, speaker=speaker)


class Journal:
    """An in-memory journal, folded as the store folds it."""

    def __init__(self, events):
        self.events = list(events)

    @property
    def view(self):
        return build_view(self.events)

    def append(self, event):
        stored = parse_event(dump_event(event.model_copy(update={"seq": len(self.events) + 1, "at": AT})))
        self.events.append(stored)
        return stored


def _conduct() -> Journal:
    """A conduct session: two segments said before the first prompt (at 10 s), one answer after it."""
    events = [
        SessionStarted(elapsed=0, guide_id="g", guide_version="1", guide_hash="h", mode=Mode.CONDUCT,
                       participant_code="P-ABCDE", at=AT),
        PromptEvent(elapsed=10, prompt_id=1, kind="question", theme_id="t", question_id="q1",
                    text="How do your mornings start?", reason="next"),
        RecordingSegmentEvent(elapsed=30, audio_file="audio/rec-0001.wav", start=0, duration=30,
                              sample_rate=16000, channels=1),
        TranscriptEvent(elapsed=31, audio_file="audio/rec-0001.wav", engine="e", model="m", segments=[
            _segment("thanks for coming Robin", 1.0, "interviewer"),  # 1.0 .. 2.9
            _segment("happy to help with this", 5.0, "participant"),  # 5.0 .. 6.9
            _segment("I get up at seven", 12.0, "participant"),
        ]),
    ]
    return Journal([e.model_copy(update={"seq": i, "at": AT}) for i, e in enumerate(events, 1)])


def test_a_preamble_correction_keeps_the_kept_words_times_and_gives_edits_the_replaced_times():
    journal = _conduct()
    editor = TranscriptEditor(journal)
    assert editor.turns[0].prompt_id == PREAMBLE_ID and editor.turns[0].text == (
        "thanks for coming Robin happy to help with this")
    assert editor.edit(PREAMBLE_ID, "thanks for coming [name] happy to help with all this")
    assert [e for e in journal.events if e.type == "correction"][-1].prompt_id == 0
    view = journal.view
    assert view.turns[0].corrections == [] and view.preamble_text.endswith("help with all this")
    timed = [(w.text, w.start, w.end, w.kept) for w in preamble_words(view)]
    assert timed[:3] == [("thanks", 1.0, 1.4, True), ("for", 1.5, 1.9, True), ("coming", 2.0, 2.4, True)]
    assert timed[3] == ("[name]", 2.5, 2.9, False)  # took the time of 'Robin', the word it replaced
    assert timed[4:8] == [("happy", 5.0, 5.4, True), ("to", 5.5, 5.9, True), ("help", 6.0, 6.4, True),
                          ("with", 6.5, 6.9, True)]
    assert timed[8] == ("all", 6.9, 7.0, False)  # put in: the pause between its neighbours
    assert timed[9] == ("this", 7.0, 7.4, True)
    segments = preamble_segments(view)
    assert [(s.text, s.start, s.end, s.speaker) for s in segments] == [
        ("thanks for coming [name]", 1.0, 2.9, "interviewer"),
        ("happy to help with all this", 5.0, 7.4, "participant")]
    cues = [(c.text, c.start, c.role) for c in build_cues(view, Clock(view)) if c.role == "preamble"]
    assert cues == [("thanks for coming [name]", 1.0, "preamble"), ("happy to help with all this", 5.0, "preamble")]


def test_the_preamble_is_checked_and_undone_like_a_turn_and_laid_out_without_a_prompt():
    journal = _conduct()
    editor = TranscriptEditor(journal)
    assert editor.set_checked(PREAMBLE_ID)
    assert journal.view.preamble_checked and editor.turns[0].checked and not editor.turns[1].checked
    editor.edit(PREAMBLE_ID, "hello")
    editor.undo()
    assert journal.view.preamble_text == "thanks for coming Robin happy to help with this"
    assert [e.prompt_id for e in journal.events if e.type in ("correction", "turn_checked")] == [0, 0, 0]
    doc = layout(editor.turns)
    lines = doc.text.split("\n")
    assert lines[0].startswith("── 0:00:01 · Before the first question · preamble ✓ checked")
    assert lines[1].startswith("Recording: thanks for coming Robin")  # no prompt row: it answers none
    assert doc.places[0].time == 1.0 and doc.turn_at(1) == 0


def test_a_session_without_a_preamble_has_no_turn_for_it_and_negative_ids_are_refused():
    events = _conduct().events[:3]
    assert [t.prompt_id for t in TranscriptEditor(Journal(events)).turns] == [1]
    with pytest.raises(ValidationError):
        CorrectionEvent(elapsed=0, prompt_id=-1, text="x", by="researcher")
    with pytest.raises(ValidationError):
        TurnCheckedEvent(elapsed=0, prompt_id=-1)

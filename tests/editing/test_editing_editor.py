"""Editing a transcript appends events beside the machine text: corrections, check marks, labels, undo."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from interviewer.editing import TranscriptEditor, layout
from interviewer.errors import SessionError
from interviewer.events import (
    CorrectionEvent, Mode, PromptEvent, SessionStarted, SpeakerLabelEvent, TranscriptEvent, TurnCheckedEvent,
    Segment, Word, dump_event, parse_event,
)
from interviewer.session.derive import build_view

AT = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
ANSWERS = ["The cat sat on the mat", "My category is Cat food", "No cats here at all, cat"]


class Journal:
    """An in-memory journal: events kept in order, the view folded from them as the store does."""

    def __init__(self, events):
        self.events = list(events)

    @property
    def view(self):
        return build_view(self.events)

    def append(self, event):
        stored = parse_event(dump_event(event.model_copy(update={"seq": len(self.events) + 1, "at": AT})))
        self.events.append(stored)
        return stored


def _journal() -> Journal:
    events = [SessionStarted(elapsed=0, guide_id="g", guide_version="1", guide_hash="h", mode=Mode.SELF,
                             participant_code="P-ABCDE", at=AT, seq=1)]
    for i, text in enumerate(ANSWERS, 1):
        start = 60.0 * i
        words = [Word(word=f" {w}", start=start + k, end=start + k + 0.8, probability=0.3 if k == 2 else 0.9)
                 for k, w in enumerate(text.split())]
        events += [PromptEvent(elapsed=start - 5, prompt_id=i, kind="question", theme_id="th", question_id=f"q{i}",
                               text=f"Question {i}?", reason="next"),
                   TranscriptEvent(elapsed=start + 30, prompt_id=i, audio_file=f"audio/a{i}.wav", engine="e",
                                   model="m", segments=[Segment(start=start, end=start + len(words), text=text,
                                                                words=words)])]
    return Journal(events)


def _added(journal: Journal, before: int):
    return journal.events[before:]


def test_an_edit_is_a_correction_beside_the_original_and_undo_appends_the_text_before():
    journal = _journal()
    editor = TranscriptEditor(journal)
    n = len(journal.events)
    assert editor.edit(1, "The cat sat on\nthe red mat")
    assert not editor.edit(1, "The cat sat on\nthe red mat")  # no change, no event
    (event,) = _added(journal, n)
    assert isinstance(event, CorrectionEvent) and (event.prompt_id, event.by) == (1, "researcher")
    turn = journal.view.turns[0]
    assert turn.original_text == ANSWERS[0] and turn.text == "The cat sat on\nthe red mat"
    assert editor.turn(1).corrected and [w.text for w in editor.turn(1).words][-2:] == ["red", "mat"]
    assert editor.undo() == [1]
    assert [e.text for e in _added(journal, n)] == ["The cat sat on\nthe red mat", ANSWERS[0]]
    assert journal.view.turns[0].text == ANSWERS[0] and not editor.can_undo


def test_replace_all_whole_word_ignoring_case_is_one_correction_per_answer_and_one_undo():
    journal = _journal()
    editor = TranscriptEditor(journal)
    assert [(pid, s) for pid, s, _ in editor.find("cat")] == [(1, 4), (2, 15), (3, 21)]
    n = len(journal.events)
    assert editor.replace_all("cat", "dog") == 3
    added = _added(journal, n)
    assert [(e.prompt_id, e.text) for e in added] == [
        (1, "The dog sat on the mat"), (2, "My category is dog food"), (3, "No cats here at all, dog")]
    editor.undo()
    assert [t.text for t in journal.view.turns] == ANSWERS


def test_replace_all_matching_case_and_inside_words():
    journal = _journal()
    editor = TranscriptEditor(journal)
    assert editor.replace_all("Cat", "Kit", match_case=True) == 1
    assert journal.view.turns[1].text == "My category is Kit food"
    assert editor.replace_all("cat", "dog", whole_word=False) == 4  # category, cats and two cats
    assert [t.text for t in journal.view.turns] == [
        "The dog sat on the mat", "My dogegory is Kit food", "No dogs here at all, dog"]
    with pytest.raises(SessionError):
        editor.find("")


def test_check_marks_are_events_and_the_progress_line_counts_turns_and_audio_left():
    journal = _journal()
    editor = TranscriptEditor(journal)
    # each turn: from its prompt, 5 s before the answer, to its end (a second a word: 6, 5, 6)
    assert editor.progress().seconds_left == pytest.approx(32.0)
    assert editor.progress().line() == "0 of 3 turns checked, 1 min of audio left"
    assert editor.set_checked(2) and not editor.set_checked(2)
    assert isinstance(journal.events[-1], TurnCheckedEvent) and journal.view.turns[1].checked
    p = editor.progress()
    assert (p.checked, p.total, p.seconds_left) == (1, 3, pytest.approx(22.0))
    assert p.line() == "1 of 3 turns checked, under 1 min of audio left"
    editor.undo()
    assert journal.events[-1].checked is False and not journal.view.turns[1].checked


def test_speaker_labels_rename_and_swap_and_show_in_the_text():
    journal = _journal()
    editor = TranscriptEditor(journal)
    assert editor.labels == ("Interviewer", "Participant")
    assert editor.rename_speaker("participant", "Ana")
    assert isinstance(journal.events[-1], SpeakerLabelEvent) and journal.view.speaker_labels == {"participant": "Ana"}
    editor.swap_speakers()
    assert editor.labels == ("Ana", "Interviewer")
    assert "Interviewer: The cat sat on the mat" in layout(editor.turns).text
    editor.undo()
    editor.undo()
    assert editor.labels == ("Interviewer", "Participant")
    with pytest.raises(SessionError):
        editor.rename_speaker("interviewer", "  ")


def test_layout_places_words_by_cursor_and_by_time_and_finds_doubt_and_marks():
    journal = _journal()
    editor = TranscriptEditor(journal)
    editor.edit(2, "My category is [inaudible 0:02:03] food")
    doc = layout(editor.turns)
    head, first, last = doc.turn_rows[0]
    assert doc.text.split("\n")[first] == "Participant: The cat sat on the mat"
    place = doc.word_at(first, doc.answer_cols[0] + 5)  # inside 'cat'
    assert (place.word, place.time) == (1, 61.0)
    assert doc.word_at(head, 0).word == 0  # the heading: the turn's first word
    assert doc.word_at_time(62.5).word == 2 and doc.word_at_time(0.0) is None
    low = doc.next_low(head, 0)
    assert (low.turn, low.word, low.low) == (0, 2, True)  # 'sat', probability 0.3
    second = doc.next_low(low.row, low.col)
    assert (second.turn, second.word) == (1, 2)  # "is": kept by the edit, so still doubtful
    row, col, end = doc.next_match(__import__("interviewer.editing", fromlist=["INAUDIBLE"]).INAUDIBLE, 0, 0)
    assert doc.text.split("\n")[row][col:end] == "[inaudible 0:02:03]"


def test_new_events_round_trip_through_the_journal_format():
    for event in (TurnCheckedEvent(elapsed=1, prompt_id=3), SpeakerLabelEvent(elapsed=1, role="participant", label="Bo")):
        assert parse_event(dump_event(event)) == event


def test_a_speaker_label_with_a_real_name_is_pseudonymised_in_the_redacted_copy():
    from interviewer.session.identifiers import Redactor
    from interviewer.session.redact import redact_view

    journal = _journal()
    TranscriptEditor(journal).rename_speaker("participant", "Sarah")
    view, lines = redact_view(journal.view, Redactor({"Sarah": "[P1]"}))
    assert view.speaker_labels == {"participant": "[P1]"}
    assert any("speaker_labels.participant" in json.dumps(line) for line in lines)


def test_words_of_a_segment_whisper_doubted_as_a_whole_are_doubtful_until_a_person_rewrites_them():
    journal = _journal()
    transcript = next(e for e in journal.events if isinstance(e, TranscriptEvent) and e.prompt_id == 1)
    transcript.segments[0].avg_logprob = -1.4  # below Whisper's own failure threshold
    editor = TranscriptEditor(journal)
    turn = editor.turn(1)
    assert all(turn.low(i) for i in range(len(turn.words)))
    editor.edit(1, "The cat sat on the rug")
    turn = editor.turn(1)
    assert [turn.low(i) for i in range(len(turn.words))] == [True] * 5 + [False]


def test_a_view_is_not_changed_by_what_is_folded_after_it():
    journal = _journal()
    from interviewer.session.derive import ViewBuilder

    builder = ViewBuilder().extend(journal.events)
    before = builder.view()
    builder.add(CorrectionEvent(elapsed=1, prompt_id=1, text="changed", by="researcher", at=AT))
    builder.add(TurnCheckedEvent(elapsed=1, prompt_id=1, at=AT))
    after = builder.view()
    assert (before.turns[0].text, before.turns[0].checked) == (ANSWERS[0], False)
    assert (after.turns[0].text, after.turns[0].checked) == ("changed", True)
    after.turns[0].segments.clear()
    assert builder.view().turns[0].segments and before.turns[0].segments

"""Word timings after a correction: kept words keep theirs, an edited stretch takes the span it replaces."""

from __future__ import annotations

from datetime import UTC, datetime

from interviewer.session.retiming import corrected_words, machine_words, retime
from interviewer.events import Segment, Word
from interviewer.session.view import Correction, Turn


def _words(text: str, start: float = 10.0, step: float = 0.5) -> list[Word]:
    return [Word(word=f" {w}", start=start + i * step, end=start + i * step + 0.4, probability=0.9)
            for i, w in enumerate(text.split())]


def _times(timed):
    return [(t.text, t.start, t.end, t.kept) for t in timed]


def test_unchanged_text_keeps_every_word_and_its_confidence():
    words = _words("I get up at seven")
    timed = retime(words, "I get up at seven")
    assert [(t.start, t.end, t.probability) for t in timed] == [(w.start, w.end, 0.9) for w in words]
    assert all(t.kept for t in timed)


def test_replaced_words_share_the_span_of_the_words_they_replace():
    words = _words("I get up at seven and make coffee")  # 'seven' 12.0-12.4
    timed = retime(words, "I get up at eight or nine and make tea")
    assert _times(timed)[:4] == [(w.word.strip(), w.start, w.end, True) for w in words[:4]]
    eight, or_, nine = timed[4:7]
    # 'seven' was replaced by three words: they share 12.0-12.4
    assert (eight.start, nine.end) == (12.0, 12.4) and eight.end == or_.start and or_.end == nine.start
    assert not (eight.kept or or_.kept or nine.kept) and eight.probability is None
    assert (timed[-1].text, timed[-1].start, timed[-1].end) == ("tea", 13.5, 13.9)  # replaced 'coffee'
    assert (timed[-2].text, timed[-2].start) == ("make", 13.0)  # kept after the edit


def test_words_put_in_before_a_kept_word_fill_the_pause_before_it():
    timed = retime(_words("I get up at seven"), "I get up at half past seven")
    assert [(t.text, t.start, t.end) for t in timed[3:]] == [
        ("at", 11.5, 11.9), ("half", 11.9, 11.95), ("past", 11.95, 12.0), ("seven", 12.0, 12.4)]


def test_inserted_words_fill_the_gap_between_their_neighbours():
    words = _words("I get up")  # up 11.0-11.4
    timed = retime(words, "I get up early")
    assert (timed[-1].text, timed[-1].start, timed[-1].end) == ("early", 11.4, 11.4)
    timed = retime(words, "so I get up")
    assert (timed[0].start, timed[0].end) == (10.0, 10.0) and timed[1].start == 10.0


def test_deleted_words_leave_the_others_in_place():
    words = _words("I um get up")
    assert _times(retime(words, "I get up")) == [("I", 10.0, 10.4, True), ("get", 11.0, 11.4, True),
                                                 ("up", 11.5, 11.9, True)]


def test_a_change_of_case_or_punctuation_keeps_the_time_but_not_the_machine_confidence():
    timed = retime(_words("i get up at seven"), "I get up at seven.")
    assert (timed[0].start, timed[0].kept, timed[0].probability) == (10.0, False, None)
    assert (timed[-1].text, timed[-1].start) == ("seven.", 12.0)


def test_corrected_words_of_a_turn_follow_its_latest_correction():
    segment = Segment(start=10.0, end=12.4, text="I get up at seven", words=_words("I get up at seven"))
    turn = Turn(prompt_id=1, kind="question", theme_id="t", question_id="q", prompt_text="?", reason="r",
                asked_at=9.0, segments=[segment], original_text="I get up at seven",
                corrections=[Correction(text="I got up at 7", by="researcher", at=datetime(2026, 1, 1, tzinfo=UTC))])
    assert [(t.text, t.start) for t in corrected_words(turn)] == [
        ("I", 10.0), ("got", 10.5), ("up", 11.0), ("at", 11.5), ("7", 12.0)]


def test_segments_without_word_timings_spread_their_time_over_their_words():
    turn = Turn(prompt_id=1, kind="question", theme_id="t", question_id="q", prompt_text="?", reason="r",
                asked_at=0.0, segments=[Segment(start=2.0, end=4.0, text=" one two three four")])
    assert [(w.word, w.start, w.end) for w in machine_words(turn)] == [
        ("one", 2.0, 2.5), ("two", 2.5, 3.0), ("three", 3.0, 3.5), ("four", 3.5, 4.0)]

"""Fixes of who spoke a passage: folded into the view, the latest wins, answers keep the participant's words."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

from interviewer.events import (
    AnswerEvent,
    Mode,
    PromptEvent,
    RecordingSegmentEvent,
    Segment,
    SegmentSpeakerEvent,
    SessionStarted,
    TranscriptEvent,
    dump_event,
    parse_event,
)
from interviewer.session.derive import ViewBuilder, build_view

AT = datetime(2026, 12, 2, 10, 0, tzinfo=timezone.utc)


def utterance(n: int, start: float, text: str, speaker: str, prompt_id: int | None = 1) -> TranscriptEvent:
    return TranscriptEvent(elapsed=start + 2, prompt_id=prompt_id, audio_file="audio/live", utterance=n,
                           engine="faster-whisper", model="tiny.en",
                           segments=[Segment(start=start, end=start + 1.5, text=text, speaker=speaker)])


def conduct() -> list:
    return [
        SessionStarted(elapsed=0.0, at=AT, guide_id="g", guide_version="1", guide_hash="h", mode=Mode.CONDUCT,
                       participant_code="P-TEST"),
        PromptEvent(elapsed=1.0, prompt_id=1, kind="question", theme_id="t", question_id="q", text="How are you?",
                    reason="first question"),
        utterance(1, 1.0, "How are you?", "participant"),  # mis-tagged: the question read out
        utterance(2, 4.0, "I am well.", "participant"),
        utterance(3, 7.0, "Right, go on.", "participant"),  # mis-tagged: the interviewer's nudge
        utterance(4, 10.0, "Mostly, yes.", "participant"),
        AnswerEvent(elapsed=13.0, prompt_id=1, text="", source="spoken"),
    ]


def fix(start: float, end: float, speaker: str, elapsed: float = 20.0) -> SegmentSpeakerEvent:
    return SegmentSpeakerEvent(elapsed=elapsed, start=start, end=end, speaker=speaker)


def test_fixed_passages_leave_the_answer_and_show_as_the_interviewer():
    before = build_view(conduct()).turns[0]
    assert before.text == "How are you? I am well. Right, go on. Mostly, yes."
    turn = build_view([*conduct(), fix(1.0, 2.5, "interviewer"), fix(7.0, 8.5, "interviewer")]).turns[0]
    assert [s.speaker for s in turn.segments] == ["interviewer", "participant", "interviewer", "participant"]
    assert turn.text == "I am well. Mostly, yes."
    assert [s.text for s in turn.segments] == [s.text for s in before.segments]  # nothing dropped


def test_the_latest_fix_of_a_passage_wins():
    events = [*conduct(), fix(4.0, 5.5, "interviewer", 20.0), fix(4.0, 5.5, "participant", 21.0),
              fix(10.0, 11.5, "participant", 22.0), fix(10.0, 11.5, "interviewer", 23.0)]
    turn = build_view(events).turns[0]
    assert [s.speaker for s in turn.segments] == ["participant", "participant", "participant", "interviewer"]
    assert turn.text == "How are you? I am well. Right, go on."


def test_a_fix_follows_the_passage_when_a_retranscription_moves_its_boundaries():
    moved = utterance(2, 3.8, "I am well, thanks.", "participant")  # journalled again, a little earlier
    moved.segments[0].end = 5.8
    turn = build_view([*conduct(), fix(4.0, 5.5, "interviewer"), moved]).turns[0]
    assert turn.segments[1].text == "I am well, thanks." and turn.segments[1].speaker == "interviewer"
    # a fix holds only the segments whose midpoint it holds: one that merely overlaps keeps its speaker
    edge = build_view([*conduct(), fix(0.0, 1.7, "interviewer")]).turns[0]
    assert edge.segments[0].speaker == "participant"


def test_fixes_reach_stream_segments_and_the_preamble_and_views_built_as_events_arrive():
    events = [
        SessionStarted(elapsed=0.0, at=AT, guide_id="g", guide_version="1", guide_hash="h", mode=Mode.CONDUCT,
                       participant_code="P-TEST"),
        PromptEvent(elapsed=5.0, prompt_id=1, kind="question", theme_id="t", question_id="q", text="Why?",
                    reason="first question"),
        RecordingSegmentEvent(elapsed=30.0, audio_file="audio/seg-0001.wav", start=0.0, duration=30.0,
                              sample_rate=16000, channels=1),
        TranscriptEvent(elapsed=31.0, audio_file="audio/seg-0001.wav", engine="fake", model="fake", segments=[
            Segment(start=1.0, end=2.0, text="Shall we start?", speaker="participant"),
            Segment(start=6.0, end=8.0, text="Why not.", speaker="participant"),
            Segment(start=9.0, end=10.0, text="Say more.", speaker="participant"),
            Segment(start=11.0, end=14.0, text="Because it helps.", speaker="participant"),
        ]),
    ]
    builder = ViewBuilder().extend(events)
    assert builder.view().turns[0].text == "Why not. Say more. Because it helps."
    builder.add(fix(9.0, 10.0, "interviewer"))
    builder.add(fix(1.0, 2.0, "interviewer"))
    view = builder.view()
    assert view.preamble[0].speaker == "interviewer"
    assert view.turns[0].text == "Why not. Because it helps."
    builder.add(fix(9.0, 10.0, "participant"))
    assert builder.view().turns[0].text == "Why not. Say more. Because it helps."
    assert view.turns[0].text == "Why not. Because it helps."  # an earlier view is not changed under its reader


def test_a_typed_answer_and_a_correction_keep_their_text():
    typed = [*conduct()[:-1], AnswerEvent(elapsed=13.0, prompt_id=1, text="Noted: well, mostly.", source="typed")]
    turn = build_view([*typed, fix(4.0, 5.5, "interviewer")]).turns[0]
    assert turn.text == "Noted: well, mostly." and turn.segments[1].speaker == "interviewer"


def test_the_event_is_journalled_checked_and_read_back(store, guide, guide_path):
    with pytest.raises(ValidationError, match="before it starts"):
        SegmentSpeakerEvent(elapsed=1.0, start=5.0, end=4.0, speaker="interviewer")
    with pytest.raises(ValidationError):
        parse_event({"type": "segment_speaker", "elapsed": 1.0, "start": 1, "end": 2, "speaker": "narrator"})
    event = fix(1.0, 2.5, "interviewer")
    assert parse_event(dump_event(event)) == event
    session = store.create(guide, guide_path, Mode.CONDUCT)
    session.append(PromptEvent(elapsed=1.0, prompt_id=1, kind="question", theme_id="t", question_id="q",
                               text="How are you?", reason="first"))
    session.append(utterance(1, 1.0, "How are you?", "participant"))
    session.append(fix(1.0, 2.5, "interviewer"))
    code = session.code
    session.close()
    turn = store.load(code).view.turns[0]
    assert turn.segments[0].speaker == "interviewer" and turn.text == ""


def test_the_answer_words_are_timed_from_the_participant_passages_only():
    from interviewer.session.retiming import corrected_words

    events = [*conduct()[:2], utterance(1, 1.0, "Well?", "participant"),
              utterance(2, 4.0, "Well, well.", "participant"), fix(1.0, 2.5, "interviewer")]
    turn = build_view(events).turns[0]
    words = corrected_words(turn)
    assert turn.text == "Well, well." and [w.text for w in words] == ["Well,", "well."]
    assert words[0].start == 4.0 and all(w.kept for w in words)  # not the interviewer's "Well?"

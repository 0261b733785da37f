"""build_view: turns from prompts, answers, transcripts (per answer and continuous) and corrections."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from interviewer.errors import SessionError
from interviewer.events import (
    AnswerEvent,
    Mode,
    PromptEvent,
    RecordingSegmentEvent,
    Segment,
    SessionEnded,
    SessionStarted,
    TranscriptEvent,
)
from interviewer.session import build_view
from interviewer.session.derive import ViewBuilder

AT = datetime(2024, 3, 5, 10, 0, tzinfo=timezone.utc)


def numbered(events):
    """Give hand-built events the seq and time a journal would."""
    return [e.model_copy(update={"seq": i, "at": AT}) for i, e in enumerate(events, start=1)]


def started(mode=Mode.CONDUCT):
    return SessionStarted(elapsed=0, guide_id="chatbot-wellbeing", guide_version="1.2", guide_hash="sha256:h",
                          mode=mode, participant_code="P-ABCDE")


def prompt(pid, elapsed, qid="first-time", theme="first-use"):
    return PromptEvent(elapsed=elapsed, prompt_id=pid, kind="question", theme_id=theme, question_id=qid,
                       text=f"Question {pid}?", reason="next")


def seg(start, end, text):
    return Segment(start=start, end=end, text=text)


def test_the_shared_interview_folds_into_turns(filled, guide, texts):
    ANSWERS, SPOKEN = texts, texts["spoken"]
    view = build_view(filled.events, guide)
    assert [t.prompt_id for t in view.turns] == [1, 2, 3, 4, 5]
    first, probe, people, guard, hard = view.turns
    assert first.theme_title == "First use" and first.text == ANSWERS["first"] and first.source == "typed"
    assert (first.answer_started, first.answer_ended, first.covered_topics) == (6, 20, ["sleep"])
    assert probe.kind == "probe" and probe.probe_id == "more" and probe.probe_kind == "elaboration"
    assert people.original_text == ANSWERS["people"] and people.text.startswith("Mainly")
    assert people.corrections[0].by == "participant"
    assert hard.source == "spoken" and hard.transcribed and hard.original_text == SPOKEN
    assert (hard.audio_file, hard.audio_start, hard.audio_end) == ("audio/answer-005.wav", 39.5, 45.0)
    assert len(hard.segments[0].words) == len(SPOKEN.split())
    assert view.meta.consent.declined == ["quotes"] and view.meta.pseudonym == "Robin"
    assert (view.meta.engine, view.meta.model, view.meta.status) == ("faster-whisper", "tiny.en", "completed")
    assert [n.type for n in view.notes] == ["note", "marker"]
    assert len(view.distress) == 1 and len(view.skips) == 1 and len(view.pauses) == 2
    assert view.support_choices[0].choice == "continue" and view.transcribed
    assert view.last_seq == len(filled.events) and view.meta.duration == 110


def test_spoken_answer_waits_for_its_transcript():
    events = numbered([started(Mode.SELF), prompt(1, 1),
                       AnswerEvent(elapsed=9, prompt_id=1, source="spoken", audio_file="audio/a1.wav",
                                   audio_start=1.5, audio_end=8.0)])
    view = build_view(events)
    assert not view.turns[0].transcribed and not view.transcribed and view.turns[0].text == ""
    events += numbered([TranscriptEvent(elapsed=20, prompt_id=1, audio_file="audio/a1.wav", engine="e",
                                        model="m", segments=[seg(2, 4, " First part."), seg(4, 7, " Second.")])])
    events += numbered([TranscriptEvent(elapsed=30, prompt_id=1, audio_file="audio/a1.wav", engine="e",
                                        model="m2", segments=[seg(2, 7, " Re-transcribed.")])])
    turn = build_view(events).turns[0]
    assert turn.transcribed and turn.text == "Re-transcribed." and turn.segments == [seg(2, 7, " Re-transcribed.")]


def test_continuous_recording_is_split_between_turns_by_time():
    # The first recording segment (0-30 s of audio) closed at elapsed 35, so recording 0 = elapsed 5.
    events = numbered([
        started(),
        prompt(1, 10),  # recording time 5
        RecordingSegmentEvent(elapsed=35, audio_file="audio/rec-001.flac", start=0, duration=30,
                              sample_rate=16000, channels=1),
        prompt(2, 40, qid="people", theme="relationships"),  # recording time 35
        RecordingSegmentEvent(elapsed=65, audio_file="audio/rec-002.flac", start=30, duration=30,
                              sample_rate=16000, channels=1),
        TranscriptEvent(elapsed=70, audio_file="audio/rec-001.flac", engine="e", model="m",
                        segments=[seg(1, 4, " Hello, shall we start?"), seg(6, 12, " I first tried it at night."),
                                  seg(20, 29, " Every evening after that.")]),
        TranscriptEvent(elapsed=71, audio_file="audio/rec-002.flac", engine="e", model="m",
                        segments=[seg(30, 34, " Yes, it was good."), seg(36, 50, " My sister, mostly.")]),
        SessionEnded(elapsed=80, reason="completed"),
    ])
    view = build_view(events)
    assert view.meta.recording_origin == 5
    assert [s.text for s in view.preamble] == [" Hello, shall we start?"]
    first, second = view.turns
    assert first.text == "I first tried it at night. Every evening after that. Yes, it was good."
    assert second.text == "My sister, mostly." and second.source == "spoken" and second.transcribed
    assert (first.audio_start, first.audio_end) == (6, 34)
    assert view.transcribed


def test_continuous_turn_without_speech_counts_as_transcribed_only_inside_transcribed_audio():
    events = numbered([
        started(), prompt(1, 0),
        RecordingSegmentEvent(elapsed=30, audio_file="audio/rec-001.flac", start=0, duration=30,
                              sample_rate=16000, channels=1),
        prompt(2, 31), prompt(3, 62),
        RecordingSegmentEvent(elapsed=65, audio_file="audio/rec-002.flac", start=30, duration=35,
                              sample_rate=16000, channels=1),
        TranscriptEvent(elapsed=70, audio_file="audio/rec-001.flac", engine="e", model="m",
                        segments=[seg(1, 5, " Something.")]),
    ])
    turns = build_view(events).turns
    assert [t.transcribed for t in turns] == [True, False, False]
    assert turns[1].text == "" and turns[1].source is None


def test_orphans_are_reported_not_fatal_and_start_is_required():
    builder = ViewBuilder().extend(numbered([started(), AnswerEvent(elapsed=1, prompt_id=7, text="?")]))
    assert builder.view().turns == []
    assert builder.problems == ["an answer for prompt 7, which was never asked (ignored)"]
    with pytest.raises(SessionError, match="no session_started"):
        build_view(numbered([prompt(1, 1)]))


def test_view_round_trips_through_json(filled):
    from interviewer.session import SessionView

    view = filled.view
    assert SessionView.model_validate_json(view.model_dump_json()) == view


def test_an_answer_of_takes_keeps_every_take_and_uses_the_ones_not_replaced():
    from interviewer.events import AnswerDraft, TakeEnded, TakeStarted

    def transcript(name, start, text):
        return TranscriptEvent(elapsed=start + 3, prompt_id=1, audio_file=name, segments=[seg(start, start + 2, text)],
                               engine="faster-whisper", model="tiny.en")

    events = numbered([
        started(Mode.SELF), prompt(1, 1.0),
        AnswerDraft(elapsed=2, prompt_id=1, text="I get"),
        TakeStarted(elapsed=3, prompt_id=1, take=1, kind="typed", text="I get up early"),
        TakeStarted(elapsed=4, prompt_id=1, take=2, kind="spoken", audio_file="audio/answer-0001.wav", audio_start=4.0),
        TakeEnded(elapsed=7, prompt_id=1, take=2, audio_end=7.0, duration=3.0),
        transcript("audio/answer-0001.wav", 4.0, "and make tea"),
        TakeStarted(elapsed=9, prompt_id=1, take=3, kind="spoken", audio_file="audio/answer-0002.wav",
                    audio_start=9.0, replaces=[1, 2]),
        transcript("audio/answer-0002.wav", 9.0, "I make coffee"),  # before its end: a crash, repaired later
        TakeEnded(elapsed=12.5, prompt_id=1, take=3, duration=3.5, repaired=True),
    ])
    turn = build_view(events).turns[0]
    assert [(t.take, t.kind, t.superseded) for t in turn.takes] == [
        (1, "typed", True), (2, "spoken", True), (3, "spoken", False)]
    assert turn.draft == "I get" and turn.answer_ended is None  # not sent yet: resume shows it
    assert turn.original_text == "I make coffee" and turn.source == "spoken" and turn.transcribed
    assert (turn.audio_file, turn.audio_start, turn.audio_end) == ("audio/answer-0002.wav", 9.0, 12.5)
    assert turn.takes[2].repaired and turn.takes[1].text == "and make tea"  # replaced, still readable

    answered = build_view(events + numbered([AnswerEvent(elapsed=14, prompt_id=1, text="I make coffee",
                                                         source="spoken", audio_file="audio/answer-0002.wav",
                                                         audio_start=9.0, audio_end=12.5, started=3.0)])).turns[0]
    assert answered.draft == "" and answered.text == "I make coffee" and answered.answer_ended == 14


def test_typed_then_spoken_takes_make_one_answer_in_order():
    from interviewer.events import TakeEnded, TakeStarted

    events = numbered([
        started(Mode.SELF), prompt(1, 1.0),
        TakeStarted(elapsed=3, prompt_id=1, take=1, kind="typed", text="I get up early"),
        TakeStarted(elapsed=4, prompt_id=1, take=2, kind="spoken", audio_file="audio/answer-0001.wav", audio_start=4.0),
        TakeEnded(elapsed=7, prompt_id=1, take=2, audio_end=7.0, duration=3.0),
    ])
    turn = build_view(events).turns[0]
    assert turn.original_text == "I get up early" and not turn.transcribed  # the recording awaits its transcript
    assert turn.takes[1].ended and turn.takes[1].audio_end == 7.0

"""Saving, restoring and replaying an interview: it continues exactly where it stopped."""

import json

import pytest

from interviewer.engine import Interview, InterviewState, SupportStep
from interviewer.errors import SessionError
from interviewer.events import (
    RatingEvent,
    SessionStarted,
    SupportChoice,
    TranscriptEvent,
    dump_event,
    parse_event,
)

GUIDE = """
[topics]
sleep = ["night"]

[[themes]]
id = "t"
title = "T"

[[themes.questions]]
id = "q1"
text = "How did it start?"

[[themes.questions.probes]]
id = "more"
text = "More?"
when = { shorter_than = 4 }

[[themes.questions.probes]]
id = "pick"
text = "Why that one?"
when = { choice = true }

[[themes.questions]]
id = "q2"
text = "And now?"
covers = ["sleep"]

[[themes.questions]]
id = "q3"
text = "Anything else?"
"""

INPUTS = [
    "at night",
    ("choose_probe", "pick"),
    "it was free",
    ("need_break",),
    ("support", "pause"),
    ("resume",),
    ("note", "a note"),
    "I felt hopeless",
    ("support", "continue"),
    ("rephrase",),
    "done",
]


def test_restore_mid_support_step_from_json(guide_of, drive):
    guide = guide_of(GUIDE)
    full = drive(guide, INPUTS)
    part = drive(guide, INPUTS[:8])
    assert isinstance(part.current, SupportStep)
    saved = json.loads(part.state().model_dump_json())
    restored = Interview.restore(guide, saved, clock=lambda: 0.0)
    for t, item in enumerate(INPUTS[8:], start=9):
        name, *args = item if isinstance(item, tuple) else ("answer", item)
        getattr(restored, name)(*args, elapsed=float(t))
    assert restored.events == full.events
    assert restored.current == full.current


def test_restore_refuses_another_guide_and_bad_state(guide_of, drive):
    iv = drive(guide_of(GUIDE), ["x"])
    other = guide_of(GUIDE.replace("And now?", "And today?"))
    with pytest.raises(SessionError, match="different version of the guide"):
        Interview.restore(other, iv.state())
    with pytest.raises(SessionError, match="saved interview state is invalid"):
        Interview.restore(other, {"guide_hash": 3})


def test_restored_default_clock_continues_from_the_last_elapsed(guide_of, drive):
    iv = drive(guide_of(GUIDE), ["x", "y"], tick=100)
    restored = Interview.restore(guide_of(GUIDE), iv.state())
    restored.answer("more words than four here")
    assert 200 <= restored.events[-1].elapsed < 205


def test_replay_through_a_journal_with_other_events_between(guide_of, drive):
    guide = guide_of(GUIDE)
    iv = drive(guide, INPUTS)
    journal = []
    for e in iv.events:
        journal.append(parse_event(dump_event(e.model_copy(update={"seq": len(journal)}))))
        if e.type == "answer":
            journal.append(
                TranscriptEvent(
                    elapsed=e.elapsed,
                    prompt_id=e.prompt_id,
                    audio_file="a.wav",
                    segments=[],
                    engine="faster-whisper",
                    model="tiny.en",
                )
            )
            journal.append(RatingEvent(elapsed=e.elapsed, question_id="q1", clarity=4))
    replayed = Interview.replay(guide, journal)
    assert replayed.events == iv.events
    assert replayed.current == iv.current
    assert replayed.drain_events() == []  # everything is already in the journal


def test_replay_detects_a_journal_that_does_not_match(guide_of, drive):
    iv = drive(guide_of(GUIDE), ["at night", "more words than four"])
    changed = guide_of(GUIDE.replace("when = { shorter_than = 4 }", "when = { shorter_than = 1 }"))
    with pytest.raises(SessionError, match="journal does not match this guide at engine event 4"):
        Interview.replay(changed, iv.events)
    with pytest.raises(
        SessionError, match="does not match this guide at engine event 3: the engine gives a 'coverage'"
    ):
        Interview.replay(guide_of(GUIDE), iv.events[:2] + iv.events[1:2])
    stray = SupportChoice(elapsed=1, choice="continue")
    with pytest.raises(
        SessionError, match="journal does not replay at engine event 2: no support step is open"
    ):
        Interview.replay(guide_of(GUIDE), [iv.events[0], stray])


def test_state_is_json_schema_friendly():
    schema = InterviewState.model_json_schema()
    assert {"position", "events", "current", "checkpoint"} <= set(schema["properties"])


def test_replay_of_actions_before_the_start_and_the_mode_from_the_journal(guide_of):
    guide = guide_of(GUIDE)
    iv = Interview(guide, mode="conduct", clock=lambda: 0.0)
    iv.note("setting up the recorder", elapsed=1)
    iv.start(elapsed=2)
    started = SessionStarted(
        elapsed=0,
        guide_id="test-study",
        guide_version="1",
        guide_hash=guide.content_hash,
        mode="conduct",
        participant_code="K7QX-42",
    )
    replayed = Interview.replay(guide, [started, *iv.events])
    assert replayed.events == iv.events and replayed.mode == "conduct"
    replayed.answer("a long enough answer for sure")
    assert replayed.events[-1].elapsed >= 2  # the default clock continues from the journal

    stopped = Interview(guide, clock=lambda: 0.0)
    stopped.stop(elapsed=1)
    assert Interview.replay(guide, stopped.events).current == stopped.current

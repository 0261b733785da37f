"""People's actions: skip, repeat, ask differently, pause/resume, notes, stop and withdraw."""

import pytest

from interviewer.engine import End, Interview, Prompt
from interviewer.errors import EngineError

GUIDE = """
[[themes]]
id = "t"
title = "Theme"

[[themes.questions]]
id = "q1"
text = "How did you start?"
alternative = "What got you started?"
note = "Let them tell the story."

[[themes.questions.probes]]
id = "more"
text = "Tell me more?"
when = { shorter_than = 5 }

[[themes.questions.probes]]
id = "ex"
kind = "example"
text = "An example?"
when = { shorter_than = 5 }

[[themes.questions]]
id = "q2"
text = "And then?"
"""


def test_skipping_a_probe_moves_to_the_next_probe(guide_of, drive, trace):
    iv = drive(guide_of(GUIDE), ["short", ("skip", "researcher"), "fine", "done"])
    assert trace(iv.events) == [
        ("question", "q1", "first main question"),
        ("probe", "q1/more", "probe 'more' fired: answer shorter than 5 words"),
        ("skip:researcher", "q1/more", "skipped by the researcher"),
        ("probe", "q1/ex", "probe 'ex' fired: answer shorter than 5 words"),
        ("question", "q2", "next main question"),
        ("end", "completed", ""),
    ]


def test_skipping_a_main_question_skips_its_probes(guide_of, drive, trace):
    iv = drive(guide_of(GUIDE), [("skip",)])
    assert trace(iv.events)[1:] == [
        ("skip:participant", "q1", "skipped by the participant"),
        ("question", "q2", "next main question"),
    ]


def test_repeat_and_rephrase_keep_the_prompt_id(guide_of, drive):
    iv = drive(guide_of(GUIDE), [])
    first = iv.current
    assert first.note == "Let them tell the story."
    alt = iv.rephrase(elapsed=1)
    assert (alt.prompt_id, alt.text, alt.wording, alt.reason) == (
        1,
        "What got you started?",
        "alternative",
        "asked differently on request (alternative wording)",
    )
    rep = iv.repeat(elapsed=2)
    assert (rep.prompt_id, rep.text, rep.wording, rep.reason) == (
        1,
        "What got you started?",
        "repeat",
        "repeated on request",
    )
    probe = iv.answer("short", elapsed=3)
    none = iv.rephrase(elapsed=4)
    assert (none.prompt_id, none.text, none.wording, none.reason) == (
        probe.prompt_id,
        "Tell me more?",
        "repeat",
        "no alternative wording in the guide; repeated on request",
    )
    assert [e.prompt_id for e in iv.events if e.type == "prompt"] == [1, 1, 1, 2, 2]
    assert [e.prompt_id for e in iv.events if e.type == "answer"] == [1]


def test_pause_and_resume(guide_of, drive):
    iv = drive(guide_of(GUIDE), [])
    iv.pause(elapsed=1)
    iv.pause(elapsed=2)  # already paused: nothing more is logged
    assert iv.paused and iv.offered_probes() == []
    for action in (lambda: iv.answer("x"), iv.skip, iv.repeat, iv.need_break):
        with pytest.raises(EngineError, match="paused"):
            action()
    assert iv.resume(elapsed=3) == iv.current
    assert iv.resume(elapsed=4) == iv.current  # not paused: nothing logged
    assert [(e.type, e.elapsed) for e in iv.events][1:] == [("pause", 1.0), ("resume", 3.0)]


def test_notes_are_logged_against_the_current_question(guide_of, drive):
    iv = drive(guide_of(GUIDE), [])
    iv.note("participant laughed", label="bookmark", elapsed=1)
    notes = [e.model_dump(exclude_none=True) for e in iv.events if e.type == "note"]
    assert notes == [
        {
            "elapsed": 1.0,
            "type": "note",
            "text": "participant laughed",
            "label": "bookmark",
            "question_id": "q1",
        }
    ]


@pytest.mark.parametrize(("withdraw", "reason"), [(False, "stopped"), (True, "withdrawn")])
def test_stop_and_withdraw(guide_of, drive, withdraw, reason):
    iv = drive(guide_of(GUIDE), ["short"])
    end = iv.stop(withdraw, elapsed=2)
    assert end == End(reason=reason) == iv.current
    assert iv.stop(elapsed=3) == end  # stopping twice changes nothing
    assert [e.reason for e in iv.events if e.type == "session_ended"] == [reason]
    with pytest.raises(EngineError, match=f"the interview has ended \\({reason}\\)"):
        iv.answer("more")


def test_misuse_gives_clear_errors(guide_of):
    iv = Interview(guide_of(GUIDE), clock=lambda: 0.0)
    assert iv.current is None
    with pytest.raises(EngineError, match="cannot answer: the interview has not started"):
        iv.answer("x")
    iv.start()
    with pytest.raises(EngineError, match="already started"):
        iv.start()
    with pytest.raises(EngineError, match="a skip is by 'participant' or 'researcher'"):
        iv.skip("engine")
    with pytest.raises(EngineError, match="unknown answer audio field"):
        iv.answer("x", audio={"file": "a.wav"})


def test_answer_carries_source_and_audio(guide_of, drive):
    iv = drive(guide_of(GUIDE), [])
    iv.answer(
        "spoken words here today",
        elapsed=4,
        source="spoken",
        audio={"audio_file": "audio/a1.wav", "audio_start": 1.0, "audio_end": 3.5, "started": 1.0},
    )
    ans = [e for e in iv.events if e.type == "answer"][0]
    assert (ans.source, ans.audio_file, ans.audio_start, ans.audio_end, ans.started) == (
        "spoken",
        "audio/a1.wav",
        1.0,
        3.5,
        1.0,
    )


def test_drain_events_returns_each_event_once(guide_of):
    iv = Interview(guide_of(GUIDE), clock=lambda: 2.5)
    iv.start()
    first = iv.drain_events()
    assert [e.type for e in first] == ["prompt"] and first[0].elapsed == 2.5
    assert iv.drain_events() == []
    iv.answer("a long enough answer for sure")
    assert [e.type for e in iv.drain_events()] == ["answer", "prompt"]
    assert len(iv.events) == 3


def test_default_clock_counts_from_construction(guide_of):
    iv = Interview(guide_of(GUIDE))
    step = iv.start()
    assert isinstance(step, Prompt)
    assert 0 <= iv.events[0].elapsed < 5


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0])
def test_an_impossible_time_is_refused_before_anything_changes(guide_of, bad):
    iv = Interview(guide_of(GUIDE), clock=lambda: 0.0)
    iv.start()
    before = iv.state()
    for act in (lambda: iv.answer("x", elapsed=bad), lambda: iv.skip(elapsed=bad), lambda: iv.note("n", elapsed=bad)):
        with pytest.raises(EngineError, match="elapsed time must be a finite number"):
            act()
    assert iv.state() == before
    assert isinstance(iv.answer("a long enough answer for sure", elapsed=3), Prompt)

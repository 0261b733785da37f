"""The distress protocol: a support step (not a question), each choice, and the break signal."""

import pytest

from interviewer.engine import End, Interview, Prompt, SupportStep
from interviewer.engine.steps import AUTOMATED_NOTICE, BREAK_ACKNOWLEDGEMENT, DEFAULT_ACKNOWLEDGEMENT
from interviewer.errors import EngineError

GUIDE = """
{distress}

[[support]]
name = "Samaritans"
phone = "116 123"
hours = "24 hours"

[[themes]]
id = "hard"
title = "Hard times"

[[themes.questions]]
id = "q1"
text = "How were the nights?"
sensitive = true

[[themes.questions.probes]]
id = "feel"
kind = "feeling"
text = "How did that feel?"
when = { mentions_any = ["felt"] }

[[themes.questions]]
id = "q2"
text = "Who did you tell?"

[[themes.questions]]
id = "q3"
text = "What helped?"

[[themes]]
id = "after"
title = "Afterwards"

[[themes.questions]]
id = "q4"
text = "What would you change?"
"""

DISTRESS = "There were nights when I felt hopeless, and everyone would be better off without me."


def make(guide_of, distress=""):
    return guide_of(GUIDE.replace("{distress}", distress))


def test_a_distress_phrase_leads_to_a_support_step(guide_of):
    iv = Interview(make(guide_of))
    iv.start(elapsed=0)
    step = iv.answer(DISTRESS, elapsed=5)
    assert isinstance(step, SupportStep) and iv.current == step
    assert step.acknowledgement == DEFAULT_ACKNOWLEDGEMENT
    assert (
        step.automated_notice == AUTOMATED_NOTICE and "no one is watching this live" in step.automated_notice
    )
    assert [r.name for r in step.resources] == ["Samaritans"]
    assert step.options == ("pause", "skip_topic", "continue", "stop")
    assert (step.question_id, step.trigger) == ("q1", "phrase")
    flag = [e for e in iv.events if e.type == "distress"]
    assert [f.model_dump(exclude_none=True) for f in flag] == [
        {"elapsed": 5.0, "type": "distress", "question_id": "q1", "trigger": "phrase"}
    ]
    with pytest.raises(EngineError, match="a support step is open"):
        iv.answer("more", elapsed=6)
    with pytest.raises(EngineError, match="support choice must be one of"):
        iv.support("", elapsed=6)
    assert iv.current == step  # nothing chosen, nothing moves on


def test_guide_acknowledgement_and_own_phrases(guide_of):
    distress = (
        '[distress]\nphrases = ["falling apart"]\ninclude_defaults = false\n'
        'acknowledgement = "Thank you for sharing that."'
    )
    iv = Interview(make(guide_of, distress))
    iv.start(elapsed=0)
    assert isinstance(iv.answer("I felt hopeless", elapsed=1), Prompt)  # defaults switched off
    step = iv.answer("I was falling apart", elapsed=2)
    assert isinstance(step, SupportStep) and step.acknowledgement == "Thank you for sharing that."


def test_continue_gives_the_prompt_as_it_would_have_been(guide_of):
    with_protocol = Interview(make(guide_of))
    without = Interview(make(guide_of, "[distress]\ninclude_defaults = false"))
    for iv in (with_protocol, without):
        iv.start(elapsed=0)
    assert isinstance(with_protocol.answer(DISTRESS, elapsed=5), SupportStep)
    expected = without.answer(DISTRESS, elapsed=5)
    step = with_protocol.support("continue", elapsed=5)
    assert step == expected
    assert (step.probe_id, step.reason) == ("feel", 'probe \'feel\' fired: mentions \'felt\' in this question\'s answers ("felt")')


@pytest.mark.parametrize(
    ("choices", "tail"),
    [
        (
            [("support", "skip_topic")],
            [
                ("distress", "q1", "phrase"),
                ("skip:participant", "q2", "rest of theme 'hard' skipped at the support step"),
                ("skip:participant", "q3", "rest of theme 'hard' skipped at the support step"),
                ("question", "q4", "next theme: the rest of theme 'hard' was skipped at the support step"),
            ],
        ),
        (
            [("support", "pause"), ("resume",)],
            [("distress", "q1", "phrase"), ("probe", "q1/feel", 'probe \'feel\' fired: mentions \'felt\' in this question\'s answers ("felt")')],
        ),
        ([("support", "stop")], [("distress", "q1", "phrase"), ("end", "stopped", "")]),
    ],
)
def test_each_support_choice(guide_of, drive, trace, choices, tail):
    iv = drive(make(guide_of), [DISTRESS, *choices])
    assert trace(iv.events)[1:] == tail
    assert [e.choice for e in iv.events if e.type == "support_choice"] == [choices[0][1]]


def test_support_pause_waits_for_resume(guide_of, drive):
    iv = drive(make(guide_of), [DISTRESS, ("support", "pause")])
    assert iv.paused
    with pytest.raises(EngineError, match="paused"):
        iv.answer("x", elapsed=9)
    step = iv.resume(elapsed=10)
    assert isinstance(step, Prompt) and step.probe_id == "feel"
    assert [e.type for e in iv.events][-4:] == ["support_choice", "pause", "resume", "prompt"]


def test_need_break_then_continue_asks_the_same_prompt_again(guide_of, drive, trace):
    iv = drive(make(guide_of), [])
    step = iv.need_break(elapsed=3)
    assert isinstance(step, SupportStep)
    assert (step.trigger, step.question_id, step.acknowledgement) == ("signal", "q1", BREAK_ACKNOWLEDGEMENT)
    again = iv.support("continue", elapsed=4)
    assert (again.prompt_id, again.question_id, again.wording, again.reason) == (
        1,
        "q1",
        "repeat",
        "asked again after the support step",
    )
    assert trace(iv.events) == [
        ("question", "q1", "first main question"),
        ("distress", "q1", "signal"),
        ("question:repeat", "q1", "asked again after the support step"),
    ]


def test_need_break_then_skip_topic_skips_the_unanswered_question_too(guide_of, drive, trace):
    iv = drive(make(guide_of), [("need_break",), ("support", "skip_topic")])
    why = "rest of theme 'hard' skipped at the support step"
    assert trace(iv.events)[2:] == [
        ("skip:participant", "q1", why),
        ("skip:participant", "q2", why),
        ("skip:participant", "q3", why),
        ("question", "q4", "next theme: the rest of theme 'hard' was skipped at the support step"),
    ]


def test_distress_at_the_last_answer_still_offers_support_first(guide_of, drive):
    iv = drive(make(guide_of), [("skip",), ("skip",), ("skip",)])
    assert isinstance(iv.answer("I feel hopeless", elapsed=10), SupportStep)
    assert iv.support("continue", elapsed=11) == End(reason="completed")


def test_support_choice_without_a_support_step_is_an_error(guide_of, drive):
    iv = drive(make(guide_of), [])
    with pytest.raises(EngineError, match="no support step is open"):
        iv.support("continue")

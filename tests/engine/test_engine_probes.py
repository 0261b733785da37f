"""Probe selection: triggers in guide order, question and theme budgets, coverage, choice probes."""

import pytest

from interviewer.engine import Prompt
from interviewer.errors import EngineError

PROBES = """
[[themes.questions.probes]]
id = "more"
text = "Could you tell me more?"
when = { shorter_than = 8 }

[[themes.questions.probes]]
id = "feel"
kind = "feeling"
text = "How did that feel?"
when = { mentions_any = ["felt", "feel"] }

[[themes.questions.probes]]
id = "example"
kind = "example"
text = "Can you give me an example?"
"""


def guide_body(settings="", q1_extra="", theme_extra=""):
    return f"""
{settings}
[topics]
calm = ["calm", "calmer"]

[[themes]]
id = "use"
title = "Using chatbots"
{theme_extra}

[[themes.questions]]
id = "first"
text = "Tell me about the first time you used a chatbot."
{q1_extra}
{PROBES}

[[themes.questions]]
id = "later"
text = "How has that changed since?"
{PROBES}

[[themes]]
id = "close"
title = "Closing"

[[themes.questions]]
id = "end"
text = "Anything else?"
"""


LONG = "I tried it late one evening because a friend had recommended it to me."
FIRST = ("question", "first", "first main question")
LATER = ("question", "later", "next main question")
CLOSE = ("question", "end", "next main question")
END = ("end", "completed", "")

CASES = [
    (
        "short answer fires 'more', then 'feel' on the probe's answer; budget 2 ends probing",
        guide_body(),
        ["It was fine.", "I felt calm", "more words here", LONG, LONG, "x"],
        [
            FIRST,
            ("probe", "first/more", "probe 'more' fired: answer shorter than 8 words"),
            ("coverage", "calm", ""),
            ("probe", "first/feel", 'probe \'feel\' fired: mentions \'felt\' in this question\'s answers ("felt")'),
            LATER,
            ("probe", "later/example", "probe 'example' fired: always asked"),
            CLOSE,
            END,
        ],
    ),
    (
        "probes are considered in guide order only: an earlier probe is not revisited",
        guide_body(),
        [LONG, "short", LONG, LONG, "x"],
        [
            FIRST,
            ("probe", "first/example", "probe 'example' fired: always asked"),
            LATER,
            ("probe", "later/example", "probe 'example' fired: always asked"),
            CLOSE,
            END,
        ],
    ),
    (
        "a question's own budget overrides the guide's",
        guide_body(q1_extra="probe_budget = 1"),
        ["It was fine.", "I felt it", LONG, LONG, "x"],
        [
            FIRST,
            ("probe", "first/more", "probe 'more' fired: answer shorter than 8 words"),
            LATER,
            ("probe", "later/example", "probe 'example' fired: always asked"),
            CLOSE,
            END,
        ],
    ),
    (
        "a budget of 0 means no probes",
        guide_body(settings="[settings]\nprobe_budget = 0"),
        ["It was fine.", "short", "x"],
        [FIRST, LATER, CLOSE, END],
    ),
    (
        "the theme budget is shared by the theme's questions",
        guide_body(settings="[settings]\ntheme_probe_budget = 1"),
        ["It was fine.", "short", "short", "x"],
        [
            FIRST,
            ("probe", "first/more", "probe 'more' fired: answer shorter than 8 words"),
            LATER,
            CLOSE,
            END,
        ],
    ),
    (
        "a theme's own budget overrides the guide's theme budget",
        guide_body(settings="[settings]\ntheme_probe_budget = 1", theme_extra="probe_budget = 3"),
        ["It was fine.", "I felt it", LONG, "short", "x", "y"],
        [
            FIRST,
            ("probe", "first/more", "probe 'more' fired: answer shorter than 8 words"),
            ("probe", "first/feel", 'probe \'feel\' fired: mentions \'felt\' in this question\'s answers ("felt")'),
            LATER,
            ("probe", "later/more", "probe 'more' fired: answer shorter than 8 words"),
            CLOSE,
            END,
        ],
    ),
]


@pytest.mark.parametrize(("name", "body", "inputs", "expected"), CASES, ids=[c[0] for c in CASES])
def test_probe_sequences(guide_of, drive, trace, name, body, inputs, expected):
    iv = drive(guide_of(body), inputs)
    assert trace(iv.events) == expected


TOPIC_GUIDE = """
[topics]
sleep = ["sleep", "night"]

[[themes]]
id = "t"
title = "T"

[[themes.questions]]
id = "q"
text = "When do you use it?"

[[themes.questions.probes]]
id = "when"
text = "What time of day?"
topic = "sleep"

[[themes.questions.probes]]
id = "pick"
text = "What made you pick it?"
when = { choice = true }

[[themes.questions.probes]]
id = "why"
text = "Why then?"
when = { not_covered = "sleep" }
"""


def test_probe_whose_topic_is_covered_is_skipped_with_reason(guide_of, drive, trace):
    iv = drive(guide_of(TOPIC_GUIDE), ["Mostly at night when I cannot sleep"])
    assert trace(iv.events) == [
        ("question", "q", "first main question"),
        ("coverage", "sleep", ""),
        ("skip:engine", "q/when", "probe 'when' not asked: topic 'sleep' already covered"),
        ("end", "completed", ""),
    ]


def test_not_covered_trigger_and_choice_never_automatic(guide_of, drive, trace):
    iv = drive(guide_of(TOPIC_GUIDE), ["In the afternoon", "after lunch", "because it is quiet"])
    assert trace(iv.events) == [
        ("question", "q", "first main question"),
        ("probe", "q/when", "probe 'when' fired: always asked"),
        ("probe", "q/why", "probe 'why' fired: topic 'sleep' not yet covered in this question's answers"),
        ("end", "completed", ""),
    ]


def test_interviewer_choice_probe_replaces_the_next_prompt(guide_of, drive, trace):
    guide = guide_of(TOPIC_GUIDE + '\n[[themes.questions]]\nid = "q2"\ntext = "Next?"\n')
    iv = drive(guide, ["Mostly at night"])
    assert isinstance(iv.current, Prompt) and iv.current.question_id == "q2"
    assert [p.id for p in iv.offered_probes()] == ["pick", "why"]  # 'when': topic covered
    step = iv.choose_probe("pick", elapsed=5)
    assert (step.kind, step.probe_id, step.reason) == ("probe", "pick", "interviewer's choice: probe 'pick'")
    assert [p.id for p in iv.offered_probes()] == ["why"]  # the shown probe is not offered again
    iv.answer("It was free", elapsed=6)
    assert [p.id for p in iv.offered_probes()] == ["why"]  # one of the budget of 2 left
    marker = [e for e in iv.events if e.type == "marker"]
    assert [(m.label, m.text) for m in marker] == [
        ("interviewer's choice", "probe 'pick' chosen; prompt 2 set aside")
    ]
    # After the chosen probe the engine decides again from where it stood after the first answer.
    assert trace(iv.events)[3:] == [
        ("question", "q2", "next main question"),
        ("probe", "q/pick", "interviewer's choice: probe 'pick'"),
        ("skip:engine", "q/when", "probe 'when' not asked: topic 'sleep' already covered"),
        ("question", "q2", "next main question"),
    ]
    assert [e.prompt_id for e in iv.events if e.type == "prompt"] == [1, 2, 3, 4]


def test_choosing_a_probe_that_is_not_offered_is_a_clear_error(guide_of, drive):
    iv = drive(guide_of(TOPIC_GUIDE + '\n[[themes.questions]]\nid = "q2"\ntext = "Next?"\n'), [])
    with pytest.raises(EngineError, match="probe 'pick' cannot be chosen now \\(offered: none\\)"):
        iv.choose_probe("pick")
    iv.answer("Mostly at night", elapsed=1)
    with pytest.raises(EngineError, match="probe 'nope' cannot be chosen now"):
        iv.choose_probe("nope")

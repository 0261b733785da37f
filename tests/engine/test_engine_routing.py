"""Branches (to a question, a theme, the end), the loop guard, and coverage skip/mark/ask."""

import pytest

BRANCHING = """
[[themes]]
id = "a"
title = "A"

[[themes.questions]]
id = "q1"
text = "Who did you talk to about it?"
probe_budget = 1

[[themes.questions.probes]]
id = "more"
text = "Anyone else?"
when = { shorter_than = 3 }

[[themes.questions.branches]]
when = { mentions_any = ["therapist"] }
goto = "q3"

[[themes.questions.branches]]
when = { mentions_any = ["sister"] }
goto = "c"

[[themes.questions.branches]]
when = { matches = "^stop" }
goto = "end"

[[themes.questions]]
id = "q2"
text = "Q2?"

[[themes.questions]]
id = "q3"
text = "Q3?"
{q3_branch}

[[themes]]
id = "b"
title = "B"

[[themes.questions]]
id = "q4"
text = "Q4?"

[[themes]]
id = "c"
title = "C"

[[themes.questions]]
id = "q5"
text = "Q5?"
"""

LOOP = '[[themes.questions.branches]]\nwhen = { always = true }\ngoto = "q1"'
Q1 = ("question", "q1", "first main question")
END = ("end", "completed", "")
NEXT = "next main question"
HERE = "in this question's answers"

CASES = [
    (
        "to a question",
        "",
        ["my therapist, mostly", "a", "b", "c"],
        [
            Q1,
            ("branch", "q1->q3", f"mentions 'therapist' {HERE} (\"therapist\")"),
            ("question", "q3", f"branch from q1: mentions 'therapist' {HERE} (\"therapist\")"),
            ("question", "q4", NEXT),
            ("question", "q5", NEXT),
            END,
        ],
    ),
    (
        "the first matching branch in guide order wins",
        "",
        ["my sister and later my therapist", "a"],
        [
            Q1,
            ("branch", "q1->q3", f"mentions 'therapist' {HERE} (\"therapist\")"),
            ("question", "q3", f"branch from q1: mentions 'therapist' {HERE} (\"therapist\")"),
            ("question", "q4", NEXT),
        ],
    ),
    (
        "to a theme (its first question)",
        "",
        ["I talked to my sisters about it", "a"],
        [
            Q1,
            ("branch", "q1->c", f"mentions 'sister' {HERE} (\"sisters\")"),
            ("question", "q5", f"branch from q1: mentions 'sister' {HERE} (\"sisters\")"),
            END,
        ],
    ),
    (
        "to the end",
        "",
        ["Stop here, please, I said enough"],
        [Q1, ("branch", "q1->end", f'matches /^stop/ {HERE} ("Stop")'), END],
    ),
    (
        "over every answer to the question, probes included",
        "",
        ["nobody", "well, my therapist", "a", "b", "c"],
        [
            Q1,
            ("probe", "q1/more", "probe 'more' fired: answer shorter than 3 words"),
            ("branch", "q1->q3", f"mentions 'therapist' {HERE} (\"therapist\")"),
            ("question", "q3", f"branch from q1: mentions 'therapist' {HERE} (\"therapist\")"),
            ("question", "q4", NEXT),
            ("question", "q5", NEXT),
            END,
        ],
    ),
    (
        "a skipped question's branches are not followed",
        "",
        [("skip",), "a", "b", "c", "d"],
        [
            Q1,
            ("skip:participant", "q1", "skipped by the participant"),
            ("question", "q2", NEXT),
            ("question", "q3", NEXT),
            ("question", "q4", NEXT),
            ("question", "q5", NEXT),
            END,
        ],
    ),
    (
        "a loop back is guarded: a main question is never asked twice",
        LOOP,
        ["my therapist helped a lot", "then back", "q2 answer", "q4 answer", "q5 answer"],
        [
            Q1,
            ("branch", "q1->q3", f"mentions 'therapist' {HERE} (\"therapist\")"),
            ("question", "q3", f"branch from q1: mentions 'therapist' {HERE} (\"therapist\")"),
            ("branch", "q3->q1", "always asked"),
            ("skip:engine", "q1", "already asked earlier; a main question is never asked twice"),
            ("question", "q2", NEXT),
            ("skip:engine", "q3", "already asked earlier; a main question is never asked twice"),
            ("question", "q4", NEXT),
            ("question", "q5", NEXT),
            END,
        ],
    ),
]


@pytest.mark.parametrize(("name", "q3_branch", "inputs", "expected"), CASES, ids=[c[0] for c in CASES])
def test_branches(guide_of, drive, trace, name, q3_branch, inputs, expected):
    iv = drive(guide_of(BRANCHING.replace("{q3_branch}", q3_branch)), inputs)
    assert trace(iv.events) == expected


def test_unknown_branch_target_is_a_guide_error(guide_of):
    from interviewer.engine import Interview
    from interviewer.errors import GuideError

    guide = guide_of(
        BRANCHING.replace(
            "{q3_branch}", '[[themes.questions.branches]]\nwhen = { always = true }\ngoto = "nowhere"'
        )
    )
    with pytest.raises(GuideError) as err:
        Interview(guide)
    assert err.value.lines() == [
        "guide 'test-study': question 'q3': branch goes to 'nowhere', "
        "which is neither a question, a theme nor 'end'"
    ]


COVERAGE = """
[settings]
probe_budget = 0
{settings}

[topics]
sleep = ["sleep", "night"]
family = ["sister", "brother", "family"]

[[themes]]
id = "t"
title = "T"

[[themes.questions]]
id = "q1"
text = "When do you use it?"

[[themes.questions]]
id = "q2"
text = "Does it help you sleep?"
covers = ["sleep"]
if_covered = "skip"

[[themes.questions]]
id = "q3"
text = "Does your family know?"
covers = ["family"]

[[themes.questions]]
id = "q4"
text = "Sleep and family?"
covers = ["sleep", "family"]
if_covered = "ask"

[[themes.questions]]
id = "q5"
text = "Sleep and work?"
covers = ["sleep", "work"]
"""


def test_covered_questions_are_skipped_marked_or_asked(guide_of, drive, trace):
    iv = drive(
        guide_of(COVERAGE.replace("{settings}", "")), ["At night, after calls with my sister", "b", "c", "d"]
    )
    assert trace(iv.events) == [
        Q1,
        ("coverage", "sleep,family", ""),
        ("skip:engine", "q2", "already covered: topics 'sleep' came up earlier"),
        ("question", "q3", "next main question; already touched on: topics 'family' covered earlier"),
        ("question", "q4", NEXT),  # if_covered = "ask"
        ("question", "q5", NEXT),  # 'work' not covered
        END,
    ]
    touched = {e.question_id: e.already_touched for e in iv.events if e.type == "prompt"}
    assert touched == {"q1": False, "q3": True, "q4": False, "q5": False}
    assert iv.covered == {"sleep", "family"}


def test_guide_wide_if_covered_setting(guide_of, drive, trace):
    iv = drive(guide_of(COVERAGE.replace("{settings}", 'if_covered = "skip"')), ["my brother", "b", "c"])
    assert trace(iv.events)[2:5] == [
        ("question", "q2", NEXT),
        ("skip:engine", "q3", "already covered: topics 'family' came up earlier"),
        ("question", "q4", NEXT),
    ]


def test_coverage_is_logged_once_per_topic(guide_of, drive):
    iv = drive(guide_of(COVERAGE.replace("{settings}", "")), ["night", "night and my sister"])
    assert [(e.prompt_id, e.topics) for e in iv.events if e.type == "coverage"] == [
        (1, ["sleep"]),
        (2, ["family"]),
    ]

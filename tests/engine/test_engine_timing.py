"""Running over time drops optional probes, then optional questions, in the documented order."""

import pytest

from interviewer.engine import Interview

TIMED = """
[[themes]]
id = "a"
title = "A"
minutes = 1

[[themes.questions]]
id = "q1"
text = "Q1?"

[[themes]]
id = "b"
title = "B"
minutes = 2

[[themes.questions]]
id = "qb1"
text = "QB1?"

[[themes.questions.probes]]
id = "rb"
text = "More on QB1?"

[[themes.questions]]
id = "qb2"
text = "QB2?"
required = false

[[themes.questions.probes]]
id = "ob"
text = "More on QB2?"

[[themes.questions]]
id = "qb3"
text = "QB3?"
required = false

[[themes]]
id = "c"
title = "C"
minutes = 2

[[themes.questions]]
id = "qc1"
text = "QC1?"
required = false

[[themes.questions]]
id = "qc2"
text = "QC2?"

[[themes.questions.probes]]
id = "rc"
text = "More on QC2?"

[[themes.questions]]
id = "qc3"
text = "QC3?"
required = false
"""

NEXT = "next main question"
BEHIND = "behind schedule (3.2 min; theme 'b' planned to end by 3 min); probes of optional questions go first"


def run_timed(guide, answers: list[float]) -> Interview:
    iv = Interview(guide, clock=lambda: 0.0)
    iv.start(elapsed=0.0)
    for t in answers:
        iv.answer("an answer", elapsed=t)
    return iv


CASES = [
    (
        "on time: nothing dropped",
        [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
        [
            ("question", "q1", "first main question"),
            ("question", "qb1", NEXT),
            ("probe", "qb1/rb", "probe 'rb' fired: always asked"),
            ("question", "qb2", NEXT),
            ("probe", "qb2/ob", "probe 'ob' fired: always asked"),
            ("question", "qb3", NEXT),
            ("question", "qc1", NEXT),
            ("question", "qc2", NEXT),
            ("probe", "qc2/rc", "probe 'rc' fired: always asked"),
            ("question", "qc3", NEXT),
            ("end", "completed", ""),
        ],
    ),
    (
        "behind schedule: only probes of optional questions go",
        [100, 185, 186, 190, 200, 210, 220, 230, 240],
        [
            ("question", "q1", "first main question"),
            ("question", "qb1", NEXT),
            ("probe", "qb1/rb", "probe 'rb' fired: always asked"),  # a required question's probe stays
            ("question", "qb2", NEXT),
            ("drop", "qb2/ob", f"probe 'ob' dropped: {BEHIND}"),
            ("question", "qb3", NEXT),
            ("question", "qc1", NEXT),
            ("question", "qc2", NEXT),
            ("probe", "qc2/rc", "probe 'rc' fired: always asked"),
            ("question", "qc3", NEXT),
            ("end", "completed", ""),
        ],
    ),
    (
        "over the theme budget, then over the planned total",
        [100, 110, 120, 230, 310, 320],
        [
            ("question", "q1", "first main question"),
            ("question", "qb1", NEXT),
            ("probe", "qb1/rb", "probe 'rb' fired: always asked"),
            ("question", "qb2", NEXT),
            ("drop", "qb2/ob", "probe 'ob' dropped: over the budget of theme 'b' (2.2 of 2 min)"),
            ("drop", "qb3", "optional question dropped: over the budget of theme 'b' (2.2 of 2 min)"),
            ("question", "qc1", NEXT),  # a later theme's optional question stays until the total is over
            ("question", "qc2", NEXT),  # required questions are never dropped
            ("drop", "qc2/rc", "probe 'rc' dropped: over the planned total (5.3 of 5 min)"),
            ("drop", "qc3", "optional question dropped: over the planned total (5.3 of 5 min)"),
            ("end", "completed", ""),
        ],
    ),
]


@pytest.mark.parametrize(("name", "times", "expected"), CASES, ids=[c[0] for c in CASES])
def test_time_drops(guide_of, trace, name, times, expected):
    iv = run_timed(guide_of(TIMED), times)
    assert trace(iv.events) == expected


def test_total_from_study_duration_drops_later_optional_questions(guide_of, trace):
    body = TIMED.replace("minutes = 1\n", "").replace("minutes = 2\n", "")
    guide = guide_of(body)
    guide = guide.model_copy(update={"study": guide.study.model_copy(update={"duration_minutes": 1.0})})
    iv = run_timed(guide, [10, 70, 71])
    assert trace(iv.events)[1:6] == [
        ("question", "qb1", NEXT),
        ("drop", "qb1/rb", "probe 'rb' dropped: over the planned total (1.2 of 1 min)"),
        ("drop", "qb2", "optional question dropped: over the planned total (1.2 of 1 min)"),
        ("drop", "qb3", "optional question dropped: over the planned total (1.2 of 1 min)"),
        ("drop", "qc1", "optional question dropped: over the planned total (1.2 of 1 min)"),
    ]


def test_no_budgets_no_drops(guide_of, trace):
    body = TIMED.replace("minutes = 1\n", "").replace("minutes = 2\n", "")
    iv = run_timed(guide_of(body), [10_000 * i for i in range(1, 11)])
    assert not [t for t in trace(iv.events) if t[0] == "drop"]
    assert trace(iv.events)[-1] == ("end", "completed", "")

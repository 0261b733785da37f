"""Flow-graph semantics: forward branches, backward branches, theme targets, reachability, topics."""

from __future__ import annotations

import pytest

from interviewer.errors import GuideError
from interviewer.guide.check import check_guide_text
from interviewer.guide.graph import flow_graph, is_always
from interviewer.guide.loader import load_guide
from interviewer.guide.model import Condition, Guide

HEAD = """\
[study]
id = "g"
title = "Graph"
version = "1"

[information]
sheet = "Sheet."

[[information.consent]]
id = "agree"
text = "I agree."

[topics]
pets = ["dog", "cat"]
"""


def guide_text(*themes: tuple[str, list[tuple[str, list[tuple[str, str]]]]]) -> str:
    """Build a guide: themes of (id, [(question id, [(branch condition, goto)])])."""
    out = [HEAD]
    for theme_id, questions in themes:
        out.append(f'[[themes]]\nid = "{theme_id}"\ntitle = "T"\n')
        for qid, branches in questions:
            out.append(f'[[themes.questions]]\nid = "{qid}"\ntext = "What about {qid}?"\n')
            for when, goto in branches:
                out.append(f'[[themes.questions.branches]]\nwhen = {when}\ngoto = "{goto}"\n')
    return "\n".join(out)


MENTIONS = '{ mentions_any = ["dog"] }'
ALWAYS = "{ always = true }"


def codes(text: str) -> list[tuple[str, str]]:
    return [(p.severity, p.code) for p in check_guide_text(text).problems if p.code != "unused-topic"]


def test_forward_branches_to_question_theme_and_end_are_fine():
    text = guide_text(("one", [("a", [(MENTIONS, "c"), ('{ mentions_any = ["cat"] }', "two")]), ("b", [])]),
                      ("two", [("c", [('{ shorter_than = 3 }', "end")]), ("d", [])]))
    assert codes(text) == []
    guide = check_guide_text(text).guide
    assert flow_graph(guide) == {"a": ["c", "c", "b"], "b": ["c"], "c": ["end", "d"], "d": ["end"]}


def test_backward_branch_is_a_cycle_but_one_jumped_over_is_not():
    looping = guide_text(("one", [("a", []), ("b", []), ("c", [(MENTIONS, "a")])]))
    (problem,) = check_guide_text(looping).problems[1:]  # the first is the unused topic
    assert problem.code == "cycle"
    assert "a → b → c → a" in problem.message
    # 'b' always jumps past 'c', so no path leads from 'a' back to c's backward branch.
    jumped = guide_text(("one", [("a", []), ("b", [(ALWAYS, "d")]), ("c", [(MENTIONS, "a")]), ("d", [])]))
    assert codes(jumped) == [("warning", "unreachable")]


def test_branch_to_own_theme_is_a_cycle():
    text = guide_text(("one", [("a", []), ("b", [(MENTIONS, "one")])]))
    problems = [p for p in check_guide_text(text).problems if p.code == "cycle"]
    assert len(problems) == 1 and "a → b → a" in problems[0].message


def test_self_branch_is_a_cycle():
    text = guide_text(("one", [("a", [(MENTIONS, "a")]), ("b", [])]))
    (problem,) = [p for p in check_guide_text(text).problems if p.code == "cycle"]
    assert "makes a cycle: a → a" in problem.message


def test_dead_branch_after_unconditional_one():
    text = guide_text(("one", [("a", [(ALWAYS, "c"), (MENTIONS, "b")]), ("b", []), ("c", [])]))
    assert codes(text) == [("warning", "dead-branch"), ("warning", "unreachable")]


def test_is_always():
    assert is_always(Condition(always=True))
    assert is_always(Condition.model_validate({"any": [{"shorter_than": 3}, {"always": True}]}))
    assert not is_always(Condition.model_validate({"all": [{"shorter_than": 3}, {"always": True}]}))
    assert not is_always(Condition(choice=True))


TOPICS = HEAD + """
[[themes]]
id = "one"
title = "T"

[[themes.questions]]
id = "a"
text = "What about pets?"
covers = ["pets"]
if_covered = "skip"

[[themes.questions.probes]]
id = "p"
text = "What else?"
topic = "pest"
when = { any = [{ covered = "pets" }, { not = { not_covered = "food" } }] }

[[themes.questions]]
id = "b"
text = "What about food?"
if_covered = "ask"
probe_budget = 0

[[themes.questions.probes]]
id = "p"
text = "What else?"
"""


def test_topic_references_everywhere_are_checked():
    problems = [(p.line, p.col, p.code, p.message) for p in check_guide_text(TOPICS, "t.toml").problems]
    assert problems == [
        (29, 1, "unknown-topic", "probe 'p' of question 'a': unknown topic 'pest' (did you mean 'pets'?); "
                                 "define it under [topics] with its keywords"),
        (30, 49, "unknown-topic", "probe 'p' of question 'a': not_covered: unknown topic 'food'; define it under "
                                  "[topics] with its keywords"),
        (35, 1, "if-covered-unused", "question 'b': if_covered has no effect because the question covers no "
                                     "topics (add covers = [...])"),
        (36, 1, "no-probe-budget", "question 'b' has 1 probe(s) but a probe budget of 0, so none will be asked"),
    ]


def test_load_guide_raises_on_graph_errors_but_not_on_warnings(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(guide_text(("one", [("a", []), ("b", [(MENTIONS, "zz")])])))
    with pytest.raises(GuideError) as info:
        load_guide(bad)
    assert info.value.problems == [f"{bad}:30:1: error: question 'b': branch goes to 'zz', which is neither a "
                                   "question, a theme nor 'end'"]
    good = tmp_path / "good.toml"
    good.write_text(guide_text(("one", [("a", [])])))  # an unused topic is only a warning
    assert isinstance(load_guide(good), Guide)


def test_minutes_over_budget_are_warnings():
    text = HEAD.replace('version = "1"', 'version = "1"\nduration_minutes = 5') + """
[[themes]]
id = "one"
title = "T"
minutes = 4

[[themes.questions]]
id = "a"
text = "What about pets?"
covers = ["pets"]
minutes = 3

[[themes.questions]]
id = "b"
text = "What about food?"
minutes = 2

[[themes]]
id = "two"
title = "T"
minutes = 2

[[themes.questions]]
id = "c"
text = "What else?"
"""
    messages = [p.message for p in check_guide_text(text).problems]
    assert messages == ["the themes plan 6 minutes but study.duration_minutes is 5",
                        "theme 'one': its questions plan 5 minutes but the theme has 4"]

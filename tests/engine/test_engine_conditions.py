"""Every trigger and combinator, with the exact reason it gives either way."""

import pytest

from interviewer.engine.conditions import Context, evaluate, uses_choice
from interviewer.engine.matching import Matcher
from interviewer.guide.model import Condition

M = Matcher("en")
SHORT = "It was fine, I guess."  # 5 words
STORY = "My therapist suggested the chatbot, and I felt calmer talking to it at night."


def check(cond: dict, text: str, covered=()):
    ctx = Context(M.analyse(text), frozenset(covered), M)
    return evaluate(Condition.model_validate(cond), ctx)


@pytest.mark.parametrize(
    ("cond", "text", "covered", "expected"),
    [
        ({"always": True}, SHORT, (), (True, "always asked")),
        ({"choice": True}, SHORT, (), (False, "interviewer's choice only")),
        ({"shorter_than": 6}, SHORT, (), (True, "answer shorter than 6 words")),
        ({"shorter_than": 5}, SHORT, (), (False, "answer not shorter than 5 words")),
        ({"longer_than": 4}, SHORT, (), (True, "answer longer than 4 words")),
        ({"longer_than": 5}, SHORT, (), (False, "answer not longer than 5 words")),
        ({"longer_than": 0}, "", (), (False, "answer not longer than 0 words")),
        ({"mentions_any": ["robot", "chatbots"]}, STORY, (), (True, "mentions 'chatbots'")),
        ({"mentions_any": ["robot", "app"]}, STORY, (), (False, "mentions none of 'robot', 'app'")),
        ({"mentions_none": ["robot", "app"]}, STORY, (), (True, "mentions none of 'robot', 'app'")),
        ({"mentions_none": ["Therapists"]}, STORY, (), (False, "mentions 'Therapists'")),
        ({"matches": r"calm(er)?\b"}, STORY, (), (True, r"matches /calm(er)?\b/")),
        ({"matches": r"^my THERAPIST"}, STORY, (), (True, "matches /^my THERAPIST/")),
        ({"matches": r"\bsad\b"}, STORY, (), (False, r"does not match /\bsad\b/")),
        ({"not_covered": "sleep"}, SHORT, (), (True, "topic 'sleep' not yet covered")),
        ({"not_covered": "sleep"}, SHORT, ("sleep",), (False, "topic 'sleep' already covered")),
        ({"covered": "sleep"}, SHORT, ("sleep",), (True, "topic 'sleep' already covered")),
        ({"covered": "sleep"}, SHORT, (), (False, "topic 'sleep' not yet covered")),
    ],
)
def test_single_tests(cond, text, covered, expected):
    assert check(cond, text, covered) == expected


@pytest.mark.parametrize(
    ("cond", "text", "expected"),
    [
        (
            {"all": [{"longer_than": 3}, {"mentions_any": ["therapist"]}]},
            STORY,
            (True, "answer longer than 3 words and mentions 'therapist'"),
        ),
        (
            {"all": [{"longer_than": 3}, {"mentions_any": ["robot"]}, {"shorter_than": 2}]},
            STORY,
            (False, "mentions none of 'robot'"),
        ),
        (
            {"any": [{"shorter_than": 3}, {"mentions_any": ["night"]}]},
            STORY,
            (True, "mentions 'night'"),
        ),
        (
            {"any": [{"shorter_than": 3}, {"mentions_any": ["robot"]}]},
            STORY,
            (False, "answer not shorter than 3 words and mentions none of 'robot'"),
        ),
        ({"not": {"shorter_than": 10}}, STORY, (True, "answer not shorter than 10 words")),
        ({"not": {"mentions_any": ["chatbot"]}}, STORY, (False, "mentions 'chatbot'")),
        (
            {"not": {"any": [{"mentions_any": ["robot"]}, {"matches": "sad"}]}},
            STORY,
            (True, "mentions none of 'robot' and does not match /sad/"),
        ),
        (
            {"any": [{"choice": True}, {"shorter_than": 100}]},
            STORY,
            (True, "answer shorter than 100 words"),
        ),
        ({"all": [{"choice": True}, {"always": True}]}, STORY, (False, "interviewer's choice only")),
    ],
)
def test_combinators(cond, text, expected):
    assert check(cond, text) == expected


def test_uses_choice_looks_inside_combinations():
    assert uses_choice(Condition.model_validate({"not": {"any": [{"always": True}, {"choice": True}]}}))
    assert not uses_choice(Condition.model_validate({"all": [{"always": True}, {"shorter_than": 3}]}))

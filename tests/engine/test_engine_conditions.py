"""Every trigger and combinator, with the exact reason it gives either way."""

import pytest

from interviewer.engine import End
from interviewer.engine.conditions import Context, evaluate, uses_choice, verdict
from interviewer.engine.matching import Matcher
from interviewer.engine.memory import Memory
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
        ({"mentions_any": ["robot", "chatbots"]}, STORY, (), (True, 'mentions \'chatbots\' in this question\'s answers ("chatbot")')),
        ({"mentions_any": ["robot", "app"]}, STORY, (), (False, "mentions none of 'robot', 'app' in this question's answers")),
        ({"mentions_none": ["robot", "app"]}, STORY, (), (True, "mentions none of 'robot', 'app' in this question's answers")),
        ({"mentions_none": ["Therapists"]}, STORY, (), (False, 'mentions \'Therapists\' in this question\'s answers ("therapist")')),
        ({"matches": r"calm(er)?\b"}, STORY, (), (True, r'''matches /calm(er)?\b/ in this question's answers ("calmer")''')),
        ({"matches": r"^my THERAPIST"}, STORY, (), (True, 'matches /^my THERAPIST/ in this question\'s answers ("My therapist")')),
        ({"matches": r"\bsad\b"}, STORY, (), (False, r"does not match /\bsad\b/ in this question's answers")),
        ({"not_covered": "sleep"}, SHORT, (), (True, "topic 'sleep' not yet covered in this question's answers")),
        ({"not_covered": "sleep"}, SHORT, ("sleep",), (False, "topic 'sleep' already covered in this question's answers")),
        ({"covered": "sleep"}, SHORT, ("sleep",), (True, "topic 'sleep' already covered in this question's answers")),
        ({"covered": "sleep"}, SHORT, (), (False, "topic 'sleep' not yet covered in this question's answers")),
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
            (True, 'answer longer than 3 words and mentions \'therapist\' in this question\'s answers ("therapist")'),
        ),
        (
            {"all": [{"longer_than": 3}, {"mentions_any": ["robot"]}, {"shorter_than": 2}]},
            STORY,
            (False, "mentions none of 'robot' in this question's answers"),
        ),
        (
            {"any": [{"shorter_than": 3}, {"mentions_any": ["night"]}]},
            STORY,
            (True, 'mentions \'night\' in this question\'s answers ("night")'),
        ),
        (
            {"any": [{"shorter_than": 3}, {"mentions_any": ["robot"]}]},
            STORY,
            (False, "answer not shorter than 3 words and mentions none of 'robot' in this question's answers"),
        ),
        ({"not": {"shorter_than": 10}}, STORY, (True, "answer not shorter than 10 words")),
        ({"not": {"mentions_any": ["chatbot"]}}, STORY, (False, 'mentions \'chatbot\' in this question\'s answers ("chatbot")')),
        (
            {"not": {"any": [{"mentions_any": ["robot"]}, {"matches": "sad"}]}},
            STORY,
            (True, "mentions none of 'robot' in this question's answers and does not match /sad/ in this question's answers"),
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


# -- scopes: the latest answer, this question's answers, the interview so far -----------------

EARLIER = "My therapist suggested it, months ago."
MAIN = "What I didn't like was the long bullet point lists."
LATEST = "Fine."
TOPICS = {"care": ["therapist", "counsellor"], "format": ["bullet point", "lists"]}


def scoped(cond: dict, answers=None, covered=("care", "format")):
    """Evaluate over a memory: an earlier question, then this one (main answer, then a probe's)."""
    answers = answers or {"warm-up": [EARLIER], "likes": [MAIN, LATEST]}
    memory = Memory(M)
    memory.sync(answers)
    latest = answers["likes"][-1]
    ctx = Context(M.analyse(latest), frozenset(covered), M, memory, "likes", TOPICS)
    return verdict(Condition.model_validate(cond), ctx)


@pytest.mark.parametrize(
    ("cond", "expected"),
    [
        # mentions_* and matches default to this question's answers: the main answer counts
        ({"mentions_none": ["didn't like"]}, (False, "mentions 'didn't like' in this question's answers (\"didn't like\")")),
        ({"mentions_none": ["didn't like"], "scope": "answer"}, (True, "mentions none of 'didn't like' in the answer")),
        ({"mentions_any": ["therapist"]}, (False, "mentions none of 'therapist' in this question's answers")),
        ({"mentions_any": ["therapist"], "scope": "interview"}, (True, "mentions 'therapist' in the interview so far (\"therapist\")")),
        ({"matches": "bullet[- ]point"}, (True, "matches /bullet[- ]point/ in this question's answers (\"bullet point\")")),
        ({"matches": "bullet[- ]point", "scope": "answer"}, (False, "does not match /bullet[- ]point/ in the answer")),
        # word counts default to the latest answer
        ({"shorter_than": 3}, (True, "answer shorter than 3 words")),
        ({"shorter_than": 3, "scope": "question"}, (False, "this question's answers not shorter than 3 words")),
        ({"longer_than": 16, "scope": "interview"}, (True, "all answers so far longer than 16 words")),
        ({"longer_than": 17, "scope": "interview"}, (False, "all answers so far not longer than 17 words")),
        # coverage: in this question's answers by default, anywhere with scope = "interview"
        ({"covered": "care"}, (False, "topic 'care' not yet covered in this question's answers")),
        ({"covered": "care", "scope": "interview"}, (True, "topic 'care' already covered in the interview so far (\"therapist\")")),
        ({"not_covered": "format"}, (False, "topic 'format' already covered in this question's answers (\"bullet point\")")),
        ({"covered": "format", "scope": "answer"}, (False, "topic 'format' not yet covered in the answer")),
        # a combination's scope is the default of its parts; a part's own scope wins
        (
            {"any": [{"mentions_any": ["therapist"]}, {"shorter_than": 1}], "scope": "interview"},
            (True, "mentions 'therapist' in the interview so far (\"therapist\")"),
        ),
        (
            {"all": [{"mentions_any": ["lists"]}, {"shorter_than": 2, "scope": "answer"}], "scope": "question"},
            (True, "mentions 'lists' in this question's answers (\"lists\") and answer shorter than 2 words"),
        ),
        ({"not": {"mentions_any": ["counsellor"]}, "scope": "interview"}, (True, "mentions none of 'counsellor' in the interview so far")),
    ],
)
def test_each_scope(cond, expected):
    holds, reason, _ = scoped(cond)
    assert (holds, reason) == expected


def test_without_a_memory_every_scope_is_the_answer():
    ctx = Context(M.analyse(STORY), frozenset(), M)
    assert verdict(Condition(mentions_any=["night"], scope="interview"), ctx).holds


def test_scope_is_refused_where_nothing_is_said():
    with pytest.raises(ValueError, match="scope has no effect on always"):
        Condition.model_validate({"always": True, "scope": "answer"})


# -- {match}: the words as the participant said them ------------------------------------------


@pytest.mark.parametrize(
    ("cond", "answers", "quote"),
    [
        ({"mentions_any": ["best friend"]}, ["Pi was my Best Friend, honestly."], "Best Friend"),  # case
        ({"mentions_any": ["friend"]}, ["My friends said I should try it."], "friends"),  # inflection
        ({"mentions_any": ["feel"]}, ["It made me FEELING calmer."], "FEELING"),
        ({"mentions_any": ["bullet point lists"]}, ["Those bullet-point lists!"], "bullet-point lists"),  # punctuation
        ({"mentions_any": ["didnt like"]}, ["I didn’t like the tone."], "didn’t like"),  # apostrophes
        ({"mentions_any": ["robot", "friend", "companion"]}, ["A companion, more a friend."], "friend"),  # guide order
        ({"mentions_any": ["friend"]}, ["My Friend helped.", "friends again"], "Friend"),  # first occurrence
        ({"matches": r"\b(best )?friends?\b"}, ["She's my best friend."], "best friend"),
        ({"matches": r"friend\W*"}, ["friend!!!"], "friend"),
        ({"all": [{"longer_than": 1}, {"mentions_any": ["sister"]}]}, ["my sisters, both"], "sisters"),
        ({"any": [{"shorter_than": 1}, {"covered": "care"}]}, ["my Counsellor"], "Counsellor"),
        # case folding splits "İ" off as its own word: the words cannot be placed, the stem is quoted
        ({"mentions_any": ["stanbul"]}, ["İstanbul"], "stanbul"),
        ({"mentions_none": ["robot"]}, ["my sisters"], None),
        ({"not": {"mentions_any": ["robot"]}}, ["my sisters"], None),
        ({"shorter_than": 10}, ["my sisters"], None),
    ],
)
def test_the_quote_is_the_participants_own_words(cond, answers, quote):
    holds, _, said = scoped(cond, {"likes": answers})
    assert holds and said == quote


# -- issue 16: a pattern that backtracks forever in Python's re is linear in RE2 ----------------


@pytest.mark.timeout(10)  # Python's re takes minutes on this; RE2 answers at once
def test_a_catastrophic_pattern_cannot_hang_the_engine(guide_of, drive):
    guide = guide_of("""
[[themes]]
id = "t"
title = "T"

[[themes.questions]]
id = "q"
text = "What happened?"

[[themes.questions.probes]]
id = "p"
text = "And then?"
when = { matches = "(a+)+$" }
""")
    answer = "a" * 33 + "!"
    assert len(answer) == 34
    iv = drive(guide, [answer])
    assert isinstance(iv.current, End) and iv.current.reason == "completed"  # the probe did not fire
    assert check({"matches": "(a+)+$"}, answer) == (False, "does not match /(a+)+$/ in this question's answers")
    assert check({"matches": "(a+)+$"}, "a" * 33)[0]

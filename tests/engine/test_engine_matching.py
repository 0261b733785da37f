"""Word and phrase matching is robust to case, punctuation and simple inflections."""

import pytest

from interviewer.engine.distress import DEFAULT_PHRASES, DistressCheck
from interviewer.engine.matching import Matcher, words
from interviewer.guide.model import Distress

EN = Matcher("en")


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("chatbot", "I used Chatbots a lot.", True),
        ("chatbots", "the chatbot helped", True),
        ("feel", "I was feeling low", True),
        ("feel", "I felt low", False),  # irregular forms match only when the guide lists them
        ("felt", "I felt low", True),
        ("therapist", "My THERAPIST, honestly...", True),
        ("better off without me", "they'd be better off, without me!", True),
        ("better off without me", "better without me", False),
        ("don't want to be here", "I dont want to be here anymore", True),
        ("don't want to be here", "I don’t want to be here", True),
        ("self-harm", "thoughts of self harm", True),
        ("sister", "my sisters", True),
        ("sleep", "asleep", False),  # whole words only
        ("end it all", "the end of it all", False),  # phrases are contiguous
        ("AI", "an ai companion", True),
    ],
)
def test_phrase_matching(phrase, text, expected):
    assert EN.analyse(text).has(EN.phrase(phrase)) is expected


def test_word_count_ignores_punctuation():
    assert EN.analyse("It was fine, I guess.").word_count == 5
    assert EN.analyse(" -- ").word_count == 0
    assert words("Don't STOP—now") == ["dont", "stop", "now"]


def test_first_match_reports_the_guide_wording():
    assert EN.first_match(EN.analyse("Talking to chatbots"), ["robot", "Chatbot"]) == "Chatbot"
    assert EN.first_match(EN.analyse("nothing here"), ["robot"]) is None


def test_unknown_language_matches_unstemmed():
    m = Matcher("xx")
    assert m.analyse("Chatbots!").has(m.phrase("chatbots"))
    assert not m.analyse("Chatbots!").has(m.phrase("chatbot"))


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("There were nights when I felt hopeless.", True),
        ("Everyone would be better off without me", True),
        ("Sometimes I wanted to hurt myself", True),
        ("I have had suicidal thoughts", True),
        ("I just don't want to be here any more", True),
        ("It helped me sleep better", False),
        ("I hoped it would help", False),
    ],
)
def test_default_distress_phrases(text, fires):
    check = DistressCheck(Distress(), EN)
    assert check.fires(EN.analyse(text)) is fires


def test_guide_phrases_and_defaults_switch():
    own = DistressCheck(Distress(phrases=["falling apart"], include_defaults=False), EN)
    assert own.fires(EN.analyse("I was Falling apart"))
    assert not own.fires(EN.analyse("I felt hopeless"))
    both = DistressCheck(Distress(phrases=["falling apart"]), EN)
    assert both.fires(EN.analyse("I felt hopeless")) and both.fires(EN.analyse("falling apart"))
    assert "hopeless" in DEFAULT_PHRASES and "kill myself" in DEFAULT_PHRASES

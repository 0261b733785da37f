"""Question-quality heuristics (Kallio et al. 2016) on flagged and on neutral wording."""

from __future__ import annotations

import pytest

from interviewer.guide.check import check_guide_text
from interviewer.guide.quality import assess, assess_acknowledgement

FLAGGED = [
    ("Do you use it every day?", "closed-question"),
    ("Is it helpful?", "closed-question"),
    ("Did the chatbot help?", "closed-question"),
    ("Are you happy with it?", "closed-question"),
    ("Have you used other apps?", "closed-question"),
    ("Can you remember the first time?", "closed-question"),
    ("Would you use it again?", "closed-question"),
    ("You said it felt safe. Was that important?", "closed-question"),
    ("How did you feel and what did you do?", "double-barrelled"),
    ("How many conversations did you have and how long did they last?", "double-barrelled"),
    ("What did you like, and did you tell anyone?", "double-barrelled"),
    ("How did it start? What happened next?", "double-barrelled"),
    ("How did you feel, and what happened next?", "double-barrelled"),
    ("What did you like and not like?", "double-barrelled"),
    ("Tell me what it was like and how it changed over time.", "double-barrelled"),
    ("How did it affect your productivity and your relationships?", "double-barrelled"),
    ("Don't you think it helped?", "leading"),
    ("Wouldn't you agree that it is useful?", "leading"),
    ("How much did you enjoy the conversations?", "leading"),
    ("Isn't it true that talking helps?", "leading"),
    ("Surely that made a difference?", "leading"),
    ("It was reassuring, wasn't it?", "leading"),
    ("How helpful was it for you?", "leading"),
    ("You must have felt relieved. What happened then?", "leading"),
    ("You should talk to someone about that.", "advice"),
    ("Have you tried meditation?", "advice"),
    ("Why don't you write it down?", "advice"),
    ("It might help to take a break from it.", "advice"),
    ("I suggest keeping a diary. How would that be?", "advice"),
    ("Try talking to a friend about it.", "advice"),
    ("Thinking back over the whole period in which you used these chatbots regularly, what would you say "
     "were the most important ways in which they changed how you thought about your own wellbeing?", "too-long"),
]

NEUTRAL = [
    "Tell me about your first experiences of AI chatbots.",
    "What mental health and wellbeing improvements were you looking for?",
    "What changes did you see in your daily life as a result of those conversations?",
    "What might have made the conversations more helpful for you?",
    "How does the AI chatbot experience compare with other approaches you've experienced for working on "
    "your mental health and wellbeing?",
    "How did you come to use it?",
    "What was that like for you?",
    "Could you tell me more about that?",
    "Can you describe a typical conversation?",
    "Would you walk me through what happened?",
    "Could you give an example?",
    "Who or what helped you most?",
    "Tell me what it was like for you.",
    "What did you find helpful?",
    "What did you try to do?",
    "What did you need to do next?",
    "In what ways, if any, did it change how you cope?",
    "You said “perfect”. What made it perfect?",
    "And then?",
]


@pytest.mark.parametrize(("text", "code"), FLAGGED)
def test_flagged_wording(text, code):
    assert code in [f.code for f in assess(text)]


@pytest.mark.parametrize("text", NEUTRAL)
def test_neutral_open_question_is_not_flagged(text):
    assert assess(text) == []


def test_probes_have_a_shorter_length_limit():
    probe = "Thinking about the very first conversation you had with it, what stands out most to you now when you look back?"
    assert [f.code for f in assess(probe, "probe")] == ["too-long"]
    assert assess(probe, "question") == []


def test_reasons_say_why():
    (closed,) = assess("Do you like it?")
    assert closed.reason.startswith("closed question (starts 'Do you…') invites a yes/no answer")
    (advice,) = assess("It might help to rest.", "probe")
    assert advice.reason == ("gives advice ('It might help to'): a probe should invite the participant to say "
                             "more, not suggest what to do")


GUIDE = """\
[study]
id = "q"
title = "Quality"
version = "1"

[information]
sheet = "Sheet."

[[information.consent]]
id = "agree"
text = "I agree."

[[themes]]
id = "start"
title = "Start"

[[themes.questions]]
id = "feelings"
text = "How did you feel about it?"
sensitive = true

[[themes.questions]]
id = "habit"
text = "Do you use it every day?"
alternative = "Don't you think it helps?"

[[themes.questions.probes]]
id = "advice"
text = "Have you tried talking to someone?"
"""


def test_guide_warnings_name_the_question_and_its_line():
    report = check_guide_text(GUIDE, "q.toml")
    assert [p.severity for p in report.problems] == ["warning"] * 6
    assert [p.format() for p in report.problems] == [
        "q.toml:20:1: warning: question 'feelings' is sensitive but in the first theme; open with easy, "
        "general questions and move sensitive ones later",
        "q.toml:24:1: warning: question 'habit': closed question (starts 'Do you…') invites a yes/no answer; "
        "ask 'How…', 'What…' or 'Tell me about…'",
        "q.toml:25:1: warning: question 'habit' (alternative): closed question (starts 'Don't you…') invites "
        "a yes/no answer; ask 'How…', 'What…' or 'Tell me about…'",
        "q.toml:25:1: warning: question 'habit' (alternative): leading wording ('Don't you') suggests the "
        "answer; ask neutrally, e.g. 'What do you think about…?'",
        "q.toml:29:1: warning: probe 'advice' of question 'habit': closed question (starts 'Have you…') invites "
        "a yes/no answer; ask 'How…', 'What…' or 'Tell me about…'",
        "q.toml:29:1: warning: probe 'advice' of question 'habit': gives advice ('Have you tried'): a probe "
        "should invite the participant to say more, not suggest what to do",
    ]
    assert report.passed() and not report.passed(strict=True)
    assert report.guide is not None


@pytest.mark.parametrize(
    ("cue", "codes"),
    [
        ("Thank you.", []),
        ("I see.", []),
        ("Thank you for telling me that.", []),
        ("Great answer!", ["acknowledgement"]),
        ("Thanks. Shall we go on?", ["acknowledgement"]),
        ("Thank you so much for sharing all of that with me today, really.", ["acknowledgement"]),
        ("Thanks. You should talk to someone.", ["advice"]),
    ],
)
def test_acknowledgements_are_short_neutral_listening_cues(cue, codes):
    assert [f.code for f in assess_acknowledgement(cue)] == codes


def test_acknowledgement_warnings_are_located():
    text = GUIDE.replace("[[themes]]", '[settings]\nacknowledgements = ["Thank you.", "Well done!"]\n\n[[themes]]', 1)
    report = check_guide_text(text, "q.toml")
    ack = [p.format() for p in report.problems if p.code == "acknowledgement"]
    assert ack == ["q.toml:14:35: warning: acknowledgement 2: judges the answer ('Well done'); acknowledge "
                   "that it was heard, not how good it was"]

"""An interviewer that remembers: scoped triggers, the 'already said' skip, {match} quoting, acknowledgements."""

from __future__ import annotations

import pytest

from interviewer.engine import Interview, Prompt, SupportStep
from interviewer.errors import GuideError

LIKES = """
[topics]
care = ["therapist", "counsellor"]

[[themes]]
id = "use"
title = "Using it"

[[themes.questions]]
id = "start"
text = "Tell me how you started."

[[themes.questions]]
id = "likes"
text = "What did you like about it?"
probe_budget = 3

[[themes.questions.probes]]
id = "example"
text = "Could you give an example?"
when = { shorter_than = 100 }

[[themes.questions.probes]]
id = "not-liked"
text = "What, if anything, did you not like?"
kind = "contrast"
when = { mentions_none = ["didn't like", "dislike"] }

[[themes.questions.probes]]
id = "care"
text = "How was that different from therapy?"
kind = "contrast"
when = { covered = "care", scope = "interview" }
covers = ["different", "similar"]

[[themes.questions]]
id = "end"
text = "What else would you like to add?"
"""

DISLIKE = "What I didn't like was the long bullet point lists."


def test_a_probe_hears_the_main_answer_not_only_the_latest_reply(guide_of, drive, trace):
    iv = drive(guide_of(LIKES), ["My therapist told me to try it.", DISLIKE, "The one about sleep."])
    # 'not-liked' is weighed after the example's answer, over the whole question: the main
    # answer already said it, so it is not asked; the next probe remembers the first answer
    assert trace(iv.events)[2:] == [
        ("question", "likes", "next main question"),
        ("probe", "likes/example", "probe 'example' fired: answer shorter than 100 words"),
        ("probe", "likes/care", "probe 'care' fired: topic 'care' already covered in the interview so far "
                                "(\"therapist\")"),
    ]


def test_answer_scope_keeps_the_old_behaviour(guide_of, drive):
    body = LIKES.replace('when = { mentions_none = ["didn\'t like", "dislike"] }',
                         'when = { mentions_none = ["didn\'t like", "dislike"], scope = "answer" }')
    iv = drive(guide_of(body), ["x", DISLIKE, "The one about sleep."])
    step = iv.current
    assert isinstance(step, Prompt) and step.probe_id == "not-liked"
    assert step.reason == "probe 'not-liked' fired: mentions none of 'didn't like', 'dislike' in the answer"


def test_a_probe_already_answered_anywhere_is_skipped_and_logged(guide_of, drive, trace):
    iv = drive(guide_of(LIKES), ["My therapist was very different from this.", DISLIKE, "sleep"])
    skips = [t for t in trace(iv.events) if t[0] == "skip:engine"]
    assert skips == [("skip:engine", "likes/care",
                      "probe 'care' not asked: already said in the interview so far: 'different' (\"different\")")]


QUOTE = """
[[themes]]
id = "t"
title = "T"

[[themes.questions]]
id = "bond"
text = "How would you describe your relationship with it?"

[[themes.questions.probes]]
id = "echo"
kind = "echo"
text = "You said “{match}”. What makes it feel like one?"
fallback = "What makes it feel like a friend?"
when = { any = [{ matches = "\\\\b(best )?friends?\\\\b" }, { shorter_than = 3 }] }

[[themes.questions]]
id = "next"
text = "What else?"
"""


@pytest.mark.parametrize(
    ("answer", "text"),
    [
        ("Honestly it was my Best Friend.", "You said “Best Friend”. What makes it feel like one?"),
        ("Like having friends around.", "You said “friends”. What makes it feel like one?"),
        ("A friend!", "You said “friend”. What makes it feel like one?"),
        ("Not sure.", "What makes it feel like a friend?"),  # fired by the word count: nothing to quote
    ],
)
def test_match_quotes_the_participant_or_falls_back(guide_of, drive, answer, text):
    iv = drive(guide_of(QUOTE), [answer])
    assert isinstance(iv.current, Prompt) and iv.current.text == text
    # a repeat says the same words; the journal holds the words actually asked
    assert iv.repeat(elapsed=9).text == text
    assert [e.text for e in iv.events if e.type == "prompt"][-2:] == [text, text]


def test_no_quote_and_no_fallback_is_a_logged_skip(guide_of, drive, trace):
    guide = guide_of(QUOTE.replace('fallback = "What makes it feel like a friend?"\n', ""))
    iv = drive(guide, ["Not sure."])
    assert ("skip:engine", "bond/echo", "probe 'echo' not asked: nothing to quote for {match} and no fallback "
            "text") in trace(iv.events)
    assert iv.current.question_id == "next"


ACKS = """
[settings]
acknowledgements = ["Thank you.", "I see."]

[[themes]]
id = "a"
title = "A"

[[themes.questions]]
id = "a1"
text = "First?"

[[themes.questions]]
id = "a2"
text = "Second?"

[[themes.questions.probes]]
id = "more"
text = "Could you say more?"
when = { shorter_than = 3 }

[[themes.questions]]
id = "a3"
text = "Third?"

[[themes.questions]]
id = "a4"
text = "Fourth?"

[[themes]]
id = "b"
title = "B"

[[themes.questions]]
id = "b1"
text = "Fifth?"

[[themes.questions]]
id = "b2"
text = "Sixth?"
"""

LONG = "a fairly long answer here"


def _acks(iv: Interview) -> list[tuple[str, str | None]]:
    return [(e.question_id if e.kind == "question" else e.probe_id, e.acknowledgement)
            for e in iv.events if e.type == "prompt"]


def test_acknowledgements_vary_never_repeat_in_a_theme_and_only_before_main_questions(guide_of, drive):
    iv = drive(guide_of(ACKS), [LONG, "short", LONG, LONG, LONG, LONG])
    assert _acks(iv) == [
        ("a1", None),  # nothing to acknowledge yet
        ("a2", "Thank you."),
        ("more", None),  # never before a probe
        ("a3", "I see."),
        ("a4", None),  # both cues used in this theme: none rather than a repeat
        ("b1", "Thank you."),  # a new theme, and not the cue said last
        ("b2", "I see."),
    ]


def test_no_acknowledgement_after_a_skip_a_repeat_or_a_support_step(guide_of, drive):
    guide = guide_of(ACKS)
    iv = drive(guide, [("skip", "participant"), LONG])
    assert _acks(iv) == [("a1", None), ("a2", None), ("a3", "Thank you.")]
    iv = drive(guide, [LONG])
    assert iv.current.acknowledgement == "Thank you."
    assert iv.repeat(elapsed=5).acknowledgement is None
    iv = drive(guide, ["I can't go on like this"])
    assert isinstance(iv.current, SupportStep)
    assert iv.support("continue", elapsed=9).acknowledgement is None
    iv = drive(guide, [LONG, ("need_break",), ("support", "continue")])
    assert iv.current.question_id == "a2" and iv.current.acknowledgement is None


def test_memory_survives_save_restore_and_replay(guide_of, drive):
    guide = guide_of(LIKES)
    iv = drive(guide, ["My therapist was kind.", DISLIKE])
    restored = Interview.restore(guide, iv.state().model_dump_json(), clock=lambda: 0.0)
    replayed = Interview.replay(guide, [e.model_copy(update={"seq": i}) for i, e in enumerate(iv.events)])
    for other in (iv, restored, replayed):
        other.answer("The one about sleep.", elapsed=10)
    assert restored.events == iv.events == replayed.events


def test_load_guide_refuses_a_quote_it_could_not_fill(tmp_path):
    from tests.engine.conftest import HEADER

    from interviewer.guide.loader import load_guide

    path = tmp_path / "g.toml"
    path.write_text(HEADER + QUOTE.replace('fallback = "What makes it feel like a friend?"\n', ""))
    with pytest.raises(GuideError, match="no fallback text"):
        load_guide(path)


def test_a_quoting_probe_chosen_by_the_researcher_asks_its_fallback(guide_of):
    from interviewer.events import Mode

    guide = guide_of(QUOTE.replace("when = { any", "when = { choice = true }\n# when = { any"))
    iv = Interview(guide, mode=Mode.CONDUCT, clock=lambda: 0.0)
    iv.start(elapsed=0)
    iv.answer("She is my best friend.", elapsed=1)
    assert [p.id for p in iv.offered_probes()] == ["echo"]
    assert iv.choose_probe("echo", elapsed=2).text == "What makes it feel like a friend?"


@pytest.mark.parametrize(
    ("heard", "text"),
    [
        ("Honestly it was my Best Friend.", "You said “Best Friend”. What makes it feel like one?"),
        ("", "What makes it feel like a friend?"),  # nothing heard yet: the fallback, never "{match}"
        ("It was a tool, nothing more than that really.", "What makes it feel like a friend?"),
    ],
)
def test_conduct_suggestions_quote_what_was_heard(guide_of, heard, text):
    from interviewer.engine.suggest import suggest

    guide = guide_of(QUOTE)
    question = guide.themes[0].questions[0]
    (echo,) = suggest(question, heard)
    assert echo.text == text and "{" not in echo.text

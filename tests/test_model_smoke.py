"""Smoke tests of the shared models: events round-trip, guide conditions validate."""

import pytest
from pydantic import ValidationError

from interviewer.events import AnswerEvent, PromptEvent, dump_event, parse_event
from interviewer.guide.model import Condition


def test_event_round_trip():
    ev = PromptEvent(elapsed=1.5, prompt_id=1, kind="question", theme_id="t", question_id="q",
                     text="Tell me about it.", reason="next main question")
    assert parse_event(dump_event(ev)) == ev
    assert isinstance(parse_event({"type": "answer", "elapsed": 2, "prompt_id": 1, "text": "x"}), AnswerEvent)


def test_condition_needs_exactly_one_test():
    assert Condition.model_validate({"not": {"shorter_than": 5}}).not_.shorter_than == 5
    with pytest.raises(ValidationError, match="exactly one test"):
        Condition.model_validate({"shorter_than": 5, "mentions_any": ["a"]})
    with pytest.raises(ValidationError, match="invalid regular expression"):
        Condition.model_validate({"matches": "("})

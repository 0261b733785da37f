"""The distress check: the guide's phrases plus a default list for self-harm and hopelessness.

Matching is deliberately generous (negations such as "I never felt hopeless" also fire): a
support step offered needlessly costs a click, one missed can cost far more.
"""

from __future__ import annotations

from interviewer.engine.matching import Answer, Matcher
from interviewer.guide.model import Distress

DEFAULT_PHRASES: tuple[str, ...] = (
    "kill myself",
    "end it all",
    "end my life",
    "take my own life",
    "better off without me",
    "better off dead",
    "hopeless",
    "no point in living",
    "no point living",
    "no reason to live",
    "not worth living",
    "hurt myself",
    "harm myself",
    "self-harm",
    "cut myself",
    "suicidal",
    "suicide",
    "don't want to be here",
    "don't want to live",
    "want to die",
    "wish I was dead",
    "wish I were dead",
    "can't go on",
    "can't take it anymore",
)


class DistressCheck:
    """Decides whether an answer should lead to the support step (never says why in the log)."""

    def __init__(self, distress: Distress, matcher: Matcher):
        phrases = list(distress.phrases)
        if distress.include_defaults:
            phrases += [p for p in DEFAULT_PHRASES if p not in phrases]
        self._matcher = matcher
        self._stems = [s for s in (matcher.phrase(p) for p in phrases) if s]

    def fires(self, answer: Answer) -> bool:
        """Return True when the answer contains any distress phrase."""
        return any(answer.has(stems) for stems in self._stems)

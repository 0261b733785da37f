"""Evaluate a guide Condition against an answer, giving a factual reason either way."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interviewer.engine.matching import Answer, Matcher
from interviewer.guide.model import Condition

CHOICE_REASON = "interviewer's choice only"


@dataclass(frozen=True, slots=True)
class Context:
    """What a condition is evaluated over: the answer and the topics covered so far."""

    answer: Answer
    covered: frozenset[str]
    matcher: Matcher


def evaluate(cond: Condition, ctx: Context) -> tuple[bool, str]:
    """Return (holds, reason); the reason states what is true of the answer, so `not` reuses it."""
    if cond.always is not None:
        return True, "always asked"
    if cond.choice is not None:
        return False, CHOICE_REASON
    if cond.shorter_than is not None:
        n = cond.shorter_than
        holds = ctx.answer.word_count < n
        return holds, f"answer {'' if holds else 'not '}shorter than {n} words"
    if cond.longer_than is not None:
        n = cond.longer_than
        holds = ctx.answer.word_count > n
        return holds, f"answer {'' if holds else 'not '}longer than {n} words"
    if cond.mentions_any is not None:
        hit = ctx.matcher.first_match(ctx.answer, cond.mentions_any)
        return (True, f"mentions '{hit}'") if hit else (False, _none_of(cond.mentions_any))
    if cond.mentions_none is not None:
        hit = ctx.matcher.first_match(ctx.answer, cond.mentions_none)
        return (False, f"mentions '{hit}'") if hit else (True, _none_of(cond.mentions_none))
    if cond.matches is not None:
        holds = _regex(cond.matches).search(ctx.answer.text) is not None
        return holds, f"{'matches' if holds else 'does not match'} /{cond.matches}/"
    if cond.not_covered is not None:
        covered = cond.not_covered in ctx.covered
        return not covered, _topic(cond.not_covered, covered)
    if cond.covered is not None:
        covered = cond.covered in ctx.covered
        return covered, _topic(cond.covered, covered)
    if cond.all is not None:
        return _all(cond.all, ctx)
    if cond.any is not None:
        return _any(cond.any, ctx)
    holds, reason = evaluate(cond.not_, ctx)
    return not holds, reason


def uses_choice(cond: Condition) -> bool:
    """Return True when the condition contains an interviewer's-choice test anywhere."""
    if cond.choice is not None:
        return True
    children = (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else [])
    return any(uses_choice(c) for c in children)


def _all(conds: list[Condition], ctx: Context) -> tuple[bool, str]:
    reasons = []
    for cond in conds:
        holds, reason = evaluate(cond, ctx)
        if not holds:
            return False, reason
        reasons.append(reason)
    return True, " and ".join(reasons)


def _any(conds: list[Condition], ctx: Context) -> tuple[bool, str]:
    reasons = []
    for cond in conds:
        holds, reason = evaluate(cond, ctx)
        if holds:
            return True, reason
        reasons.append(reason)
    return False, " and ".join(reasons)


def _none_of(phrases: list[str]) -> str:
    return "mentions none of " + ", ".join(f"'{p}'" for p in phrases)


def _topic(topic: str, covered: bool) -> str:
    return f"topic '{topic}' {'already' if covered else 'not yet'} covered"


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)

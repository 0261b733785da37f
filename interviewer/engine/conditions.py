"""Evaluate a guide Condition over what was said, giving a factual reason either way.

A text test looks at a scope: the latest answer, every answer on this question (main answer and
its probes), or the whole interview so far. Word counts default to the answer, every other test
to the question; a branch, decided once its question is done, defaults to the question for all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from interviewer.engine.matching import Answer, Matcher
from interviewer.engine.memory import Memory
from interviewer.guide.model import Condition, Scope
from interviewer.guide.regex import compile_pattern

CHOICE_REASON = "interviewer's choice only"
WHERE = {
    Scope.ANSWER: "in the answer",
    Scope.QUESTION: "in this question's answers",
    Scope.INTERVIEW: "in the interview so far",
}
WHOSE = {Scope.ANSWER: "answer", Scope.QUESTION: "this question's answers", Scope.INTERVIEW: "all answers so far"}
_TRIM = " \t\r\n.,;:!?\"'“”‘’()[]{}"


class Verdict(NamedTuple):
    """Whether a condition holds, the reason, and the participant's words that made it hold (if any)."""

    holds: bool
    reason: str
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """What a condition is evaluated over: the latest answer, the memory of the interview, coverage."""

    answer: Answer
    covered: frozenset[str]
    matcher: Matcher
    memory: Memory | None = None
    question_id: str | None = None
    topics: Mapping[str, Sequence[str]] = field(default_factory=dict)
    default: Scope | None = None

    def scope_of(self, cond: Condition, inherited: Scope | None) -> Scope:
        """Return the scope a test looks at: its own, its combination's, else the default."""
        if cond.scope is not None:
            return cond.scope
        if inherited is not None:
            return inherited
        if self.default is not None:
            return self.default
        counts = cond.shorter_than is not None or cond.longer_than is not None
        return Scope.ANSWER if counts else Scope.QUESTION

    def answers(self, scope: Scope) -> Sequence[Answer]:
        """Return the analysed answers a scope covers, in the order they were given."""
        if scope == Scope.ANSWER or self.memory is None:
            return (self.answer,)
        if scope == Scope.QUESTION:
            return self.memory.question(self.question_id) if self.question_id else (self.answer,)
        return self.memory.interview()

    def first_said(self, scope: Scope, phrases: Sequence[str]) -> tuple[str, str] | None:
        """Return (phrase, words as said) for the first phrase said in the scope."""
        if scope == Scope.INTERVIEW and self.memory is not None:
            phrases = [p for p in phrases if self.memory.ever_said(self.matcher.phrase(p))]
            if not phrases:
                return None
        return self.matcher.first_said(self.answers(scope), phrases)


def evaluate(cond: Condition, ctx: Context) -> tuple[bool, str]:
    """Return (holds, reason); the reason states what is true of the answer, so `not` reuses it."""
    holds, reason, _ = verdict(cond, ctx)
    return holds, reason


def verdict(cond: Condition, ctx: Context, inherited: Scope | None = None) -> Verdict:
    """Return the Verdict of a condition, with the words a positive text test matched as its quote."""
    if cond.always is not None:
        return Verdict(True, "always asked")
    if cond.choice is not None:
        return Verdict(False, CHOICE_REASON)
    if cond.all is not None:
        return _all(cond.all, ctx, cond.scope or inherited)
    if cond.any is not None:
        return _any(cond.any, ctx, cond.scope or inherited)
    if cond.not_ is not None:
        holds, reason, _ = verdict(cond.not_, ctx, cond.scope or inherited)
        return Verdict(not holds, reason)
    scope = ctx.scope_of(cond, inherited)
    if cond.shorter_than is not None or cond.longer_than is not None:
        return _count(cond, ctx, scope)
    if cond.mentions_any is not None or cond.mentions_none is not None:
        return _mentions(cond, ctx, scope)
    if cond.matches is not None:
        return _matches(cond.matches, ctx, scope)
    return _topic(cond, ctx, scope)


def uses_choice(cond: Condition) -> bool:
    """Return True when the condition contains an interviewer's-choice test anywhere."""
    if cond.choice is not None:
        return True
    children = (cond.all or []) + (cond.any or []) + ([cond.not_] if cond.not_ else [])
    return any(uses_choice(c) for c in children)


def _count(cond: Condition, ctx: Context, scope: Scope) -> Verdict:
    count = sum(a.word_count for a in ctx.answers(scope))
    if cond.shorter_than is not None:
        n, holds, word = cond.shorter_than, count < cond.shorter_than, "shorter"
    else:
        n, holds, word = cond.longer_than, count > cond.longer_than, "longer"
    return Verdict(holds, f"{WHOSE[scope]} {'' if holds else 'not '}{word} than {n} words")


def _mentions(cond: Condition, ctx: Context, scope: Scope) -> Verdict:
    phrases = cond.mentions_any if cond.mentions_any is not None else cond.mentions_none
    hit = ctx.first_said(scope, phrases)
    if hit is None:
        return Verdict(cond.mentions_any is None, f"{_none_of(phrases)} {WHERE[scope]}")
    phrase, said = hit
    reason = f"mentions '{phrase}' {WHERE[scope]} (\"{said}\")"
    return Verdict(True, reason, said) if cond.mentions_any is not None else Verdict(False, reason)


def _matches(pattern: str, ctx: Context, scope: Scope) -> Verdict:
    program = compile_pattern(pattern)
    for answer in ctx.answers(scope):
        m = program.search(answer.text)
        if m is not None:
            quote = m.group(0).strip(_TRIM) or None
            said = f" (\"{quote}\")" if quote else ""
            return Verdict(True, f"matches /{pattern}/ {WHERE[scope]}{said}", quote)
    return Verdict(False, f"does not match /{pattern}/ {WHERE[scope]}")


def _topic(cond: Condition, ctx: Context, scope: Scope) -> Verdict:
    topic = cond.covered if cond.covered is not None else cond.not_covered
    phrases = ctx.topics.get(topic, ())
    if scope == Scope.INTERVIEW or not phrases:
        covered = topic in ctx.covered
        hit = ctx.first_said(scope, phrases) if covered and phrases else None
    else:
        hit = ctx.first_said(scope, phrases)
        covered = hit is not None
    said = f" (\"{hit[1]}\")" if hit else ""
    state = "already" if covered else "not yet"
    reason = f"topic '{topic}' {state} covered {WHERE[scope]}{said}"
    if cond.covered is not None:
        return Verdict(covered, reason, hit[1] if hit else None)
    return Verdict(not covered, reason)


def _all(conds: list[Condition], ctx: Context, inherited: Scope | None) -> Verdict:
    reasons, quote = [], None
    for cond in conds:
        holds, reason, said = verdict(cond, ctx, inherited)
        if not holds:
            return Verdict(False, reason)
        reasons.append(reason)
        quote = quote or said
    return Verdict(True, " and ".join(reasons), quote)


def _any(conds: list[Condition], ctx: Context, inherited: Scope | None) -> Verdict:
    reasons = []
    for cond in conds:
        found = verdict(cond, ctx, inherited)
        if found.holds:
            return found
        reasons.append(found.reason)
    return Verdict(False, " and ".join(reasons))


def _none_of(phrases: list[str]) -> str:
    return "mentions none of " + ", ".join(f"'{p}'" for p in phrases)

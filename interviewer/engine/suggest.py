"""Probe suggestions for the question being answered, recomputed from what has been heard so far.

Researcher-led interviews: the researcher chooses; the engine says which of the current
question's probes the heard words (and the researcher's notes) call for, and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from interviewer.engine.conditions import Context, evaluate, uses_choice
from interviewer.engine.matching import Matcher
from interviewer.guide.model import Probe, Question

Fit = Literal["fits", "choice", "not_yet"]


@dataclass(frozen=True)
class Suggestion:
    """One probe of the current question, whether what was heard calls for it, and why."""

    probe: Probe
    fit: Fit
    because: str


def suggest(question: Question, heard: str, notes: str = "", *, covered: frozenset[str] = frozenset(),
            asked: frozenset[str] = frozenset(), matcher: Matcher | None = None) -> list[Suggestion]:
    """The question's probes not yet asked (nor made moot by a covered topic): fitting ones first."""
    matcher = matcher or Matcher()
    text = " ".join(t for t in (heard.strip(), notes.strip()) if t)
    answer = matcher.analyse(text)
    ctx = Context(answer=answer, covered=covered, matcher=matcher)
    out: list[Suggestion] = []
    for probe in question.probes:
        if probe.id in asked or (probe.topic is not None and probe.topic in covered):
            continue
        if uses_choice(probe.when):
            out.append(Suggestion(probe, "choice", "your choice"))
        elif not text:
            out.append(Suggestion(probe, "not_yet", "nothing heard yet"))
        else:
            holds, reason = evaluate(probe.when, ctx)
            reason = reason.replace("answer ", f"what was heard ({answer.word_count} words) ", 1)
            out.append(Suggestion(probe, "fits" if holds else "not_yet", f"heard: {reason}" if holds else reason))
    order = {"fits": 0, "choice": 1, "not_yet": 2}
    return sorted(out, key=lambda s: order[s.fit])

"""Probe suggestions for the question being answered, recomputed from what has been heard so far.

Researcher-led interviews: the researcher chooses; the engine says which of the current
question's probes the heard words (and the researcher's notes) call for, and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from interviewer.engine.conditions import Context, uses_choice, verdict
from interviewer.engine.matching import Matcher
from interviewer.engine.wording import probe_text
from interviewer.guide.model import Probe, Question

Fit = Literal["fits", "choice", "not_yet"]


@dataclass(frozen=True)
class Suggestion:
    """One probe of the current question, whether what was heard calls for it, and why."""

    probe: Probe
    fit: Fit
    because: str
    text: str = ""  # the words to say: `{match}` filled from what was heard, else the fallback

    def __post_init__(self) -> None:
        if not self.text:  # nothing quoted: the probe's own words, or its fallback
            object.__setattr__(self, "text", probe_text(self.probe, None) or self.probe.text)


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
            holds, reason, quote = verdict(probe.when, ctx)
            reason = reason.replace("answer ", f"what was heard ({answer.word_count} words) ", 1)
            said = probe_text(probe, quote if holds else None) or ""
            out.append(Suggestion(probe, "fits" if holds else "not_yet", f"heard: {reason}" if holds else reason, said))
    order = {"fits": 0, "choice": 1, "not_yet": 2}
    return sorted(out, key=lambda s: order[s.fit])

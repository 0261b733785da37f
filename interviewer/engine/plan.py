"""A guide prepared for conducting: questions in order, lookups, and the checks the engine needs."""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.engine.distress import DistressCheck
from interviewer.engine.matching import Answer, Matcher
from interviewer.errors import GuideError
from interviewer.guide.model import Guide, Question, Theme

END = "end"


@dataclass(frozen=True, slots=True)
class Slot:
    """One main question in guide order, with its theme."""

    index: int
    theme_index: int
    theme: Theme
    question: Question


class Plan:
    """The flattened guide plus everything precomputed for fast decisions."""

    def __init__(self, guide: Guide):
        self.guide = guide
        self.matcher = Matcher(guide.study.language)
        self.distress = DistressCheck(guide.distress, self.matcher)
        self.slots: list[Slot] = [
            Slot(i, ti, theme, q)
            for i, (ti, theme, q) in enumerate(
                (ti, t, q) for ti, t in enumerate(guide.themes) for q in t.questions
            )
        ]
        self.by_question = {s.question.id: s for s in self.slots}
        self.theme_first = {}
        self.theme_end = {}
        for s in self.slots:
            self.theme_first.setdefault(s.theme.id, s.index)
            self.theme_end[s.theme.id] = s.index + 1
        self._check()

    def _check(self) -> None:
        problems = []
        seen: set[str] = set()
        for s in self.slots:
            q = s.question
            if q.id in seen:
                problems.append(f"question id '{q.id}' is used twice")
            seen.add(q.id)
            probe_ids = [p.id for p in q.probes]
            for pid in sorted({p for p in probe_ids if probe_ids.count(p) > 1}):
                problems.append(f"question '{q.id}': probe id '{pid}' is used twice")
        for s in self.slots:
            for b in s.question.branches:
                if b.goto != END and b.goto not in self.by_question and b.goto not in self.theme_first:
                    problems.append(
                        f"question '{s.question.id}': branch goes to '{b.goto}', "
                        "which is neither a question, a theme nor 'end'"
                    )
        if problems:
            raise GuideError([f"guide '{self.guide.study.id}': {p}" for p in problems])

    def target(self, goto: str) -> int | None:
        """Return the slot index a branch goes to (a question, a theme's first question) or None for end."""
        if goto in self.by_question:
            return self.by_question[goto].index
        if goto in self.theme_first:
            return self.theme_first[goto]
        return None

    def probe_budget(self, slot: Slot) -> int:
        """Return how many probes this question may have."""
        budget = slot.question.probe_budget
        return self.guide.settings.probe_budget if budget is None else budget

    def theme_budget(self, slot: Slot) -> int | None:
        """Return how many probes the question's theme may have (None: no limit)."""
        budget = slot.theme.probe_budget
        return self.guide.settings.theme_probe_budget if budget is None else budget

    def topics_in(self, answer: Answer, covered: set[str] | frozenset[str]) -> list[str]:
        """Return the topics (in guide order) this answer shows that were not covered before."""
        return [
            topic
            for topic, phrases in self.guide.topics.items()
            if topic not in covered and self.matcher.first_match(answer, phrases) is not None
        ]

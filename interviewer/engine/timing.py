"""The time policy: what optional material to drop when an interview runs over, and in what order.

Three measures, each checked at every decision with the elapsed time of that moment:

- behind schedule: past the planned end of the current theme (the running sum of theme budgets
  when every theme has `minutes`, otherwise the planned total shared out by question count);
- over the theme budget: longer in the current theme than its `minutes`;
- over the planned total: past `guide.planned_minutes()`.

Drop order, from the first thing to go to the last:

1. behind schedule       -> probes of optional questions ("optional probes");
2. over the theme budget -> every probe of that theme, then its optional questions;
3. over the planned total -> every probe, then the optional questions of every later theme.

Required questions are never dropped. A guide with no budgets never drops anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.engine.plan import Plan, Slot


@dataclass(frozen=True, slots=True)
class Pressure:
    """Why time is short now (a reason per measure, None where it is not)."""

    behind: str | None = None
    theme_over: str | None = None
    total_over: str | None = None


ON_TIME = Pressure()


class Timing:
    """Turns elapsed seconds into drop decisions for one guide."""

    def __init__(self, plan: Plan):
        guide = plan.guide
        planned = guide.planned_minutes()
        self._total = planned * 60 if planned is not None else None
        self._schedule_end = self._schedule(plan)
        self._any_budget = self._total is not None or any(t.minutes for t in guide.themes)

    @staticmethod
    def _schedule(plan: Plan) -> list[float] | None:
        themes = plan.guide.themes
        if all(t.minutes is not None for t in themes):
            ends, running = [], 0.0
            for theme in themes:
                running += theme.minutes * 60
                ends.append(running)
            return ends
        planned = plan.guide.planned_minutes()
        if planned is None:
            return None
        total = len(plan.slots)
        ends, count = [], 0
        for theme in themes:
            count += len(theme.questions)
            ends.append(planned * 60 * count / total)
        return ends

    def pressure(self, slot: Slot, theme_started: float | None, elapsed: float) -> Pressure:
        """Return the time pressure at a decision about this question."""
        if not self._any_budget:
            return ON_TIME
        minutes = elapsed / 60
        behind = theme_over = total_over = None
        if self._schedule_end is not None and elapsed > self._schedule_end[slot.theme_index]:
            end = self._schedule_end[slot.theme_index] / 60
            behind = (
                f"behind schedule ({minutes:.1f} min; theme '{slot.theme.id}' planned to end by {end:g} min)"
            )
        budget = slot.theme.minutes
        if budget is not None and theme_started is not None and elapsed - theme_started > budget * 60:
            spent = (elapsed - theme_started) / 60
            theme_over = f"over the budget of theme '{slot.theme.id}' ({spent:.1f} of {budget:g} min)"
        if self._total is not None and elapsed > self._total:
            total_over = f"over the planned total ({minutes:.1f} of {self._total / 60:g} min)"
        return Pressure(behind, theme_over, total_over)

    @staticmethod
    def drop_probe(pressure: Pressure, slot: Slot) -> str | None:
        """Return why a probe of this question is dropped now, or None to keep it."""
        if pressure.total_over or pressure.theme_over:
            return pressure.total_over or pressure.theme_over
        if pressure.behind and not slot.question.required:
            return f"{pressure.behind}; probes of optional questions go first"
        return None

    @staticmethod
    def drop_question(pressure: Pressure, slot: Slot) -> str | None:
        """Return why this optional question is dropped now, or None to ask it."""
        if slot.question.required:
            return None
        return pressure.total_over or pressure.theme_over

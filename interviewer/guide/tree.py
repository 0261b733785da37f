"""A rich Tree of a guide: themes with minutes, questions, probes with triggers, branches, total time."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from rich.tree import Tree

from interviewer.guide.describe import branch_words, covers_words, probe_trigger_words
from interviewer.guide.model import Guide, Question, Theme


def _minutes(value: float | None) -> str:
    return "" if value is None else f" · {value:g} min"


def guide_tree(guide: Guide) -> Group:
    """Return a renderable: the guide as a tree followed by its planned total time."""
    study = guide.study
    root = Tree(Text.assemble((study.title, "bold"), f"  ({study.id}, version {study.version})"))
    settings = guide.settings
    theme_budget = settings.theme_probe_budget
    for number, theme in enumerate(guide.themes, 1):
        _add_theme(root.add(_theme_label(number, theme, theme_budget)), guide, theme)
    return Group(root, Text(total_line(guide), style="bold"))


def total_line(guide: Guide) -> str:
    """Return the planned total, e.g. 'Planned time: 45 min (themes add up to 40 min)'."""
    budgets = [t.minutes for t in guide.themes]
    themed = sum(b for b in budgets if b is not None)
    duration = guide.study.duration_minutes
    if duration is None and not themed:
        return "Planned time: not set (give themes a 'minutes' budget or the study a duration_minutes)"
    parts = []
    if duration is not None:
        parts.append(f"Planned time: {duration:g} min")
    if themed:
        missing = sum(1 for b in budgets if b is None)
        note = f" ({missing} theme(s) without a budget)" if missing else ""
        parts.append(f"themes add up to {themed:g} min{note}")
    if duration is not None and themed == duration and not any(b is None for b in budgets):
        parts = parts[:1]
    text = "; ".join(parts)
    return text if duration is not None else "Planned time: " + text


def budget_words(budget: int) -> str:
    """Return a question's probe budget in words: 'no probes', 'at most 1 probe', 'at most 3 probes'."""
    return "no probes" if budget == 0 else f"at most {budget} probe{'s' if budget != 1 else ''}"


def _theme_label(number: int, theme: Theme, default_budget: int | None) -> Text:
    budget = theme.probe_budget if theme.probe_budget is not None else default_budget
    extra = _minutes(theme.minutes) + (f" · at most {budget} probes" if budget is not None else "")
    label = Text.assemble((f"Theme {number}: {theme.title}", "bold cyan"), f" [{theme.id}]{extra}")
    if theme.note:
        label.append(f"\nnote: {theme.note}", style="dim")
    return label


def _question_label(guide: Guide, q: Question) -> Text:
    flags = [] if q.required else ["optional"]
    if q.sensitive:
        flags.append("sensitive")
    budget = q.probe_budget if q.probe_budget is not None else guide.settings.probe_budget
    flags.append(budget_words(budget))
    label = Text.assemble((f"{q.id}: ", "bold"), (q.text, "bold"), f"{_minutes(q.minutes)}  ({', '.join(flags)})")
    if q.alternative:
        label.append(f"\nor: {q.alternative}", style="italic")
    if q.covers:
        label.append("\n" + covers_words(guide, q.covers, q.if_covered), style="dim")
    if q.note:
        label.append(f"\nnote: {q.note}", style="dim")
    return label


def _add_theme(node: Tree, guide: Guide, theme: Theme) -> None:
    for q in theme.questions:
        qnode = node.add(_question_label(guide, q))
        for probe in q.probes:
            label = Text.assemble(("probe ", "green"), f"{probe.id} ", (f"({probe.kind.value}) ", "green"),
                                  probe.text, (f" — {probe_trigger_words(probe)}", "yellow"))
            qnode.add(label)
        for branch in q.branches:
            qnode.add(Text.assemble(("branch ", "magenta"), branch_words(guide, branch)))

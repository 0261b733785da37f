"""Question × participant matrix for framework-style analysis, and the study-wide coding sheet.

Rows are the guide's questions in guide order (then any question the sessions used that the
guide lacks); columns are participant codes. A cell holds the answer to the main question and,
under it, each probe with its answer; a skipped question says so, a question never reached is
left empty.
"""

from __future__ import annotations

from interviewer.export.common import clean_text
from interviewer.export.sheet import coding_rows
from interviewer.guide.model import Guide
from interviewer.session.view import SessionView

FIXED = ("theme", "question_id", "question")


def question_order(views: list[SessionView], guide: Guide | None) -> list[tuple[str, str, str]]:
    """(theme, question id, question text) in guide order, then extras in order of use."""
    order: dict[str, tuple[str, str, str]] = {}
    if guide is not None:
        for theme, question in guide.questions():
            order[question.id] = (theme.title, question.id, question.text)
    extras = [t for v in views for t in v.turns if t.question_id not in order]
    for turn in sorted(extras, key=lambda t: t.kind != "question"):
        if turn.question_id not in order:
            text = turn.prompt_text if turn.kind == "question" else ""
            order[turn.question_id] = (turn.theme_title or turn.theme_id, turn.question_id, text)
    return list(order.values())


def participant_columns(views: list[SessionView]) -> list[str]:
    """One column name per session: its participant code (made unique if repeated)."""
    names: list[str] = []
    for view in views:
        name, n = view.meta.code, 1
        while name in names:
            n += 1
            name = f"{view.meta.code} ({n})"
        names.append(name)
    return names


def cell(view: SessionView, question_id: str) -> str:
    """Everything one participant said to one question, probes included."""
    parts: list[str] = []
    asked = 0
    for turn in view.turns:
        if turn.question_id != question_id:
            continue
        answer = clean_text(turn.text).strip() or "[no answer]"
        if turn.kind == "question":
            asked += 1
            again = asked > 1 or turn.wording == "repeat"
            parts.append(f"[asked again]\n{answer}" if again else answer)
        else:
            kind = f" ({turn.probe_kind})" if turn.probe_kind else ""
            parts.append(f"[probe{kind}: {clean_text(turn.prompt_text).strip()}]\n{answer}")
    for skip in view.skips:
        if skip.question_id == question_id and skip.probe_id is None:
            parts.append(f"[skipped by {skip.by}: {clean_text(skip.reason)}]")
    return "\n\n".join(parts)


def matrix_table(views: list[SessionView], guide: Guide | None) -> tuple[list[str], list[list[object]]]:
    """Column names and rows of the matrix."""
    columns = list(FIXED) + participant_columns(views)
    rows = [
        [theme, qid, text] + [cell(v, qid) for v in views]
        for theme, qid, text in question_order(views, guide)
    ]
    return columns, rows


def matrix_widths(columns: list[str]) -> dict[str, float]:
    """Column widths for the .xlsx matrix."""
    widths = {name: 45.0 for name in columns}
    widths.update({"theme": 20.0, "question_id": 16.0, "question": 45.0})
    return widths


def study_rows(views: list[SessionView], unit: str = "segment") -> list[list[object]]:
    """All sessions' coding-sheet rows, one after the other (row numbers per session)."""
    return [row for view in views for row in coding_rows(view, unit)]

"""The progress line of an interview: theme and question x of y, and minutes so far of those planned."""

from __future__ import annotations


def progress_line(guide, step, elapsed: float) -> str:
    """E.g. "Theme 2 of 5 · question 4 of 12 · 12 of 30 min" ("" before the first prompt)."""
    theme_id, question_id = getattr(step, "theme_id", None), getattr(step, "question_id", None)
    if theme_id is None:
        return ""
    themes = [t.id for t in guide.themes]
    questions = [q.id for _, q in guide.questions()]
    parts = []
    if theme_id in themes:
        parts.append(f"Theme {themes.index(theme_id) + 1} of {len(themes)}")
    if question_id in questions:
        parts.append(f"question {questions.index(question_id) + 1} of {len(questions)}")
    minutes = int(elapsed // 60)
    planned = guide.planned_minutes()
    parts.append(f"{minutes} of {planned:g} min" if planned else f"{minutes} min")
    text = " · ".join(parts)
    return text[0].upper() + text[1:]

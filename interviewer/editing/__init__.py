"""Correcting a finished session's transcript: turns with timed words, edits kept as events, undo.

Headless: the editor screen in `interviewer/tui/` drives it; exports can use `corrected_words`.
"""

from interviewer.editing.editor import ReadOnlyJournal, TranscriptEditor, pattern
from interviewer.editing.layout import INAUDIBLE, Layout, Place, layout
from interviewer.editing.model import EditTurn, Progress, edit_turns, progress
from interviewer.session.retiming import TimedWord, corrected_words, retime

__all__ = [
    "INAUDIBLE", "EditTurn", "Layout", "Place", "Progress", "ReadOnlyJournal", "TimedWord", "TranscriptEditor",
    "corrected_words", "edit_turns", "layout", "pattern", "progress", "retime",
]

"""Markers and notes in words for people: the journal's labels are for programs."""

from __future__ import annotations

import re

from interviewer.events import NoteEvent

LABELS = {
    "question_asked": "question asked",
    "probe_asked": "probe asked",
    "bookmark": "bookmark",
    "interviewer's choice": "the researcher chose a probe",
}
_SET_ASIDE = re.compile(r"probe '([^']+)' chosen; prompt \d+ set aside")


def note_words(note: NoteEvent) -> str:
    """A note's or marker's label and text as a reader should see them."""
    label = LABELS.get(note.label or "", (note.label or "").replace("_", " "))
    text = _SET_ASIDE.sub(r"probe '\1' asked instead of the next prompt", note.text or "")
    if note.label == "probe_asked" and text == "own probe":
        text = "a probe of the researcher's own"
    return ": ".join(p for p in (label, text) if p)

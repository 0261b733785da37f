"""Editing a session's transcript by appending events: corrections, check marks, speaker labels, undo.

Nothing is overwritten: every change is an event beside the machine text, and undo appends the
event that puts back what was there before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from interviewer.editing.model import (
    EditTurn, Progress, edit_turn, edit_turns, preamble_turn, progress, speaker_labels,
)
from interviewer.errors import SessionError
from interviewer.events import PREAMBLE_ID, BaseEvent, CorrectionEvent, SpeakerLabelEvent, TurnCheckedEvent
from interviewer.session.view import SessionView

By = str  # "researcher" or "participant"


class Journal(Protocol):
    """What the editor needs of an open session."""

    @property
    def view(self) -> SessionView:
        """The view of everything appended so far."""

    def append(self, event: BaseEvent) -> BaseEvent:
        """Append one event durably."""


def pattern(find: str, *, whole_word: bool = True, match_case: bool = False) -> re.Pattern[str]:
    """The regular expression that finds `find` literally (as a whole word, in its case, if asked)."""
    if not find:
        raise SessionError("nothing to find")
    body = re.escape(find)
    if whole_word:
        body = rf"(?<!\w){body}(?!\w)"
    return re.compile(body, 0 if match_case else re.IGNORECASE)


class TranscriptEditor:
    """The turns of one open session, and every way to change them."""

    def __init__(self, journal: Journal, by: By = "researcher"):
        self.journal = journal
        self.by = by
        self._undo: list[list[BaseEvent]] = []  # per action, the events that reverse it
        self.turns: list[EditTurn] = edit_turns(journal.view)
        self._index = {t.prompt_id: i for i, t in enumerate(self.turns)}

    def turn(self, prompt_id: int) -> EditTurn:
        """The turn of a prompt."""
        return self.turns[self._index[prompt_id]]

    @property
    def labels(self) -> tuple[str, str]:
        """The interviewer's and the participant's speaker labels."""
        return speaker_labels(self.journal.view)

    @property
    def can_undo(self) -> bool:
        """True when there is something to undo."""
        return bool(self._undo)

    def progress(self) -> Progress:
        """Turns checked and audio left."""
        return progress(self.turns)

    def _elapsed(self) -> float:
        return self.journal.view.meta.duration  # an edit is not part of the interview's time

    def _apply(self, events: list[BaseEvent], undo: list[BaseEvent] | None) -> list[int]:
        """Append events; refresh the turns they touch (all when labels change); return those ids."""
        for event in events:
            self.journal.append(event)
        if undo is not None:
            self._undo.append(undo)
        view = self.journal.view
        if any(isinstance(e, SpeakerLabelEvent) for e in events):
            self.turns = edit_turns(view)
            return [t.prompt_id for t in self.turns]
        touched = list(dict.fromkeys(e.prompt_id for e in events))
        by_id = {t.prompt_id: t for t in view.turns}
        for pid in touched:  # the preamble (prompt id 0) is no turn of the view's
            self.turns[self._index[pid]] = preamble_turn(view) if pid == PREAMBLE_ID else edit_turn(view, by_id[pid])
        return touched

    def _correction(self, prompt_id: int, text: str) -> CorrectionEvent:
        return CorrectionEvent(elapsed=self._elapsed(), prompt_id=prompt_id, text=text, by=self.by)

    def edit(self, prompt_id: int, text: str) -> bool:
        """Correct one answer; False when the text did not change."""
        before = self.turn(prompt_id).text
        if text == before:
            return False
        self._apply([self._correction(prompt_id, text)], [self._correction(prompt_id, before)])
        return True

    def find(self, find: str, *, whole_word: bool = True, match_case: bool = False) -> list[tuple[int, int, int]]:
        """Every match as (prompt id, start, end) in the answers as they stand."""
        rx = pattern(find, whole_word=whole_word, match_case=match_case)
        return [(t.prompt_id, m.start(), m.end()) for t in self.turns for m in rx.finditer(t.text)]

    def replace_all(self, find: str, replace: str, *, whole_word: bool = True, match_case: bool = False) -> int:
        """Replace across the session, one correction per answer changed (one undo); return the count."""
        rx = pattern(find, whole_word=whole_word, match_case=match_case)
        events, undo, count = [], [], 0
        for t in self.turns:
            text, n = rx.subn(lambda _m: replace, t.text)
            if n and text != t.text:
                events.append(self._correction(t.prompt_id, text))
                undo.append(self._correction(t.prompt_id, t.text))
                count += n
        if events:
            self._apply(events, undo)
        return count

    def set_checked(self, prompt_id: int, checked: bool = True) -> bool:
        """Mark a turn as checked against the audio (or not); False when it already was."""
        before = self.turn(prompt_id).checked
        if before == checked:
            return False
        mark: Callable[[bool], TurnCheckedEvent] = lambda c: TurnCheckedEvent(
            elapsed=self._elapsed(), prompt_id=prompt_id, checked=c)
        self._apply([mark(checked)], [mark(before)])
        return True

    def rename_speaker(self, role: str, label: str) -> bool:
        """Give a speaker role a new label; False when unchanged."""
        label = label.strip()
        if not label:
            raise SessionError("a speaker label cannot be empty")
        current = dict(zip(("interviewer", "participant"), self.labels))
        if current[role] == label:
            return False
        self._apply([self._label(role, label)], [self._label(role, current[role])])
        return True

    def swap_speakers(self) -> None:
        """Exchange the interviewer's and the participant's labels."""
        interviewer, participant = self.labels
        events = [self._label("interviewer", participant), self._label("participant", interviewer)]
        self._apply(events, [self._label("interviewer", interviewer), self._label("participant", participant)])

    def _label(self, role: str, label: str) -> SpeakerLabelEvent:
        return SpeakerLabelEvent(elapsed=self._elapsed(), role=role, label=label)

    def undo(self) -> list[int]:
        """Reverse the last action by appending its inverse; return the turns it touched."""
        if not self._undo:
            return []
        return self._apply(self._undo.pop(), None)


class ReadOnlyJournal:
    """A session read from disk without its lock (in use elsewhere): shown, never written."""

    def __init__(self, record):
        self.view, self.folder = record.view, record.folder

    def append(self, event: BaseEvent) -> BaseEvent:
        """Refuse: the session is open elsewhere."""
        raise SessionError("this session is open read-only")

"""The interview as one text, turn by turn, with every word's place and time in it.

A turn reads as a heading (time, theme, question, checked mark), the prompt after the
interviewer's label, and the answer after the participant's label, then a blank line. Places
are (row, column) in that text; the editor screen moves, plays and highlights by them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

from interviewer.editing.model import EditTurn

INAUDIBLE = re.compile(r"\[inaudible[^\]]*\]", re.IGNORECASE)
_TOKEN = re.compile(r"\S+")


def clock(seconds: float) -> str:
    """H:MM:SS."""
    s = int(max(0.0, seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"


def heading(turn: EditTurn) -> str:
    """A turn's first line."""
    mark = "✓ checked" if turn.checked else "· unchecked"
    edited = " · edited" if turn.corrected else ""
    what = " ".join(part for part in (turn.kind, turn.question_id) if part)
    return f"── {clock(turn.start)} · {turn.theme} · {what} {mark}{edited}"


class Place(NamedTuple):
    """Where one word sits: its turn and word index, its row and columns, its time."""

    turn: int  # index into the turns
    word: int
    row: int
    col: int
    end: int
    time: float
    low: bool


@dataclass
class Layout:
    """The document text and the places of its words and turns."""

    text: str
    places: list[Place]
    turn_rows: list[tuple[int, int, int]]  # (heading row, answer's first row, answer's last row)
    answer_cols: list[int]  # where the answer starts on its first row (after the label)

    def __post_init__(self) -> None:
        self._keys = [(p.row, p.col) for p in self.places]
        order = sorted(range(len(self.places)), key=lambda i: self.places[i].time)
        self._by_time = order
        self._times = [self.places[i].time for i in order]
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def word_at(self, row: int, col: int) -> Place | None:
        """The word under or before a place (the turn's first word if the place is above it)."""
        i = bisect.bisect_right(self._keys, (row, col)) - 1
        if i >= 0 and self.turn_at(row) == self.places[i].turn:
            return self.places[i]
        turn = self.turn_at(row)
        return next((p for p in self.places[max(i, 0):] if p.turn == turn), None)

    def turn_at(self, row: int) -> int:
        """The index of the turn a row belongs to."""
        firsts = [r[0] for r in self.turn_rows]
        return max(0, bisect.bisect_right(firsts, row) - 1)

    def word_at_time(self, seconds: float) -> Place | None:
        """The word being said at `seconds` (the last one begun by then)."""
        i = bisect.bisect_right(self._times, seconds) - 1
        return self.places[self._by_time[i]] if i >= 0 else None

    def next_low(self, row: int, col: int) -> Place | None:
        """The first word of the next passage of doubtful words after a place."""
        places = self.places
        for i in range(bisect.bisect_right(self._keys, (row, col)), len(places)):
            p, before = places[i], places[i - 1] if i else None
            if p.low and not (before and before.low and before.turn == p.turn):
                return p
        return None

    def next_match(self, rx: re.Pattern[str], row: int, col: int) -> tuple[int, int, int] | None:
        """The next match of `rx` after a place, as (row, column, end column)."""
        m = rx.search(self.text, self.offset(row, col) + 1)
        if m is None:
            return None
        r, c = self.location(m.start())
        return r, c, c + (m.end() - m.start())

    def offset(self, row: int, col: int) -> int:
        """Character offset of a place."""
        return self._line_starts[min(row, len(self._line_starts) - 1)] + col

    def location(self, offset: int) -> tuple[int, int]:
        """(row, column) of a character offset."""
        row = bisect.bisect_right(self._line_starts, offset) - 1
        return row, offset - self._line_starts[row]


def answer_lines(turn: EditTurn) -> list[str]:
    """The answer's rows, the first after the participant's label."""
    lines = (turn.text or "").split("\n")
    lines[0] = f"{turn.participant}: {lines[0]}"
    return lines


def layout(turns: list[EditTurn]) -> Layout:
    """Lay the turns out as one text."""
    rows: list[str] = []
    places: list[Place] = []
    turn_rows, answer_cols = [], []
    for ti, turn in enumerate(turns):
        head = len(rows)
        rows.append(heading(turn))
        if turn.kind != "preamble":  # the speech before the first prompt answers no prompt
            rows.extend(f"{turn.interviewer}: {turn.prompt_text}".split("\n"))
        first = len(rows)
        label = len(turn.participant) + 2
        answer_cols.append(label)
        wi = 0
        for li, line in enumerate(answer_lines(turn)):
            skip = label if li == 0 else 0
            for m in _TOKEN.finditer(line, skip):
                if wi < len(turn.words):
                    w = turn.words[wi]
                    places.append(Place(ti, wi, len(rows), m.start(), m.end(), w.start, turn.low(wi)))
                wi += 1
            rows.append(line)
        turn_rows.append((head, first, len(rows) - 1))
        rows.append("")
    return Layout("\n".join(rows), places, turn_rows, answer_cols)

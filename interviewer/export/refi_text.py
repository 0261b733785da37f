"""The plain text stored in a REFI-QDA project, with each answer's code-point span and sync points.

One line per prompt and per answer (per run of one speaker where the transcript knows who spoke),
`[hh:mm:ss] Speaker: text`, under a line per theme; the participant's lines are the answer's
selections. Support steps, skips and audio gaps are bracketed lines at their place (researcher
notes become project notes instead, each anchored at the line under way when it was made:
`ReferenceText.anchor`). Offsets are Python string indices, i.e. Unicode code points, into
exactly this text, which is stored as UTF-8 without a byte-order mark and with LF line ends.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from interviewer.export.common import (
    MODE_NAMES,
    clean_text,
    clock,
    milliseconds,
    speaker_labels,
    speaker_runs,
    spoken_after,
)
from interviewer.export.timeline import PREAMBLE, Clock
from interviewer.export.transcript import session_events
from interviewer.session.retiming import preamble_segments
from interviewer.session.view import SessionView, Turn


@dataclass
class Selection:
    """An answer's span in the text: text[start:end] is exactly the answer (or, where the
    interviewer spoke within it, one of the participant's runs, numbered by `part`)."""

    turn: Turn
    start: int
    end: int
    part: int = 0


@dataclass
class ReferenceText:
    """The stored text, the answer spans, and (position, milliseconds) sync points."""

    text: str = ""
    selections: list[Selection] = field(default_factory=list)
    syncs: list[tuple[int, int]] = field(default_factory=list)
    lines: list[tuple[float, int, int]] = field(default_factory=list)  # (time, start, end) per timed line

    def anchor(self, seconds: float) -> tuple[int, int]:
        """The span of the line under way at `seconds` (the first line if none was yet)."""
        if not self.lines:
            return (0, 0)
        times = [t for t, _, _ in self.lines]
        _, start, end = self.lines[max(bisect.bisect_right(times, seconds) - 1, 0)]
        return start, end


class _Builder:
    """Appends text while counting code points, and records sync points."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.syncs: list[tuple[int, int]] = []
        self.lines: list[tuple[float, int, int]] = []

    def add(self, text: str) -> tuple[int, int]:
        """Append text; return its (start, end) code-point offsets."""
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start, self.pos

    def line(self, seconds: float, text: str) -> tuple[int, int]:
        """Append a line said or flagged at `seconds` (without its newline); remember its span."""
        span = self.add(text)
        self.add("\n")
        self.lines.append((seconds, *span))
        return span

    def sync(self, position: int, seconds: float) -> None:
        """Mark that the text at `position` is heard at `seconds` (never earlier than before)."""
        ms = milliseconds(seconds)
        if self.syncs and ms < self.syncs[-1][1]:
            ms = self.syncs[-1][1]  # transcripts need time to run forward with the text
        self.syncs.append((position, ms))


def build_reference_text(view: SessionView, clock_: Clock) -> ReferenceText:
    """Lay out one session as the project's text source."""
    meta = view.meta
    b = _Builder()
    b.add(f"Interview {meta.code}\n")
    b.add(
        f"Study {meta.study_id}, guide version {meta.guide_version}, "
        f"{MODE_NAMES.get(meta.mode, str(meta.mode))}, {meta.started_at:%Y-%m-%d}\n"
    )
    b.add(f"Times: {clock_.basis}\n")
    events = session_events(view, clock_, notes=False)
    interviewer, speaker = speaker_labels(view)
    selections: list[Selection] = []
    spoken = [seg for seg in preamble_segments(view) if seg.text.strip()]
    if spoken:
        b.add("\nBefore the first question\n")
        b.sync(b.pos, spoken[0].start)
        words = " ".join(clean_text(seg.text).strip() for seg in spoken)
        b.line(spoken[0].start, f"[{clock(spoken[0].start)}] {PREAMBLE}: {words}")
    theme = None
    for turn in view.turns:
        while events and events[0][0] <= turn.asked_at:
            _event_line(b, events.pop(0)[1])
        if turn.theme_id != theme:
            theme = turn.theme_id
            b.add(f"\n{clean_text(turn.theme_title or turn.theme_id)}\n")
        asked = clock_.prompt_time(turn)
        b.sync(b.pos, asked)
        label = f"question {turn.question_id}" if turn.kind == "question" else f"probe, {turn.question_id}"
        b.line(asked, f"[{clock(asked)}] {clean_text(interviewer)} ({label}): {clean_text(turn.prompt_text).strip()}")
        if spoken_after(turn):
            selections.extend(_answer_lines(b, turn, clock_, speaker, interviewer))
    for _, event in events:
        _event_line(b, event)
    return ReferenceText("".join(b.parts), selections, b.syncs if clock_.audio else [], b.lines)


def _event_line(b: _Builder, event) -> None:
    b.line(event.time, f"[{clock(event.time)}] {event.text}")


def _answer_lines(b: _Builder, turn: Turn, clock_: Clock, speaker: str, interviewer: str) -> list[Selection]:
    """The answer as one line, or one line per run of one speaker; the participant's are selections."""
    runs = speaker_runs(turn, speaker, interviewer)
    if len(runs) == 1 and not runs[0][1]:  # who spoke is not known: the answer as it stands
        return [_line(b, turn, clock_.answer_span(turn)[0], speaker, clean_text(turn.text).strip(), turn.segments)]
    selections = []
    for who, segments in runs:
        text = " ".join(clean_text(seg.text).strip() for seg in segments)
        selection = _line(b, turn, segments[0].start, who, text, segments)
        if segments[0].speaker != "interviewer":  # the interviewer's words are not the answer
            selection.part = len(selections)
            selections.append(selection)
    return selections


def _line(b: _Builder, turn: Turn, start_time: float, who: str, answer: str, segments) -> Selection:
    """Write `[time] who: answer`, synced at each transcript segment; the answer's span."""
    b.sync(b.pos, start_time)
    b.add(f"[{clock(start_time)}] {clean_text(who)}: ")
    start, end = b.add(answer)
    b.add("\n")
    b.lines.append((start_time, start, end))
    if segments and not turn.corrections:
        cursor = 0
        for seg in segments:  # finer sync: where each transcript segment begins
            piece = clean_text(seg.text).strip()
            found = answer.find(piece, cursor) if piece else -1
            if found > 0:
                b.sync(start + found, seg.start)
                cursor = found + len(piece)
    return Selection(turn, start, end)

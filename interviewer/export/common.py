"""Small helpers every exporter shares: clock formats, labels, safe text and file names."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from interviewer import portable
from interviewer.events import Mode, Segment
from interviewer.fileio import FILE_MODE, fsync_dir
from interviewer.session.view import SessionMeta, SessionView, Turn

INTERVIEWER = "Interviewer"
WRAP_WIDTH = 72  # one numbered line; fits an A4 page at 11 pt so Word does not re-wrap it

MODE_NAMES = {
    Mode.CONDUCT: "researcher-led",
    Mode.PILOT: "pilot (rehearsal of the guide)",
    Mode.SELF: "self-interview",
}

# XML 1.0 forbids most C0 controls; python-docx, openpyxl and lxml all reject them.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def clean_text(text: str) -> str:
    """Return text with LF line ends and no characters that XML or spreadsheets refuse."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATES.sub("\ufffd", text)
    return _BAD_CHARS.sub("", text)


def milliseconds(seconds: float) -> int:
    """Seconds as whole milliseconds, rounded to the nearest: the one rule for every export."""
    return int(round(seconds * 1000))


def clock(seconds: float | None, tenths: bool = False) -> str:
    """Format seconds as hh:mm:ss (or hh:mm:ss.t); None becomes an empty string."""
    if seconds is None:
        return ""
    seconds = max(0.0, seconds)
    if tenths:
        whole_tenths = int(round(seconds * 10))
        hours, rest = divmod(whole_tenths, 36000)
        minutes, rest = divmod(rest, 600)
        return f"{hours:02d}:{minutes:02d}:{rest // 10:02d}.{rest % 10}"
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def minutes_seconds(seconds: float) -> str:
    """Format a duration as m:ss (or h:mm:ss from an hour up)."""
    total = int(round(max(0.0, seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def participant_label(meta: SessionMeta) -> str:
    """The participant's speaker label: the pseudonym if one was given, else 'Participant'."""
    return meta.pseudonym or "Participant"


def speaker_labels(view) -> tuple[str, str]:
    """The interviewer's and the participant's labels, as a researcher renamed them in the editor."""
    labels = view.speaker_labels
    return labels.get("interviewer", INTERVIEWER), labels.get("participant", participant_label(view.meta))


def speaker_runs(turn: Turn, participant: str, interviewer: str = INTERVIEWER) -> list[tuple[str, list[Segment]]]:
    """The answer's transcript segments in runs of one speaker, each with its speaker label.

    Only live-transcribed speech knows its speaker; other answers (and corrected ones, whose
    text no longer matches the segments) are one run of the participant, with no segments.
    """
    if turn.corrections or not any(s.speaker for s in turn.segments):
        return [(participant, [])]
    runs: list[tuple[str, list[Segment]]] = []
    for segment in turn.segments:
        if not segment.text.strip():
            continue
        label = interviewer if segment.speaker == "interviewer" else participant
        if runs and runs[-1][0] == label:
            runs[-1][1].append(segment)
        else:
            runs.append((label, [segment]))
    return runs or [(participant, [])]


def prompt_kind(turn: Turn) -> str:
    """'question', or 'probe: <kind>' for a follow-up probe."""
    if turn.kind == "question":
        return "question"
    return f"probe: {turn.probe_kind}" if turn.probe_kind else "probe"


def session_label(meta: SessionMeta) -> str:
    """A stable session id for sheets: start date, study id and participant code."""
    return f"{meta.started_at:%Y-%m-%d}_{meta.study_id}_{meta.code}"


def safe_name(text: str) -> str:
    """A file-name-safe form of a code or study id (letters, digits, dot, dash, underscore)."""
    cleaned = _UNSAFE_NAME.sub("_", text).strip("._")
    return cleaned or "session"


def display_width(text: str) -> int:
    """Columns the text takes in a fixed-width view: wide (CJK) and emoji characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int = WRAP_WIDTH) -> list[str]:
    """Wrap text into lines of at most `width` columns, keeping its own line breaks.

    Breaks at spaces; a run without spaces wider than a line (CJK text, a URL) is cut by width.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split():
            for piece in _pieces(word, width):
                size = display_width(piece)
                if line and used + 1 + size > width:
                    lines.append(line)
                    line, used = "", 0
                line, used = (f"{line} {piece}", used + 1 + size) if line else (piece, size)
        if line:
            lines.append(line)
    return lines


def _pieces(word: str, width: int) -> list[str]:
    """The word, cut into chunks no wider than `width` columns."""
    pieces, current, used = [], "", 0
    for ch in word:
        size = display_width(ch)
        if current and used + size > width:
            pieces.append(current)
            current, used = "", 0
        current, used = current + ch, used + size
    return pieces + [current] if current else pieces


def answered(turn: Turn) -> bool:
    """True when the turn has answer text."""
    return bool(turn.text.strip())


def spoken_after(turn: Turn) -> bool:
    """True when something was said after the prompt: answer text, or transcribed speech that a
    researcher gave to the interviewer (an answer's text keeps only the participant's words)."""
    return answered(turn) or (not turn.corrections and any(s.text.strip() for s in turn.segments))


def has_audio(view: SessionView) -> bool:
    """True when the session recorded audio (its times then refer to the recording)."""
    return bool(view.recording) or any(
        t.audio_file is not None or t.audio_start is not None for t in view.turns
    )


@contextlib.contextmanager
def atomic_stream(path: Path) -> Iterator[IO[bytes]]:
    """Yield a binary temp file beside `path`; on success fsync it and rename it over `path`.

    For outputs too large to build in memory (a project with its recording); same temp-name
    pattern as interviewer.fileio.atomic_write, so its stale-temp cleanup applies.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    portable.restrict_fd(fd, FILE_MODE)
    try:
        with os.fdopen(fd, "w+b") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)

"""The append-only event journal: a header line, then one JSON event per line, fsynced each."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from interviewer import __version__
from interviewer.collector import collector_paused
from interviewer.errors import SessionError
from interviewer.events import EVENT_SCHEMA_VERSION, BaseEvent, dump_event, parse_event
from interviewer.fileio import append_durably, open_append
from interviewer.session.migrations import JOURNAL_SCHEMA_VERSION, migrate

JOURNAL_NAME = "journal.jsonl"
JOURNAL_FORMAT = "interviewer-journal"


@dataclass
class JournalContents:
    """What a journal file holds once read, validated and upgraded in memory."""

    path: Path
    version: int  # the version on disk, before migrations
    header: dict
    events: list = field(default_factory=list)
    good_length: int = 0  # bytes up to the end of the last complete line
    torn: bytes = b""  # the dropped torn tail, if any
    needs_newline: bool = False  # last record is complete but lacks its "\n"
    warnings: list[str] = field(default_factory=list)


def header_record(created_at: datetime) -> dict:
    """Return the first line of a new journal."""
    return {
        "format": JOURNAL_FORMAT,
        "schema_version": JOURNAL_SCHEMA_VERSION,
        "event_schema_version": EVENT_SCHEMA_VERSION,
        "created_at": created_at.isoformat(),
        "writer": f"interviewer {__version__}",
    }


def read_journal(path: Path) -> JournalContents:
    """Read a journal without modifying it: drop a torn last line, refuse anything else wrong."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SessionError(f"{path}: no journal (not a session folder?)") from None
    except OSError as exc:
        raise SessionError(f"{path}: cannot read: {exc.strerror or exc}") from None
    lines = _split_lines(data)
    with collector_paused():
        contents = _read_current(path, data, lines)
        return contents if contents is not None else _read_checked(path, data, lines)


def _read_current(path: Path, data: bytes, lines: list[tuple[int, int, int, bytes]]) -> JournalContents | None:
    """The fast path for a sound journal of the current layout: each line validated straight from JSON.

    Decoding every line to a dict and then validating the dict costs about twice as much as
    validating the JSON text directly. Anything unusual (an older layout, a torn or invalid
    line, a bad seq) returns None, and the careful path reads the file again to say what.
    """
    if not lines:
        return None
    try:
        header = json.loads(lines[0][3])
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not (isinstance(header, dict) and header.get("format") == JOURNAL_FORMAT
            and header.get("schema_version") == JOURNAL_SCHEMA_VERSION):
        return None
    contents = JournalContents(path=path, version=JOURNAL_SCHEMA_VERSION, header=header)
    events = contents.events
    for lineno, _start, _end, raw in lines[1:]:
        try:
            event = parse_event(raw)
            _refuse_outside_paths(path.name, lineno, event)
        except (ValidationError, SessionError, ValueError):
            return None
        if event.seq != len(events) + 1:
            return None
        events.append(event)
    _lineno, start, end, _raw = lines[-1]
    contents.good_length = end
    contents.needs_newline = not data[start:end].endswith(b"\n")
    return contents


def _read_checked(path: Path, data: bytes, lines: list[tuple[int, int, int, bytes]]) -> JournalContents:
    """Read any journal line by line as dicts: older layouts are migrated, every problem is located."""
    records: list[tuple[int, dict]] = []
    contents = JournalContents(path=path, version=JOURNAL_SCHEMA_VERSION, header={})
    for index, (lineno, start, end, raw) in enumerate(lines):
        is_last = index == len(lines) - 1
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            if is_last:
                contents.torn = data[start:]
                contents.warnings.append(
                    f"{path.name}:{lineno}: dropped an incomplete last line ({len(contents.torn)} bytes),"
                    " probably cut off by a crash"
                )
                break
            raise SessionError(f"{path.name}:{lineno}: invalid JSON: {_json_reason(exc)}") from None
        if not isinstance(record, dict):
            raise SessionError(f"{path.name}:{lineno}: invalid record: not a JSON object")
        records.append((lineno, record))
        contents.good_length = end
        contents.needs_newline = not data[start:end].endswith(b"\n")
    if not records:
        raise SessionError(f"{path.name}: the journal is empty (the session was never started)")
    _take_header(contents, records)
    _validate(contents, records)
    return contents


def _split_lines(data: bytes) -> list[tuple[int, int, int, bytes]]:
    """Return (line number, start, end incl. newline, text) for every non-blank line."""
    lines = []
    start = 0
    lineno = 0
    while start < len(data):
        lineno += 1
        newline = data.find(b"\n", start)
        end = len(data) if newline < 0 else newline + 1
        text = data[start:end].strip()
        if text:
            lines.append((lineno, start, end, text))
        start = end
    return lines


def _json_reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.colno})"
    return "not UTF-8 text"


def _take_header(contents: JournalContents, records: list[tuple[int, dict]]) -> None:
    """Detect the schema version from the first record; refuse newer or unknown layouts."""
    name = contents.path.name
    lineno, first = records[0]
    if first.get("format") == JOURNAL_FORMAT:
        version = first.get("schema_version")
        if not isinstance(version, int) or version < 0:
            raise SessionError(f"{name}:{lineno}: invalid header: schema_version {version!r}")
        if version > JOURNAL_SCHEMA_VERSION:
            raise SessionError(
                f"{name}: journal schema version {version} is newer than this program supports"
                f" ({JOURNAL_SCHEMA_VERSION}); upgrade interviewer to open it (nothing was changed)"
            )
        contents.header = first
        del records[0]
    elif "event" in first and "t" in first:
        version = 0  # the prototype layout had no header line
        contents.header = {"format": JOURNAL_FORMAT, "schema_version": 0}
    else:
        raise SessionError(f"{name}:{lineno}: not an interviewer journal (no header line)")
    contents.version = version


def _validate(contents: JournalContents, records: list[tuple[int, dict]]) -> None:
    """Upgrade the records in memory, validate each as an event and check the seq numbers."""
    name = contents.path.name
    raw = migrate([record for _, record in records], contents.version)
    for (lineno, _), record in zip(records, raw, strict=True):
        try:
            event = parse_event(record)
        except ValidationError as exc:
            raise SessionError(f"{name}:{lineno}: invalid event: {_first_error(exc)}") from None
        _refuse_outside_paths(name, lineno, event)
        expected = len(contents.events) + 1
        if event.seq != expected:
            raise SessionError(f"{name}:{lineno}: invalid event: seq is {event.seq}, expected {expected}")
        contents.events.append(event)


def _refuse_outside_paths(name: str, lineno: int, event: BaseEvent) -> None:
    """Refuse audio paths that would be read outside the session folder (absolute, or with '..')."""
    paths = [getattr(event, "audio_file", None), *(getattr(event, "files", None) or [])]
    for value in paths:
        if isinstance(value, str) and (value.startswith(("/", "\\")) or ".." in value.replace("\\", "/").split("/")
                                       or "\0" in value):
            raise SessionError(
                f"{name}:{lineno}: invalid event: audio path {value!r} leaves the session folder (refused)"
            )


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    # The discriminated union puts the type name first in the location; drop it.
    loc = [str(part) for part in error["loc"]]
    if len(loc) > 1:
        loc = loc[1:]
    where = ".".join(loc)
    extra = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {error['msg']}{extra}" if where else f"{error['msg']}{extra}"


def event_line(event: BaseEvent) -> bytes:
    """Serialise an event as one journal line."""
    return (dump_event(event) + "\n").encode("utf-8")


def encode_journal(header: dict, events: list) -> bytes:
    """Serialise a whole journal (used to rewrite an upgraded one)."""
    lines = [json.dumps(header, ensure_ascii=False) + "\n"]
    lines.extend(dump_event(event) + "\n" for event in events)
    return "".join(lines).encode("utf-8")


class JournalWriter:
    """An open journal that appends lines durably; callers serialise access."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = open_append(path)

    @classmethod
    def create(cls, path: Path, created_at: datetime) -> JournalWriter:
        """Create a new journal holding only its header line."""
        if path.exists():
            raise SessionError(f"{path}: a journal already exists here")
        writer = cls(path)
        writer.write(json.dumps(header_record(created_at)).encode("utf-8") + b"\n")
        return writer

    @classmethod
    def resume(cls, contents: JournalContents) -> JournalWriter:
        """Reopen a read journal for appending, cutting off a torn tail first."""
        path = contents.path
        if contents.torn:
            from interviewer.fileio import atomic_write

            # Keep the cut bytes beside the journal for inspection instead of losing them silently.
            atomic_write(path.with_name(path.name + ".torn"), contents.torn)
            os.truncate(path, contents.good_length)
        writer = cls(path)
        if contents.needs_newline:
            writer.write(b"\n")
        return writer

    def write(self, payload: bytes) -> None:
        """Append bytes and fsync them; on failure cut the journal back to where it was."""
        if self._fd is None:
            raise SessionError(f"{self.path}: the journal is closed")
        size = os.lseek(self._fd, 0, os.SEEK_END)
        try:
            append_durably(self._fd, payload)
        except OSError:
            # A half-written line followed by later good ones would be corruption in the middle
            # of the journal, which loading refuses; a full disk must not turn into that.
            try:
                os.ftruncate(self._fd, size)
            except OSError:
                self.close()  # cannot cut it back: take no more lines after the partial one
            raise

    def close(self) -> None:
        """Close the file (idempotent)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

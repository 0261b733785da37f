"""An open session: appends events durably, keeps its view current, writes session.json."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from interviewer.errors import SessionError
from interviewer.events import BaseEvent, SessionEnded
from interviewer.fileio import atomic_write
from interviewer.guide.model import Guide
from interviewer.session.derive import ViewBuilder
from interviewer.session.journal import JournalWriter, event_line
from interviewer.session.lock import SessionLock
from interviewer.session.view import SessionView

log = logging.getLogger(__name__)

SNAPSHOT_NAME = "session.json"
AUDIO_DIR = "audio"
EXPORTS_DIR = "exports"

Clock = Callable[[], datetime]

EndReason = Literal["completed", "stopped", "withdrawn", "consent_refused"]


def utc_now() -> datetime:
    """The default wall clock: an aware UTC datetime."""
    return datetime.now(timezone.utc)


class Session:
    """A session opened for writing; thread-safe. Close it (or use `with`) to release the lock."""

    def __init__(
        self,
        folder: Path,
        code: str,
        journal: JournalWriter,
        lock: SessionLock,
        events: list,
        guide: Guide | None,
        *,
        clock: Clock | None = None,
        snapshot_interval: float = 1.0,
        warnings: list[str] | None = None,
    ):
        self.folder = folder
        self.code = code
        self.guide = guide
        self.warnings = list(warnings or [])
        self.snapshot_interval = snapshot_interval
        self._journal = journal
        self._lock_file = lock
        self._clock = clock or utc_now
        self._mutex = threading.RLock()
        self._events = list(events)
        self._builder = ViewBuilder(guide).extend(self._events)
        self._cached: SessionView | None = None
        self._last_snapshot = -float("inf")
        self._elapsed_base = self._builder.duration
        self._opened = time.monotonic()

    @property
    def audio_dir(self) -> Path:
        """Where the recorder writes segments and answer files."""
        return self.folder / AUDIO_DIR

    @property
    def exports_dir(self) -> Path:
        """The default folder for this session's exports."""
        return self.folder / EXPORTS_DIR

    @property
    def events(self) -> list:
        """Every event appended so far, in journal order (a copy)."""
        with self._mutex:
            return list(self._events)

    @property
    def view(self) -> SessionView:
        """The SessionView of everything appended so far."""
        with self._mutex:
            if self._cached is None:
                self._cached = self._builder.view()
            return self._cached

    def moved(self, folder: Path) -> None:
        """Note that the (locked) folder was renamed; open files stay valid across a rename."""
        with self._mutex:
            self.folder = folder
            self._journal.path = folder / self._journal.path.name
            self._lock_file.moved(folder)

    @property
    def closed(self) -> bool:
        """True once close() ran."""
        return not self._lock_file.held

    def elapsed(self) -> float:
        """Seconds since the session started, continuing across a resume."""
        return self._elapsed_base + (time.monotonic() - self._opened)

    def advance_clock(self, to: float) -> None:
        """Move the session clock on to at least `to` (audio recorded past the last event, say)."""
        with self._mutex:
            self._elapsed_base += max(0.0, to - self.elapsed())

    def append(self, event):
        """Append one event durably (fsynced) and return it with its seq and time set."""
        if not isinstance(event, BaseEvent):
            raise TypeError(f"not an event: {event!r}")
        with self._mutex:
            if self.closed:
                raise SessionError(f"session {self.code} is closed")
            update = {"seq": len(self._events) + 1}
            if event.at is None:
                update["at"] = self._clock()
            stored = event.model_copy(update=update)
            self._journal.write(event_line(stored))
            self._events.append(stored)
            self._builder.add(stored)
            self._cached = None
            try:
                self._maybe_snapshot(isinstance(stored, SessionEnded))
            except OSError as exc:
                # The event is durable in the journal, which session.json is rebuilt from; raising
                # here would make the caller believe the append failed and append it twice.
                log.warning("session %s: session.json not updated (%s); retried on the next event", self.code, exc)
            return stored

    def extend(self, events: Iterable) -> list:
        """Append several events in order; return them as stored."""
        return [self.append(event) for event in events]

    def snapshot(self, status: str | None = None) -> Path:
        """Write session.json atomically from the current view; return its path."""
        with self._mutex:
            view = self.view
            if status is not None:
                view = view.model_copy(update={"meta": view.meta.model_copy(update={"status": status})})
            path = atomic_write(self.folder / SNAPSHOT_NAME, view.model_dump_json(indent=1) + "\n")
            self._last_snapshot = time.monotonic()
            return path

    def close(self, reason: EndReason | None = None) -> None:
        """End the session with `reason` (unless already ended) or leave it resumable; snapshot; unlock."""
        with self._mutex:
            if self.closed:
                return
            try:
                if reason is not None and self._builder.ended is None:  # the engine may have ended it
                    elapsed = max(self.elapsed(), self._builder.duration)
                    self.append(SessionEnded(elapsed=elapsed, reason=reason))
                ended = self._builder.ended is not None
                self.snapshot(None if ended else "interrupted")
            finally:
                self.release()

    def release(self) -> None:
        """Close the journal and drop the lock without writing anything (close() does this last)."""
        with self._mutex:
            self._journal.close()
            self._lock_file.release()

    def _maybe_snapshot(self, force: bool) -> None:
        # session.json is a derived convenience copy; throttling keeps fsyncs per event at one.
        if force or time.monotonic() - self._last_snapshot >= self.snapshot_interval:
            self.snapshot()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Session({self.code!r}, {self.folder})"

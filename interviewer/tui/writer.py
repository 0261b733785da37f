"""An ordered background writer: the UI hands events over and never waits for the disk."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

_STOP = object()


class JournalWriter:
    """Appends events to a session journal on one thread, in the order they were given."""

    def __init__(self, append: Callable[[Any], Any], on_error: Callable[[Exception], None] | None = None):
        self._append = append
        self._on_error = on_error
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="journal-writer", daemon=True)
        self._thread.start()
        self.failed: Exception | None = None

    def put(self, event: Any) -> None:
        """Queue an event for appending."""
        self._queue.put(event)

    def call(self, fn: Callable[[], Any]) -> None:
        """Queue a callable to run on the writer thread after everything queued so far."""
        self._queue.put(fn)

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Wait until everything queued so far is written; return False on timeout."""
        done = threading.Event()
        self._queue.put(done.set)
        return done.wait(timeout)

    def close(self, timeout: float | None = 10.0) -> None:
        """Write what is queued, then stop the thread."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            try:
                item() if callable(item) else self._append(item)
            except Exception as exc:  # reported to the UI; the writer keeps going for the rest
                self.failed = exc
                if self._on_error is not None:
                    self._on_error(exc)

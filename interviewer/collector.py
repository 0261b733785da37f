"""Pausing Python's cyclic garbage collector while a big journal is read.

Reading a two-hour session makes tens of thousands of small objects (events, segments, words)
that all stay alive; each allocation burst triggers collections that walk every one of them
again and find nothing to free, which costs a large part of opening a session. Reference
counting still frees everything as usual while the collector is paused.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # pauses in progress, in any thread: gc is global, so only the last one may re-enable it
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block; re-enable it (if it was on) when the last pause ends."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()

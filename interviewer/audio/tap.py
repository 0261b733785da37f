"""A listener on the recording: the writer thread hands it copies of blocks without ever waiting.

The live transcriber reads recorded audio from a `BlockTap` on its own thread. The writer only
tries to put a copy into a bounded queue; when the listener falls behind, the block is counted
as missed instead (the recording itself is never affected).
"""

from __future__ import annotations

import queue
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TappedBlock:
    """A copy of one recorded block and where it starts in the recording (seconds)."""

    audio: np.ndarray  # int16, frames x channels
    rate: int
    position: float


class BlockTap:
    """A bounded queue of recorded blocks; `offer` never blocks, `get` waits for the next one."""

    def __init__(self, max_blocks: int = 400):
        self._queue: queue.Queue[TappedBlock | None] = queue.Queue(maxsize=max_blocks)
        self.missed_frames = 0
        self.closed = False

    def offer(self, block: np.ndarray, rate: int, position: float) -> None:
        """In the writer thread: queue a copy of the block, or count it missed when full."""
        if self.closed:
            return
        try:
            self._queue.put_nowait(TappedBlock(block.copy(), rate, position))
        except queue.Full:
            self.missed_frames += len(block)

    def get(self, timeout: float | None = None) -> TappedBlock | None:
        """The next block (None once closed and empty); raises queue.Empty after `timeout`."""
        return self._queue.get(timeout=timeout)

    def close(self) -> None:
        """No more blocks: the reader's next `get` after the queued ones returns None."""
        if self.closed:
            return
        self.closed = True
        while True:
            try:
                self._queue.put_nowait(None)
                return
            except queue.Full:  # make room for the end mark: the reader is stopping anyway
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    pass

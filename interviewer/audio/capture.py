"""The real-time half of recording: a callback that only queues blocks, a thread that writes them.

The callback copies each block into a preallocated buffer from a pool (no allocation, never
blocks); when the pool is empty the block is counted as dropped. The writer thread puts those
dropped frames back as silence of the same length, so positions stay exact, and reports every
loss as a GapEvent with its position.
"""

from __future__ import annotations

import errno
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable

import numpy as np

from interviewer.audio.diskspace import LowDiskSpace
from interviewer.audio.level import LevelMeter, LevelReading, SilenceDetector
from interviewer.audio.tap import BlockTap
from interviewer.events import BaseEvent, GapEvent

log = logging.getLogger(__name__)
DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
# A device's first block can take seconds to arrive (PulseAudio: 1-2 s); that is not a stall.
STARTUP_GRACE = 5.0


class Capture:
    """Owns the block pool, the queue and the writer thread for one recording."""

    def __init__(self, sink, rate: int, channels: int, blocksize: int, queue_blocks: int,
                 emit: Callable[[BaseEvent], None], elapsed: Callable[[], float],
                 stall_seconds: float, sync_interval: float, silence: SilenceDetector,
                 on_level: Callable[[LevelReading], None] | None = None,
                 on_block: Callable[[np.ndarray, int], None] | None = None,
                 before_write: Callable[[np.ndarray], None] | None = None):
        self.sink, self.rate, self.channels = sink, rate, channels
        self._emit, self._elapsed = emit, elapsed
        self.stall_seconds, self.sync_interval = stall_seconds, sync_interval
        self.meter, self.silence = LevelMeter(rate), silence
        self._on_level, self._on_block, self._before_write = on_level, on_block, before_write
        self.taps: list[BlockTap] = []  # replaced, never mutated, so the writer needs no lock
        self._free = deque(np.zeros((blocksize, channels), np.int16) for _ in range(queue_blocks))
        self._filled: queue.Queue = queue.Queue(maxsize=queue_blocks)
        # Written only by the callback thread:
        self.frames_in = 0
        self.dropped_blocks = 0
        self.dropped_frames = 0
        self.last_callback = time.monotonic()
        self.started = False
        # Written only by the writer thread:
        self.frame = 0
        self.overflows = 0
        self.gaps: list[GapEvent] = []
        self.stalled = False
        self.stopped_reason: str | None = None
        self._dropped_seen = 0
        self._stall_since = 0.0
        self.accepting = True
        self._stopping = threading.Event()
        # Set by the recorder: the stream frame where the current answer ends, and what to do
        # (in this thread, which owns the files) once the writer gets there.
        self.answer_end: int | None = None
        self.on_answer_end: Callable[[int], None] | None = None
        self.answer_reached = threading.Event()
        self.thread = threading.Thread(target=self._run, name="audio-writer", daemon=True)

    # -- callback thread ------------------------------------------------------------------
    def callback(self, indata, frames, time_info, status) -> None:
        """Copy the block into a pooled buffer and queue it; never blocks."""
        if not self.accepting:
            return
        now = time.monotonic()
        self.last_callback = now
        self.started = True
        try:
            buf = self._free.popleft()
        except IndexError:
            self.dropped_blocks += 1
            self.dropped_frames += frames
            self.frames_in += frames
            return
        buf[:frames] = indata
        overflow = bool(getattr(status, "input_overflow", False))
        try:
            item = (buf, frames, overflow, self.dropped_frames, self.frames_in, now)
            self._filled.put_nowait(item)
        except queue.Full:  # cannot happen (queue and pool are the same size); counted anyway
            self._free.append(buf)
            self.dropped_blocks += 1
            self.dropped_frames += frames
        self.frames_in += frames

    # -- writer thread --------------------------------------------------------------------
    def start(self) -> None:
        """Start the writer thread."""
        self.last_callback = time.monotonic()
        self.thread.start()

    def stop(self) -> None:
        """Finish writing what is queued (call after the source stopped) and join the thread."""
        self._stopping.set()
        self.thread.join()

    def _run(self) -> None:
        next_sync = time.monotonic() + self.sync_interval
        try:
            while self.stopped_reason is None:
                try:
                    item = self._filled.get(timeout=0.05)
                except queue.Empty:
                    if self._stopping.is_set():
                        break
                    self._idle()
                else:
                    self._process(*item)
                if time.monotonic() >= next_sync:
                    self.sink.files.sync()
                    next_sync = time.monotonic() + self.sync_interval
            if self.stopped_reason is None:
                self._finish()
        except OSError as exc:
            if isinstance(exc, LowDiskSpace):
                reason = str(exc)
            elif exc.errno in DISK_FULL:
                reason = "disk full"
            else:
                reason = f"write error: {exc.strerror or exc}"
            self.fail(reason)
        except Exception as exc:  # a bug must still leave a closed, readable file
            log.exception("audio writer failed")
            self.fail(f"internal error: {exc}")
        finally:
            self._check_answer(force=True)

    def fail(self, reason: str) -> None:
        """Stop taking blocks, close the open file (repairing it if need be), keep the reason."""
        self.stopped_reason = reason
        self.accepting = False
        log.error("recording stopped: %s", reason)
        self.sink.files.close()
        self._check_answer(force=True)
        while True:
            try:
                self._free.append(self._filled.get_nowait()[0])
            except queue.Empty:
                break

    def _process(self, buf, frames, overflow, dropped_before, index, arrived) -> None:
        try:
            self._fill_dropped(dropped_before)
            if self.stalled:
                self._stall_gap(arrived - frames / self.rate)
            if overflow:
                self.overflows += 1
                self._gap(0.0, "input overflow: the system delivered audio late, a short "
                               "stretch of unknown length is missing")
            self._write(buf[:frames])
        finally:
            self._free.append(buf)
        self._check_answer()

    def _write(self, block: np.ndarray) -> None:
        if self._before_write is not None:
            self._before_write(block)
        position = self.sink.position(self.frame)
        self.sink.write(block, self.frame)
        self.frame += len(block)
        for tap in self.taps:
            tap.offer(block, self.rate, position)
        reading = self.meter.feed(block, self.sink.position(self.frame))
        if reading is not None:
            self.silence.update(reading)
            if self._on_level is not None:
                self._on_level(reading)
        if self._on_block is not None:
            self._on_block(block, self.rate)

    def _fill_dropped(self, dropped_total: int) -> None:
        missing = dropped_total - self._dropped_seen
        if missing <= 0:
            return
        self._dropped_seen = dropped_total
        self._gap(missing / self.rate, "dropped blocks: the writer fell behind; "
                                       "replaced by silence of the same length")
        zeros = np.zeros((min(missing, self.rate), self.channels), np.int16)
        while missing > 0:
            n = min(missing, len(zeros))
            self._write(zeros[:n])
            missing -= n

    def _gap(self, duration: float, reason: str, position: float | None = None) -> None:
        pos = self.sink.position(self.frame) if position is None else position
        gap = GapEvent(elapsed=self._elapsed(), position=pos, duration=duration, reason=reason)
        self.gaps.append(gap)
        log.warning("audio gap at %.2f s (%.2f s): %s", pos, duration, reason)
        self._emit(gap)

    def _idle(self) -> None:
        self._fill_dropped(self.dropped_frames)
        self._check_answer()
        if self.stalled or not self.accepting:
            return
        limit = self.stall_seconds if self.started else max(self.stall_seconds, STARTUP_GRACE)
        if time.monotonic() - self.last_callback > limit:
            self.stalled = True
            self._stall_since = self.last_callback
            log.warning("the input device stopped delivering audio at %.1f s",
                        self.sink.position(self.frame))

    def _stall_gap(self, resumed: float) -> None:
        self.stalled = False
        self._gap(max(0.0, resumed - self._stall_since),
                  "input device stopped delivering audio: up to this long is not in the file")

    def settle_answer(self) -> None:
        """Finish a pending answer now, from the caller's thread; only once the writer has exited."""
        if self.thread.is_alive():
            raise RuntimeError("the writer thread still owns the files")
        self._check_answer(force=True)

    def _check_answer(self, force: bool = False) -> None:
        end = self.answer_end
        if end is None or not (force or self.frame >= end):
            return
        self.answer_end = None
        try:
            if self.on_answer_end is not None:
                self.on_answer_end(min(end, self.frame))
        finally:
            self.answer_reached.set()

    def _finish(self) -> None:
        self._fill_dropped(self.dropped_frames)
        if self.stalled:
            self._stall_gap(time.monotonic())
        self._check_answer(force=True)

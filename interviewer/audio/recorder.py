"""The recorder: crash-safe segmented WAV recording of a whole session or of single answers."""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal, Self

import numpy as np

from interviewer.audio import devices, diskspace
from interviewer.audio.capture import Capture
from interviewer.audio.level import LevelReading, SilenceDetector
from interviewer.audio.repair import RepairResult, repair_folder
from interviewer.audio.segments import AnswerSink, SegmentFiles, SessionSink
from interviewer.audio.source import InputSource, SoundDeviceSource
from interviewer.audio.tap import BlockTap
from interviewer.audio.summary import AnswerClip, RecordingSummary
from interviewer.errors import AudioError
from interviewer.events import BaseEvent
from interviewer.fileio import make_private_dir

log = logging.getLogger(__name__)
Style = Literal["session", "answers"]


class Recorder:
    """Records from an input device into `SESSION/audio/` as PCM_16 WAV segments.

    `style="session"`: everything, in segments `rec-0001.wav`... of `segment_seconds`.
    `style="answers"`: only between `start_answer()` and `stop_answer()`, one file per answer.
    Events (closed segments, gaps) go to `on_event` from the writer thread. Device problems
    raise AudioError here, before any file or folder is created.
    """

    def __init__(self, session_dir: str | os.PathLike, *, device: int | str | None = None,
                 sample_rate: int | None = None, channels: int = 1, style: Style = "session",
                 segment_seconds: float = 30.0, planned_seconds: float | None = None,
                 audio_subdir: str = "audio", prefix: str | None = None,
                 reserve_bytes: int = diskspace.RESERVE_BYTES, min_free_seconds: float = 60.0,
                 queue_seconds: float = 5.0, block_seconds: float = 0.05,
                 stall_seconds: float = 5.0, sync_interval: float = 1.0,
                 silence_dbfs: float = -45.0, silence_seconds: float = 2.0,
                 on_event: Callable[[BaseEvent], None] | None = None,
                 on_level: Callable[[LevelReading], None] | None = None,
                 on_block: Callable[[np.ndarray, int], None] | None = None,
                 elapsed: Callable[[], float] | None = None,
                 source: InputSource | None = None,
                 before_write: Callable[[np.ndarray], None] | None = None):
        if style not in ("session", "answers"):
            raise AudioError(f"unknown recording style {style!r} (session or answers)")
        if channels not in (1, 2):
            raise AudioError(f"record 1 or 2 channels, not {channels}")
        if segment_seconds <= 0 or queue_seconds <= 0 or block_seconds <= 0:
            raise AudioError("segment, queue and block lengths must be positive")
        self.session_dir = Path(session_dir)
        self.folder = self.session_dir / audio_subdir
        self.style, self.channels = style, channels
        self.prefix = prefix or ("rec" if style == "session" else "answer")
        self.segment_seconds, self.reserve_bytes = segment_seconds, reserve_bytes
        self.min_free_seconds = min_free_seconds
        self._queue_seconds, self._block_seconds = queue_seconds, block_seconds
        self._stall_seconds, self._sync_interval = stall_seconds, sync_interval
        self._silence = SilenceDetector(silence_dbfs, silence_seconds)
        self._on_event, self._on_level, self._on_block = on_event, on_level, on_block
        self._before_write = before_write
        t0 = time.monotonic()
        self._elapsed = elapsed or (lambda: time.monotonic() - t0)
        self.device = device
        if source is None:
            rate = devices.choose_sample_rate(device, channels, sample_rate)
            source = SoundDeviceSource(device, rate, channels, max(1, int(rate * block_seconds)))
        elif source.channels != channels:
            raise AudioError(f"the source has {source.channels} channel(s), {channels} requested")
        self.source: InputSource = source
        self.sample_rate = source.sample_rate
        diskspace.check_space(_existing_parent(self.folder), planned_seconds or min_free_seconds,
                              self.sample_rate, channels, reserve_bytes)
        self.repaired: list[RepairResult] = []
        self._capture: Capture | None = None
        self._files: SegmentFiles | None = None
        self._answer: tuple[int, AnswerClip | None] | None = None
        self._lock = threading.Lock()

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> Self:
        """Repair files a crash left in the folder, then start recording."""
        if self._capture is not None:
            raise AudioError("this recorder was already started")
        make_private_dir(self.folder)
        self.repaired = repair_folder(self.folder, f"{self.prefix}-*.wav")
        for r in self.repaired:
            if r.status == "repaired":
                log.warning("repaired %s after an interrupted recording: %s", r.path, r.detail)
        self._files = SegmentFiles(self.session_dir, self.folder, self.prefix, self.sample_rate,
                                   self.channels, self._emit, self._elapsed)
        if self.style == "session":
            base = sum(r.seconds for r in self.repaired)
            sink = SessionSink(self._files, max(1, round(self.segment_seconds * self.sample_rate)),
                               base, self._check_segment_space)
        else:
            sink = AnswerSink(self._files, self._check_segment_space)
        blocks = max(4, math.ceil(self._queue_seconds / self._block_seconds))
        self._capture = Capture(
            sink, self.sample_rate, self.channels, self.source.blocksize, blocks, self._emit,
            self._elapsed, self._stall_seconds, self._sync_interval, self._silence,
            self._on_level, self._on_block, self._before_write,
        )
        self._capture.on_answer_end = self._finish_answer
        self._capture.start()
        try:
            self.source.start(self._capture.callback)
        except BaseException:
            self._capture.stop()
            raise
        return self

    def stop(self) -> RecordingSummary:
        """Stop recording, write out what is queued, close the files; return what was saved."""
        cap = self._require()
        self.source.close()
        if self._answer is not None and self._answer[1] is None:
            cap.answer_end = cap.frames_in
        cap.stop()
        for tap in cap.taps:
            tap.close()
        self._files.close()
        return RecordingSummary(
            files=[f for f, _, _ in self._files.closed],
            seconds=sum(d for _, _, d in self._files.closed),
            sample_rate=self.sample_rate, channels=self.channels, gaps=list(cap.gaps),
            dropped_blocks=cap.dropped_blocks, overflows=cap.overflows,
            stopped_reason=cap.stopped_reason or "stopped", repaired=self.repaired,
        )

    def retry(self) -> None:
        """Reopen the input (after `stalled`): the recording continues in the same files."""
        self._require()
        self.source.close()
        self.source.start(self._capture.callback)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        if self._capture is not None:
            self.stop()  # also after a full disk: the input stream is still open

    # -- answers ---------------------------------------------------------------------------
    def start_answer(self) -> float:
        """Mark the start of an answer now; return its position (seconds into the recording)."""
        cap = self._require()
        with self._lock:
            if self._answer is not None and self._answer[1] is None:
                raise AudioError("an answer is already being recorded")
            start = cap.frames_in
            self._answer = (start, None)
            if isinstance(cap.sink, AnswerSink):
                cap.sink.window = (start, None)
        return cap.sink.position(start)

    @property
    def next_answer_file(self) -> str:
        """The file the next answer is written to (answers style), relative to the session folder."""
        self._require()
        return self._files.next_name()

    def stop_answer(self, timeout: float | None = None) -> AnswerClip:
        """End the answer now; wait until its audio is on disk and return where it is."""
        cap = self._require()
        with self._lock:
            if self._answer is None or self._answer[1] is not None:
                raise AudioError("no answer is being recorded")
            end = cap.frames_in
            cap.answer_reached.clear()
            if isinstance(cap.sink, AnswerSink):
                cap.sink.window = (self._answer[0], end)
            cap.answer_end = end
        deadline = time.monotonic() + (timeout if timeout is not None else self._queue_seconds + 5)
        while not cap.answer_reached.wait(0.05) and time.monotonic() < deadline:
            if not cap.thread.is_alive():
                cap.settle_answer()  # writing stopped (a full disk): nothing more will reach the file
        if not cap.answer_reached.is_set() or self._answer[1] is None:
            raise AudioError("the answer's audio could not be written in time")
        return self._answer[1]

    def _finish_answer(self, end: int) -> None:
        """In the writer thread: close the answer's file (answers style) and build its clip."""
        start = self._answer[0]
        sink, files = self._capture.sink, self._files
        if isinstance(sink, AnswerSink):
            sink.window = None
            if files.current is None and self._capture.stopped_reason is None:
                files.open(sink.position(start))  # an answer with no audio still gets a file
            files.close()
        s, e = sink.position(start), sink.position(max(start, end))
        spans = [sp for sp in files.spans() if sp[1] <= e and sp[1] + sp[2] >= s]
        if not spans:
            spans = [(files.spans()[-1] if files.spans() else ("", s, 0.0))]
        gaps = [g for g in self._capture.gaps if s <= g.position <= e]
        self._answer = (start, AnswerClip(
            audio_file=spans[0][0], files=[sp[0] for sp in spans], start=s, end=e,
            file_offset=max(0.0, s - spans[0][1]), gaps=gaps,
        ))

    # -- listeners -------------------------------------------------------------------------
    def tap(self, max_seconds: float = 20.0) -> BlockTap:
        """A new listener that gets a copy of every block written from now on (never blocking)."""
        cap = self._require()
        tap = BlockTap(max(4, math.ceil(max_seconds / self._block_seconds)))
        cap.taps = [*cap.taps, tap]
        return tap

    def untap(self, tap: BlockTap) -> None:
        """Stop feeding a listener and close it."""
        cap = self._require()
        cap.taps = [t for t in cap.taps if t is not tap]
        tap.close()

    # -- state for the UI ------------------------------------------------------------------
    @property
    def position(self) -> float:
        """Seconds recorded so far (written to disk)."""
        cap = self._require()
        return cap.sink.position(cap.frame)

    @property
    def level(self) -> LevelReading | None:
        """The latest level reading (about ten a second)."""
        return self._capture.meter.latest if self._capture else None

    @property
    def silent_for(self) -> float:
        """Seconds the input has stayed below the silence threshold."""
        return self._silence.silent_for

    @property
    def silent(self) -> bool:
        """True once the silence has lasted `silence_seconds`."""
        return self._silence.silent

    @property
    def stalled(self) -> bool:
        """True while the device has delivered nothing for `stall_seconds`: offer `retry()`."""
        return bool(self._capture and self._capture.stalled)

    @property
    def running(self) -> bool:
        """True while audio is being written (False after a full disk or a write error)."""
        return bool(self._capture and self._capture.thread.is_alive()
                    and self._capture.stopped_reason is None)

    @property
    def stopped_reason(self) -> str | None:
        """Why writing stopped on its own (e.g. "disk full"), or None."""
        return self._capture.stopped_reason if self._capture else None

    @property
    def dropped_blocks(self) -> int:
        """Blocks lost because the writer fell behind (replaced by silence, logged as gaps)."""
        return self._capture.dropped_blocks if self._capture else 0

    @property
    def overflows(self) -> int:
        """Input overflows the audio system reported."""
        return self._capture.overflows if self._capture else 0

    # -- internals -------------------------------------------------------------------------
    def _require(self) -> Capture:
        if self._capture is None:
            raise AudioError("the recorder has not been started")
        return self._capture

    def _emit(self, event: BaseEvent) -> None:
        if self._on_event is None:
            return
        try:
            self._on_event(event)
        except Exception:  # a broken listener must not stop the recording
            log.exception("on_event failed for %s", event.type)

    def _check_segment_space(self) -> None:
        """Before each new file: stop cleanly while the journal still has room to be written."""
        need = diskspace.bytes_for(self.min_free_seconds, self.sample_rate, self.channels)
        free = diskspace.free_bytes(self.folder)
        if free < need + self.reserve_bytes:
            raise diskspace.LowDiskSpace(f"disk nearly full ({diskspace.mb(free)} free)")


def _existing_parent(path: Path) -> Path:
    """The nearest folder that exists, to ask for free space before creating anything."""
    path = path.absolute()
    while not path.exists():
        path = path.parent
    return path

"""Numbered WAV segment files, and the two ways blocks are routed to them (session, answers)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from interviewer.audio.repair import repair_wav
from interviewer.audio.wavfile import WavSegment
from interviewer.events import BaseEvent, RecordingSegmentEvent

log = logging.getLogger(__name__)


def segment_paths(folder: Path, prefix: str) -> list[Path]:
    """Existing segments `PREFIX-NNNN.wav` in `folder`, in order."""
    pattern = re.compile(rf"{re.escape(prefix)}-(\d{{4,}})\.wav")
    found = [(int(m.group(1)), p) for p in folder.glob(f"{prefix}-*.wav")
             if (m := pattern.fullmatch(p.name))]
    return [p for _, p in sorted(found)]


class SegmentFiles:
    """Opens `PREFIX-NNNN.wav` files one after another and reports each one it closes."""

    def __init__(self, session_dir: Path, folder: Path, prefix: str, sample_rate: int,
                 channels: int, emit: Callable[[BaseEvent], None], elapsed: Callable[[], float]):
        self.session_dir = session_dir
        self.folder = folder
        self.prefix = prefix
        self.sample_rate = sample_rate
        self.channels = channels
        self._emit = emit
        self._elapsed = elapsed
        existing = segment_paths(folder, prefix)
        self._next = int(existing[-1].stem.rsplit("-", 1)[1]) + 1 if existing else 1
        self.current: WavSegment | None = None
        self.current_start = 0.0
        self.closed: list[tuple[str, float, float]] = []  # (file, start, duration)

    def rel(self, path: Path) -> str:
        """Path relative to the session folder, as the journal stores it."""
        return path.relative_to(self.session_dir).as_posix()

    def next_name(self) -> str:
        """The file the next `open()` creates, relative to the session folder."""
        return self.rel(self.folder / f"{self.prefix}-{self._next:04d}.wav")

    def open(self, start: float) -> WavSegment:
        """Create the next numbered file, starting `start` seconds into the recording."""
        path = self.folder / f"{self.prefix}-{self._next:04d}.wav"
        self._next += 1
        self.current = WavSegment(path, self.sample_rate, self.channels)
        self.current_start = start
        return self.current

    def close(self) -> str | None:
        """Close the open file (final sizes, fsync) and report it; after an I/O error, repair it."""
        seg, self.current = self.current, None
        if seg is None:
            return None
        try:
            seg.close()
        except OSError as exc:
            log.warning("closing %s failed (%s); repairing it", seg.path, exc)
            repair_wav(seg.path)
        rel = self.rel(seg.path)
        self.closed.append((rel, self.current_start, seg.seconds))
        self._emit(RecordingSegmentEvent(
            elapsed=self._elapsed(), audio_file=rel, start=self.current_start,
            duration=seg.seconds, sample_rate=self.sample_rate, channels=self.channels,
        ))
        return rel

    def spans(self) -> list[tuple[str, float, float]]:
        """Every file so far, the open one included, as (file, start, duration)."""
        spans = list(self.closed)
        if self.current is not None:
            spans.append((self.rel(self.current.path), self.current_start, self.current.seconds))
        return spans

    def sync(self) -> None:
        """Make the open file durable (sizes in the header, fsync)."""
        if self.current is not None:
            self.current.sync()


class SessionSink:
    """Continuous recording: every frame goes to segments of `segment_frames` each."""

    def __init__(self, files: SegmentFiles, segment_frames: int, base: float,
                 before_open: Callable[[], None]):
        self.files = files
        self.segment_frames = segment_frames
        self.base = base  # seconds already recorded in earlier runs (after a crash)
        self._before_open = before_open

    def write(self, block: np.ndarray, index: int) -> None:
        """Write a block that starts at stream frame `index`, rolling over to new segments."""
        done = 0
        rate = self.files.sample_rate
        while done < len(block):
            if self.files.current is None:
                self._before_open()
                self.files.open(self.base + (index + done) / rate)
            seg = self.files.current
            n = min(self.segment_frames - seg.frames, len(block) - done)
            seg.write(block[done:done + n])
            done += n
            if seg.frames >= self.segment_frames:
                self.files.close()

    def position(self, index: int) -> float:
        """Seconds into the recording of stream frame `index`."""
        return self.base + index / self.files.sample_rate


class AnswerSink:
    """Per-answer recording: only frames inside [start, end) go to that answer's own file."""

    def __init__(self, files: SegmentFiles, before_open: Callable[[], None]):
        self.files = files
        self.window: tuple[int, int | None] | None = None
        self._before_open = before_open

    def write(self, block: np.ndarray, index: int) -> None:
        """Write the part of a block (starting at stream frame `index`) inside the answer."""
        if self.window is None:
            return
        start, end = self.window
        lo = max(index, start)
        hi = index + len(block) if end is None else min(index + len(block), end)
        if hi <= lo:
            return
        if self.files.current is None:
            self._before_open()
            self.files.open(lo / self.files.sample_rate)
        self.files.current.write(block[lo - index:hi - index])

    def position(self, index: int) -> float:
        """Seconds since the recorder started of stream frame `index`."""
        return index / self.files.sample_rate

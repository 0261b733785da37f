"""Live input level (peak and RMS in dBFS, about ten readings a second) and silence detection."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FLOOR_DBFS = -120.0


def dbfs(value: float) -> float:
    """Convert a linear amplitude (1.0 = full scale) to dBFS, floored at -120."""
    return 20 * math.log10(value) if value > 1e-6 else FLOOR_DBFS


def as_float(block: np.ndarray) -> np.ndarray:
    """Return samples as float in [-1, 1] whatever the input dtype (int16 or float)."""
    if block.dtype.kind == "i":
        return block.astype(np.float32) / 32768.0
    return block.astype(np.float32, copy=False)


@dataclass(frozen=True)
class LevelReading:
    """One level update: the loudest sample and the RMS over the last window."""

    peak_dbfs: float
    rms_dbfs: float
    position: float  # seconds into the recording at the window's end


class LevelMeter:
    """Turns a stream of blocks into a reading every `window` seconds."""

    def __init__(self, sample_rate: int, window: float = 0.1):
        self.sample_rate = sample_rate
        self.window_frames = max(1, int(sample_rate * window))
        self.latest: LevelReading | None = None
        self._frames = 0
        self._peak = 0.0
        self._sumsq = 0.0
        self._count = 0

    def feed(self, block: np.ndarray, position: float) -> LevelReading | None:
        """Add a block ending at `position` seconds; return a reading when a window completes."""
        x = as_float(block)
        if x.size:
            self._peak = max(self._peak, float(np.max(np.abs(x))))
            self._sumsq += float(np.dot(x.ravel(), x.ravel()))
            self._count += x.size
        self._frames += len(block)
        if self._frames < self.window_frames:
            return None
        rms = math.sqrt(self._sumsq / self._count) if self._count else 0.0
        self.latest = LevelReading(dbfs(self._peak), dbfs(rms), position)
        self._frames, self._peak, self._sumsq, self._count = 0, 0.0, 0.0, 0
        return self.latest


class SilenceDetector:
    """Says when the level has stayed below `threshold_dbfs` for at least `seconds`."""

    def __init__(self, threshold_dbfs: float = -45.0, seconds: float = 2.0):
        self.threshold_dbfs = threshold_dbfs
        self.seconds = seconds
        self._quiet_since: float | None = None
        self._last = 0.0

    def update(self, reading: LevelReading) -> bool:
        """Feed a reading; return True while the silence has lasted long enough."""
        self._last = reading.position
        if reading.rms_dbfs >= self.threshold_dbfs:
            self._quiet_since = None
        elif self._quiet_since is None:
            self._quiet_since = reading.position
        return self.silent

    @property
    def silent_for(self) -> float:
        """Seconds the input has been below the threshold (0 while there is sound)."""
        return 0.0 if self._quiet_since is None else self._last - self._quiet_since

    @property
    def silent(self) -> bool:
        """True once the silence has lasted `seconds`."""
        return self._quiet_since is not None and self.silent_for >= self.seconds

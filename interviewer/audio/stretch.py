"""Change the speed of speech without changing its pitch (Rubber Band, through `pedalboard`)."""

from __future__ import annotations

import numpy as np

SLOWEST, FASTEST = 0.5, 2.0


def stretch(audio: np.ndarray, rate: int, speed: float) -> np.ndarray:
    """Frames × channels played `speed` times as fast, same pitch (speed 1: the audio itself)."""
    speed = min(FASTEST, max(SLOWEST, speed))
    if abs(speed - 1.0) < 1e-6 or not len(audio):
        return audio
    from pedalboard import time_stretch  # loaded on the first change of speed only

    out = time_stretch(np.ascontiguousarray(audio.T, dtype=np.float32), rate, stretch_factor=speed)
    return np.ascontiguousarray(out.T)

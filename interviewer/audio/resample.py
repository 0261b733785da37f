"""Convert recorded audio to 16 kHz mono float32 for transcription, with a proper resampler."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from interviewer.audio.level import as_float
from interviewer.errors import AudioError

TARGET_RATE = 16000


def to_16k_mono(audio: np.ndarray, rate: int) -> np.ndarray:
    """Mix `audio` ((n,) or (n, channels), int16 or float) to mono and resample to 16 kHz."""
    import soxr

    if rate <= 0:
        raise AudioError(f"invalid sample rate {rate}")
    x = as_float(np.asarray(audio))
    if x.ndim == 2:
        x = x.mean(axis=1, dtype=np.float32)
    elif x.ndim != 1:
        raise AudioError(f"audio must be (frames,) or (frames, channels), not shape {x.shape}")
    if rate == TARGET_RATE or x.size == 0:
        return np.ascontiguousarray(x, dtype=np.float32)
    return soxr.resample(x, rate, TARGET_RATE, quality="HQ").astype(np.float32, copy=False)


def load_16k_mono(paths: str | os.PathLike | Sequence[str | os.PathLike]) -> np.ndarray:
    """Read one audio file, or segments in order, as one 16 kHz mono float32 array."""
    import soundfile as sf

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    parts = []
    for path in paths:
        try:
            audio, rate = sf.read(str(path), dtype="float32", always_2d=True)
        except (sf.LibsndfileError, RuntimeError, OSError) as exc:
            raise AudioError(f"{path}: cannot read audio: {exc}") from None
        parts.append((audio, rate))
    if not parts:
        return np.zeros(0, dtype=np.float32)
    if len({rate for _, rate in parts}) == 1 and len({a.shape[1] for a, _ in parts}) == 1:
        # One pass over the joined segments: no filter edge effects at segment boundaries.
        return to_16k_mono(np.concatenate([a for a, _ in parts]), parts[0][1])
    return np.concatenate([to_16k_mono(a, r) for a, r in parts])

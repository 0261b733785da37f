"""Quiet recordings raised to a speaking level before decoding.

Whisper's log-mel features are not level-free (they are clamped to 8 dB under the window's
loudest bin and then shifted by a constant), and Silero VAD scores soft input low: speech
recorded 30 dB down came out with whole sentences missing. A recording whose peak is under
-6 dBFS and that has voice in it is scaled so its peak is at -3 dBFS, by at most 30 dB; a
recording of room noise alone is left as it is, so its hiss is not made loud enough to read.
"""

from __future__ import annotations

import numpy as np

from interviewer.transcribe.coverage import MIN_VOICED_SECONDS, voiced_mask

QUIET_PEAK_DBFS = -6.0
TARGET_PEAK_DBFS = -3.0
MAX_GAIN_DB = 30.0


def raised(audio: np.ndarray) -> np.ndarray:
    """The audio at a speaking level (a scaled copy), or the same array when it needs no change."""
    peak = max(float(audio.max()), -float(audio.min()))
    if peak >= 10 ** (QUIET_PEAK_DBFS / 20) or peak == 0:
        return audio
    if voiced_mask(audio).sum() < MIN_VOICED_SECONDS * 100:  # frames of 10 ms
        return audio
    gain = min(10 ** (TARGET_PEAK_DBFS / 20) / peak, 10 ** (MAX_GAIN_DB / 20))
    return (audio * np.float32(gain)).astype(np.float32)

"""Microphone check: record a few seconds in memory and say plainly whether the microphone works."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from interviewer.audio import devices
from interviewer.audio.level import LevelMeter, LevelReading, as_float, dbfs
from interviewer.audio.source import SoundDeviceSource
from interviewer.errors import AudioError

SILENT_DBFS = -60.0  # peak below this: nothing reaches the microphone
QUIET_DBFS = -40.0  # loud parts (95th percentile of 100 ms RMS) below this: too quiet
CLIP_FRACTION = 0.001  # more than 0.1 % of samples at full scale: clipping

MESSAGES = {
    "silent": "No sound reached the microphone: it may be muted, unplugged, or the wrong device.",
    "too quiet": "The microphone works but is very quiet: speak closer or turn the input gain up.",
    "clipping": "The microphone is too loud and distorts (clipping): move back or turn the "
                "gain down.",
    "ok": "The microphone works: the level is good.",
}


@dataclass(frozen=True)
class MicVerdict:
    """Whether the microphone works, with the numbers behind the verdict."""

    status: str  # ok | silent | too quiet | clipping
    peak_dbfs: float
    loud_rms_dbfs: float
    clipped_fraction: float

    @property
    def message(self) -> str:
        """The plain sentence for the user."""
        return MESSAGES[self.status]


def assess(audio: np.ndarray, rate: int) -> MicVerdict:
    """Judge recorded audio (int16 or float, any channels): silent, too quiet, clipping or ok."""
    x = as_float(np.asarray(audio))
    if x.size == 0:
        return MicVerdict("silent", dbfs(0.0), dbfs(0.0), 0.0)
    peak = float(np.max(np.abs(x)))
    clipped = float(np.mean(np.abs(x) >= 0.999))
    mono = x.reshape(len(x), -1).mean(axis=1)
    win = max(1, rate // 10)
    n = len(mono) // win
    rms = np.sqrt(np.mean(mono[: n * win].reshape(n, win) ** 2, axis=1)) if n else np.array([0.0])
    loud = dbfs(float(np.percentile(rms, 95)))
    if dbfs(peak) < SILENT_DBFS:
        status = "silent"
    elif clipped > CLIP_FRACTION:
        status = "clipping"
    elif loud < QUIET_DBFS:
        status = "too quiet"
    else:
        status = "ok"
    return MicVerdict(status, dbfs(peak), loud, clipped)


def record(device: int | str | None, seconds: float, channels: int = 1,
           on_level: Callable[[LevelReading], None] | None = None,
           timeout: float = 10.0) -> tuple[np.ndarray, int]:
    """Record `seconds` of audio into memory (no file); returns (int16 frames, rate)."""
    rate = devices.choose_sample_rate(device, channels)
    total = int(seconds * rate)
    audio = np.zeros((total, channels), np.int16)
    meter = LevelMeter(rate)
    filled = [0]
    done = threading.Event()
    readings: list[LevelReading] = []

    def callback(indata, frames, time_info, status) -> None:
        n = min(frames, total - filled[0])
        audio[filled[0]:filled[0] + n] = indata[:n]
        filled[0] += n
        reading = meter.feed(indata[:n], filled[0] / rate)
        if reading is not None:
            readings.append(reading)
        if filled[0] >= total:
            done.set()

    source = SoundDeviceSource(device, rate, channels, max(1, rate // 20))
    source.start(callback)
    try:
        deadline = time.monotonic() + seconds + timeout
        while not done.wait(0.05) and time.monotonic() < deadline:
            while readings and on_level is not None:
                on_level(readings.pop(0))
    finally:
        source.close()
    if filled[0] == 0:
        raise AudioError("the input device delivered no audio; check the device or try another")
    return audio[: filled[0]], rate


def play_back(audio: np.ndarray, rate: int) -> bool:
    """Play audio on the default output; False when there is no output device."""
    sd = devices.sounddevice()
    try:
        sd.query_devices(kind="output")
        sd.play(audio, rate)
        sd.wait()
    except sd.PortAudioError:
        return False
    return True

"""Where a recorder's blocks come from: a sounddevice input stream, or a generated signal."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Protocol

import numpy as np

from interviewer.errors import AudioError

# Same signature as a sounddevice input callback: (indata, frames, time_info, status).
BlockCallback = Callable[[np.ndarray, int, object, object], None]


class InputSource(Protocol):
    """Anything that calls `callback` with fixed-size int16 blocks once started."""

    sample_rate: int
    channels: int
    blocksize: int

    def start(self, callback: BlockCallback) -> None:
        """Begin delivering blocks to `callback` (from another thread)."""

    def close(self) -> None:
        """Stop delivering blocks; safe to call twice."""


class SoundDeviceSource:
    """A `sounddevice.InputStream` on one device (None: the default input)."""

    def __init__(self, device: int | str | None, sample_rate: int, channels: int,
                 blocksize: int, latency: str | float = "high"):
        self.device = device
        self.sample_rate = sample_rate
        self.channels = channels
        self.blocksize = blocksize
        self.latency = latency
        self._stream = None

    def start(self, callback: BlockCallback) -> None:
        """Open and start the stream; PortAudio failures become AudioError."""
        import sounddevice as sd

        try:
            self._stream = sd.InputStream(
                device=self.device, samplerate=self.sample_rate, channels=self.channels,
                dtype="int16", blocksize=self.blocksize, latency=self.latency, callback=callback,
            )
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            self.close()
            raise AudioError(f"cannot open the input device: {exc}") from None

    def close(self) -> None:
        """Stop and close the stream, ignoring a device that already vanished."""
        stream, self._stream = self._stream, None
        if stream is None:
            return
        import sounddevice as sd

        try:
            stream.stop()
            stream.close()
        except sd.PortAudioError:
            pass


def tone(frequency: float = 440.0, amplitude: float = 0.3) -> Callable[[int, int, int], np.ndarray]:
    """Return a signal function: (start_frame, frames, rate) -> float samples of a sine."""

    def signal(start: int, frames: int, rate: int) -> np.ndarray:
        t = (np.arange(start, start + frames) / rate).astype(np.float64)
        return amplitude * np.sin(2 * np.pi * frequency * t)

    return signal


class GeneratedSource:
    """Blocks of a generated signal at real-time pace from a thread (fast, device-free tests)."""

    def __init__(self, sample_rate: int = 48000, channels: int = 1, blocksize: int = 2400,
                 signal: Callable[[int, int, int], np.ndarray] | None = None, speed: float = 1.0):
        self.sample_rate = sample_rate
        self.speed = speed  # > 1: faster than real time (to fill a disk quickly in a test)
        self.channels = channels
        self.blocksize = blocksize
        self.signal = signal or tone()
        self.paused = threading.Event()  # set it to simulate a device that stops delivering
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, callback: BlockCallback) -> None:
        """Start the pacing thread."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(callback,), daemon=True,
                                        name="generated-source")
        self._thread.start()

    def _run(self, callback: BlockCallback) -> None:
        status = SimpleNamespace(input_overflow=False)
        buf = np.empty((self.blocksize, self.channels), dtype=np.int16)
        start = time.monotonic()
        frame = 0
        while not self._stop.is_set():
            due = start + (frame + self.blocksize) / self.sample_rate / self.speed
            self._stop.wait(max(0.0, due - time.monotonic()))
            if self._stop.is_set():
                break
            if self.paused.is_set():
                frame += self.blocksize
                continue
            samples = self.signal(frame, self.blocksize, self.sample_rate)
            buf[:] = np.clip(samples * 32767, -32768, 32767).astype(np.int16)[:, None]
            callback(buf, self.blocksize, None, status)
            frame += self.blocksize

    def close(self) -> None:
        """Stop the thread and wait for it."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        self._thread = None

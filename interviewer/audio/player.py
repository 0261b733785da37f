"""Playing a session from any moment, at 0.5–2× with the pitch kept, with a clock of what is heard.

A feeder thread reads the audio a few seconds at a time (`SessionAudio`), time-stretches it
(`stretch.py`) and queues it; the output callback only copies queued frames out. `position`
is the moment of the recording being heard now: the frames played, less those still between
the callback and the speaker (PortAudio's DAC time), mapped back through the pieces' speeds.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from interviewer.audio.clips import Clip
from interviewer.audio.stretch import stretch

PIECE = 4.0  # seconds of recording read and stretched at a time
AHEAD = 3  # pieces queued ahead of the speaker
BLOCK = 1024  # frames per callback
LATENCY = 0.3  # seconds buffered at the device: a busy machine must not starve it (the clock allows for it)


@dataclass(frozen=True)
class _Piece:
    audio: np.ndarray  # stretched frames
    start: float  # recording time of its first frame
    seconds: float  # recording seconds it covers
    out_start: int  # output frame where it begins


class Player:
    """One output stream at a time, fed from `read(start, seconds) -> Clip | None`."""

    def __init__(self, read: Callable[[float, float], Clip | None], device: int | str | None = None):
        self.read, self.device = read, device
        self._stream = None
        self._feeder: threading.Thread | None = None
        self._stop = threading.Event()
        self._queue: queue.Queue[_Piece | None] = queue.Queue(AHEAD)
        self._pieces: list[_Piece] = []  # handed to the callback, in order (read by position)
        self._current: _Piece | None = None
        self._offset = 0  # frames of the current piece already copied out
        self._written = 0  # output frames handed to PortAudio
        self._mark = (0, 0.0)  # (frames written before the last block, its DAC time)
        self._from = 0.0
        self.speed = 1.0
        self.rate = self._rate = 0
        self._callback_stop: type[Exception] = Exception
        self.finished = threading.Event()
        self._lock = threading.RLock()  # start and stop come from different worker threads

    @property
    def playing(self) -> bool:
        """True while the stream runs."""
        return self._stream is not None and not self.finished.is_set()

    def start(self, position: float, speed: float = 1.0) -> None:
        """Begin playing from `position` (recording seconds); blocking: call from a worker."""
        with self._lock:
            self._start(position, speed)

    def _start(self, position: float, speed: float) -> None:
        from interviewer.audio.devices import sounddevice

        self.stop()
        self.speed, self._from = speed, position
        first = self._make(position, 0)
        if first is None:
            self.finished.set()
            return
        self.rate = self._rate
        channels = first.audio.shape[1]
        self._stop.clear()
        self.finished.clear()
        self._queue = queue.Queue(AHEAD)
        self._pieces, self._current, self._offset, self._written = [], None, 0, 0
        self._queue.put(first)
        self._feeder = threading.Thread(target=self._feed, args=(first,), daemon=True, name="player-feed")
        self._feeder.start()
        sd = sounddevice()
        self._callback_stop = sd.CallbackStop
        self._stream = sd.OutputStream(samplerate=self.rate, channels=channels, dtype="float32",
                                       device=self.device, callback=self._callback, latency=LATENCY, blocksize=BLOCK,
                                       finished_callback=self.finished.set)
        self._mark = (0, 0.0)
        self._stream.start()

    def _make(self, start: float, out_start: int) -> _Piece | None:
        clip = self.read(start, PIECE)
        if clip is None or not len(clip.audio):
            return None
        self._rate = clip.rate
        return _Piece(stretch(clip.audio, clip.rate, self.speed), clip.start, clip.duration, out_start)

    def _feed(self, last: _Piece) -> None:
        while not self._stop.is_set():
            piece = self._make(last.start + last.seconds, last.out_start + len(last.audio))
            while not self._stop.is_set():
                try:
                    self._queue.put(piece, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if piece is None:
                return
            last = piece

    def _callback(self, out, frames, time_info, status) -> None:
        """Copy queued frames out (nothing else happens on the audio thread)."""
        self._mark = (self._written, time_info.outputBufferDacTime)
        filled = 0
        while filled < frames:
            if self._current is None or self._offset >= len(self._current.audio):
                try:
                    self._current = self._queue.get_nowait()
                except queue.Empty:
                    self._current = None
                if self._current is None:
                    break
                # the clock needs only the pieces the speaker may still be playing
                self._pieces = self._pieces[-(AHEAD - 1):] + [self._current]
                self._offset = 0
            n = min(frames - filled, len(self._current.audio) - self._offset)
            out[filled:filled + n] = self._current.audio[self._offset:self._offset + n]
            filled, self._offset = filled + n, self._offset + n
        out[filled:] = 0
        self._written += frames
        if filled == 0 and self._current is None and self._feeder is not None and not self._feeder.is_alive():
            raise self._callback_stop

    @property
    def position(self) -> float:
        """The recording second being heard now (where playing started, before the first block)."""
        stream, pieces = self._stream, list(self._pieces)
        if stream is None or not pieces:
            return self._from
        written, dac = self._mark
        try:
            now = stream.time
        except Exception:
            now = dac
        heard = written + (now - dac) * self.rate if dac else written - stream.latency * self.rate
        heard = max(0.0, min(heard, self._written))
        piece = next((p for p in reversed(pieces) if p.out_start <= heard), pieces[0])
        into = (heard - piece.out_start) / max(1, len(piece.audio))
        return piece.start + min(1.0, max(0.0, into)) * piece.seconds

    def stop(self) -> float:
        """Stop playing; return the position reached (blocking briefly: call from a worker)."""
        with self._lock:
            return self._stop_stream()

    def _stop_stream(self) -> float:
        position = self.position
        self._stop.set()
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.abort()
            stream.close()
        if self._feeder is not None:
            self._feeder.join(2)
            self._feeder = None
        self.finished.set()
        self._from = position
        return position

"""Notice the end of a spoken answer with the Silero VAD model that faster-whisper ships."""

from __future__ import annotations

import numpy as np

from interviewer.audio.level import as_float
from interviewer.errors import AudioError

VAD_RATE = 16000


class EndOfAnswerDetector:
    """Feed it audio as it is recorded; `ended` turns True after speech then `end_silence` s quiet.

    The model runs on the last `window` seconds every `check_every` seconds of new audio, so the
    cost stays small and flat however long the answer is.
    """

    def __init__(self, end_silence: float = 2.5, min_speech: float = 0.5,
                 threshold: float = 0.5, window: float = 10.0, check_every: float = 0.5):
        if end_silence <= 0 or window <= end_silence:
            raise AudioError("end_silence must be positive and shorter than the window")
        self.end_silence, self.min_speech, self.threshold = end_silence, min_speech, threshold
        self.window, self.check_every = int(window * VAD_RATE), int(check_every * VAD_RATE)
        self.heard_speech = False
        self.ended = False
        self._buf = np.zeros(0, dtype=np.float32)
        self._since_check = 0
        self._streams: dict[int, object] = {}
        self._vad = None

    def _load(self):
        if self._vad is None:
            try:
                from faster_whisper.vad import VadOptions, get_speech_timestamps
            except ImportError as exc:
                raise AudioError(f"voice activity detection needs faster-whisper ({exc})") from None
            self._vad = (VadOptions, get_speech_timestamps)
        return self._vad

    def _to_16k(self, block: np.ndarray, rate: int) -> np.ndarray:
        x = as_float(block)
        if x.ndim == 2:
            x = x.mean(axis=1, dtype=np.float32)
        if rate == VAD_RATE:
            return x
        import soxr

        stream = self._streams.get(rate)
        if stream is None:  # a streaming resampler keeps block edges seamless
            stream = self._streams[rate] = soxr.ResampleStream(rate, VAD_RATE, 1, dtype="float32")
        return stream.resample_chunk(x)

    def feed(self, block: np.ndarray, rate: int) -> bool:
        """Add a block of recorded audio (any rate, int16 or float); return `ended`."""
        x = self._to_16k(block, rate)
        self._buf = np.concatenate([self._buf, x])[-self.window:]
        self._since_check += len(x)
        if self._since_check >= self.check_every:
            self._since_check = 0
            self._check()
        return self.ended

    def _check(self) -> None:
        options_cls, speech_timestamps = self._load()
        options = options_cls(threshold=self.threshold, min_silence_duration_ms=300,
                              min_speech_duration_ms=int(self.min_speech * 1000), speech_pad_ms=0)
        spans = speech_timestamps(self._buf, options, sampling_rate=VAD_RATE)
        if spans:
            self.heard_speech = True
            quiet = (len(self._buf) - spans[-1]["end"]) / VAD_RATE
        else:
            quiet = len(self._buf) / VAD_RATE if self.heard_speech else 0.0
        self.ended = self.heard_speech and quiet >= self.end_silence

    def reset(self) -> None:
        """Forget everything heard: call at the start of each answer."""
        self.heard_speech = self.ended = False
        self._buf = np.zeros(0, dtype=np.float32)
        self._since_check = 0
        self._streams.clear()

"""Cut recorded audio into utterances as it arrives: at pauses, or at a pause once one runs long.

Conservative by design: the speech threshold is lower than Whisper's own VAD uses (soft speech
still counts), every utterance keeps a little audio either side, and a cut only ever falls in a
pause (or, for someone who never pauses, at the quietest moment of the last few seconds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interviewer.live.vad import FRAME, RATE, StreamingVad


@dataclass(frozen=True)
class CutSettings:
    """When an utterance starts and ends (seconds; probabilities from the VAD)."""

    threshold: float = 0.35  # speech starts at this probability (Whisper's VAD uses 0.5)
    end_silence: float = 0.6  # a pause this long ends an utterance
    pad_before: float = 0.3
    pad_after: float = 0.25
    soft_max: float = 18.0  # past this, any pause of `short_pause` ends it
    short_pause: float = 0.2
    hard_max: float = 28.0  # Whisper reads at most 30 s at once
    min_speech: float = 0.1  # less speech than this is a click or a breath, not words

    @property
    def neg_threshold(self) -> float:
        """Below this an utterance's frame counts as pause (Silero's hysteresis)."""
        return max(0.01, self.threshold - 0.15)


@dataclass(frozen=True)
class Utterance:
    """One stretch of speech: where it lies in the recording and its 16 kHz mono audio."""

    index: int
    start: float
    end: float
    audio: np.ndarray
    speech_end: float  # the end of its last speech frame (the rest is pause)
    channel_rms: tuple[float, ...]  # over the utterance's speech frames, one per input channel


class _Resampler:
    """int16 blocks at any rate and channel count to float32 16 kHz, keeping the channels."""

    def __init__(self, rate: int, channels: int):
        self.rate, self.channels = rate, channels
        self._stream = None
        if rate != RATE:
            import soxr

            self._stream = soxr.ResampleStream(rate, RATE, channels, dtype="float32")

    def __call__(self, block: np.ndarray) -> np.ndarray:
        x = block.astype(np.float32) / 32768.0 if block.dtype == np.int16 else block.astype(np.float32)
        if x.ndim == 1:
            x = x[:, None]
        return x if self._stream is None else self._stream.resample_chunk(x)


class UtteranceCutter:
    """Feed recorded blocks in order; get back each utterance as soon as it has ended."""

    def __init__(self, settings: CutSettings | None = None):
        self.settings = settings or CutSettings()
        self._vad = StreamingVad()
        self._resample: _Resampler | None = None
        self._buf = np.zeros((0, 1), np.float32)  # 16 kHz audio from _buf_t0 on
        self._buf_t0: float | None = None
        self._scan = 0  # samples of _buf already given a probability
        self.count = 0
        self._start: float | None = None  # the utterance in progress
        self._probs: list[float] = []  # its frames' probabilities
        self._last_speech = self._silence = self._speech = 0.0
        self._floor = 0.0  # where the last utterance ended: the next never reaches back past it

    @property
    def position(self) -> float:
        """Recording time up to which audio has been fed."""
        return (self._buf_t0 or 0.0) + len(self._buf) / RATE

    @property
    def started_at(self) -> float | None:
        """Where the utterance in progress began, or None."""
        return self._start

    @property
    def speaking(self) -> bool:
        """True while an utterance is in progress."""
        return self._start is not None

    def feed(self, block: np.ndarray, rate: int, position: float) -> list[Utterance]:
        """Add a block that starts `position` seconds into the recording; return ended utterances."""
        channels = 1 if block.ndim == 1 else block.shape[1]
        if self._resample is None or (self._resample.rate, self._resample.channels) != (rate, channels):
            self._resample = _Resampler(rate, channels)
        x = self._resample(block)
        if self._buf_t0 is None or x.shape[1] != self._buf.shape[1]:
            self._buf_t0, self._buf, self._scan = position, np.zeros((0, x.shape[1]), np.float32), 0
            self._vad.reset()
        missing = int(round((position - self.position) * RATE))
        if missing > RATE // 10:  # the listener missed blocks: keep the timeline exact with silence
            x = np.vstack([np.zeros((missing, x.shape[1]), np.float32), x])
        self._buf = np.vstack([self._buf, x])
        done = self._scan_frames(self._vad.feed(x.mean(axis=1)))
        self._trim()
        return done

    def _scan_frames(self, probs: np.ndarray) -> list[Utterance]:
        done: list[Utterance] = []
        s, step = self.settings, FRAME / RATE
        for p in probs:
            t0 = self._buf_t0 + self._scan / RATE
            self._scan += FRAME
            if self._start is None:
                if p < s.threshold:
                    continue
                self._begin(max(self._buf_t0, self._floor, t0 - s.pad_before))
            self._frame(float(p), t0 + step)
            if (cut := self._cut_point(t0 + step)) is not None:
                if (u := self._close(cut)) is not None:
                    done.append(u)
        return done

    def _begin(self, start: float) -> None:
        self._start, self._probs = start, []
        self._speech = self._silence = 0.0
        self._last_speech = start

    def _frame(self, p: float, end: float) -> None:
        s = self.settings
        self._probs.append(p)
        if p >= s.neg_threshold:
            self._last_speech, self._silence = end, 0.0
            self._speech += FRAME / RATE if p >= s.threshold else 0.0
        else:
            self._silence += FRAME / RATE

    def _cut_point(self, now: float) -> float | None:
        s = self.settings
        length = now - self._start
        if self._silence >= s.end_silence:
            return min(now, self._last_speech + s.pad_after)
        if length >= s.soft_max and self._silence >= s.short_pause:
            return self._last_speech + self._silence / 2
        if length >= s.hard_max:
            tail = self._probs[-int(3.0 * RATE / FRAME):]
            return now - (len(tail) - int(np.argmin(tail)) - 0.5) * FRAME / RATE
        return None

    def flush(self, until: float | None = None) -> Utterance | None:
        """End the utterance in progress now, or at `until` when audio past it was fed (the answer
        is over there); None when there is none."""
        if self._start is None:
            return None
        end = self.position if until is None else max(self._start, min(self.position, until))
        return self._close(end)

    def in_progress(self) -> tuple[float, np.ndarray] | None:
        """The start and the audio so far of the utterance in progress, or None."""
        if self._start is None:
            return None
        return self._start, self._slice(self._start, self.position)

    def _close(self, end: float) -> Utterance | None:
        start, speech, probs, spoken = self._start, self._speech, self._probs, self._last_speech
        scanned = self._buf_t0 + self._scan / RATE
        after = probs[len(probs) - int(round((scanned - end) * RATE / FRAME)):] if scanned > end else []
        self._start, self._floor = None, end
        if any(p >= self.settings.threshold for p in after):
            # cut inside a short pause: the frames past the cut begin the next utterance
            self._begin(end)
            for i, p in enumerate(after):
                self._frame(p, end + (i + 1) * FRAME / RATE)
        if speech < self.settings.min_speech:
            return None
        audio = self._buf[self._index(start):self._index(end)]
        self.count += 1
        rms = tuple(float(v) for v in np.sqrt((audio.astype(np.float64) ** 2).mean(axis=0))) if len(audio) else ()
        mono = np.ascontiguousarray(audio.mean(axis=1), np.float32)
        return Utterance(self.count, start, end, mono, min(end, spoken), rms)

    def _index(self, t: float) -> int:
        return min(len(self._buf), max(0, int(round((t - self._buf_t0) * RATE))))

    def _slice(self, start: float, end: float) -> np.ndarray:
        return np.ascontiguousarray(self._buf[self._index(start):self._index(end)].mean(axis=1), np.float32)

    def _trim(self) -> None:
        """Keep only the audio the utterance in progress, or a new one, may still need."""
        now = self._buf_t0 + self._scan / RATE
        keep_from = self._start if self._start is not None else now - self.settings.pad_before
        drop = min(self._scan, self._index(keep_from))
        if drop > RATE:  # in whole seconds: fewer copies
            self._buf = self._buf[drop:]
            self._buf_t0 += drop / RATE
            self._scan -= drop

"""The Transcriber interface both engines implement, and the input checks they share."""

from __future__ import annotations

import time
from bisect import bisect_left
from itertools import accumulate
from collections.abc import Callable
from contextlib import contextmanager
from typing import Protocol, runtime_checkable

import numpy as np

from interviewer.errors import TranscriptionError
from interviewer.events import Segment, Word
from interviewer.transcribe.loudness import raised
from interviewer.transcribe.result import TranscriptResult

SAMPLE_RATE = 16_000
# Peak below -60 dBFS: nothing Whisper could hear, and it tends to invent text ("Thank you.")
# for such input, so we return an empty transcript and say why instead of running the model.
SILENCE_PEAK = 10 ** (-60 / 20)

Progress = Callable[[float], None]
"""Called with the seconds of audio transcribed so far."""


@runtime_checkable
class Transcriber(Protocol):
    """A loaded-on-demand Whisper engine that turns 16 kHz mono float32 audio into segments."""

    engine_name: str
    model_name: str

    def load(self) -> None:
        """Load the model now (otherwise the first `transcribe` does)."""

    def transcribe(
        self,
        audio: np.ndarray,
        *,
        language: str | None = None,
        initial_prompt: str | None = None,
        word_timestamps: bool = True,
        offset: float = 0.0,
        progress: Progress | None = None,
    ) -> TranscriptResult:
        """Transcribe the audio; segment and word times are shifted by `offset` seconds."""

    def transcribe_many(
        self,
        audios: list[np.ndarray],
        *,
        language: str | None = None,
        initial_prompt: str | None = None,
        word_timestamps: bool = True,
        offsets: list[float] | None = None,
        progress: Progress | None = None,
    ) -> list[TranscriptResult]:
        """Transcribe several recordings (batched where the engine can); one result each."""


def check_audio(audio: np.ndarray) -> np.ndarray:
    """Return the audio as a contiguous float32 1-D array, or raise a clear error."""
    if not isinstance(audio, np.ndarray):
        raise TranscriptionError(f"audio must be a numpy array, not {type(audio).__name__}")
    if audio.ndim != 1:
        raise TranscriptionError(f"audio must be mono (1-D), got shape {audio.shape}")
    if audio.size == 0:
        raise TranscriptionError("the audio is empty (no samples)")
    if audio.dtype.kind != "f":
        raise TranscriptionError(f"audio must be float samples in [-1, 1], got {audio.dtype}")
    audio = np.ascontiguousarray(audio, dtype=np.float32)
    # min/max instead of isfinite(audio): no temporary array the size of the recording
    if not (np.isfinite(audio.max()) and np.isfinite(audio.min())):
        raise TranscriptionError("the audio contains NaN or infinite samples")
    return audio


def language_code(tag: str | None) -> str | None:
    """Whisper's code for a language tag: a guide's 'en-GB' or 'pt-BR' is 'en' or 'pt' to Whisper."""
    return tag.split("-")[0].lower() if tag else None


def check_language(language: str, known, multilingual: bool, model_name: str) -> None:
    """Refuse an unknown language code, or a non-English one for an English-only model."""
    if language not in known:
        raise TranscriptionError(f"unknown language code {language!r} (use e.g. en, de, fr, es)")
    if language != "en" and not multilingual:
        raise TranscriptionError(
            f"model {model_name} is English-only; use a multilingual one (e.g. --model small) for {language!r}"
        )


def is_silent(audio: np.ndarray) -> bool:
    """True when the audio's peak is below -60 dBFS."""
    return max(float(audio.max()), -float(audio.min())) < SILENCE_PEAK


def silence_note(duration: float) -> str:
    """The note an empty transcript of silent audio carries."""
    return f"the audio ({duration:.1f} s) is silent (peak below -60 dBFS): nothing to transcribe"


def make_segment(
    start, end, text, avg_logprob, no_speech_prob, words, offset: float, limit: float
) -> Segment:
    """Build a Segment shifted by `offset`, with word times kept monotonic and inside the audio."""
    out_words: list[Word] = []
    floor = 0.0
    for w_start, w_end, w_text, prob in words:
        # clamp: DTW can put a word a few ms past the end or before the previous one
        s = min(max(float(w_start), floor), limit)
        e = min(max(float(w_end), s), limit)
        floor = e
        out_words.append(Word(start=s + offset, end=e + offset, word=w_text, probability=prob))
    seg_start = min(max(float(start), 0.0), limit)
    seg_end = min(max(float(end), seg_start), limit)
    return Segment(
        start=seg_start + offset,
        end=seg_end + offset,
        text=text.strip(),
        avg_logprob=avg_logprob,
        no_speech_prob=no_speech_prob,
        words=out_words,
    )


def is_memory_failure(exc: BaseException) -> bool:
    """True for MemoryError and the allocation failures native code reports as RuntimeError."""
    if isinstance(exc, MemoryError):
        return True
    text = str(exc).lower()
    return "out of memory" in text or "bad_alloc" in text or "cannot allocate memory" in text


@contextmanager
def engine_errors(engine: str, duration: float):
    """Turn running out of memory, or an engine's own failure, into a TranscriptionError."""
    try:
        yield
    except TranscriptionError:
        raise
    except (MemoryError, RuntimeError) as exc:
        if is_memory_failure(exc):
            advice = "a smaller --batch-size" if engine == "faster-whisper" else "the faster-whisper engine"
            raise TranscriptionError(
                f"out of memory while transcribing {duration:.0f} s of audio: close other programs, "
                f"use a smaller model or {advice}; the audio is untouched"
            ) from None
        raise TranscriptionError(f"{engine} failed: {exc}") from None


def spread(progress: Progress | None, durations: list[float], audible: list[int]) -> Progress | None:
    """Progress reported over the audible recordings only, told on the timeline of all of them
    (the silent ones, never decoded, count as done where they stand)."""
    if progress is None:
        return None
    every = [0.0, *accumulate(durations)]  # where each recording starts among all
    heard = [0.0, *accumulate(durations[j] for j in audible)]  # ... among the audible ones

    def report(seconds: float) -> None:
        k = min(max(0, bisect_left(heard, seconds) - 1), len(audible) - 1)  # a boundary ends the earlier one
        progress(every[audible[k]] + seconds - heard[k])

    return report


def one_by_one(audios, offsets, durations, progress: Progress | None, decode) -> list:
    """`decode(audio, offset, duration, progress)` for each recording in turn; the progress each
    reports is counted on from the recordings before it."""
    outs, done = [], 0.0
    for audio, offset, duration in zip(audios, offsets, durations):
        step = (lambda seconds, base=done: progress(base + seconds)) if progress else None
        outs.append(decode(audio, offset, duration, step))
        done += duration
    return outs


class EngineBase:
    """What both engines share around their decoder: input checks, silence, language, result.

    A subclass sets `engine_name`/`model_name` and implements `load`, `_check_language` and
    `_decode(audio, language, initial_prompt, word_timestamps, offset, duration, progress)`,
    which returns the segments (already shifted by `offset`) and the language detected. An
    engine that can decode several recordings together overrides `_decode_many` too.
    """

    engine_name: str
    model_name: str

    def transcribe(
        self,
        audio: np.ndarray,
        *,
        language: str | None = None,
        initial_prompt: str | None = None,
        word_timestamps: bool = True,
        offset: float = 0.0,
        progress: Progress | None = None,
    ) -> TranscriptResult:
        """Transcribe 16 kHz mono float32 audio; times are shifted by `offset` seconds."""
        return self.transcribe_many(
            [audio],
            language=language,
            initial_prompt=initial_prompt,
            word_timestamps=word_timestamps,
            offsets=[offset],
            progress=progress,
        )[0]

    def transcribe_many(
        self,
        audios: list[np.ndarray],
        *,
        language: str | None = None,
        initial_prompt: str | None = None,
        word_timestamps: bool = True,
        offsets: list[float] | None = None,
        progress: Progress | None = None,
    ) -> list[TranscriptResult]:
        """Transcribe several recordings with one prompt; each gets the text it would get alone.

        `progress` gets the seconds transcribed so far over all of them; each result's
        processing time is its share (by duration) of the whole run.
        """
        offsets = offsets or [0.0] * len(audios)
        durations = [getattr(a, "size", 0) / SAMPLE_RATE for a in audios]
        language = language_code(language)
        with engine_errors(self.engine_name, sum(durations)):
            audios = [check_audio(a) for a in audios]
            audible = [i for i, a in enumerate(audios) if not is_silent(a)]
            decoded, started = {}, time.perf_counter()
            if audible:
                self.load()
                self._check_language(language)
                started = time.perf_counter()  # processing time, not loading
                picked = [raised(audios[i]) for i in audible]  # quiet speech to a speaking level
                args = ([offsets[i] for i in audible], [durations[i] for i in audible])
                step = spread(progress, durations, audible)
                outs = self._decode_many(picked, language, initial_prompt or None, word_timestamps, *args, step)
                decoded = dict(zip(audible, outs))
            elapsed = time.perf_counter() - started
        if progress:
            progress(sum(durations))
        total = sum(durations[i] for i in audible) or 1.0
        return [
            self._result(decoded.get(i), durations[i], offsets[i], language, elapsed * durations[i] / total)
            for i in range(len(audios))
        ]

    def _decode_many(self, audios, language, initial_prompt, word_timestamps, offsets, durations, progress):
        """[(segments, language)] for each recording: one after another, unless an engine batches."""
        return one_by_one(
            audios, offsets, durations, progress,
            lambda audio, offset, duration, step: self._decode(
                audio, language, initial_prompt, word_timestamps, offset, duration, step
            ),
        )  # fmt: skip

    def _result(self, decoded, duration, offset, language, seconds) -> TranscriptResult:
        """The result for one recording: its segments, or why there are none."""
        base = {"duration": duration, "offset": offset, "engine": self.engine_name, "model": self.model_name}
        if decoded is None:
            return TranscriptResult(**base, language=language, notes=[silence_note(duration)])
        out, detected = decoded
        return TranscriptResult(
            **base,
            segments=[s for s in out if s.text],
            language=detected,
            processing_seconds=seconds,
            notes=[] if out else ["no speech was recognised in the audio"],
        )

"""The faster-whisper engine (CTranslate2): int8 on CPU, speech chunks decoded in batches."""

from __future__ import annotations

import os
import re
import threading

from interviewer.errors import TranscriptionError
from interviewer.transcribe.base import (
    SAMPLE_RATE,
    EngineBase,
    check_language,
    one_by_one,
)
from interviewer.transcribe.batched import LOOP_RATIO, decode_packed, faster_segment
from interviewer.transcribe.chunking import pack
from interviewer.transcribe.coverage import Redo, fill_gaps
from interviewer.transcribe.models import ModelChoice, resolve_model

# Speech chunks (up to 30 s each) decoded together, by model size. Each chunk in a batch holds
# beam-search caches (measured ~60 MB a chunk with tiny.en, 8 chunks 4.3 s vs 1 chunk 6.5 s on
# bench/transcribe.py's clips) and they grow with the model, so larger models go one at a time.
BATCH_SIZES = {"tiny": 8, "base": 4}


def default_batch_size(label: str) -> int:
    """Chunks per batch for a model, by a size word in its label ('tiny.en (built-in)',
    'org/faster-whisper-base', a folder 'whisper-base'); unknown sizes go one at a time."""
    words = set(re.split(r"[^a-z0-9]+", label.lower()))
    return next((n for size, n in BATCH_SIZES.items() if size in words), 1)


def default_threads() -> int:
    """CPU threads to use when none are given: every core, up to 8 (more rarely helps)."""
    return max(1, min(os.cpu_count() or 1, 8))


class FasterWhisperEngine(EngineBase):
    """Transcriber backed by faster-whisper; the model loads on first use."""

    engine_name = "faster-whisper"

    def __init__(
        self,
        model: str | os.PathLike | ModelChoice | None = None,
        *,
        cpu_threads: int | None = None,
        compute_type: str = "int8",
        device: str = "cpu",
        beam_size: int = 5,
        batch_size: int | None = None,
        allow_download: bool = True,
    ):
        if batch_size is not None and batch_size < 0:
            raise TranscriptionError(f"batch size must be 0 (window by window) or more, not {batch_size}")
        self.choice = model if isinstance(model, ModelChoice) else resolve_model(model)
        if self.choice.kind == "checkpoint":
            raise TranscriptionError(
                f"{self.choice.value} is an openai-whisper checkpoint; faster-whisper needs a "
                "CTranslate2 model folder or name (use --engine openai-whisper for .pt files)"
            )
        self.model_name = self.choice.label
        self.cpu_threads = cpu_threads or default_threads()
        self.compute_type, self.device, self.beam_size = compute_type, device, beam_size
        self.batch_size = default_batch_size(self.model_name) if batch_size is None else batch_size
        self.loop_ratio = LOOP_RATIO  # a batched chunk above it is decoded again, window by window
        self.allow_download = allow_download
        self._model = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the model (once); errors name the model and say what to do."""
        with self._lock:
            if self._model is None:
                self._model = self._build()

    def _build(self):
        try:
            try:
                return self._model_from(local_files_only=True)
            except Exception:
                # Only a model missing from the cache may be fetched: with local_files_only=False the
                # hub is asked about every cached model on every load, a network call each run.
                if not (self.allow_download and self.choice.kind in ("name", "repo")):
                    raise
            return self._model_from(local_files_only=False)
        except MemoryError:
            raise TranscriptionError(
                f"out of memory while loading model {self.model_name}; try a smaller model"
            ) from None
        except Exception as exc:  # noqa: BLE001 - ctranslate2 and the hub raise many types, all "unusable"
            raise TranscriptionError(self._load_message(exc)) from None

    def _model_from(self, local_files_only: bool):
        from faster_whisper import WhisperModel

        return WhisperModel(
            self.choice.value,
            device=self.device,
            compute_type=self.compute_type,
            cpu_threads=self.cpu_threads,
            local_files_only=local_files_only,
        )

    def _load_message(self, exc: Exception) -> str:
        """Why the model could not be loaded, in one line."""
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if self.choice.kind in ("name", "repo"):
            how = (
                "is not in the local cache and downloads are off"
                if not self.allow_download
                else "could not be downloaded or loaded"
            )
            return f"model {self.model_name} {how} ({detail}); use the built-in model or a local path"
        return f"model {self.choice.value} is missing or corrupt ({detail}); reinstall or re-download it"

    @property
    def is_multilingual(self) -> bool:
        """Whether the loaded model knows languages other than English."""
        self.load()
        return bool(self._model.model.is_multilingual)

    def _decode(self, audio, language, initial_prompt, word_timestamps, offset, duration, progress):
        """Whisper's own decoding, window by window (used when `batch_size` is 0), then voiced
        stretches without words decoded again or marked inaudible."""
        segments, info = self._sequential(audio, language, initial_prompt, word_timestamps)
        out = []
        for seg in segments:  # a generator: decoding happens while we iterate
            out.append(faster_segment(seg, offset, duration))
            if progress:
                progress(min(seg.end, duration))
        return fill_gaps(audio, out, offset, self._redo(info.language, initial_prompt, word_timestamps)), info.language

    def _decode_many(self, audios, language, initial_prompt, word_timestamps, offsets, durations, progress):
        """VAD cut & merge (as WhisperX): the recordings' speech chunks decoded in batches.

        Without timestamp tokens a chunk comes back as one segment; `split_sentences` cuts it
        at sentence ends by its word timings. Measured here (bench/transcribe.py): fewer errors
        than window-by-window decoding on the shared clips, and faster; silence is never decoded.
        """
        if not self.batch_size:
            return super()._decode_many(audios, language, initial_prompt, word_timestamps, offsets, durations, progress)
        if language is None and self.is_multilingual and len(audios) > 1:
            # the language is detected once per run: recordings in different languages go alone
            return one_by_one(
                audios, offsets, durations, progress,
                lambda audio, offset, duration, step: self._decode_packed(
                    [audio], language, initial_prompt, word_timestamps, [offset], [duration], step
                )[0],
            )  # fmt: skip
        return self._decode_packed(audios, language, initial_prompt, word_timestamps, offsets, durations, progress)

    def _decode_packed(self, audios, language, initial_prompt, word_timestamps, offsets, durations, progress):
        """The recordings laid end to end, their speech chunks decoded in batches of `batch_size`;
        then each recording's voiced stretches without words decoded again or marked inaudible."""
        decoded = decode_packed(
            self._model, pack(audios), language=language, initial_prompt=initial_prompt,
            word_timestamps=word_timestamps, offsets=offsets, durations=durations, progress=progress,
            beam_size=self.beam_size, batch_size=self.batch_size, loop_ratio=self.loop_ratio,
            redo=lambda audio, lang: self._sequential(audio, lang, initial_prompt, word_timestamps)[0],
        )  # fmt: skip
        return [
            (fill_gaps(audio, segments, offset, self._redo(lang, initial_prompt, word_timestamps)), lang)
            for audio, offset, (segments, lang) in zip(audios, offsets, decoded)
        ]

    def _redo(self, language, initial_prompt, word_timestamps) -> Redo:
        """A voiced stretch decoded alone, window by window without the VAD, timed in the recording."""

        def redo(audio, start: float):
            segments, _ = self._sequential(audio, language, initial_prompt, word_timestamps)
            return [faster_segment(seg, start, audio.size / SAMPLE_RATE) for seg in segments]

        return redo

    def _sequential(self, audio, language, initial_prompt, word_timestamps):
        """Whisper's own long-form decoding: 30-s windows one after another, no VAD."""
        return self._model.transcribe(
            audio,
            language=language,
            initial_prompt=initial_prompt,
            word_timestamps=word_timestamps,
            beam_size=self.beam_size,
            vad_filter=False,
            # No temperature fallback: it samples from CTranslate2's unseedable thread-local
            # generator, so two runs would give different text. Beam search alone is repeatable.
            temperature=0.0,
            # Conditioning on earlier text lets tiny models invent closing phrases ("Thank you
            # very much.") after an answer primed with a prompt; each window stands alone.
            condition_on_previous_text=False,
        )

    def _check_language(self, language: str | None) -> None:
        """Reject a language the model cannot do, instead of silently using English."""
        if language is None:
            return
        from faster_whisper.tokenizer import _LANGUAGE_CODES

        check_language(language, _LANGUAGE_CODES, self.is_multilingual, self.model_name)

"""The faster-whisper engine (CTranslate2): int8 on CPU, the quickest way to run Whisper here."""

from __future__ import annotations

import os
import threading


from interviewer.errors import TranscriptionError
from interviewer.transcribe.base import (
    EngineBase,
    check_language,
    make_segment,
)
from interviewer.transcribe.models import ModelChoice, resolve_model


def default_threads() -> int:
    """CPU threads to use when none are given: every core, up to 8 (more rarely helps)."""
    return max(1, min(os.cpu_count() or 1, 8))


def _segment(seg, offset: float, duration: float):
    """One of faster-whisper's segments as our Segment."""
    words = [(w.start, w.end, w.word, w.probability) for w in (seg.words or [])]
    return make_segment(
        seg.start, seg.end, seg.text, seg.avg_logprob, seg.no_speech_prob, words, offset, duration
    )


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
        allow_download: bool = True,
    ):
        self.choice = model if isinstance(model, ModelChoice) else resolve_model(model)
        if self.choice.kind == "checkpoint":
            raise TranscriptionError(
                f"{self.choice.value} is an openai-whisper checkpoint; faster-whisper needs a "
                "CTranslate2 model folder or name (use --engine openai-whisper for .pt files)"
            )
        self.model_name = self.choice.label
        self.cpu_threads = cpu_threads or default_threads()
        self.compute_type, self.device, self.beam_size = compute_type, device, beam_size
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
        """Run CTranslate2's decoder; segments come from a generator, so progress is live."""
        segments, info = self._model.transcribe(
            audio,
            language=language,
            initial_prompt=initial_prompt,
            word_timestamps=word_timestamps,
            beam_size=self.beam_size,
            vad_filter=False,
            # Conditioning on earlier text lets tiny models invent closing phrases ("Thank you
            # very much.") after an answer primed with a prompt; each window stands alone.
            condition_on_previous_text=False,
        )
        out = []
        for seg in segments:  # a generator: decoding happens while we iterate
            out.append(_segment(seg, offset, duration))
            if progress:
                progress(min(seg.end, duration))
        return out, info.language

    def _check_language(self, language: str | None) -> None:
        """Reject a language the model cannot do, instead of silently using English."""
        if language is None:
            return
        from faster_whisper.tokenizer import _LANGUAGE_CODES

        check_language(language, _LANGUAGE_CODES, self.is_multilingual, self.model_name)

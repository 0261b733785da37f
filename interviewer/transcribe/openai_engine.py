"""The openai-whisper engine (PyTorch), fed numpy audio so that no ffmpeg is needed."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from interviewer.errors import TranscriptionError
from interviewer.transcribe.base import (
    EngineBase,
    check_language,
    make_segment,
)
from interviewer.transcribe.faster_engine import default_threads
from interviewer.transcribe.models import BUILTIN_LABEL, ModelChoice, resolve_model, whisper_download_root


def load_checkpoint_model(path: Path, device: str = "cpu"):
    """Build a Whisper model from a {dims, model_state_dict} file, applying its alignment heads."""
    import torch
    from whisper.model import ModelDimensions, Whisper

    try:
        checkpoint = torch.load(path, map_location=device, weights_only=True)
        model = Whisper(ModelDimensions(**checkpoint["dims"]))
        model.load_state_dict(checkpoint["model_state_dict"])
    except MemoryError:
        raise TranscriptionError(f"out of memory while loading model {path}; try a smaller model") from None
    except Exception as exc:  # noqa: BLE001 - torch raises many types for a bad file; all mean "unusable"
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TranscriptionError(
            f"model file {path} is corrupt or not an openai-whisper checkpoint ({detail})"
        ) from None
    heads = checkpoint.get("alignment_heads")
    if heads:
        mask = torch.zeros(model.dims.n_text_layer, model.dims.n_text_head, dtype=torch.bool)
        for layer, head in heads:
            mask[layer, head] = True
        model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)
    return model.to(device)


def _segment(raw: dict, offset: float, duration: float):
    """One of openai-whisper's segment dicts as our Segment."""
    words = [(w["start"], w["end"], w["word"], w.get("probability")) for w in raw.get("words", [])]
    return make_segment(
        raw["start"],
        raw["end"],
        raw["text"],
        raw.get("avg_logprob"),
        raw.get("no_speech_prob"),
        words,
        offset,
        duration,
    )


class OpenAIWhisperEngine(EngineBase):
    """Transcriber backed by openai-whisper; CTranslate2 weights are converted once and cached."""

    engine_name = "openai-whisper"

    def __init__(
        self,
        model: str | os.PathLike | ModelChoice | None = None,
        *,
        cpu_threads: int | None = None,
        device: str = "cpu",
        beam_size: int = 5,
        allow_download: bool = True,
        cache_dir: str | os.PathLike | None = None,
    ):
        self.choice = model if isinstance(model, ModelChoice) else resolve_model(model)
        if self.choice.kind == "repo":
            raise TranscriptionError(
                f"{self.choice.value} is a Hugging Face id for faster-whisper; use --engine faster-whisper"
            )
        self.model_name = self.choice.label
        self.cpu_threads = cpu_threads or default_threads()
        self.device, self.beam_size, self.allow_download = device, beam_size, allow_download
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.converted: bool | None = None  # set on load for CTranslate2 sources
        self.checkpoint: Path | None = None
        self._model = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the model (once), converting CTranslate2 weights on the first ever use."""
        with self._lock:
            if self._model is None:
                import torch

                # process-wide in PyTorch: the last engine loaded sets it
                torch.set_num_threads(self.cpu_threads)
                self._model = self._build()

    def _build(self):
        kind = self.choice.kind
        if kind in ("builtin", "ct2_dir"):
            return self._load_converted()
        if kind == "checkpoint":
            self.checkpoint = self.choice.path
            return load_checkpoint_model(self.choice.path, self.device)
        return self._load_named()

    def _load_converted(self):
        """Convert (or reuse the cached conversion of) a CTranslate2 folder, then load it."""
        from interviewer.transcribe.ct2_convert import ensure_checkpoint

        label = BUILTIN_LABEL if self.choice.kind == "builtin" else None
        result = ensure_checkpoint(self.choice.path, self.cache_dir, label)
        self.checkpoint, self.converted = result.path, result.converted
        try:
            return load_checkpoint_model(result.path, self.device)
        except TranscriptionError:
            if result.converted:
                raise
            # a damaged cache entry (the source is fine): rebuild it once
            result.path.unlink(missing_ok=True)
            result = ensure_checkpoint(self.choice.path, self.cache_dir, label)
            self.checkpoint, self.converted = result.path, result.converted
            return load_checkpoint_model(result.path, self.device)

    def _load_named(self):
        """A standard name: openai-whisper downloads it into ~/.cache/whisper on first use."""
        import whisper

        url = whisper._MODELS.get(self.choice.value)
        if url is None:
            names = ", ".join(whisper.available_models())
            raise TranscriptionError(
                f"openai-whisper has no model named {self.choice.value!r}; choose one of {names}"
            )
        root = whisper_download_root()
        self.checkpoint = root / os.path.basename(url)
        if not self.allow_download and not self.checkpoint.is_file():
            raise TranscriptionError(
                f"model {self.choice.value} is not in the local cache ({root}) and downloads are off"
            )
        try:
            return whisper.load_model(self.choice.value, device=self.device, download_root=str(root))
        except MemoryError:
            raise TranscriptionError(
                f"out of memory while loading model {self.choice.value}; try a smaller model"
            ) from None
        except Exception as exc:  # noqa: BLE001 - network, checksum and torch errors: all mean "unusable"
            raise TranscriptionError(
                f"model {self.choice.value} could not be downloaded or loaded ({exc})"
            ) from None

    @property
    def is_multilingual(self) -> bool:
        """Whether the loaded model knows languages other than English."""
        self.load()
        return bool(self._model.is_multilingual)

    def _decode(self, audio, language, initial_prompt, word_timestamps, offset, duration, progress):
        """Run openai-whisper; it reports no progress while it runs (the caller reports the end).

        Its temperature fallback samples: the generator is seeded for each call (and restored
        after), so the same audio always gives the same text."""
        import torch

        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(0)
            raw = self._transcribe_raw(audio, language, initial_prompt, word_timestamps)
        return [_segment(s, offset, duration) for s in raw["segments"]], raw.get("language")

    def _transcribe_raw(self, audio, language, initial_prompt, word_timestamps) -> dict:
        """openai-whisper's own transcribe() with the command-line tool's decoding."""
        return self._model.transcribe(
            audio,
            language=language,
            initial_prompt=initial_prompt,
            word_timestamps=word_timestamps,
            fp16=self.device != "cpu",
            verbose=None,
            condition_on_previous_text=False,  # as faster_engine: no invented closing phrases
            beam_size=self.beam_size,  # the command-line tool's decoding defaults
            best_of=self.beam_size,
        )

    def _check_language(self, language: str | None) -> None:
        """Reject an unknown language, or a non-English one for an English-only model."""
        if language is None:
            return
        from whisper.tokenizer import LANGUAGES

        check_language(language, LANGUAGES, self.is_multilingual, self.model_name)

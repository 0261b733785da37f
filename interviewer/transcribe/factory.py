"""Pick and build a Transcriber: `engine="auto"` chooses faster-whisper when it can run."""

from __future__ import annotations

import importlib.util
import os

from interviewer.errors import TranscriptionError
from interviewer.transcribe.base import Transcriber
from interviewer.transcribe.models import ModelChoice, resolve_model

ENGINES = ("faster-whisper", "openai-whisper")
SERVER = "server"  # audio sent to a transcription server: only when asked for by name, never "auto"
ENGINE_CHOICES = ("auto", *ENGINES, SERVER)


def _installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def choose_engine(
    engine: str = "auto", model: str | os.PathLike | ModelChoice | None = None
) -> tuple[str, str]:
    """Return (engine name, why it was chosen), without importing either engine."""
    if engine not in ENGINE_CHOICES:
        raise TranscriptionError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINE_CHOICES)}")
    if engine == SERVER:
        return engine, "chosen with --engine: audio is sent to the transcription server"
    if engine != "auto":
        return engine, "chosen with --engine"
    choice = model if isinstance(model, ModelChoice) else resolve_model(model)
    if choice.kind == "checkpoint":
        return (
            "openai-whisper",
            "auto: the model is an openai-whisper checkpoint (.pt), which only openai-whisper reads",
        )
    if _installed("faster_whisper") and _installed("ctranslate2"):
        return "faster-whisper", (
            "auto: CTranslate2 runs Whisper about 3x faster than openai-whisper on CPU, "
            "at the same accuracy, in about 40% of the memory"
        )
    if choice.kind == "repo":
        raise TranscriptionError(f"{choice.value} needs faster-whisper, which is not installed")
    return "openai-whisper", "auto: faster-whisper is not installed"


def create_transcriber(
    engine: str = "auto",
    model: str | os.PathLike | ModelChoice | None = None,
    *,
    cpu_threads: int | None = None,
    device: str = "cpu",
    beam_size: int = 5,
    batch_size: int | None = None,
    allow_download: bool = False,
    cache_dir: str | os.PathLike | None = None,
    server_url: str | None = None,
    max_in_flight: int | None = None,
) -> Transcriber:
    """Build (but do not load) the engine for a model; `engine="auto"` as in `choose_engine`.

    `batch_size` is faster-whisper's (None: by model size; 0: window-by-window decoding).
    Nothing is downloaded unless `allow_download` (only `interviewer models download` asks).
    For `engine="server"`, `model` is the server's model name and `server_url` is required.
    """
    if engine == SERVER:
        return _server(server_url, model, max_in_flight)
    choice = model if isinstance(model, ModelChoice) else resolve_model(model)
    name, _why = choose_engine(engine, choice)
    common = {
        "cpu_threads": cpu_threads,
        "device": device,
        "beam_size": beam_size,
        "allow_download": allow_download,
    }
    if name == "faster-whisper":
        from interviewer.transcribe.faster_engine import FasterWhisperEngine

        compute_type = "int8" if device == "cpu" else "float16"
        return FasterWhisperEngine(choice, compute_type=compute_type, batch_size=batch_size, **common)
    from interviewer.transcribe.openai_engine import OpenAIWhisperEngine

    return OpenAIWhisperEngine(choice, cache_dir=cache_dir, **common)


def _server(server_url: str | None, model, max_in_flight: int | None) -> Transcriber:
    """The server engine, which needs a URL and takes the model name as the server knows it."""
    from interviewer.transcribe.server_engine import DEFAULT_IN_FLIGHT, ServerEngine

    if not server_url:
        raise TranscriptionError("the server engine needs --server-url URL (the group's transcription server)")
    return ServerEngine(server_url, str(model) if model else None, max_in_flight=max_in_flight or DEFAULT_IN_FLIGHT)

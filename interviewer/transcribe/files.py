"""Transcribe one audio file into NAME.txt/.json/.srt, skipping files already done."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from interviewer.errors import TranscriptionError
from interviewer.transcribe.audio_file import load_audio
from interviewer.transcribe.base import Progress, Transcriber
from interviewer.transcribe.outputs import is_done, output_paths, write_outputs
from interviewer.transcribe.result import TranscriptResult


@dataclass
class FileOutcome:
    """What happened to one input file."""

    audio: Path
    status: Literal["done", "skipped"]
    outputs: dict[str, Path] = field(default_factory=dict)
    result: TranscriptResult | None = None


def transcribe_file(
    path: str | Path,
    transcriber: Transcriber,
    *,
    out_dir: Path | None = None,
    language: str | None = None,
    initial_prompt: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> FileOutcome:
    """Transcribe an audio file and write its outputs; a file already done (same size, mtime
    and model recorded in NAME.json) is skipped unless `force`."""
    audio_path = Path(path)
    paths = output_paths(audio_path, out_dir)
    if any(p.resolve() == audio_path.resolve() for p in paths.values()):
        raise TranscriptionError(f"{audio_path}: an output would overwrite the input; use --out DIR")
    if not force and audio_path.is_file() and is_done(audio_path, out_dir, transcriber.model_name):
        return FileOutcome(audio_path, "skipped", paths)
    audio = load_audio(audio_path)
    result = transcriber.transcribe(
        audio, language=language, initial_prompt=initial_prompt, progress=progress
    )
    return FileOutcome(audio_path, "done", write_outputs(result, audio_path, out_dir), result)


def audio_duration(path: str | Path) -> float | None:
    """Seconds of audio in a file, from its header (None when soundfile cannot tell)."""
    import soundfile

    try:
        info = soundfile.info(str(path))
    except (soundfile.LibsndfileError, RuntimeError, TypeError):
        return None  # not a format libsndfile knows: the bar then shows no total
    return info.frames / info.samplerate if info.samplerate else None

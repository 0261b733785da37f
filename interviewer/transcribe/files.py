"""Transcribe audio files into NAME.txt/.json/.srt: one at a time, or short ones batched."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np

from interviewer.errors import TranscriptionError
from interviewer.transcribe.audio_file import load_audio
from interviewer.transcribe.base import Progress, Transcriber, check_audio
from interviewer.transcribe.outputs import output_paths, write_outputs
from interviewer.transcribe.result import TranscriptResult

T = TypeVar("T")


@dataclass
class FileOutcome:
    """One input file transcribed: its outputs and the result written into them."""

    audio: Path
    outputs: dict[str, Path]
    result: TranscriptResult


# Short files are decoded together up to this much audio per group (their speech chunks share
# batches); a group's outputs are written when it ends, so an interruption loses at most one.
GROUP_SECONDS = 600.0


def checked_output_paths(audio_path: Path, out_dir: Path | None) -> dict[str, Path]:
    """The outputs for a file, refusing any that would overwrite the input itself."""
    paths = output_paths(audio_path, out_dir)
    if any(p.resolve() == audio_path.resolve() for p in paths.values()):
        raise TranscriptionError(f"{audio_path}: an output would overwrite the input; use --out DIR")
    return paths


def group_files(paths: list[Path], limit: float = GROUP_SECONDS) -> list[list[Path]]:
    """Consecutive files in groups of at most `limit` seconds; a longer or unsized file alone."""
    return consecutive_groups(paths, lambda p: audio_duration(p) if p.is_file() else None, limit)


def consecutive_groups(items: list[T], seconds: Callable[[T], float | None], limit: float,
                       joins: Callable[[T, T], bool] = lambda first, item: True) -> list[list[T]]:
    """Consecutive items in groups of at most `limit` seconds of audio; an item joins a group
    when `joins(group's first, item)`; one of unknown (None) or over-long length stands alone."""
    groups: list[list[T]] = []
    total = math.inf  # nothing joins an item standing alone
    for item in items:
        length = seconds(item)
        if length is None or length > limit:
            groups.append([item])
            total = math.inf
        elif groups and total + length <= limit and joins(groups[-1][0], item):
            groups[-1].append(item)
            total += length
        else:
            groups.append([item])
            total = length
    return groups


def transcribe_group(
    paths: list[Path],
    transcriber: Transcriber,
    *,
    out_dir: Path | None = None,
    language: str | None = None,
    initial_prompt: str | None = None,
    progress: Progress | None = None,
) -> list[FileOutcome | TranscriptionError]:
    """Transcribe files in one batched run and write each one's outputs; in order, each file's
    outcome, or the error that stopped it (an unreadable file does not stop the others)."""
    loaded: dict[Path, np.ndarray] = {}
    failed: dict[Path, TranscriptionError] = {}
    for path in paths:
        try:
            checked_output_paths(path, out_dir)
            loaded[path] = check_audio(load_audio(path))  # here, so a bad file fails alone
        except TranscriptionError as exc:
            failed[path] = exc
    results = dict(
        zip(
            loaded,
            transcriber.transcribe_many(
                list(loaded.values()), language=language, initial_prompt=initial_prompt, progress=progress
            )
            if loaded
            else [],
        )
    )
    return [
        failed[p] if p in failed else FileOutcome(p, write_outputs(results[p], p, out_dir), results[p])
        for p in paths
    ]


def audio_duration(path: str | Path) -> float | None:
    """Seconds of audio in a file, from its header (None when soundfile cannot tell)."""
    import soundfile

    try:
        info = soundfile.info(str(path))
    except (soundfile.LibsndfileError, RuntimeError, TypeError):
        return None  # not a format libsndfile knows: the bar then shows no total
    return info.frames / info.samplerate if info.samplerate else None

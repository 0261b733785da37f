"""The session recording as one FLAC file: its segments joined, lost stretches kept as silence.

A session records into several segment files (each fsynced as it closes); QDA programs and
players want one file whose timeline matches the transcript. Each segment is placed at its
`start` in the recording (silence fills a gap, overlap is trimmed), converted to the first
segment's sample rate and channel count if needed, and written as 16-bit FLAC.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

import numpy as np

from interviewer.session.view import SessionView

BLOCK = 65536


def recording_parts(view: SessionView, audio_dir: Path | None) -> list[tuple[Path, float]]:
    """(file, start second) of every readable piece of the recording, in order."""
    if audio_dir is None:
        return []
    audio_dir = Path(audio_dir)
    if view.recording:
        pieces = [(seg.audio_file, seg.start) for seg in sorted(view.recording, key=lambda s: s.start)]
    else:  # no segment list: the answers' own audio files, every take (superseded ones too)
        first: dict[str, float] = {}
        for turn in view.turns:
            for take in turn.takes:
                if take.audio_file and take.audio_file not in first:
                    first[take.audio_file] = take.audio_start or 0.0
            if turn.audio_file and turn.audio_file not in first:
                first[turn.audio_file] = turn.audio_start or 0.0
        pieces = sorted(first.items(), key=lambda item: item[1])
    return [(audio_dir / name, start) for name, start in pieces if _readable(audio_dir / name, audio_dir)]


def _readable(path: Path, folder: Path) -> bool:
    import soundfile as sf

    if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder)):
        return False  # a link out of the session folder is never read
    try:
        return path.is_file() and sf.info(str(path)).frames >= 0
    except (RuntimeError, sf.LibsndfileError):
        return False


def write_recording(parts: list[tuple[Path, float]], out: IO[bytes]) -> float:
    """Write the joined recording as FLAC to a seekable binary file; return its seconds."""
    import soundfile as sf

    first = sf.info(str(parts[0][0]))
    rate, channels = first.samplerate, first.channels
    cursor = 0
    with sf.SoundFile(out, "w", samplerate=rate, channels=channels, format="FLAC", subtype="PCM_16") as sink:
        for path, start in parts:
            target = int(round(start * rate))
            while cursor < target:
                n = min(BLOCK, target - cursor)
                sink.write(np.zeros((n, channels), dtype=np.int16))
                cursor += n
            skip = cursor - target  # frames already covered by the previous piece
            for block in _blocks(path, rate, channels):
                if skip >= len(block):
                    skip -= len(block)
                    continue
                block, skip = block[skip:], 0
                sink.write(block)
                cursor += len(block)
    return cursor / rate


def _blocks(path: Path, rate: int, channels: int):
    """int16 blocks of one file, in the target rate and channel count."""
    import soundfile as sf

    with sf.SoundFile(str(path)) as src:
        if src.samplerate == rate:
            for block in src.blocks(blocksize=BLOCK, dtype="int16", always_2d=True):
                yield _channels(block, channels)
            return
        import soxr

        data = src.read(dtype="float32", always_2d=True)
    data = soxr.resample(_channels(data, channels), src.samplerate, rate)
    yield (np.clip(data, -1.0, 1.0) * 32767).astype(np.int16).reshape(-1, channels)


def _channels(block: np.ndarray, channels: int) -> np.ndarray:
    if block.shape[1] == channels:
        return block
    mono = block.mean(axis=1, keepdims=True).astype(block.dtype)
    return np.repeat(mono, channels, axis=1)

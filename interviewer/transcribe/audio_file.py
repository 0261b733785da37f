"""Read an audio file as 16 kHz mono float32 (WAV/FLAC/OGG via soundfile, others via PyAV/ffmpeg)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from interviewer.errors import TranscriptionError
from interviewer.transcribe.base import SAMPLE_RATE

BLOCK_FRAMES = 1 << 18  # ~6 s at 44.1 kHz: bounded memory while mixing down long files


def load_audio(path: str | Path) -> np.ndarray:
    """Return the file's audio as 16 kHz mono float32; the file is only read, never changed."""
    path = Path(path)
    if not path.exists():
        raise TranscriptionError(f"{path}: no such file")
    if not path.is_file():
        raise TranscriptionError(f"{path}: not a file")
    if path.stat().st_size == 0:
        raise TranscriptionError(f"{path}: the file is empty (0 bytes)")
    try:
        audio = _read_soundfile(path)
    except _NotSoundfile as first:
        audio = _read_other(path, str(first))
    if audio.size == 0:
        raise TranscriptionError(f"{path}: the file contains no audio samples")
    return audio


class _NotSoundfile(Exception):
    """soundfile (libsndfile) cannot decode this file."""


def _read_soundfile(path: Path) -> np.ndarray:
    """Decode with libsndfile block by block, mixing to mono and resampling with soxr."""
    import soundfile
    import soxr

    try:
        with soundfile.SoundFile(path) as snd:
            rate = snd.samplerate
            resampler = (
                soxr.ResampleStream(rate, SAMPLE_RATE, 1, dtype="float32") if rate != SAMPLE_RATE else None
            )
            chunks = []
            for block in snd.blocks(blocksize=BLOCK_FRAMES, dtype="float32", always_2d=True):
                mono = block.mean(axis=1, dtype=np.float32)
                chunks.append(resampler.resample_chunk(mono) if resampler else mono)
            if resampler:
                chunks.append(resampler.resample_chunk(np.zeros(0, np.float32), last=True))
    except (soundfile.LibsndfileError, RuntimeError, TypeError) as exc:
        raise _NotSoundfile(str(exc)) from None
    return np.ascontiguousarray(
        np.concatenate(chunks) if chunks else np.zeros(0, np.float32), dtype=np.float32
    )


def _read_other(path: Path, why: str) -> np.ndarray:
    """Formats libsndfile lacks (MP3 on old builds, M4A, video): PyAV, then the ffmpeg program."""
    try:
        from faster_whisper.audio import decode_audio
    except ImportError:
        decode_audio = None
    if decode_audio is not None:
        try:
            return np.asarray(decode_audio(str(path), sampling_rate=SAMPLE_RATE), dtype=np.float32)
        except Exception as exc:  # noqa: BLE001 - PyAV raises its own error tree for undecodable input
            why = f"{why}; PyAV: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    if shutil.which("ffmpeg"):
        try:
            from whisper.audio import load_audio as ffmpeg_load

            return np.asarray(ffmpeg_load(str(path), SAMPLE_RATE), dtype=np.float32)
        except Exception as exc:  # noqa: BLE001 - ffmpeg's failure arrives as RuntimeError with its stderr
            why = f"{why}; ffmpeg: {str(exc).strip().splitlines()[-1] if str(exc).strip() else 'failed'}"
    raise TranscriptionError(f"{path}: cannot read it as audio ({why})")

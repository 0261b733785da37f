"""Disk space for a recording: the projected size of a planned duration, and a check with margin."""

from __future__ import annotations

import os
import shutil

from interviewer.audio.wavfile import HEADER_BYTES, SAMPLE_BYTES
from interviewer.errors import AudioError

# Kept free beyond the audio, so the session journal and transcripts can still be written.
RESERVE_BYTES = 32 * 1024 * 1024
MARGIN = 1.2


class LowDiskSpace(OSError):
    """Raised in the writer before a new segment when the disk is nearly full."""


def bytes_for(seconds: float, sample_rate: int, channels: int) -> int:
    """Bytes that `seconds` of PCM_16 audio take on disk (one header included)."""
    return int(seconds * sample_rate * channels * SAMPLE_BYTES) + HEADER_BYTES


def free_bytes(folder: str | os.PathLike) -> int:
    """Bytes free to this user on the file system holding `folder`."""
    return shutil.disk_usage(folder).free


def mb(n: float) -> str:
    """Format a byte count as megabytes for messages."""
    return f"{n / 1e6:.1f} MB"


def check_space(folder: str | os.PathLike, seconds: float, sample_rate: int, channels: int,
                reserve: int = RESERVE_BYTES) -> int:
    """Raise AudioError unless `seconds` of audio (+20 % and `reserve`) fit; return free bytes."""
    free = free_bytes(folder)
    need = int(bytes_for(seconds, sample_rate, channels) * MARGIN) + reserve
    if free < need:
        minutes = seconds / 60
        raise AudioError(f"not enough disk space in {folder}: recording {minutes:.0f} min needs "
                         f"about {mb(need)}, only {mb(free)} free")
    return free

"""A PCM_16 WAV file written for crash safety: whole header first, sizes patched as it grows."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

from interviewer.fileio import fsync_dir, write_all

HEADER_BYTES = 44
SAMPLE_BYTES = 2  # PCM_16
# Sizes written when a file is created: a reader (or repair) sees "still open".
PLACEHOLDER = 0xFFFFFFFF


def wav_header(sample_rate: int, channels: int, data_bytes: int = PLACEHOLDER) -> bytes:
    """Return the 44-byte canonical WAV header for PCM_16 audio of `data_bytes`."""
    block_align = channels * SAMPLE_BYTES
    riff_size = PLACEHOLDER if data_bytes == PLACEHOLDER else 36 + data_bytes
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF", riff_size, b"WAVE", b"fmt ", 16, 1, channels, sample_rate,
        sample_rate * block_align, block_align, 16, b"data", data_bytes,
    )


class WavSegment:
    """One open WAV file: append int16 frames, `sync()` to make them durable, `close()`."""

    def __init__(self, path: Path, sample_rate: int, channels: int):
        self.path = Path(path)
        self.sample_rate = sample_rate
        self.channels = channels
        self.frames = 0
        self._synced_frames = -1
        self._fd = self._create()

    def _create(self) -> int:
        # Header goes to a temp file that is renamed in: the final name never has a partial header.
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            write_all(fd, wav_header(self.sample_rate, self.channels))
            os.fsync(fd)
            os.replace(tmp, self.path)
            fsync_dir(self.path.parent)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
        os.lseek(fd, 0, os.SEEK_END)
        return fd

    @property
    def seconds(self) -> float:
        """Duration written so far."""
        return self.frames / self.sample_rate

    def write(self, block: np.ndarray) -> None:
        """Append int16 frames (shape (n, channels)); raises OSError (e.g. ENOSPC) as it happens."""
        view = memoryview(np.ascontiguousarray(block, dtype="<i2")).cast("B")
        written = 0
        try:
            while written < len(view):
                written += os.write(self._fd, view[written:])
        finally:
            self.frames += written // (self.channels * SAMPLE_BYTES)

    def sync(self) -> None:
        """Patch the header sizes to what is written and fsync (about once a second)."""
        if self.frames == self._synced_frames:
            return
        self._patch_sizes()
        os.fsync(self._fd)
        self._synced_frames = self.frames

    def _patch_sizes(self) -> None:
        data = self.frames * self.channels * SAMPLE_BYTES
        # Drop any partial frame a failed write left, so sizes and length agree.
        os.ftruncate(self._fd, HEADER_BYTES + data)
        os.lseek(self._fd, 0, os.SEEK_END)
        os.pwrite(self._fd, struct.pack("<I", 36 + data), 4)
        os.pwrite(self._fd, struct.pack("<I", data), 40)

    def close(self) -> None:
        """Write the final sizes, fsync and close; safe to call twice."""
        if self._fd < 0:
            return
        try:
            self._synced_frames = -1
            self.sync()
        finally:
            os.close(self._fd)
            self._fd = -1

"""Repair WAV files left open by a crash, and archive a finished recording as FLAC."""

from __future__ import annotations

import os
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from interviewer.errors import AudioError
from interviewer.fileio import fsync_dir


class RepairResult(BaseModel):
    """What `repair_wav` found and did to one file."""

    model_config = ConfigDict(extra="forbid")

    path: str
    status: Literal["ok", "repaired", "empty", "unreadable"]
    frames: int = 0
    sample_rate: int = 0
    channels: int = 0
    dropped_bytes: int = 0
    detail: str = ""

    @property
    def seconds(self) -> float:
        """Duration of the audio in the file after repair."""
        return self.frames / self.sample_rate if self.sample_rate else 0.0


def _chunks(head: bytes):
    """Yield (id, offset_of_payload, declared_size) for each chunk header found in `head`."""
    pos = 12
    while pos + 8 <= len(head):
        cid, csize = struct.unpack_from("<4sI", head, pos)
        yield cid, pos + 8, csize
        if cid == b"data":
            return
        pos += 8 + csize + (csize & 1)


def _looks_like_chunk(tail: bytes, remaining: int) -> bool:
    """True when bytes after a declared data chunk start another chunk (a LIST, say)."""
    if len(tail) < 8 or not all(32 <= b < 127 for b in tail[:4]):
        return False
    return 8 + struct.unpack_from("<I", tail, 4)[0] <= remaining


def repair_wav(path: str | os.PathLike) -> RepairResult:
    """Fix the sizes in a WAV whose writer died: frames from file size, partial frame dropped.

    Patches two header fields and truncates in place, never copying: on a full disk a copy
    could not be written, and the audio bytes never move.
    """
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        return RepairResult(path=str(path), status="empty", detail="empty file")
    with open(path, "rb") as fh:
        head = fh.read(min(size, 65536))
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return RepairResult(path=str(path), status="unreadable", detail="not a RIFF/WAVE file")
    fmt = data = None
    for cid, off, csize in _chunks(head):
        if cid == b"fmt " and off + 16 <= len(head):
            fmt = struct.unpack_from("<HHIIHH", head, off)
        elif cid == b"data":
            data = (off, csize)
    if fmt is None or data is None:
        return RepairResult(path=str(path), status="unreadable", detail="no fmt or data chunk")
    _, channels, rate, _, block_align, _ = fmt
    if block_align == 0:
        return RepairResult(path=str(path), status="unreadable", detail="block size 0 in header")
    off, declared = data
    available = size - off
    result = {"path": str(path), "sample_rate": rate, "channels": channels}
    if declared <= available:
        with open(path, "rb") as fh:
            end = off + declared + (declared & 1)
            fh.seek(end)
            tail = fh.read(8)
        if end == size or declared == available or _looks_like_chunk(tail, size - end):
            return RepairResult(**result, status="ok", frames=declared // block_align)
    frames = max(available, 0) // block_align
    data_bytes = frames * block_align
    with open(path, "r+b") as fh:
        fh.truncate(off + data_bytes)
        fh.seek(off - 4)
        fh.write(struct.pack("<I", data_bytes))
        fh.seek(4)
        fh.write(struct.pack("<I", off + data_bytes - 8))
        fh.flush()
        os.fsync(fh.fileno())
    return RepairResult(
        **result, status="repaired", frames=frames, dropped_bytes=available - data_bytes,
        detail=f"header said {declared} data bytes, file holds {available}",
    )


def repair_folder(folder: str | os.PathLike, pattern: str = "*.wav") -> list[RepairResult]:
    """Repair every WAV in `folder` (sorted by name) and drop temp files of unfinished creates."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    for tmp in folder.glob(".*.wav.tmp"):
        tmp.unlink(missing_ok=True)
    return [repair_wav(p) for p in sorted(folder.glob(pattern))]


def archive_flac(segments: Sequence[str | os.PathLike], out_path: str | os.PathLike,
                 block_frames: int = 1 << 16) -> Path:
    """Write the segments, in order, as one lossless FLAC file (atomically, mode 0600)."""
    import soundfile as sf

    if not segments:
        raise AudioError("no audio segments to archive")
    out = Path(out_path)
    infos = [sf.info(str(s)) for s in segments]
    rate, channels = infos[0].samplerate, infos[0].channels
    for seg, info in zip(segments, infos, strict=True):
        if (info.samplerate, info.channels) != (rate, channels):
            raise AudioError(f"{seg}: {info.samplerate} Hz/{info.channels} ch differs from "
                             f"{rate} Hz/{channels} ch of the first segment")
    tmp = out.with_name(f".{out.name}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        with sf.SoundFile(str(tmp), "w", rate, channels, "PCM_16", format="FLAC") as dst:
            for seg in segments:
                for block in sf.blocks(str(seg), blocksize=block_frames, dtype="int16",
                                       always_2d=True):
                    dst.write(block)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        fsync_dir(out.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out

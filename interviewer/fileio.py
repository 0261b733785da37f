"""Crash-safe, owner-only file writing: atomic replace, fsynced appends, private folders."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from interviewer import portable

FILE_MODE = 0o600
DIR_MODE = 0o700


def fsync_dir(path: str | os.PathLike) -> None:
    """Flush a folder's entries (new, renamed or removed names) to disk (where the system can)."""
    portable.fsync_dir(path)


def make_private_dir(path: str | os.PathLike) -> Path:
    """Create a folder (and missing parents) readable by the owner only; return it."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(path))
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        # mkdir's mode is filtered by the umask, so set it explicitly.
        os.chmod(folder, DIR_MODE)
    return path


def atomic_write(path: str | os.PathLike, data: bytes | str, mode: int = FILE_MODE) -> Path:
    """Replace `path` with `data` so readers see the old or the new file, never a mix.

    Writes a temp file in the same folder, fsyncs it, renames it over `path` and fsyncs the
    folder, so the new content survives a crash once this returns.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = write_temp(path, payload, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    fsync_dir(path.parent)
    return path


def write_temp(path: str | os.PathLike, payload: bytes, mode: int = FILE_MODE) -> str:
    """Write `payload` to a fsynced temp file beside `path` (named for remove_stale_temps); return it.

    The caller renames or links it into place, and removes it if that fails.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        portable.restrict_fd(fd, mode)
        write_all(fd, payload)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink_quietly(tmp)
        raise
    os.close(fd)
    return tmp


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def write_all(fd: int, payload: bytes) -> None:
    """Write every byte of `payload` to a file descriptor (os.write may write fewer)."""
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def open_append(path: str | os.PathLike, mode: int = FILE_MODE) -> int:
    """Open (creating if needed) a file for appending, owner-only; return the descriptor."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), mode)
    portable.restrict_fd(fd, mode)
    return fd


def append_durably(fd: int, payload: bytes) -> None:
    """Append bytes and fsync, so they are on disk when this returns."""
    write_all(fd, payload)
    os.fsync(fd)


def remove_stale_temps(folder: str | os.PathLike, name: str) -> int:
    """Remove temp files that an interrupted atomic_write of `name` left behind; return how many."""
    removed = 0
    for tmp in Path(folder).glob(f".{name}.*.tmp"):
        try:
            tmp.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed

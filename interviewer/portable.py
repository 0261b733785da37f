"""The few operating-system calls that differ between POSIX and Windows, each with its fallback.

Participants run kits on macOS and Windows, so nothing in the core may call a POSIX-only
function bare: folder fsync (Windows cannot open a folder), permission bits (Windows keeps a
user's files private through the ACL of their profile instead), advisory locks (`fcntl` on POSIX,
`msvcrt` byte-range locks on Windows, which know no shared mode) and thread priority.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WINDOWS = os.name == "nt"

if WINDOWS:  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl


class LockBusy(BlockingIOError):
    """Another process holds a lock that was asked for without waiting."""


def fsync_dir(path: str | os.PathLike) -> None:
    """Flush a folder's entries to disk; on Windows, where a folder cannot be opened, do nothing."""
    if WINDOWS:  # pragma: no cover - NTFS journals its metadata itself
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def restrict_fd(fd: int, mode: int) -> None:
    """Set an open file's permission bits where the system has them (POSIX)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)


def lock_fd(fd: int, shared: bool = False, wait: bool = False) -> None:
    """Take an advisory lock on an open file; raise LockBusy when `wait` is false and it is held."""
    if WINDOWS:  # pragma: no cover - exercised on Windows only
        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            raise LockBusy(*exc.args) from exc
        return
    flags = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB)
    try:
        fcntl.flock(fd, flags)
    except BlockingIOError as exc:
        raise LockBusy(*exc.args) from exc


def unlock_fd(fd: int) -> None:
    """Release a lock taken with lock_fd."""
    if WINDOWS:  # pragma: no cover - exercised on Windows only
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # Windows has no symlink-following opens to refuse
CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@contextmanager
def locked_dir(path: str | os.PathLike, wait: bool = True) -> Iterator[None]:
    """Hold an exclusive lock on a folder: on the folder itself on POSIX (no file left behind to
    explain), on a hidden `.lock` file inside it on Windows, where a folder cannot be opened."""
    if WINDOWS:  # pragma: no cover - exercised on Windows only
        fd = os.open(Path(path) / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    else:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | NOFOLLOW | CLOEXEC)
    try:
        lock_fd(fd, wait=wait)
        yield
    finally:
        os.close(fd)  # closing drops the lock


def can_lower_thread_priority() -> bool:
    """True where one thread's priority can be lowered alone (Linux: setpriority on a thread id)."""
    return sys.platform.startswith("linux") and hasattr(os, "setpriority")

"""The lock file of a session folder: an flock that dies with its process, never a followed symlink.

An open session (and transcribe, and withdraw) holds it exclusively; exports hold it shared, so
withdrawal waits for a running export and an export never starts on a session being removed.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from interviewer import portable
from interviewer.errors import SessionError
from interviewer.fileio import FILE_MODE, write_all

LOCK_NAME = "session.lock"

LockState = Literal["none", "live", "stale"]

_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | portable.NOFOLLOW | portable.CLOEXEC


class SessionLock:
    """A lock on a session folder, released on close or when the process dies."""

    def __init__(self, path: Path, fd: int, shared: bool = False):
        self.path = path
        self.shared = shared
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, folder: Path, label: str, *, shared: bool = False, wait: float = 0.0) -> SessionLock:
        """Take the folder's lock (exclusive, or shared for readers such as exports), waiting up to
        `wait` seconds, or raise SessionError naming the process that holds it."""
        path = folder / LOCK_NAME
        deadline = time.monotonic() + wait
        for _ in range(50):
            fd = _open_lock(path, label)
            try:
                _lock_until(fd, shared, deadline)
            except BlockingIOError:
                holder = _describe(path)
                os.close(fd)
                raise SessionError(f"session {label} is open in another process{holder}") from None
            # A releasing holder unlinks the file before closing it; make sure ours is the live one.
            if _same_file(fd, path):
                if not shared:
                    portable.restrict_fd(fd, FILE_MODE)
                    os.ftruncate(fd, 0)
                    write_all(fd, _owner_record())
                    os.fsync(fd)
                return cls(path, fd, shared)
            os.close(fd)
        raise SessionError(f"session {label}: could not take the lock (it keeps changing)")

    def moved(self, folder: Path) -> None:
        """Note that the folder was renamed while locked."""
        self.path = folder / LOCK_NAME

    def release(self) -> None:
        """Remove the lock file (unless other shared holders remain) and drop the lock (idempotent)."""
        if self._fd is None:
            return
        last = True
        if self.shared:
            try:  # only the last shared holder may remove the file
                portable.lock_fd(self._fd)
            except portable.LockBusy:
                last = False
        if last and _same_file(self._fd, self.path):
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        """True until released."""
        return self._fd is not None

    def __enter__(self) -> SessionLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def lock_state(folder: Path) -> LockState:
    """Say whether a folder's lock is held exclusively by a live process ('live'), left over ('stale') or absent."""
    path = folder / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDONLY | portable.NOFOLLOW | portable.CLOEXEC)
    except FileNotFoundError:
        return "none"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "stale"  # a symlink is never a lock we made; acquire() replaces it
        raise
    try:
        portable.lock_fd(fd, shared=True)
    except portable.LockBusy:
        return "live"
    finally:
        os.close(fd)  # closing also drops the shared lock if we got it
    return "stale"


def _open_lock(path: Path, label: str) -> int:
    """Open (creating) the lock file without following a symlink; a planted symlink is removed, not used."""
    for _ in range(3):
        try:
            return os.open(path, _OPEN_FLAGS, FILE_MODE)
        except FileNotFoundError:
            raise SessionError(f"no session {label}: its folder is gone (withdrawn or purged?)") from None
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            # Writing through it would overwrite whatever it points at; unlinking touches only the link.
            os.unlink(path)
    raise SessionError(f"session {label}: {path} keeps being replaced by a symbolic link")


def _lock_until(fd: int, shared: bool, deadline: float) -> None:
    """Lock without blocking forever: retry until the deadline, then raise LockBusy."""
    while True:
        try:
            portable.lock_fd(fd, shared=shared)
            return
        except portable.LockBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _owner_record() -> bytes:
    record = {"pid": os.getpid(), "host": socket.gethostname(), "since": datetime.now(timezone.utc).isoformat()}
    return json.dumps(record).encode() + b"\n"


def _describe(path: Path) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | portable.NOFOLLOW | portable.CLOEXEC)
        with os.fdopen(fd) as handle:
            record = json.loads(handle.read())
        return f" (pid {record['pid']} on {record['host']})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""

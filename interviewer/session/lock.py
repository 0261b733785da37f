"""The lock file held while a session is open: an flock that dies with its process."""

from __future__ import annotations

import fcntl
import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from interviewer.errors import SessionError
from interviewer.fileio import FILE_MODE, write_all

LOCK_NAME = "session.lock"

LockState = Literal["none", "live", "stale"]


class SessionLock:
    """An exclusive lock on a session folder, released on close or when the process dies."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, folder: Path, label: str) -> SessionLock:
        """Take the folder's lock or raise SessionError naming the process that holds it."""
        path = folder / LOCK_NAME
        for _ in range(5):
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _describe(path)
                os.close(fd)
                raise SessionError(f"session {label} is open in another process{holder}") from None
            # A releasing holder unlinks the file before closing it; make sure ours is the live one.
            if _same_file(fd, path):
                os.fchmod(fd, FILE_MODE)
                os.ftruncate(fd, 0)
                write_all(fd, _owner_record())
                os.fsync(fd)
                return cls(path, fd)
            os.close(fd)
        raise SessionError(f"session {label}: could not take the lock (it keeps changing)")

    def moved(self, folder: Path) -> None:
        """Note that the folder was renamed while locked."""
        self.path = folder / LOCK_NAME

    def release(self) -> None:
        """Remove the lock file and drop the lock (idempotent)."""
        if self._fd is None:
            return
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


def lock_state(folder: Path) -> LockState:
    """Say whether a folder's lock is held by a live process ('live'), left over ('stale') or absent."""
    path = folder / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return "none"
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return "live"
    finally:
        os.close(fd)  # closing also drops the shared lock if we got it
    return "stale"


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _owner_record() -> bytes:
    record = {"pid": os.getpid(), "host": socket.gethostname(), "since": datetime.now(timezone.utc).isoformat()}
    return json.dumps(record).encode() + b"\n"


def _describe(path: Path) -> str:
    try:
        record = json.loads(path.read_text())
        return f" (pid {record['pid']} on {record['host']})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""

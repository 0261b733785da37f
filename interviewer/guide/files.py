"""Write guide files and exports atomically and privately, refusing to replace a file on request."""

from __future__ import annotations

import os
from pathlib import Path

from interviewer.errors import UsageError
from interviewer.fileio import atomic_write, fsync_dir, make_private_dir, write_temp


def write_text_atomic(path: str | Path, text: str, overwrite: bool = False) -> Path:
    """Write text to path (0600, folders 0700) via a synced temp file; refuse an existing file unless overwrite."""
    path = Path(path)
    try:
        make_private_dir(path.parent)
        if overwrite:
            return atomic_write(path, text)
        _write_new(path, text.encode("utf-8"))
    except FileExistsError:
        raise UsageError(f"{path} already exists; choose another name or move it away first") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def _write_new(path: Path, payload: bytes) -> None:
    """Create path with payload; never replaces an existing file (FileExistsError instead)."""
    if path.exists():
        raise FileExistsError(path)
    tmp = write_temp(path, payload)
    try:
        _link_new(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    fsync_dir(path.parent)


def _link_new(tmp: str, path: Path) -> None:
    """Give tmp the name path only if path does not exist (atomically where hard links work)."""
    try:
        os.link(tmp, path)  # fails if path exists, with no race between a check and the write
    except FileExistsError:
        raise
    except OSError:  # a filesystem without hard links
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp, path)

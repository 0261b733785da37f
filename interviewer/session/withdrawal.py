"""Withdrawal as a journalled, resumable operation: the intent is written first, then the deletion,
so a crash at any point is completed by the next command (or `purge`) instead of leaving data.

Steps, each safe to repeat: lock the session exclusively (a running export holds it shared, and is
waited for); write `withdrawn/<CODE>.json` with status "withdrawing"; rename the folder to
`.removing-<folder>` (it leaves `list` at once); delete the indexed exports anywhere; delete the
folder; delete stray files naming the code; rewrite the tombstone with status "withdrawn".
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from interviewer import portable
from interviewer.errors import SessionError
from interviewer.fileio import atomic_write, fsync_dir, make_private_dir
from interviewer.session.codes import parse_folder_name
from interviewer.session.journal import JOURNAL_NAME, read_journal
from interviewer.session.lock import SessionLock
from interviewer.session.removal import (
    TOMBSTONES_DIR,
    Removal,
    folder_counts,
    remove_indexed,
    remove_strays,
    remove_tree,
)
from interviewer.session.session import Clock, utc_now
from interviewer.session.store import SessionStore

REMOVING_PREFIX = ".removing-"  # a withdrawal's folder while it is deleted
PURGING_PREFIX = ".purging-"  # a purged session's folder while it is deleted
EXPORT_WAIT = 30.0  # seconds withdraw waits for a running export of the session


class Tombstone(BaseModel):
    """What remains of a withdrawn participant: the code, when, and what was removed (counts only)."""

    model_config = ConfigDict(extra="forbid")

    code: str
    study_id: str
    withdrawn_at: datetime
    removed: dict[str, int]
    status: Literal["withdrawing", "withdrawn"] = "withdrawn"
    folder: str | None = None  # while withdrawing: the session folder's name


def withdraw(store: SessionStore, code: str, *, clock: Clock | None = None,
             wait: float = EXPORT_WAIT) -> tuple[Tombstone, Removal]:
    """Remove every file of the participant `code` and write `withdrawn/<CODE>.json`."""
    with withdrawals_lock(store.root):
        complete_locked(store)
        folder = store.find(code)
        _, study_id, code = parse_folder_name(folder.name)
        lock = None if folder.is_symlink() else _lock(folder, code, wait)
        try:
            intent = Tombstone(code=code, study_id=study_id, withdrawn_at=(clock or utc_now)(),
                               removed=folder_counts(folder), status="withdrawing", folder=folder.name)
            write_tombstone(store.root, intent)  # before anything is deleted: a crash is resumed from here
            return carry_out(store, intent)
        finally:
            if lock is not None:
                lock.release()


def complete_pending(store: SessionStore) -> list[str]:
    """Finish withdrawals and purges that a crash interrupted; return a line for each (none: quick)."""
    if not _anything_pending(store.root):
        return []
    try:
        with withdrawals_lock(store.root, wait=False):
            return complete_locked(store)
    except BlockingIOError:
        return []  # another process is withdrawing or purging right now; it finishes the work


def complete_locked(store: SessionStore) -> list[str]:
    """complete_pending, for a caller that holds withdrawals_lock."""
    done = []
    for tomb in _tombstones(store.root):
        if tomb.status != "withdrawing":
            continue
        folder = store.root / (tomb.folder or "")
        try:
            lock = SessionLock.acquire(folder, tomb.code) if folder.is_dir() and not folder.is_symlink() else None
        except SessionError as exc:
            done.append(f"could not complete the withdrawal of {tomb.code} yet: {exc}")
            continue
        try:
            carry_out(store, tomb)
        finally:
            if lock is not None:
                lock.release()
        done.append(f"completed the interrupted withdrawal of {tomb.code}")
    for leftover in sorted(store.root.glob(f"{REMOVING_PREFIX}*")) + sorted(store.root.glob(f"{PURGING_PREFIX}*")):
        code = _leftover_code(leftover)
        if code is None:
            remove_tree(leftover)
        elif leftover.name.startswith(REMOVING_PREFIX):
            carry_out(store, Tombstone(code=code, study_id=_leftover_study(leftover), withdrawn_at=utc_now(),
                                       removed={}, status="withdrawing", folder=leftover.name))
        else:
            finish_removal(store, code, leftover, Removal())
        done.append(f"removed what an interrupted withdrawal or purge left ({code or leftover.name})")
    return done


def carry_out(store: SessionStore, tomb: Tombstone) -> tuple[Tombstone, Removal]:
    """Do (or redo) every deletion step of a withdrawal whose intent is recorded; write the tombstone."""
    root = store.root
    removal = Removal(removed=dict(tomb.removed))
    name = tomb.folder or ""
    removing = root / (name if name.startswith(REMOVING_PREFIX) else REMOVING_PREFIX + name)
    folder = root / name
    if name and folder != removing and (folder.is_symlink() or folder.exists()):
        os.rename(folder, removing)
        fsync_dir(root)
    finish_removal(store, tomb.code, removing if name else None, removal)
    final = tomb.model_copy(update={"status": "withdrawn", "folder": None, "removed": removal.removed})
    write_tombstone(root, final)
    return final, removal


def finish_removal(store: SessionStore, code: str, folder: Path | None, removal: Removal) -> None:
    """Delete indexed exports, the (renamed) folder and stray files of `code`; add to the counts."""
    counts = removal.removed
    counts["indexed_exports"] = counts.get("indexed_exports", 0) + remove_indexed(store.root, code, folder)
    if folder is not None:
        if folder.is_symlink():
            removal.warnings += _remove_link_target(folder, code)
        remove_tree(folder)
    session_folders = {f.name for f, _ in store.folders()}
    counts["other_files"] = counts.get("other_files", 0) + remove_strays(store.root, code, removal, session_folders)


def write_tombstone(root: Path, tomb: Tombstone) -> None:
    """Write `withdrawn/<CODE>.json` atomically."""
    tombs = make_private_dir(root / TOMBSTONES_DIR)
    atomic_write(tombs / f"{tomb.code}.json", tomb.model_dump_json(indent=1, exclude_none=True) + "\n")


@contextmanager
def withdrawals_lock(root: Path, wait: bool = True) -> Iterator[None]:
    """One withdrawal, purge or recovery at a time per sessions dir (an flock on `withdrawn/`)."""
    tombs = make_private_dir(root / TOMBSTONES_DIR)
    with portable.locked_dir(tombs, wait=wait):
        yield


def _lock(folder: Path, code: str, wait: float) -> SessionLock:
    try:
        return SessionLock.acquire(folder, code, wait=wait)
    except SessionError as exc:
        raise SessionError(f"{exc}; close it (or let its export finish) before withdrawing") from None


def _remove_link_target(link: Path, code: str) -> list[str]:
    """Delete the folder a symlinked session points at, if it is named as that session's folder;
    otherwise leave it (a warning says so): a link must not make us delete whatever it names."""
    target = Path(os.path.realpath(link))
    parsed = parse_folder_name(target.name)
    if parsed and parsed[2] == code and target.is_dir():
        remove_tree(target)
        return []
    return [f"the session folder was a link to {target}, which is not named as {code}'s folder: only the"
            " link was removed; delete that folder yourself if it holds the participant's data"]


def _anything_pending(root: Path) -> bool:
    if not root.is_dir():
        return False
    if any(root.glob(f"{REMOVING_PREFIX}*")) or any(root.glob(f"{PURGING_PREFIX}*")):
        return True
    return any(t.status == "withdrawing" for t in _tombstones(root))


def _tombstones(root: Path) -> list[Tombstone]:
    found = []
    for path in sorted((root / TOMBSTONES_DIR).glob("*.json")):
        try:
            found.append(Tombstone.model_validate_json(path.read_bytes()))
        except (OSError, ValidationError):
            continue  # a damaged tombstone is listed by purge by its file date, not resumed
    return found


def _leftover_name(leftover: Path) -> str:
    """The session folder name inside `.removing-<folder>` / `.purging-<folder>`."""
    for prefix in (REMOVING_PREFIX, PURGING_PREFIX):
        if leftover.name.startswith(prefix):
            return leftover.name[len(prefix):]
    return leftover.name


def _leftover_code(leftover: Path) -> str | None:
    """The participant code of a leftover folder: from its name, else (older versions) its journal."""
    parsed = parse_folder_name(_leftover_name(leftover))
    if parsed:
        return parsed[2]
    if leftover.is_symlink():
        return None
    try:
        return read_journal(leftover / JOURNAL_NAME).events[0].participant_code
    except (SessionError, IndexError, AttributeError, OSError):
        return None


def _leftover_study(leftover: Path) -> str:
    parsed = parse_folder_name(_leftover_name(leftover))
    if parsed:
        return parsed[1]
    try:
        return json.loads((leftover / "session.json").read_text())["meta"]["study_id"]
    except (OSError, ValueError, KeyError, TypeError):
        return "unknown"

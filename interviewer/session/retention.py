"""Retention purges: delete sessions started before a date, exactly the ones the user was shown."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from interviewer.errors import SessionError
from interviewer.fileio import fsync_dir
from interviewer.session.codes import parse_folder_name
from interviewer.session.lock import SessionLock
from interviewer.session.records import SessionSummary
from interviewer.session.removal import (
    TOMBSTONES_DIR,
    Removal,
    count_files,
    folder_counts,
    remove_tree,
)
from interviewer.session.store import CREATING_PREFIX, IMPORTING_PREFIX, SessionStore
from interviewer.session.withdrawal import (
    PURGING_PREFIX,
    Tombstone,
    complete_locked,
    finish_removal,
    withdraw,
    withdrawals_lock,
)

__all__ = ["PurgeReport", "Removal", "Tombstone", "purge", "purge_candidates", "withdraw"]


@dataclass
class PurgeReport:
    """What a retention purge removed."""

    sessions: list[str] = field(default_factory=list)
    skipped_open: list[str] = field(default_factory=list)
    tombstones: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)


def purge_candidates(store: SessionStore, before: date) -> list[SessionSummary]:
    """The sessions a purge before `before` deletes: by start time, else (damaged ones) the folder date."""
    return [s for s in store.list() if session_date(s) < before]


def session_date(summary: SessionSummary) -> date:
    """The local date a session started; for an unreadable one, the date in its folder name."""
    if summary.started_at is not None:
        return summary.started_at.astimezone().date()
    return parse_folder_name(summary.folder.name)[0]


def describe(summary: SessionSummary) -> str:
    """How a purge names a session: its code, and why it is dated by its folder if it is damaged."""
    if summary.started_at is None:
        return f"{summary.code} (unreadable: dated by its folder name {summary.folder.name})"
    return summary.code


def purge(store: SessionStore, before: date, only: set[str] | None = None) -> PurgeReport:
    """Delete sessions started before `before` (only those in `only`, the ones listed to the user,
    when given) and tombstones written before it; finish interrupted withdrawals first."""
    report = PurgeReport()
    with withdrawals_lock(store.root):
        report.completed = complete_locked(store)
        for summary in purge_candidates(store, before):
            if only is not None and summary.code not in only:
                continue
            _purge_one(store, summary, report)
        for tomb in sorted((store.root / TOMBSTONES_DIR).glob("*.json")):
            if _tomb_date(tomb) < before:
                tomb.unlink()
                report.tombstones += 1
        for staging in store.root.glob(f"{CREATING_PREFIX}*"):
            try:
                lock = SessionLock.acquire(staging, staging.name)
            except SessionError:
                continue  # being created right now
            report.files += count_files(staging)
            lock.release()
            remove_tree(staging)
        for staging in store.root.glob(f"{IMPORTING_PREFIX}*"):  # left by an import that crashed
            report.files += count_files(staging)
            remove_tree(staging)
    return report


def remove_participant(store: SessionStore, folder: Path, code: str) -> Removal:
    """Delete one session, its indexed exports and stray files, leaving no tombstone (a purge, or
    a kit's plain copy once sealed); resumable like a withdrawal. Raises SessionError when open."""
    lock = None if folder.is_symlink() else SessionLock.acquire(folder, code)
    try:
        removal = Removal(removed=folder_counts(folder))
        doomed = store.root / f"{PURGING_PREFIX}{folder.name}"
        os.rename(folder, doomed)  # gone from `list` at once; a crash is finished by the next command
        fsync_dir(store.root)
    finally:
        if lock is not None:
            lock.release()
    finish_removal(store, code, doomed, removal)
    return removal


def _purge_one(store: SessionStore, summary: SessionSummary, report: PurgeReport) -> None:
    try:
        removal = remove_participant(store, summary.folder, summary.code)
    except SessionError:
        report.skipped_open.append(summary.code)
        return
    report.sessions.append(summary.code)
    report.files += sum(removal.removed.values())
    report.warnings += [f"{summary.code} is mentioned in {p} (kept)" for p in removal.mentioned_in]
    report.warnings += [f"{summary.code}: {w}" for w in removal.warnings]


def _tomb_date(path: Path) -> date:
    try:
        tomb = json.loads(path.read_text())
        if tomb.get("status") == "withdrawing":
            return date.max  # never purge the record of a withdrawal that is not finished
        return datetime.fromisoformat(tomb["withdrawn_at"]).astimezone().date()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return date.fromtimestamp(path.stat().st_mtime)

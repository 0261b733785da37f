"""Withdrawal (remove every file of one participant, leave a tombstone) and retention purges."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from interviewer.errors import SessionError
from interviewer.fileio import atomic_write, fsync_dir, make_private_dir
from interviewer.session.codes import parse_folder_name
from interviewer.session.export_index import ExportIndex
from interviewer.session.lock import lock_state
from interviewer.session.session import Clock, utc_now
from interviewer.session.store import CREATING_PREFIX, IMPORTING_PREFIX, TOMBSTONES_DIR, SessionStore


class Tombstone(BaseModel):
    """What remains of a withdrawn participant: the code, when, and what was removed (counts only)."""

    model_config = ConfigDict(extra="forbid")

    code: str
    study_id: str
    withdrawn_at: datetime
    removed: dict[str, int]


@dataclass
class Removal:
    """Counts of files removed for one participant, and files that mention them but were kept."""

    removed: dict[str, int] = field(default_factory=dict)
    mentioned_in: list[Path] = field(default_factory=list)


@dataclass
class PurgeReport:
    """What a retention purge removed."""

    sessions: list[str] = field(default_factory=list)
    skipped_open: list[str] = field(default_factory=list)
    tombstones: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)


def withdraw(store: SessionStore, code: str, *, clock: Clock | None = None) -> tuple[Tombstone, Removal]:
    """Remove every file of the participant `code` and write `withdrawn/<CODE>.json`."""
    folder = store.find(code)
    _, study_id, code = parse_folder_name(folder.name)
    if lock_state(folder) == "live":
        raise SessionError(f"session {code} is open in another process; close it before withdrawing")
    removal = remove_participant(store, folder, code)
    tombstone = Tombstone(code=code, study_id=study_id, withdrawn_at=(clock or utc_now)(), removed=removal.removed)
    tombs = make_private_dir(store.root / TOMBSTONES_DIR)
    atomic_write(tombs / f"{code}.json", tombstone.model_dump_json(indent=1) + "\n")
    return tombstone, removal


def remove_participant(store: SessionStore, folder: Path, code: str) -> Removal:
    """Delete a session folder, its indexed exports anywhere, and stray files naming the code."""
    removal = Removal()
    counts = removal.removed
    counts["audio_files"] = _count_files(folder / "audio")
    counts["export_files"] = _count_files(folder / "exports")
    counts["session_files"] = _count_files(folder) - counts["audio_files"] - counts["export_files"]
    counts["indexed_exports"] = 0
    for path in ExportIndex(store.root).take(code):
        if path.is_relative_to(folder.absolute()) or path.is_relative_to(folder):
            continue  # removed with the folder below
        counts["indexed_exports"] += _remove_path(path)
    _remove_tree(store.root, folder)
    counts["other_files"] = 0
    needle = code.encode()
    session_folders = {f.name for f, _ in store.folders()}
    for path in _files(store.root):
        relative = path.relative_to(store.root)
        in_session = relative.parts[0] in session_folders
        if relative.parts[0] == TOMBSTONES_DIR or (in_session and relative.parts[1:2] == ("audio",)):
            continue  # tombstones name codes by design; recordings cannot mention one
        if not _mentions(path, needle):
            continue
        if in_session:
            removal.mentioned_in.append(path)  # another participant's data: never deleted here
        else:
            counts["other_files"] += _remove_path(path)
    return removal


def purge(store: SessionStore, before: date) -> PurgeReport:
    """Delete sessions started before `before`, tombstones written before it, and leftover staging folders."""
    report = PurgeReport()
    for summary in store.list():
        if summary.started_at is not None:
            started = summary.started_at.astimezone().date()
        else:
            started = parse_folder_name(summary.folder.name)[0]
        if started >= before:
            continue
        if lock_state(summary.folder) == "live":
            report.skipped_open.append(summary.code)
            continue
        removal = remove_participant(store, summary.folder, summary.code)
        report.sessions.append(summary.code)
        report.files += sum(removal.removed.values())
        report.warnings += [f"{summary.code} is mentioned in {p} (kept)" for p in removal.mentioned_in]
    for tomb in sorted((store.root / TOMBSTONES_DIR).glob("*.json")):
        if _tomb_date(tomb) < before:
            tomb.unlink()
            report.tombstones += 1
    for staging in store.root.glob(f"{CREATING_PREFIX}*"):
        if lock_state(staging) != "live":
            report.files += _count_files(staging)
            _remove_tree(store.root, staging)
    for staging in store.root.glob(f"{IMPORTING_PREFIX}*"):  # left by an import that crashed
        report.files += _count_files(staging)
        _remove_tree(store.root, staging)
    return report


def _tomb_date(path: Path) -> date:
    try:
        return datetime.fromisoformat(json.loads(path.read_text())["withdrawn_at"]).astimezone().date()
    except (OSError, ValueError, KeyError, TypeError):
        return date.fromtimestamp(path.stat().st_mtime)


def _remove_tree(root: Path, folder: Path) -> None:
    """Remove a folder so it vanishes at once (rename first), then delete its contents."""
    if not folder.exists():
        return
    doomed = root / f".removing-{secrets.token_hex(6)}"
    os.rename(folder, doomed)
    fsync_dir(root)
    shutil.rmtree(doomed)
    fsync_dir(root)


def _remove_path(path: Path) -> int:
    """Delete a file or folder; return how many files went."""
    if path.is_dir() and not path.is_symlink():
        count = _count_files(path)
        shutil.rmtree(path)
        return count
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    return 1


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _count_files(folder: Path) -> int:
    return len(_files(folder)) if folder.is_dir() else 0


def _mentions(path: Path, needle: bytes) -> bool:
    """True if the file's name or bytes (or, for zip files like .docx/.qdpx, a member) contain `needle`."""
    if needle.decode() in path.name:
        return True
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if needle in data:
        return True
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as archive:
                return any(needle.decode() in n or needle in archive.read(n) for n in archive.namelist())
        except (zipfile.BadZipFile, OSError, RuntimeError):
            return False
    return False

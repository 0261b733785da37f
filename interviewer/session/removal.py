"""Deleting one participant's files: indexed exports, the session folder, stray files naming the code."""

from __future__ import annotations

import os
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from interviewer.fileio import fsync_dir, remove_stale_temps
from interviewer.session.export_index import ExportIndex

TOMBSTONES_DIR = "withdrawn"


@dataclass
class Removal:
    """Counts of files removed for one participant, and files that mention them but were kept."""

    removed: dict[str, int] = field(default_factory=dict)
    mentioned_in: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def folder_counts(folder: Path) -> dict[str, int]:
    """Count a session folder's files by kind, before it is deleted."""
    if folder.is_symlink():
        return {"audio_files": 0, "export_files": 0, "session_files": 1}
    audio, exports = count_files(folder / "audio"), count_files(folder / "exports")
    return {"audio_files": audio, "export_files": exports, "session_files": count_files(folder) - audio - exports}


def remove_indexed(root: Path, code: str, skip_under: Path | None = None) -> int:
    """Delete every indexed export holding `code` (and temp files an interrupted write left), then
    drop those index entries; return how many files went. Safe to repeat after a crash."""
    index = ExportIndex(root)
    count = 0
    for path in index.holding(code):
        if skip_under is not None and path.absolute().is_relative_to(skip_under.absolute()):
            continue  # removed with the folder
        count += remove_path(path)
        if path.parent.is_dir():
            count += remove_stale_temps(path.parent, path.name)
    index.forget(code)
    return count


def remove_tree(path: Path) -> int:
    """Delete a folder (a symlink: the link only); return how many files went."""
    if path.is_symlink():
        path.unlink()
        fsync_dir(path.parent)
        return 1
    if not path.exists():
        return 0
    count = count_files(path)
    shutil.rmtree(path)
    fsync_dir(path.parent)
    return count


def remove_strays(root: Path, code: str, removal: Removal, session_folders: set[str]) -> int:
    """Delete files under the sessions dir that name `code`, except in other sessions (noted instead)."""
    count = 0
    needle = code.encode()
    for path in files_under(root):
        relative = path.relative_to(root)
        in_session = relative.parts[0] in session_folders
        if relative.parts[0] == TOMBSTONES_DIR or (in_session and relative.parts[1:2] == ("audio",)):
            continue  # tombstones name codes by design; recordings cannot mention one
        if not mentions(path, needle):
            continue
        if in_session:
            removal.mentioned_in.append(path)  # another participant's data: never deleted here
        else:
            count += remove_path(path)
    return count


def remove_path(path: Path) -> int:
    """Delete a file or folder (a symlink: the link, never its target); return how many files went."""
    if path.is_dir() and not path.is_symlink():
        count = count_files(path)
        shutil.rmtree(path)
        return count
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    return 1


def files_under(root: Path) -> list[Path]:
    """Every regular file under `root`, never descending into a symlinked folder."""
    found = []
    for folder, _, names in os.walk(root, followlinks=False):
        found += [Path(folder, n) for n in names if not os.path.islink(os.path.join(folder, n))]
    return sorted(p for p in found if p.is_file())


def count_files(folder: Path) -> int:
    """How many regular files a real folder holds (0 for a missing one)."""
    return len(files_under(folder)) if folder.is_dir() and not folder.is_symlink() else 0


def mentions(path: Path, needle: bytes) -> bool:
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
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
            return False
    return False

"""Sealing a finished kit session: tar with a manifest, encrypted to the kit's key, written and read back."""

from __future__ import annotations

import io
import os
import tarfile
from datetime import datetime, timezone
from pathlib import Path

from interviewer.errors import KitError, SessionError
from interviewer.kit.envelope import SEALED_SUFFIX, wrap
from interviewer.kit.kitfile import Kit
from interviewer.kit.manifest import MANIFEST_NAME, Manifest, entry

# What a sealed session carries: the journal (the truth), its snapshot, the guide copy and audio.
SEALED_FILES = ("journal.jsonl", "session.json", "guide.toml")
AUDIO_DIR = "audio"


def session_files(folder: Path) -> dict[str, bytes]:
    """Read the files to seal: the fixed ones that exist and every plain file under audio/ (no links)."""
    found: dict[str, bytes] = {}
    for name in SEALED_FILES:
        path = folder / name
        if path.is_file() and not path.is_symlink():
            found[name] = path.read_bytes()
    audio = folder / AUDIO_DIR
    if audio.is_dir() and not audio.is_symlink():
        for path in sorted(audio.iterdir()):
            if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
                found[f"{AUDIO_DIR}/{path.name}"] = path.read_bytes()
    if "journal.jsonl" not in found:
        raise SessionError(f"{folder}: no journal to seal")
    return found


def build_manifest(folder: Path, kit: Kit, files: dict[str, bytes], sealed_at: datetime) -> Manifest:
    """The manifest for these files of the session in `folder`."""
    from interviewer import __version__
    from interviewer.session.journal import read_journal

    started = read_journal(folder / "journal.jsonl").events[0]
    return Manifest(kit_id=kit.kit_id, study_id=kit.study_id, kit_expires=kit.expires,
                    participant_code=started.participant_code, folder=folder.name, started_at=started.at,
                    sealed_at=sealed_at, app_version=__version__,
                    files={name: entry(data) for name, data in files.items()})


def pack(manifest: Manifest, files: dict[str, bytes]) -> bytes:
    """A tar archive in memory (plain participant data never touches the disk): manifest first."""
    buffer = io.BytesIO()
    members = {MANIFEST_NAME: manifest.model_dump_json(indent=1).encode("utf-8"), **files}
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o600, int(manifest.sealed_at.timestamp())
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def seal_session(folder: str | os.PathLike, kit: Kit, out_dir: str | os.PathLike, *,
                 now: datetime | None = None) -> Path:
    """Seal the closed session in `folder` into one file in `out_dir`, fsynced and read back; return it."""
    import pyrage

    from interviewer.kit.keys import parse_recipient
    from interviewer.session.lock import lock_state

    folder = Path(folder)
    if lock_state(folder) == "live":
        raise SessionError(f"session {folder.name} is still open; close it before sealing")
    files = session_files(folder)
    manifest = build_manifest(folder, kit, files, now or datetime.now(timezone.utc))
    recipient = parse_recipient(kit.recipient, "the kit's public key")
    data = wrap(pyrage.encrypt(pack(manifest, files), [recipient]))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{folder.name}{SEALED_SUFFIX}"
    _write_and_verify(path, data)
    return path


def _write_and_verify(path: Path, data: bytes) -> None:
    """Write atomically and fsynced, then read the file back from disk and compare byte for byte."""
    from interviewer.fileio import atomic_write

    atomic_write(path, data)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        if hasattr(os, "posix_fadvise"):  # ask for the disk's copy, not the one still in memory
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        with os.fdopen(os.dup(fd), "rb") as f:
            back = f.read()
    finally:
        os.close(fd)
    if back != data:
        raise KitError(f"{path}: the sealed file read back differently from what was written; "
                       "the plain copy was kept")


def delete_plain_copy(sessions_dir: str | os.PathLike, folder: str | os.PathLike) -> None:
    """Remove the local session folder (and exports naming its code) once its sealed file is verified."""
    from interviewer.session.codes import parse_folder_name
    from interviewer.session.retention import remove_participant
    from interviewer.session.store import SessionStore

    folder = Path(folder)
    parsed = parse_folder_name(folder.name)
    if parsed is None:
        raise SessionError(f"{folder}: not a session folder")
    remove_participant(SessionStore(sessions_dir), folder, parsed[2])

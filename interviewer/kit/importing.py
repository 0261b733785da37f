"""Importing sealed sessions: decrypt, verify every hash, refuse what is wrong, add atomically."""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from interviewer.errors import ImportRefused, KitError, SessionError
from interviewer.kit.manifest import MANIFEST_NAME, Manifest, entry
from interviewer.session.codes import parse_folder_name
from interviewer.session.store import IMPORTING_PREFIX

_MEMBER = re.compile(r"^(journal\.jsonl|session\.json|guide\.toml|manifest\.json|audio/[A-Za-z0-9][A-Za-z0-9._-]*)$")


@dataclass
class Opened:
    """A sealed session decrypted and verified in memory, ready to be written."""

    source: Path
    manifest: Manifest
    files: dict[str, bytes]


def open_sealed(path: str | os.PathLike, identity) -> Opened:
    """Decrypt and verify one sealed file (KitError with one line if anything is wrong)."""
    from interviewer.kit.envelope import unwrap

    path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KitError(f"{name}: no such file") from None
    except OSError as exc:
        raise KitError(f"{name}: cannot read: {exc.strerror or exc}") from None
    members = _untar(_decrypt(unwrap(data, name), identity, name), name)
    manifest = _manifest(members.pop(MANIFEST_NAME, None), name)
    _verify(manifest, members, name)
    return Opened(path, manifest, members)


def _decrypt(ciphertext: bytes, identity, name: str) -> bytes:
    import pyrage

    try:
        return pyrage.decrypt(ciphertext, [identity])
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).lower():
            raise KitError(f"{name}: not sealed for this key (is --identity the key of the kit's study?)") from None
        raise KitError(f"{name}: damaged: it cannot be decrypted ({exc})") from None


def _untar(plain: bytes, name: str) -> dict[str, bytes]:
    """The archive's members; only plain files with the names a sealed session has."""
    members: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(plain), mode="r:") as archive:
            for info in archive:
                if not info.isreg() or not _MEMBER.match(info.name) or info.name in members:
                    raise KitError(f"{name}: tampered: unexpected entry {info.name!r} in the sealed session")
                members[info.name] = archive.extractfile(info).read()
    except tarfile.TarError as exc:
        raise KitError(f"{name}: damaged: the sealed archive cannot be read ({exc})") from None
    return members


def _manifest(raw: bytes | None, name: str) -> Manifest:
    if raw is None:
        raise KitError(f"{name}: tampered: the sealed session has no manifest")
    try:
        return Manifest.model_validate_json(raw)
    except ValidationError:
        raise KitError(f"{name}: tampered: its manifest cannot be read") from None


def _verify(manifest: Manifest, files: dict[str, bytes], name: str) -> None:
    """Every listed file present with its hash, nothing unlisted, and a folder name that fits the code."""
    for file in sorted(set(manifest.files) | set(files)):
        if file not in files:
            raise KitError(f"{name}: tampered: {file} is listed in the manifest but missing")
        if file not in manifest.files:
            raise KitError(f"{name}: tampered: {file} is not listed in the manifest")
        if entry(files[file]) != manifest.files[file]:
            raise KitError(f"{name}: tampered: {file} does not match its SHA-256 in the manifest")
    parsed = parse_folder_name(manifest.folder)
    if parsed is None or parsed[2] != manifest.participant_code or "journal.jsonl" not in files:
        raise KitError(f"{name}: tampered: the manifest names no valid session")
    expires = manifest.kit_expires
    if expires is not None and manifest.started_at.date() > expires:
        raise KitError(f"{name}: the kit expired on {expires} but this session began on "
                       f"{manifest.started_at.date()}")


def import_sealed(paths: list[str | os.PathLike], identity, sessions_dir: str | os.PathLike) -> list[Path]:
    """Import every file or none: all are verified first (ImportRefused lists each refusal), then
    written and renamed into place. One session at a time is held in memory."""
    from interviewer.session.store import SessionStore

    store = SessionStore(sessions_dir)
    accepted: list[Path] = []
    refusals: list[str] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            item = open_sealed(path, identity)
            code = item.manifest.participant_code
            if code in seen:
                raise KitError(f"{item.source}: duplicate: the same session as {seen[code]}")
            _refuse_taken(store, item)
        except KitError as exc:
            refusals.append(str(exc))
            continue
        seen[code] = item.source
        accepted.append(item.source)
        del item  # its audio may be large: decrypted again, one at a time, when written
    if refusals:
        raise ImportRefused(refusals, len(paths))
    return _write_all(store, accepted, identity)


def _refuse_taken(store, item: Opened) -> None:
    """Refuse a session already imported, a withdrawn code, or another session with the same code."""
    from interviewer.session.store import TOMBSTONES_DIR

    code, name = item.manifest.participant_code, item.source
    if (store.root / TOMBSTONES_DIR / f"{code}.json").exists():
        raise KitError(f"{name}: {code} was withdrawn from this study")
    for folder, found in store.folders():
        if found != code:
            continue
        if _first_lines(folder / "journal.jsonl") == _first_lines(item.files["journal.jsonl"]):
            raise KitError(f"{name}: duplicate: already imported as {folder.name}")
        raise KitError(f"{name}: a different session with code {code} is already in {store.root} "
                       f"({folder.name})")


def _first_lines(source: Path | bytes) -> bytes:
    """The journal's header and session_started lines: they identify one session for good."""
    data = source if isinstance(source, bytes) else source.read_bytes()
    return b"\n".join(data.split(b"\n", 2)[:2])


def _write_all(store, sources: list[Path], identity) -> list[Path]:
    """Write each session in a staging folder inside the sessions dir, check it reads, then rename all."""
    from interviewer.fileio import fsync_dir, make_private_dir

    root = make_private_dir(store.root)
    staged: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for source in sources:
            item = open_sealed(source, identity)  # verified again: the file may have changed since
            staging = make_private_dir(root / f"{IMPORTING_PREFIX}{secrets.token_hex(6)}")
            staged.append((staging, root / item.manifest.folder))
            _write_session(staging, item.files)
            try:
                store.load_folder(staging)  # a journal this program cannot read is refused here
            except SessionError as exc:
                raise KitError(f"{item.source}: cannot be read as a session: {exc}") from None
        for staging, final in staged:
            if final.exists():
                raise KitError(f"{final} already exists")
            os.rename(staging, final)
            placed.append(final)
        fsync_dir(root)
    except BaseException:
        for staging, _ in staged:
            shutil.rmtree(staging, ignore_errors=True)
        for final in placed:
            shutil.rmtree(final, ignore_errors=True)
        raise
    return placed


def _write_session(folder: Path, files: dict[str, bytes]) -> None:
    """Write the verified files (0600) and the folders a session has (0700)."""
    from interviewer.fileio import atomic_write, make_private_dir
    from interviewer.session.session import AUDIO_DIR, EXPORTS_DIR

    for sub in (AUDIO_DIR, EXPORTS_DIR):
        make_private_dir(folder / sub)
    for name, data in files.items():
        atomic_write(folder / name, data)

"""The sessions directory: create, open (resume), load, find and list session folders."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from interviewer.collector import collector_paused
from interviewer.errors import SessionError
from interviewer.events import Mode, SessionStarted
from interviewer.fileio import (
    atomic_write,
    fsync_dir,
    make_private_dir,
    remove_stale_temps,
)
from interviewer.guide.model import Guide
from interviewer.session.codes import (
    folder_name,
    new_code,
    normalise_code,
    parse_folder_name,
)
from interviewer.session.derive import ViewBuilder
from interviewer.session.guide_copy import GUIDE_NAME, load_guide_copy, write_guide_copy
from interviewer.session.journal import (
    JOURNAL_NAME,
    JournalContents,
    JournalWriter,
    encode_journal,
    header_record,
    read_journal,
)
from interviewer.session.lock import SessionLock, lock_state
from interviewer.session.migrations import JOURNAL_SCHEMA_VERSION
from interviewer.session.records import SessionRecord, SessionSummary, summarise
from interviewer.session.session import (
    AUDIO_DIR,
    EXPORTS_DIR,
    SNAPSHOT_NAME,
    Clock,
    Session,
    utc_now,
)
from interviewer.session.view import SNAPSHOT_SCHEMA_VERSION

CREATING_PREFIX = ".creating-"
IMPORTING_PREFIX = ".importing-"  # a sealed session being imported (interviewer/kit/importing.py)
TOMBSTONES_DIR = "withdrawn"


class SessionStore:
    """All sessions under one directory."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def create(
        self,
        guide: Guide,
        guide_path: Path | None,
        mode: Mode,
        *,
        pseudonym: str | None = None,
        interviewer: str | None = None,
        clock: Clock | None = None,
        snapshot_interval: float = 1.0,
    ) -> Session:
        """Create a new session folder for `guide` and return it open, with SessionStarted appended."""
        clock = clock or utc_now
        make_private_dir(self.root)
        code = new_code(self.taken_codes())
        now = clock()
        final = self.root / folder_name(now.astimezone().date(), guide.study.id, code)
        # Built under a temporary name and renamed, so a crash never leaves half a session folder.
        staging = make_private_dir(self.root / f"{CREATING_PREFIX}{code}")
        try:
            for sub in (AUDIO_DIR, EXPORTS_DIR):
                make_private_dir(staging / sub)
            write_guide_copy(staging / GUIDE_NAME, guide, guide_path)
            lock = SessionLock.acquire(staging, code)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        journal = None
        try:
            journal = JournalWriter.create(staging / JOURNAL_NAME, now)
            session = Session(staging, code, journal, lock, [], guide, clock=clock, snapshot_interval=snapshot_interval)
            session.append(
                SessionStarted(
                    elapsed=0.0, guide_id=guide.study.id, guide_version=guide.study.version,
                    guide_hash=guide.content_hash, guide_path=str(guide_path) if guide_path else None,
                    mode=mode, participant_code=code, pseudonym=pseudonym, interviewer=interviewer, at=now,
                )
            )
            os.rename(staging, final)
            fsync_dir(self.root)
        except BaseException:
            if journal is not None:
                journal.close()
            lock.release()
            shutil.rmtree(staging, ignore_errors=True)  # nothing of it was promised to anyone yet
            raise
        session.moved(final)
        _first_snapshot(session)
        return session

    def open(self, code: str, *, clock: Clock | None = None, snapshot_interval: float = 1.0) -> Session:
        """Reopen a session for writing (resume): takes the lock, cuts a torn tail, upgrades old journals."""
        folder = self.find(code)
        refuse_symlinked(folder)
        label = folder.name
        contents = read_journal(folder / JOURNAL_NAME)  # refuses newer versions before touching anything
        _refuse_newer_snapshot(folder)
        lock = SessionLock.acquire(folder, label)
        try:
            contents = read_journal(folder / JOURNAL_NAME)  # again, now that nobody else can write
            if contents.version < JOURNAL_SCHEMA_VERSION:
                contents = _upgrade_file(contents)
            journal = JournalWriter.resume(contents)
            remove_stale_temps(folder, SNAPSHOT_NAME)
            guide, warnings = load_guide_copy(folder, _started(contents))
        except BaseException:
            lock.release()
            raise
        with collector_paused():  # the view of a long journal: many objects, all kept
            session = Session(
                folder, _started(contents).participant_code, journal, lock, contents.events, guide,
                clock=clock, snapshot_interval=snapshot_interval, warnings=contents.warnings + warnings,
            )
            _first_snapshot(session)
        return session

    def load(self, code: str) -> SessionRecord:
        """Read a session without changing anything; an unfinished one unlocked reads as 'interrupted'."""
        folder = self.find(code)
        return self.load_folder(folder)

    def load_folder(self, folder: Path) -> SessionRecord:
        """Read the session in `folder` without changing anything (a symlinked folder is refused)."""
        refuse_symlinked(folder)
        state = lock_state(folder)
        contents = read_journal(folder / JOURNAL_NAME)
        started = _started(contents)
        guide, warnings = load_guide_copy(folder, started)
        with collector_paused():  # folding a long journal makes many objects that all stay alive
            builder = ViewBuilder(guide).extend(contents.events)
            view = builder.view()
        if view.meta.status == "in_progress" and state != "live":
            view = view.model_copy(update={"meta": view.meta.model_copy(update={"status": "interrupted"})})
        return SessionRecord(
            folder=folder, code=started.participant_code, events=contents.events, view=view, guide=guide,
            journal_version=contents.version, lock=state,
            warnings=contents.warnings + warnings + builder.problems,
        )

    def find(self, code: str) -> Path:
        """Return the folder of a session given its code (any case) or folder name."""
        if parse_folder_name(code) and _is_folder_or_link(self.root / code):
            return self.root / code
        canonical = normalise_code(code)
        if canonical is None:
            raise SessionError(f"{code!r} is not a participant code (they look like P-7K3QX)")
        matches = [folder for folder, found in self.folders() if found == canonical]
        if not matches:
            raise SessionError(f"no session {canonical} in {self.root}")
        if len(matches) > 1:
            raise SessionError(f"code {canonical} names several folders: {', '.join(m.name for m in matches)}")
        return matches[0]

    def folders(self) -> list[tuple[Path, str]]:
        """Return (folder, code) for every session folder (symlinked ones too, which loading refuses)."""
        if not self.root.is_dir():
            return []
        found = []
        for entry in sorted(self.root.iterdir()):
            parsed = parse_folder_name(entry.name)
            if parsed and _is_folder_or_link(entry):
                found.append((entry, parsed[2]))
        return found

    def list(self) -> list[SessionSummary]:
        """Summarise every session, oldest first; unreadable ones are listed with the reason."""
        summaries = []
        for folder, code in self.folders():
            try:
                summaries.append(summarise(self.load_folder(folder)))
            except (SessionError, OSError) as exc:
                study = parse_folder_name(folder.name)[1]
                summaries.append(
                    SessionSummary(code=code, folder=folder, study_id=study, status="unreadable", problem=str(exc))
                )
        return sorted(summaries, key=lambda s: (s.started_at is None, s.started_at or 0, s.code))

    def interrupted(self) -> list[SessionSummary]:
        """Sessions that ended without a SessionEnded and are not open anywhere: resumable."""
        return [s for s in self.list() if s.status == "interrupted"]

    def taken_codes(self) -> set[str]:
        """Codes in use: session folders, folders being created, and withdrawn codes."""
        taken = {code for _, code in self.folders()}
        if self.root.is_dir():
            taken |= {p.name[len(CREATING_PREFIX):] for p in self.root.glob(f"{CREATING_PREFIX}*")}
        taken |= {p.stem for p in (self.root / TOMBSTONES_DIR).glob("*.json")}
        return taken


def refuse_symlinked(folder: Path) -> None:
    """Refuse a session folder that is a symbolic link: reading or writing through it leaves the sessions dir."""
    if folder.is_symlink():
        raise SessionError(
            f"{folder.name} is a symbolic link to {os.readlink(folder)}: not followed (move the folder into"
            f" {folder.parent} to use it; `sessions withdraw` removes it)"
        )


def _is_folder_or_link(path: Path) -> bool:
    return path.is_symlink() or path.is_dir()


def _first_snapshot(session: Session) -> None:
    """Write the opened session's snapshot; if that fails, let go of its journal and lock."""
    try:
        session.snapshot()
    except BaseException:
        session.release()
        raise


def _started(contents: JournalContents) -> SessionStarted:
    first = contents.events[0] if contents.events else None
    if not isinstance(first, SessionStarted):
        raise SessionError(f"{contents.path.name}: the first event is not session_started")
    return first


def _refuse_newer_snapshot(folder: Path) -> None:
    """Refuse to overwrite a session.json written by a newer program."""
    try:
        version = json.loads((folder / SNAPSHOT_NAME).read_text()).get("schema_version", 0)
    except (OSError, ValueError, AttributeError):
        return  # a missing or damaged snapshot is simply rebuilt
    if isinstance(version, int) and version > SNAPSHOT_SCHEMA_VERSION:
        raise SessionError(
            f"{folder.name}/{SNAPSHOT_NAME}: schema version {version} is newer than this program supports"
            f" ({SNAPSHOT_SCHEMA_VERSION}); upgrade interviewer to open it (nothing was changed)"
        )


def _upgrade_file(contents: JournalContents) -> JournalContents:
    """Rewrite an older journal in the current layout, keeping the original as a backup."""
    path = contents.path
    backup = path.with_name(f"journal.v{contents.version}.jsonl.bak")
    if not backup.exists():
        atomic_write(backup, path.read_bytes())
    if contents.torn:
        atomic_write(path.with_name(path.name + ".torn"), contents.torn)
    created = contents.events[0].at
    atomic_write(path, encode_journal(header_record(created), contents.events))
    upgraded = read_journal(path)
    upgraded.warnings = contents.warnings + [
        f"{path.name}: upgraded from schema version {contents.version} to {JOURNAL_SCHEMA_VERSION}"
        f" (the original is kept as {backup.name})"
    ]
    return upgraded

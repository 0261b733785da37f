"""Export sessions from the store: lock them shared, pick the original or redacted view, note every
file in the export index before writing it (so withdrawal finds even a failed export's files)."""

from __future__ import annotations

import os
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from interviewer.errors import SessionError
from interviewer.export.formats import SESSION_DEFAULTS, STUDY_DEFAULTS
from interviewer.fileio import FILE_MODE
from interviewer.guide.model import Guide
from interviewer.session.denylist import study_settings
from interviewer.session.export_index import ExportIndex
from interviewer.session.lock import SessionLock
from interviewer.session.records import SessionRecord
from interviewer.session.redact import load_redacted
from interviewer.session.session import Session
from interviewer.session.store import SessionStore
from interviewer.session.view import SessionView

STUDY_EXPORTS_DIR = "exports"


@dataclass
class StudyExport:
    """What `export --all` wrote, and which sessions it left out and why."""

    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def wants_redacted(store: SessionStore, study_id: str, requested: bool) -> bool:
    """True when asked for, or when the study's settings allow only redacted exports."""
    return requested or bool(study_settings(store.root, study_id).get("redacted_exports_only"))


def export_one(store: SessionStore, code: str, formats: list[str] | None, out_dir: Path | None = None,
               *, redacted: bool = False, sheet_unit: str = "segment") -> list[Path]:
    """Export one session (default: into its exports/ folder, or exports/redacted/)."""
    folder = store.find(code)
    store.load_folder(folder)  # refuses a symlinked or unreadable folder before taking its lock
    with SessionLock.acquire(folder, folder.name, shared=True):
        record = store.load_folder(folder)  # read again: nobody can write it now
        return _export(store, record.folder, record.code, record.view, record.guide, formats, out_dir,
                       redacted, sheet_unit)


def export_open(store: SessionStore, session: Session, formats: list[str] | None, out_dir: Path | None = None,
                *, redacted: bool = False, sheet_unit: str = "segment") -> list[Path]:
    """Export a session this process holds open (the app's Review), exactly as `export_one` would.

    Its exclusive lock already keeps writers and withdrawal out for the export's length; a shared
    lock taken beside it would be refused as "open in another process".
    """
    if session.folder.parent.resolve() != store.root.resolve():
        raise SessionError(f"session {session.code} is not in {store.root}")
    return _export(store, session.folder, session.code, session.view, session.guide, formats, out_dir,
                   redacted, sheet_unit)


def _export(store: SessionStore, folder: Path, code: str, view: SessionView, guide: Guide | None,
            formats: list[str] | None, out_dir: Path | None, redacted: bool, sheet_unit: str) -> list[Path]:
    """Pick the view, index the planned files, write them, make them owner-only and index what was written."""
    from interviewer.export.api import export_session, planned_files

    redacted = wants_redacted(store, view.meta.study_id, redacted)
    if redacted:
        view = load_redacted(folder, view.last_seq, store.root)
    out = out_dir or folder / "exports" / ("redacted" if redacted else "")
    formats = formats or SESSION_DEFAULTS
    _announce(store, planned_files(formats, out, [code]), [code])
    # A redacted export never carries the recording: the voice and spoken names stay identifying.
    paths = export_session(view, formats, out, guide=guide, audio_dir=None if redacted else folder,
                           sheet_unit=sheet_unit)
    _finish(store, paths, [code])
    return paths


def export_all(store: SessionStore, formats: list[str] | None, out_dir: Path | None = None,
               *, redacted: bool = False, study: str | None = None, sheet_unit: str = "segment") -> StudyExport:
    """Export every finished or interrupted session, one study at a time (open ones are skipped)."""
    from interviewer.export.api import export_study, planned_files

    result = StudyExport()
    with ExitStack() as locks:
        by_study: dict[str, list[SessionRecord]] = defaultdict(list)
        for folder, code in store.folders():
            record = _locked_record(store, folder, code, locks, result)
            if record is not None and (study is None or record.view.meta.study_id == study):
                by_study[record.view.meta.study_id].append(record)
        if study is not None and study not in by_study:
            raise SessionError(f"no sessions of study {study!r} to export in {store.root}")
        for study_id, records in sorted(by_study.items()):
            use_redacted = wants_redacted(store, study_id, redacted)
            views = [_view(store, r, use_redacted) for r in records]
            guide = next((r.guide for r in reversed(records) if r.guide is not None), None)
            audio = {} if use_redacted else {r.code: r.folder for r in records}
            out = (out_dir or store.root / STUDY_EXPORTS_DIR) / study_id / ("redacted" if use_redacted else "")
            chosen = formats or _study_defaults(records)
            codes = [r.code for r in records]
            _announce(store, planned_files(chosen, out, codes, study_id), codes)
            paths = export_study(views, chosen, out, guide=guide, audio_dirs=audio, sheet_unit=sheet_unit)
            _finish(store, paths, codes)
            result.files += paths
    return result


def _locked_record(store: SessionStore, folder: Path, code: str, locks: ExitStack,
                   result: StudyExport) -> SessionRecord | None:
    """Take a session's lock shared and read it; None (with the reason noted) if it cannot be exported."""
    try:
        store.load_folder(folder)  # refuses a symlinked folder before its lock file is touched
        locks.enter_context(SessionLock.acquire(folder, code, shared=True))
        record = store.load_folder(folder)
    except SessionError as exc:
        reason = "still open in another process (recording or transcribing)" if "another process" in str(exc) else str(exc)
        result.skipped.append(f"{code}: {reason}")
        return None
    if record.view.meta.status == "in_progress":
        result.skipped.append(f"{code}: still open in another process")
        return None
    return record


def _view(store: SessionStore, record: SessionRecord, redacted: bool):
    return load_redacted(record.folder, record.view.last_seq, store.root) if redacted else record.view


def _study_defaults(records: list[SessionRecord]) -> list[str]:
    pilots = any(r.view.meta.mode.value == "pilot" for r in records)
    return STUDY_DEFAULTS + (["pilot"] if pilots else [])


def _codes_for(path: Path, codes: list[str]) -> list[str]:
    return [c for c in codes if c in path.name] or codes


def _announce(store: SessionStore, planned: list[Path], codes: list[str]) -> None:
    """Index the files an export is about to write, before it writes any of them."""
    ExportIndex(store.root).record({path: _codes_for(path, codes) for path in planned})


def _finish(store: SessionStore, paths: list[Path], codes: list[str]) -> None:
    """Make exports owner-only and note which participants each file holds."""
    for path in paths:
        os.chmod(path, FILE_MODE)
    ExportIndex(store.root).record({path: _codes_for(path, codes) for path in paths})

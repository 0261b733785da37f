"""Export sessions from the store: pick the original or redacted view, write, index the files."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from interviewer.errors import SessionError
from interviewer.export.formats import SESSION_DEFAULTS, STUDY_DEFAULTS
from interviewer.fileio import FILE_MODE
from interviewer.session.denylist import study_settings
from interviewer.session.export_index import ExportIndex
from interviewer.session.records import SessionRecord
from interviewer.session.redact import load_redacted
from interviewer.session.store import SessionStore

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
    from interviewer.export import export_session

    record = store.load(code)
    redacted = wants_redacted(store, record.view.meta.study_id, redacted)
    view = load_redacted(record.folder, record.view.last_seq) if redacted else record.view
    out = out_dir or record.folder / "exports" / ("redacted" if redacted else "")
    # A redacted export never carries the recording: the voice and spoken names stay identifying.
    paths = export_session(view, formats or SESSION_DEFAULTS, out, guide=record.guide,
                           audio_dir=None if redacted else record.folder, sheet_unit=sheet_unit)
    _finish(store, paths, [record.code])
    return paths


def export_all(store: SessionStore, formats: list[str] | None, out_dir: Path | None = None,
               *, redacted: bool = False, study: str | None = None, sheet_unit: str = "segment") -> StudyExport:
    """Export every finished or interrupted session, one study at a time (open ones are skipped)."""
    from interviewer.export import export_study

    result = StudyExport()
    by_study: dict[str, list[SessionRecord]] = defaultdict(list)
    for folder, code in store.folders():
        try:
            record = store.load_folder(folder)
        except SessionError as exc:
            result.skipped.append(f"{code}: unreadable ({exc})")
            continue
        if record.view.meta.status == "in_progress":
            result.skipped.append(f"{code}: still open in another process")
        elif study is None or record.view.meta.study_id == study:
            by_study[record.view.meta.study_id].append(record)
    if study is not None and study not in by_study:
        raise SessionError(f"no sessions of study {study!r} to export in {store.root}")
    for study_id, records in sorted(by_study.items()):
        use_redacted = wants_redacted(store, study_id, redacted)
        views = [load_redacted(r.folder, r.view.last_seq) if use_redacted else r.view for r in records]
        guide = next((r.guide for r in reversed(records) if r.guide is not None), None)
        audio = {} if use_redacted else {r.code: r.folder for r in records}
        out = (out_dir or store.root / STUDY_EXPORTS_DIR) / study_id / ("redacted" if use_redacted else "")
        paths = export_study(views, formats or _study_defaults(records), out, guide=guide, audio_dirs=audio,
                             sheet_unit=sheet_unit)
        _finish(store, paths, [r.code for r in records])
        result.files += paths
    return result


def _study_defaults(records: list[SessionRecord]) -> list[str]:
    pilots = any(r.view.meta.mode.value == "pilot" for r in records)
    return STUDY_DEFAULTS + (["pilot"] if pilots else [])


def _finish(store: SessionStore, paths: list[Path], codes: list[str]) -> None:
    """Make exports owner-only and note which participants each file holds."""
    for path in paths:
        os.chmod(path, FILE_MODE)
    ExportIndex(store.root).record({path: [c for c in codes if c in path.name] or codes for path in paths})

"""Export entry points: which formats exist, and writing them for one session or a whole study."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from interviewer.errors import UsageError
from interviewer.export.codes import build_code_system
from interviewer.export.common import atomic_stream, safe_name
from interviewer.export.formats import FORMATS, PER_SESSION_IN_STUDY, SESSION_FILES, STUDY_FILES, STUDY_ONLY
from interviewer.export.markdown import render_markdown
from interviewer.export.matrix import matrix_table, matrix_widths, study_rows
from interviewer.export.pilot import pilot_report
from interviewer.export.qdatext import render_maxqda, render_nvivo
from interviewer.export.qdpx import write_codebook, write_qdpx
from interviewer.export.recording import recording_parts, write_recording
from interviewer.export.sheet import COLUMNS, UNITS, WIDTHS, coding_rows, sheet_csv, sheet_xlsx
from interviewer.export.subtitles import render_srt, render_vtt
from interviewer.export.tables import csv_bytes, xlsx_bytes
from interviewer.export.timeline import Clock
from interviewer.export.transcript import build_transcript
from interviewer.export.word import render_docx
from interviewer.fileio import atomic_write, make_private_dir
from interviewer.guide.model import Guide
from interviewer.session.view import SessionView


def planned_files(formats: list[str], out_dir: Path, codes: list[str], study_id: str | None = None) -> list[Path]:
    """The files an export of `codes` in these formats writes (a study export when study_id is given)."""
    out: list[Path] = []
    for fmt in dict.fromkeys(formats):
        if study_id is not None and fmt not in PER_SESSION_IN_STUDY:
            out += [out_dir / f"{safe_name(study_id)}{end}" for end in STUDY_FILES.get(fmt, ())]
        else:
            out += [out_dir / f"{safe_name(code)}{end}" for code in codes for end in SESSION_FILES.get(fmt, ())]
    return out


def _check(formats: list[str], allowed: list[str], where: str) -> list[str]:
    if not formats:
        raise UsageError(f"no export format given; choose from: {', '.join(allowed)}")
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown export format {unknown[0]!r}; choose from: {', '.join(FORMATS)}")
    misplaced = [f for f in formats if f not in allowed]
    if misplaced:
        raise UsageError(f"format {misplaced[0]!r} cannot be used {where}; choose from: {', '.join(allowed)}")
    return list(dict.fromkeys(formats))


def export_session(
    view: SessionView,
    formats: list[str],
    out_dir: Path,
    *,
    guide: Guide | None = None,
    audio_dir: Path | None = None,
    sheet_unit: str = "segment",
) -> list[Path]:
    """Write the chosen formats for one session into out_dir; return the files written.

    `audio_dir` is the session folder (audio paths are relative to it): with it, qdpx and flac
    include the recording. File names start with the participant code.
    """
    formats = _check(
        formats, [f for f in FORMATS if f not in STUDY_ONLY], "for one session (it needs a study)"
    )
    if sheet_unit not in UNITS:
        raise UsageError(f"unknown sheet unit {sheet_unit!r}; choose from: {', '.join(UNITS)}")
    # Refuse what cannot work before writing anything, so a refusal leaves no partial set.
    if "flac" in formats and not recording_parts(view, audio_dir):
        raise UsageError(f"session {view.meta.code} has no readable recording to export as flac")
    if "qdc" in formats and guide is None and not view.turns:
        raise UsageError("no code system to export: give the guide, or sessions with questions")
    out_dir = make_private_dir(out_dir)
    stem = safe_name(view.meta.code)
    written: list[Path] = []
    for fmt in formats:
        written += _SESSION[fmt](view, out_dir, stem, guide, audio_dir, sheet_unit)
    return written


def _text_writer(fmt: str, render: Callable[[SessionView, Guide | None], str | bytes]):
    (suffix,) = SESSION_FILES[fmt]

    def write(view, out_dir, stem, guide, audio_dir, unit) -> list[Path]:
        """Render and write one file named after the participant code."""
        return [atomic_write(out_dir / f"{stem}{suffix}", render(view, guide))]

    return write


def _transcript(view: SessionView, guide: Guide | None):
    return build_transcript(view, Clock(view), guide)


def _flac(view, out_dir, stem, guide, audio_dir, unit) -> list[Path]:
    parts = recording_parts(view, audio_dir)
    if not parts:
        raise UsageError(f"session {view.meta.code} has no readable recording to export as flac")
    path = out_dir / f"{stem}.flac"
    with atomic_stream(path) as handle:
        write_recording(parts, handle)
    return [path]


def _qdpx(view, out_dir, stem, guide, audio_dir, unit) -> list[Path]:
    system = build_code_system(_study_id(view, guide), guide, [view])
    name = f"{view.meta.study_id} – {view.meta.code}"
    return [write_qdpx(out_dir / f"{stem}.qdpx", name, system, [(view, audio_dir)])]


def _qdc(views: list[SessionView], out_dir: Path, guide: Guide | None, prefix: str) -> list[Path]:
    system = build_code_system(_study_id(views[0] if views else None, guide), guide, views)
    if not system.themes:
        raise UsageError("no code system to export: give the guide, or sessions with questions")
    return [write_codebook(out_dir / f"{prefix}-codebook.qdc", system)]


def _study_id(view: SessionView | None, guide: Guide | None) -> str:
    if guide is not None:
        return guide.study.id
    return view.meta.study_id if view is not None else "study"


_SESSION = {
    "md": _text_writer("md", lambda v, g: render_markdown(_transcript(v, g))),
    "docx": _text_writer("docx", lambda v, g: render_docx(_transcript(v, g))),
    "srt": _text_writer("srt", lambda v, g: render_srt(v)),
    "vtt": _text_writer("vtt", lambda v, g: render_vtt(v)),
    "maxqda": _text_writer("maxqda", lambda v, g: render_maxqda(v)),
    "nvivo": _text_writer("nvivo", lambda v, g: render_nvivo(v)),
    "csv": lambda v, o, s, g, a, u: [atomic_write(o / f"{s}-coding.csv", sheet_csv(coding_rows(v, u)))],
    "xlsx": lambda v, o, s, g, a, u: [atomic_write(o / f"{s}-coding.xlsx", sheet_xlsx(coding_rows(v, u)))],
    "flac": _flac,
    "qdpx": _qdpx,
    "qdc": lambda v, o, s, g, a, u: _qdc([v], o, g, s),
}


def export_study(
    views: list[SessionView],
    formats: list[str],
    out_dir: Path,
    *,
    guide: Guide | None = None,
    sheet_unit: str = "segment",
    audio_dirs: dict[str, Path] | None = None,
) -> list[Path]:
    """Write study-wide formats for these sessions into out_dir; return the files written.

    matrix, pilot, qdc, qdpx (one project with every interview), csv/xlsx (one coding sheet for
    all sessions); md, docx, srt, vtt, maxqda and nvivo are written per session.
    `audio_dirs` maps participant codes to session folders, to put recordings in the qdpx.
    """
    formats = _check(formats, [f for f in FORMATS if f != "flac"], "for a whole study (export one session)")
    if sheet_unit not in UNITS:
        raise UsageError(f"unknown sheet unit {sheet_unit!r}; choose from: {', '.join(UNITS)}")
    if not views and guide is None:
        raise UsageError("no sessions to export")
    out_dir = make_private_dir(out_dir)
    study = safe_name(_study_id(views[0] if views else None, guide))
    written: list[Path] = []
    for fmt in formats:
        if fmt in PER_SESSION_IN_STUDY:
            for view in views:
                written += export_session(view, [fmt], out_dir, guide=guide)
        else:
            written += _study_format(fmt, views, out_dir, guide, study, sheet_unit, audio_dirs or {})
    return written


def _study_format(fmt: str, views, out_dir: Path, guide, study: str, unit: str, audio: dict) -> list[Path]:
    if fmt == "matrix":
        columns, rows = matrix_table(views, guide)
        return [
            atomic_write(
                out_dir / f"{study}-matrix.xlsx",
                xlsx_bytes([("Matrix", columns, rows, matrix_widths(columns))]),
            ),
            atomic_write(out_dir / f"{study}-matrix.csv", csv_bytes(columns, rows)),
        ]
    if fmt == "pilot":
        return [atomic_write(out_dir / f"{study}-pilot-report.md", pilot_report(views, guide))]
    if fmt == "qdc":
        return _qdc(views, out_dir, guide, study)
    if fmt == "qdpx":
        system = build_code_system(_study_id(views[0] if views else None, guide), guide, views)
        return [
            write_qdpx(out_dir / f"{study}.qdpx", study, system, [(v, audio.get(v.meta.code)) for v in views])
        ]
    rows = study_rows(views, unit)
    if fmt == "csv":
        return [atomic_write(out_dir / f"{study}-coding.csv", csv_bytes(COLUMNS, rows))]
    return [atomic_write(out_dir / f"{study}-coding.xlsx", xlsx_bytes([("Coding", COLUMNS, rows, WIDTHS)]))]

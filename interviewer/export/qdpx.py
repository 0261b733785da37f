"""REFI-QDA project archives (.qdpx) and codebooks (.qdc), written atomically.

A .qdpx is a ZIP with `project.qde` at its root and every source under a lowercase `sources/`
folder, referenced as `internal://<file>`. Text files are UTF-8 without a byte-order mark and
with LF line ends, so the code-point offsets in the project point at exactly the right words.
The recording (one FLAC, see `recording`) goes in uncompressed, as FLAC already is.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from interviewer.export.codes import CodeSystem, codebook_xml, stable_guid
from interviewer.export.common import atomic_stream
from interviewer.export.recording import recording_parts, write_recording
from interviewer.export.refi_project import SessionPart, project_xml
from interviewer.export.refi_text import build_reference_text
from interviewer.export.timeline import Clock
from interviewer.fileio import atomic_write
from interviewer.session.view import SessionView


def write_qdpx(
    path: Path,
    name: str,
    system: CodeSystem,
    sessions: list[tuple[SessionView, Path | None]],
) -> Path:
    """Write a project of these (session, audio folder or None) pairs to `path`."""
    parts: list[SessionPart] = []
    audio: list[tuple[str, list]] = []
    for view, audio_dir in sessions:
        clock_ = Clock(view)
        text = build_reference_text(view, clock_)
        guid = _file_id(system, view)
        part = SessionPart(view, text, clock_, f"{guid}.txt")
        pieces = recording_parts(view, audio_dir)
        if pieces:
            part.audio_file, part.transcript_file = f"{guid}.flac", f"{guid}-transcript.txt"
            audio.append((part.audio_file, pieces))
        parts.append(part)
    document = project_xml(name, system, parts)
    with atomic_stream(path) as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", document.xml)
        for file_name, body in document.files.items():
            zf.writestr(f"sources/{file_name}", body.encode("utf-8"))
        for part in parts:
            data = part.text.text.encode("utf-8")  # no BOM: it would shift every offset
            zf.writestr(f"sources/{part.text_file}", data)
            if part.transcript_file:
                zf.writestr(f"sources/{part.transcript_file}", data)
        for file_name, pieces in audio:
            _add_recording(zf, f"sources/{file_name}", pieces, path.parent)
    return path


def _file_id(system: CodeSystem, view: SessionView) -> str:
    return stable_guid(system.study_id, view.meta.code, "text")


def _add_recording(zf: zipfile.ZipFile, arcname: str, pieces: list, scratch: Path) -> None:
    with tempfile.TemporaryFile(dir=scratch) as flac:
        write_recording(pieces, flac)
        flac.seek(0)
        with zf.open(zipfile.ZipInfo(arcname, date_time=time.localtime()[:6]), "w") as member:
            shutil.copyfileobj(flac, member, 1 << 20)


def write_codebook(path: Path, system: CodeSystem) -> Path:
    """Write the code system alone as a .qdc codebook."""
    return atomic_write(path, codebook_xml(system))

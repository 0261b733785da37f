"""The REFI-QDA project document (project.qde) for one or more sessions.

Per session: a case with the session's variables (also set on each of its sources, because not
every importer follows a case's SourceRefs), a TextSource whose answers are already coded to
their questions (CodeRef first in every Coding), an AudioSource with its first and only
Transcript (sync points in milliseconds) and coded AudioSelections when the recording is
included, and notes (`refi_notes`): researcher notes, markers, support steps and the original
wording of corrected answers anchored in the text, and a memo per session. No `basePath`: every
source lives inside the archive. GUIDs are UUID-5s, so a re-export merges instead of duplicating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from lxml import etree

from interviewer.export.codes import ORIGIN, CodeSystem, code_elements, stable_guid
from interviewer.export.common import MODE_NAMES, milliseconds
from interviewer.export.refi_notes import ProjectNote, annotations, original_wording, session_memo
from interviewer.export.refi_text import ReferenceText
from interviewer.export.timeline import Clock, heard
from interviewer.session.view import SessionView

NS = "urn:QDA-XML:project:1.0"
VARIABLES = (
    ("Participant code", "Text"),
    ("Pseudonym", "Text"),
    ("Study", "Text"),
    ("Guide version", "Text"),
    ("Mode", "Text"),
    ("Interviewer", "Text"),
    ("Interview date", "DateTime"),
    ("Duration (minutes)", "Float"),
    ("Status", "Text"),
    ("Language", "Text"),
    ("Answers", "Integer"),
    ("Transcribed", "Boolean"),
)
VALUE_TAG = {
    "Text": "TextValue",
    "Float": "FloatValue",
    "DateTime": "DateTimeValue",
    "Integer": "IntegerValue",
    "Boolean": "BooleanValue",
}


@dataclass
class SessionPart:
    """One session ready for the project: its text and, if included, its recording's file name."""

    view: SessionView
    text: ReferenceText
    clock: Clock
    text_file: str  # file name under sources/
    audio_file: str | None = None
    transcript_file: str | None = None


@dataclass
class ProjectDocument:
    """project.qde's bytes and the files its notes live in (name under sources/ → text)."""

    xml: bytes
    files: dict[str, str] = field(default_factory=dict)


def _el(parent, tag: str, **attrs) -> etree._Element:
    return etree.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attrs.items() if v is not None})


def when(dt: datetime | None) -> str | None:
    """An xsd:dateTime (seconds precision) or None."""
    return None if dt is None else dt.isoformat(timespec="seconds")


def project_xml(name: str, system: CodeSystem, parts: list[SessionPart]) -> ProjectDocument:
    """The whole project.qde document as UTF-8 bytes, with the memo files it refers to."""
    now = when(datetime.now(timezone.utc))
    root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS}, name=name, origin=ORIGIN, creationDateTime=now)
    if system.themes:
        code_elements(_el(_el(root, "CodeBook"), "Codes"), system.themes, NS)
    variables = _el(root, "Variables")
    for var, kind in VARIABLES:
        _el(
            variables,
            "Variable",
            guid=stable_guid(system.study_id, "variable", var),
            name=var,
            typeOfVariable=kind,
        )
    notes: list[ProjectNote] = []
    memos: list[ProjectNote] = []
    if parts:
        cases = _el(root, "Cases")
        for part in parts:
            _case(cases, system.study_id, part)
        sources = _el(root, "Sources")
        for part in parts:
            anchored = _sources(sources, system, part)
            notes += anchored
            memos.append(session_memo(system.study_id, part, when(part.view.meta.started_at), anchored))
    if notes or memos:
        notes_el = _el(root, "Notes")
        for note in notes + memos:
            _note(notes_el, note)
    _el(root, "Description").text = f"Interviews exported by {ORIGIN}."
    for memo in memos:
        _el(root, "NoteRef", targetGUID=memo.guid)
    xml = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return ProjectDocument(xml, {m.file: m.body for m in memos if m.file})


def _note(parent, note: ProjectNote) -> None:
    path = f"internal://{note.file}" if note.file else None
    el = _el(parent, "Note", guid=note.guid, name=note.title, plainTextPath=path, creationDateTime=note.created)
    if not note.file:
        _el(el, "PlainTextContent").text = note.body
    if note.anchor is not None:
        start, end = note.anchor
        guid = stable_guid(note.guid, "anchor")
        _el(el, "PlainTextSelection", guid=guid, startPosition=str(start), endPosition=str(end))


def _values(view: SessionView) -> dict[str, tuple[str, str]]:
    meta = view.meta
    raw = {
        "Participant code": meta.code,
        "Pseudonym": meta.pseudonym,
        "Study": meta.study_id,
        "Guide version": meta.guide_version,
        "Mode": MODE_NAMES.get(meta.mode, str(meta.mode)),
        "Interviewer": meta.interviewer,
        "Interview date": when(meta.started_at),
        "Duration (minutes)": f"{meta.duration / 60:.2f}",
        "Status": meta.status,
        "Language": meta.language,
        "Answers": str(sum(1 for t in view.turns if t.text.strip())),
        "Transcribed": "true" if view.transcribed else "false",
    }
    kinds = dict(VARIABLES)
    return {k: (kinds[k], v) for k, v in raw.items() if v is not None}


def _variable_values(parent, study_id: str, view: SessionView) -> None:
    for var, (kind, value) in _values(view).items():
        vv = _el(parent, "VariableValue")
        _el(vv, "VariableRef", targetGUID=stable_guid(study_id, "variable", var))
        _el(vv, VALUE_TAG[kind]).text = value


def _guid(study_id: str, part: SessionPart, *what: str) -> str:
    return stable_guid(study_id, part.view.meta.code, *what)


def _case(cases, study_id: str, part: SessionPart) -> None:
    meta = part.view.meta
    case = _el(cases, "Case", guid=_guid(study_id, part, "case"), name=meta.code)
    _el(case, "Description").text = f"Participant {meta.code}, interviewed {meta.started_at:%Y-%m-%d}"
    _variable_values(case, study_id, part.view)
    _el(case, "SourceRef", targetGUID=_guid(study_id, part, "text"))
    if part.audio_file:
        _el(case, "SourceRef", targetGUID=_guid(study_id, part, "audio"))


def _sources(sources, system: CodeSystem, part: SessionPart) -> list[ProjectNote]:
    """Add the session's sources; return the anchored notes they refer to."""
    sid, view = system.study_id, part.view
    meta = view.meta
    created = when(meta.started_at)
    notes: list[ProjectNote] = []
    text = _el(
        sources,
        "TextSource",
        guid=_guid(sid, part, "text"),
        name=f"{meta.code} transcript",
        plainTextPath=f"internal://{part.text_file}",
        creationDateTime=created,
    )
    _el(text, "Description").text = f"Interview transcript, participant {meta.code}"
    for sel in part.text.selections:
        turn = sel.turn
        pid = str(turn.prompt_id)
        if sel.part:  # the answer resumed after the interviewer spoke: the first part keeps the old ids
            pid = f"{pid}-{sel.part + 1}"
        el = _el(
            text,
            "PlainTextSelection",
            guid=_guid(sid, part, "selection", pid),
            name=f"{turn.question_id} answer {pid}",
            startPosition=str(sel.start),
            endPosition=str(sel.end),
            creationDateTime=created,
        )
        coding = _el(el, "Coding", guid=_guid(sid, part, "coding", pid), creationDateTime=created)
        _el(coding, "CodeRef", targetGUID=system.by_question[turn.question_id].guid)
        if turn.corrections:
            notes.append(original_wording(sid, part, sel, created, when))
            _el(el, "NoteRef", targetGUID=notes[-1].guid)
    notes += annotations(sid, part, when)
    for note in notes:  # at the source too: importers look for annotations there
        _el(text, "NoteRef", targetGUID=note.guid)
    _variable_values(text, sid, view)
    if part.audio_file:
        _audio_source(sources, system, part)
    return notes


def _audio_source(sources, system: CodeSystem, part: SessionPart) -> None:
    sid, meta = system.study_id, part.view.meta
    created = when(meta.started_at)
    audio = _el(
        sources,
        "AudioSource",
        guid=_guid(sid, part, "audio"),
        name=f"{meta.code} recording.flac",
        path=f"internal://{part.audio_file}",
        creationDateTime=created,
    )
    _el(audio, "Description").text = f"Interview recording, participant {meta.code}"
    transcript = _el(
        audio,
        "Transcript",
        guid=_guid(sid, part, "transcript"),
        name=f"{meta.code} recording transcript",
        plainTextPath=f"internal://{part.transcript_file}",
        creationDateTime=created,
    )
    for i, (position, ms) in enumerate(part.text.syncs):
        _el(
            transcript,
            "SyncPoint",
            guid=_guid(sid, part, "sync", str(i)),
            timeStamp=str(ms),
            position=str(position),
        )
    for sel in part.text.selections:
        turn = sel.turn
        if not heard(turn) or sel.part:  # one audio selection per answer, over all of its span
            continue
        begin, end = part.clock.answer_span(turn)
        pid = str(turn.prompt_id)
        el = _el(
            audio,
            "AudioSelection",
            guid=_guid(sid, part, "audio-selection", pid),
            name=f"{turn.question_id} answer {pid}",
            begin=str(milliseconds(begin)),
            end=str(milliseconds(end)),
            creationDateTime=created,
        )
        coding = _el(el, "Coding", guid=_guid(sid, part, "audio-coding", pid), creationDateTime=created)
        _el(coding, "CodeRef", targetGUID=system.by_question[turn.question_id].guid)
    _variable_values(audio, sid, part.view)

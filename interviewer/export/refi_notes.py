"""Notes of a REFI-QDA project: anchored text annotations, and one memo per session.

QualCoder (and the REFI-QDA examples it follows) imports a note as a text annotation only when
the text source refers to it (`NoteRef`) and the note carries a `PlainTextSelection` saying
where in that text it belongs; a note with no position is dropped. So every researcher note,
marker, support step and original wording of a corrected answer is anchored: a note at the line
under way when it was made, an original wording at its answer. A note that lives in a file
(`plainTextPath`) and is referred to by the project imports as a journal entry: that is the
session memo, every note and flag of the session in time order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from interviewer.export.codes import stable_guid
from interviewer.export.common import clean_text, clock


@dataclass(frozen=True)
class ProjectNote:
    """A note for the project's Notes: text inline and anchored, or (a memo) in its own file."""

    guid: str
    title: str
    created: str
    body: str
    anchor: tuple[int, int] | None = None  # code-point span in the session's text source
    file: str | None = None  # file name under sources/ (a memo), instead of inline text


def annotations(sid: str, part, when) -> list[ProjectNote]:
    """Every note, marker and support step of a session, anchored where it was made."""
    view, meta = part.view, part.view.meta

    def stamp(event) -> str:
        return when(event.at or meta.started_at + timedelta(seconds=event.elapsed))

    out = []
    for i, note in enumerate(view.notes):
        at = part.clock.at(note.elapsed)
        kind = "note" if note.type == "note" else "marker"
        body = " — ".join(p for p in (note.label, note.text) if p) or kind
        guid = stable_guid(sid, meta.code, "note", str(i))
        title = f"{meta.code} {kind} {clock(at)}"
        out.append(ProjectNote(guid, title, stamp(note), clean_text(f"[{clock(at)}] {body}"), part.text.anchor(at)))
    for i, flag in enumerate(view.distress):
        at = part.clock.at(flag.elapsed)
        where = f" during question {flag.question_id}" if flag.question_id else ""
        # Never quotes the participant: only that, when and where a support step was offered.
        body = f"[{clock(at)}] Support step offered{where} (trigger: {flag.trigger})."
        guid = stable_guid(sid, meta.code, "distress", str(i))
        out.append(ProjectNote(guid, f"{meta.code} support step {clock(at)}", stamp(flag), body, part.text.anchor(at)))
    return out


def original_wording(sid: str, part, selection, created: str, when) -> ProjectNote:
    """The wording of a corrected answer before its correction, anchored at the answer."""
    turn, code = selection.turn, part.view.meta.code
    fix = turn.corrections[-1]
    pid = str(turn.prompt_id)
    body = clean_text(f"Corrected by the {fix.by}. Original wording: {turn.original_text}")
    return ProjectNote(
        stable_guid(sid, code, "original", pid),
        f"{code} original of answer {pid}",
        when(fix.at) or created,
        body,
        (selection.start, selection.end),
    )


def session_memo(sid: str, part, created: str, notes: list[ProjectNote]) -> ProjectNote:
    """One memo per session listing its notes and flags in order: imported as a journal entry."""
    meta = part.view.meta
    guid = stable_guid(sid, meta.code, "memo")
    lines = [f"Session memo, participant {meta.code} ({meta.started_at:%Y-%m-%d})", ""]
    lines += [n.body for n in notes] or ["No notes, markers or support steps in this session."]
    return ProjectNote(guid, f"{meta.code} session memo", created, "\n".join(lines) + "\n", None, f"{guid}.txt")

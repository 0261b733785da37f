"""Pseudonymisation: a redacted copy of a session view and a log of what was replaced where.

The original journal is never edited. Each run redacts the current view afresh (so re-running
is idempotent) and writes `redacted/session.json` and `redacted/replacements.jsonl` atomically.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import SessionError
from interviewer.events import Segment, Word
from interviewer.fileio import atomic_write, make_private_dir
from interviewer.session.denylist import (
    DENY_NAME,
    deny_entries,
    read_mapping_file,
    study_deny_list,
)
from interviewer.session.identifiers import Match, Redactor, apply
from interviewer.session.store import SessionStore
from interviewer.session.view import SessionView, Turn

REDACTED_DIR = "redacted"
SESSION_DENY = "deny.json"  # entries given for this participant only (removed with the session)
STAMP = "deny-used.json"  # a hash of the study deny-list the copy was made with


class _Log:
    """Collects replacement-log lines: where (turn, field), the original span, the replacement."""

    def __init__(self, redactor: Redactor):
        self.redactor = redactor
        self.lines: list[dict] = []

    def text(self, value: str, turn: int | None, field: str) -> str:
        new, matches = self.redactor.redact(value)
        self._note(matches, turn, field)
        return new

    def _note(self, matches: list[Match], turn: int | None, field: str) -> None:
        self.lines += [
            {"turn": turn, "field": field, "start": m.start, "end": m.end, "kind": m.kind,
             "replacement": m.replacement}
            for m in matches
        ]

    def segment(self, segment: Segment, turn: int | None, field: str) -> Segment:
        text = self.text(segment.text, turn, f"{field}.text")
        return segment.model_copy(update={"text": text, "words": self.words(segment.words, turn, f"{field}.words")})

    def words(self, words: list[Word], turn: int | None, field: str) -> list[Word]:
        """Redact across word boundaries: the words one match touches merge into one word."""
        joined = "".join(w.word for w in words)
        matches = self.redactor.find(joined)
        if not matches:
            return list(words)
        self._note(matches, turn, field)
        bounds, position = [], 0
        for w in words:
            bounds.append((position, position + len(w.word)))
            position += len(w.word)
        linked = [False] * len(words)  # linked[i]: word i and i+1 belong to one match
        for m in matches:
            touched = [i for i, (lo, hi) in enumerate(bounds) if lo < m.end and m.start < hi]
            for i in touched[:-1]:
                linked[i] = True
        groups, current = [], [0]
        for i in range(1, len(words)):
            if linked[i - 1]:
                current.append(i)
            else:
                groups.append(current)
                current = [i]
        groups.append(current)
        return [self._merged(words, group, bounds, joined, matches) for group in groups]

    @staticmethod
    def _merged(words: list[Word], group: list[int], bounds: list, joined: str, matches: list[Match]) -> Word:
        lo, hi = bounds[group[0]][0], bounds[group[-1]][1]
        inside = [Match(m.start - lo, m.end - lo, m.replacement, m.kind)
                  for m in matches if lo <= m.start and m.end <= hi]
        probs = [words[i].probability for i in group if words[i].probability is not None]
        return Word(
            start=words[group[0]].start, end=words[group[-1]].end,
            word=apply(joined[lo:hi], inside), probability=min(probs) if probs else None,
        )


def redact_view(view: SessionView, redactor: Redactor) -> tuple[SessionView, list[dict]]:
    """Return a redacted copy of `view` (meta.redacted=True) and the replacement log lines."""
    log = _Log(redactor)
    update = {
        "meta": view.meta.model_copy(update={"redacted": True}),
        "turns": [_turn(log, turn) for turn in view.turns],
        "notes": _each(log, view.notes, "notes", "text"),
        "ratings": _each(log, view.ratings, "ratings", "comment"),
        "skips": _each(log, view.skips, "skips", "reason"),
        "branches": _each(log, view.branches, "branches", "reason"),
        "drops": _each(log, view.drops, "drops", "reason"),
        "preamble": [log.segment(s, None, f"preamble[{i}]") for i, s in enumerate(view.preamble)],
        "preamble_corrections": [
            c.model_copy(update={"text": log.text(c.text, None, f"preamble_corrections[{i}].text")})
            for i, c in enumerate(view.preamble_corrections)
        ],
        # a researcher may have typed a real name as a speaker label
        "speaker_labels": {role: log.text(label, None, f"speaker_labels.{role}")
                           for role, label in view.speaker_labels.items()},
    }
    return view.model_copy(update=update), log.lines


def _turn(log: _Log, turn: Turn) -> Turn:
    """Redact every free text of a turn; echo probes and reasons may quote the participant."""
    pid = turn.prompt_id
    corrections = [
        c.model_copy(update={"text": log.text(c.text, pid, f"corrections[{i}].text")})
        for i, c in enumerate(turn.corrections)
    ]
    return turn.model_copy(update={
        "prompt_text": log.text(turn.prompt_text, pid, "prompt_text"),
        "reason": log.text(turn.reason, pid, "reason"),
        "original_text": log.text(turn.original_text, pid, "original_text"),
        "corrections": corrections,
        "segments": [log.segment(s, pid, f"segments[{i}]") for i, s in enumerate(turn.segments)],
    })


def _each(log: _Log, items: list, name: str, field: str) -> list:
    """Redact one text field of every item of a list (notes, ratings, skips...)."""
    return [
        item.model_copy(update={field: log.text(getattr(item, field), None, f"{name}[{i}].{field}")})
        for i, item in enumerate(items)
    ]


@dataclass
class RedactResult:
    """Where the redacted copy went and how much was replaced."""

    view: SessionView
    session_json: Path
    log: Path
    replacements: int
    deny_entries: int


def redact_session(
    store: SessionStore, code: str, extra: dict[str, str] | None = None, deny_file: Path | None = None
) -> RedactResult:
    """Redact a session with its study's deny-list plus extra entries (remembered for this session)."""
    record = store.load(code)
    out = make_private_dir(_redacted_dir(record.folder))
    study = record.view.meta.study_id
    session_deny = _read_session_deny(out)
    if deny_file is not None:
        session_deny.update(deny_entries(read_mapping_file(deny_file), study, str(deny_file)))
    session_deny.update(extra or {})
    study_deny = study_deny_list(store.root, study)
    deny = {**study_deny, **session_deny}
    redactor = Redactor(deny)
    view, lines = redact_view(record.view, redactor)
    if session_deny:
        atomic_write(out / SESSION_DENY, json.dumps(session_deny, indent=1, ensure_ascii=False) + "\n")
    session_json = atomic_write(out / "session.json", view.model_dump_json(indent=1) + "\n")
    log = atomic_write(out / "replacements.jsonl", "".join(json.dumps(line) + "\n" for line in lines))
    atomic_write(out / STAMP, json.dumps({"study_deny_sha256": _deny_hash(study_deny)}) + "\n")
    return RedactResult(view, session_json, log, len(lines), len(redactor.replacements))


def _read_session_deny(folder: Path) -> dict[str, str]:
    path = folder / SESSION_DENY
    if not path.exists():
        return {}
    data = read_mapping_file(path)
    return {str(k): str(v) for k, v in data.items()}


def _redacted_dir(folder: Path) -> Path:
    """The session's redacted/ folder; a symlink there would send the copy outside the sessions dir."""
    path = folder / REDACTED_DIR
    if path.is_symlink():
        raise SessionError(f"{path} is a symbolic link: not followed (remove it, then redact again)")
    return path


def _deny_hash(entries: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(entries.items()), ensure_ascii=False).encode()).hexdigest()


def load_redacted(folder: Path, last_seq: int, root: Path | None = None) -> SessionView:
    """Return the session's redacted copy; refuse one that is missing, older than the journal or
    (given the sessions dir `root`) made with a study deny-list that has changed since."""
    path = _redacted_dir(folder) / "session.json"
    if path.is_symlink():
        raise SessionError(f"{path} is a symbolic link: not followed (redact the session again)")
    if not path.exists():
        raise SessionError(f"{folder.name}: no redacted copy; run `interviewer sessions redact CODE` first")
    try:
        view = SessionView.model_validate_json(path.read_bytes())
    except ValueError as exc:
        raise SessionError(f"{path}: unreadable redacted copy: {str(exc).splitlines()[0]}") from None
    if not view.meta.redacted or view.last_seq < last_seq:
        raise SessionError(f"{folder.name}: the redacted copy is out of date; run `interviewer sessions redact` again")
    if root is not None and _deny_changed(root, folder, view.meta.study_id):
        raise SessionError(
            f"{folder.name}: the redacted copy was made before {root / DENY_NAME} changed;"
            " run `interviewer sessions redact CODE` again"
        )
    return view


def _deny_changed(root: Path, folder: Path, study_id: str) -> bool:
    """True if the study's deny-list differs from the one the copy was made with."""
    stamp = folder / REDACTED_DIR / STAMP
    try:
        used = json.loads(stamp.read_text())["study_deny_sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        # A copy from before stamps existed: compare file times instead.
        deny = root / DENY_NAME
        return deny.exists() and deny.stat().st_mtime > (folder / REDACTED_DIR / "session.json").stat().st_mtime
    return used != _deny_hash(study_deny_list(root, study_id))

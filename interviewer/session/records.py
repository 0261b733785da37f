"""Read-only views of a session folder: the loaded record and the one-line summary for listings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from interviewer.events import Mode
from interviewer.guide.model import Guide
from interviewer.session.lock import LockState
from interviewer.session.view import SessionView

Transcription = Literal["n/a", "no", "partial", "yes"]


@dataclass
class SessionRecord:
    """A session read from disk without changing it: events, view (status resolved), warnings."""

    folder: Path
    code: str
    events: list
    view: SessionView
    guide: Guide | None
    journal_version: int
    lock: LockState
    warnings: list[str] = field(default_factory=list)

    @property
    def audio_dir(self) -> Path:
        """The session's audio folder."""
        return self.folder / "audio"


class SessionSummary(BaseModel):
    """One line of `interviewer sessions list`."""

    model_config = ConfigDict(extra="forbid")

    code: str
    folder: Path
    study_id: str
    study_title: str | None = None
    guide_version: str | None = None
    mode: Mode | None = None
    status: str
    started_at: datetime | None = None
    duration: float = 0.0
    turns: int = 0
    answered: int = 0
    transcription: Transcription = "n/a"
    redacted: bool = False
    problem: str | None = None
    warnings: list[str] = []


def summarise(record: SessionRecord) -> SessionSummary:
    """Return the listing line of a loaded session."""
    view = record.view
    meta = view.meta
    return SessionSummary(
        code=record.code,
        folder=record.folder,
        study_id=meta.study_id,
        study_title=meta.study_title,
        guide_version=meta.guide_version,
        mode=meta.mode,
        status=meta.status,
        started_at=meta.started_at,
        duration=meta.duration,
        turns=len(view.turns),
        answered=sum(1 for t in view.turns if t.source is not None or t.text),
        transcription=transcription_state(view),
        redacted=(record.folder / "redacted" / "session.json").exists(),
        warnings=record.warnings,
    )


def transcription_state(view: SessionView) -> Transcription:
    """Say whether the session's speech is transcribed: 'n/a' when nothing was spoken."""
    relevant = [t for t in view.turns if t.source == "spoken" or (view.recording and t.source is None)]
    if not relevant:
        if not view.recording:
            return "n/a"
        return "yes" if view.meta.engine else "no"
    done = sum(1 for t in relevant if t.transcribed)
    if done == len(relevant):
        return "yes"
    return "partial" if done else "no"

"""The session as researchers read it: metadata and turns, derived from the event journal.

`session.json` is this model dumped; exporters read only this model, never the raw journal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from interviewer.events import (
    BranchEvent,
    DistressEvent,
    DropEvent,
    GapEvent,
    Mode,
    NoteEvent,
    PauseEvent,
    RatingEvent,
    RecordingSegmentEvent,
    Segment,
    SkipEvent,
    SupportChoice,
)

SNAPSHOT_SCHEMA_VERSION = 1

Status = Literal["in_progress", "interrupted", "completed", "stopped", "withdrawn", "consent_refused"]


class Model(BaseModel):
    """Base: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


class Consent(Model):
    """What the participant agreed to, and when."""

    agreed: list[str]
    declined: list[str] = Field(default_factory=list)
    consent_hash: str
    at: datetime | None = None


class Correction(Model):
    """A corrected answer text, kept beside the original."""

    text: str
    by: Literal["participant", "researcher"]
    at: datetime | None = None


class Take(Model):
    """One take of an answer: typed text, or a recording with its transcript; never deleted."""

    take: int
    kind: Literal["typed", "spoken"]
    text: str = Field(default="", description="The typed text, or the transcript's text.")
    started: float = Field(description="Elapsed seconds when the take began.")
    audio_file: str | None = None
    audio_start: float | None = Field(default=None, description="Seconds into the recording.")
    audio_end: float | None = None
    segments: list[Segment] = Field(default_factory=list)
    transcribed: bool = False
    ended: bool = Field(default=False, description="The recording finished (or was repaired).")
    repaired: bool = False
    superseded: bool = Field(default=False, description="Replaced by a later take (kept, not used).")


class Turn(Model):
    """One prompt and its answer (if any), with timing, audio span and transcript."""

    prompt_id: int
    kind: Literal["question", "probe"]
    theme_id: str
    theme_title: str | None = None
    question_id: str
    probe_id: str | None = None
    probe_kind: str | None = None
    prompt_text: str
    reason: str
    asked_at: float = Field(description="Elapsed seconds when the prompt was shown or asked.")
    source: Literal["typed", "spoken", "researcher"] | None = None
    original_text: str = Field(default="", description="Typed text, else the transcript text.")
    corrections: list[Correction] = Field(default_factory=list)
    answer_started: float | None = None
    answer_ended: float | None = None
    audio_file: str | None = None
    audio_start: float | None = Field(default=None, description="Seconds into the recording.")
    audio_end: float | None = None
    segments: list[Segment] = Field(default_factory=list)
    transcribed: bool = False
    wording: Literal["main", "alternative", "repeat"] = "main"
    covered_topics: list[str] = Field(default_factory=list, description="Topics this answer covered.")
    checked: bool = Field(default=False, description="A researcher checked it against the audio.")
    takes: list[Take] = Field(default_factory=list, description="Every take, superseded ones included.")
    draft: str = Field(default="", description="Typed but not sent yet (an interrupted answer).")

    @property
    def text(self) -> str:
        """The answer as it stands: the latest correction, else the original."""
        return self.corrections[-1].text if self.corrections else self.original_text


class SessionMeta(Model):
    """Who, what and when: everything a case variable or a file header needs."""

    code: str = Field(description="Random participant code, never a real name.")
    pseudonym: str | None = None
    study_id: str
    guide_version: str
    guide_hash: str
    guide_path: str | None = None
    mode: Mode
    interviewer: str | None = None
    consent: Consent | None = None
    started_at: datetime
    ended_at: datetime | None = None
    status: Status = "in_progress"
    duration: float = Field(default=0.0, description="Elapsed seconds at the last event.")
    engine: str | None = None
    model: str | None = None
    language: str | None = None
    redacted: bool = False
    study_title: str | None = Field(default=None, description="From the session's guide copy.")
    recording_origin: float | None = Field(
        default=None, description="Elapsed seconds at recording time 0 (recording = elapsed - origin)."
    )


class SessionView(Model):
    """A whole session: metadata, turns in order, and everything the researcher flagged."""

    schema_version: int = SNAPSHOT_SCHEMA_VERSION
    meta: SessionMeta
    turns: list[Turn] = Field(default_factory=list)
    notes: list[NoteEvent] = Field(default_factory=list, description="Notes and markers.")
    skips: list[SkipEvent] = Field(default_factory=list)
    distress: list[DistressEvent] = Field(default_factory=list)
    ratings: list[RatingEvent] = Field(default_factory=list)
    recording: list[RecordingSegmentEvent] = Field(default_factory=list)
    gaps: list[GapEvent] = Field(default_factory=list)
    last_seq: int = 0
    pauses: list[PauseEvent] = Field(default_factory=list, description="Pauses and resumes.")
    branches: list[BranchEvent] = Field(default_factory=list)
    drops: list[DropEvent] = Field(default_factory=list)
    support_choices: list[SupportChoice] = Field(default_factory=list)
    preamble: list[Segment] = Field(
        default_factory=list, description="Continuous-recording speech before the first prompt."
    )
    preamble_corrections: list[Correction] = Field(
        default_factory=list, description="Corrected texts of the preamble (prompt id 0), latest last."
    )
    preamble_checked: bool = Field(default=False, description="A researcher checked the preamble.")
    speaker_labels: dict[Literal["interviewer", "participant"], str] = Field(
        default_factory=dict, description="Speaker names a researcher chose, by role."
    )

    @property
    def preamble_original(self) -> str:
        """The machine text of the speech before the first prompt."""
        return " ".join(s.text.strip() for s in self.preamble if s.text.strip())

    @property
    def preamble_text(self) -> str:
        """The preamble as it stands: the latest correction, else the machine text."""
        return self.preamble_corrections[-1].text if self.preamble_corrections else self.preamble_original

    @property
    def transcribed(self) -> bool:
        """True when every spoken answer has a transcript."""
        return all(t.transcribed for t in self.turns if t.source == "spoken")

"""The engine's complete state: JSON-serialisable, so an interrupted interview resumes exactly."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from interviewer.engine.steps import Prompt, Step
from interviewer.events import Event, Mode

STATE_VERSION = 1


class Position(BaseModel):
    """Where the interview is in the guide: what was asked, probed and when each theme began."""

    model_config = ConfigDict(extra="forbid")

    question: int | None = Field(default=None, description="Index of the question under way.")
    probe_next: int = Field(default=0, description="Next probe of that question to consider.")
    done: dict[str, Literal["asked", "skipped", "dropped"]] = Field(default_factory=dict)
    probes_asked: dict[str, list[str]] = Field(default_factory=dict)
    theme_probes: dict[str, int] = Field(default_factory=dict)
    theme_started: dict[str, float] = Field(default_factory=dict)

    def clone(self) -> Position:
        """Return an independent copy (much faster than a generic deep copy)."""
        return Position.model_construct(
            question=self.question,
            probe_next=self.probe_next,
            done=dict(self.done),
            probes_asked={k: list(v) for k, v in self.probes_asked.items()},
            theme_probes=dict(self.theme_probes),
            theme_started=dict(self.theme_started),
        )


class InterviewState(BaseModel):
    """Everything needed to continue an interview identically, including its event log."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = STATE_VERSION
    guide_hash: str
    mode: Mode
    prompt_seq: int = 0
    position: Position = Field(default_factory=Position)
    checkpoint: Position | None = Field(
        default=None, description="The position right after the last answer (interviewer's choice)."
    )
    covered: list[str] = Field(default_factory=list)
    answers: dict[str, list[str]] = Field(default_factory=dict)
    last_answer: str = ""
    current: Step | None = None
    support: Literal["decide", "again"] | None = Field(
        default=None, description="What continuing after the support step does."
    )
    support_open: bool = False
    held: Prompt | None = Field(default=None, description="The prompt to ask again after a break.")
    paused: bool = False
    last_elapsed: float = 0.0
    ack_theme: str | None = Field(default=None, description="The theme the acknowledgements below belong to.")
    ack_used: list[int] = Field(default_factory=list, description="Acknowledgements used in that theme.")
    ack_last: int | None = Field(default=None, description="The acknowledgement said last.")
    events: list[Event] = Field(default_factory=list)
    drained: int = 0

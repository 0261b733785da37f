"""What the engine hands its caller next: a prompt to ask, a support step, or the end."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from interviewer.guide.model import SupportResource

DEFAULT_ACKNOWLEDGEMENT = "Thank you for telling me. That sounds really hard."
BREAK_ACKNOWLEDGEMENT = "Of course. Take all the time you need."
AUTOMATED_NOTICE = (
    "I'm an automated interviewer and no one is watching this live. If you are in danger or "
    "need to talk to someone now, please contact one of the services below."
)
SUPPORT_OPTIONS: tuple[str, ...] = ("pause", "skip_topic", "continue", "stop")

SupportOption = Literal["pause", "skip_topic", "continue", "stop"]


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Prompt(_Step):
    """A main question or a probe to ask now, with why it was chosen."""

    type: Literal["prompt"] = "prompt"
    prompt_id: int = Field(description="Ordinal of the prompt, from 1; a repeat keeps its id.")
    kind: Literal["question", "probe"]
    theme_id: str
    theme_title: str
    question_id: str
    probe_id: str | None = None
    probe_kind: str | None = None
    text: str
    wording: Literal["main", "alternative", "repeat"] = "main"
    reason: str
    acknowledgement: str | None = Field(default=None, description="A listening cue to say before the text.")
    already_touched: bool = False
    sensitive: bool = False
    note: str | None = Field(default=None, description="The guide's note for the interviewer.")


class SupportStep(_Step):
    """The distress protocol's step: acknowledge, say it is automated, offer support and choices."""

    type: Literal["support"] = "support"
    acknowledgement: str
    automated_notice: str = AUTOMATED_NOTICE
    resources: list[SupportResource] = Field(default_factory=list)
    options: tuple[SupportOption, ...] = SUPPORT_OPTIONS
    question_id: str | None = None
    trigger: Literal["phrase", "signal"] = "phrase"


class End(_Step):
    """The interview is over."""

    type: Literal["end"] = "end"
    reason: Literal["completed", "stopped", "withdrawn"]


Step = Annotated[Prompt | SupportStep | End, Field(discriminator="type")]

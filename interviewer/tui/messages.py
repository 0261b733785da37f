"""Small typed messages that background work posts to the screens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class ModelReady(Message):
    """The transcription model finished loading (or failed to)."""

    error: str | None = None


@dataclass
class TranscriptReady(Message):
    """A transcript arrived for a job."""

    job: Any
    event: Any | None
    error: str | None = None


@dataclass
class LiveHeard(Message):
    """What has been heard so far of the take being recorded (live text, not yet its transcript)."""

    take: int
    text: str


@dataclass
class SaveFailed(Message):
    """Writing to the session journal failed."""

    error: str


@dataclass
class GuideChecked(Message):
    """A guide was loaded and checked in the background."""

    path: str
    guide: Any | None
    problems: list[str]
    warnings: list[str]


@dataclass
class DevicesListed(Message):
    """The input devices were listed in the background."""

    devices: list
    error: str | None = None


@dataclass
class RecorderChanged(Message):
    """The recorder started, stopped with a take, or failed."""

    state: str  # "recording", "stopped", "failed"
    take: Any | None = None
    error: str | None = None


@dataclass
class KitSealed(Message):
    """A kit session was sealed into one encrypted file (or could not be)."""

    path: Any | None
    error: str | None = None


@dataclass
class PlainCopyDeleted(Message):
    """The plain local copy of a sealed session was deleted (or could not be)."""

    error: str | None = None

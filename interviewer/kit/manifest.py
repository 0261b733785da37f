"""The manifest sealed with a session: which kit, which session, and the SHA-256 of every file."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

MANIFEST_NAME = "manifest.json"


class FileEntry(BaseModel):
    """One sealed file: its size and hash."""

    model_config = ConfigDict(extra="forbid")

    size: int
    sha256: str


class Manifest(BaseModel):
    """What a sealed session holds and where it came from."""

    model_config = ConfigDict(extra="forbid")

    format: int = 1
    kit_id: str
    study_id: str
    kit_expires: date | None = None
    participant_code: str
    folder: str  # the session folder's name, DATE_STUDY_CODE
    started_at: datetime
    sealed_at: datetime
    app_version: str
    files: dict[str, FileEntry]


def entry(data: bytes) -> FileEntry:
    """The manifest entry for a file's bytes."""
    return FileEntry(size=len(data), sha256=hashlib.sha256(data).hexdigest())

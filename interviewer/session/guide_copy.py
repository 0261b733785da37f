"""The copy of the topic guide kept in each session folder, so a session is self-contained."""

from __future__ import annotations

from pathlib import Path

import tomli_w

from interviewer.errors import GuideError
from interviewer.events import SessionStarted
from interviewer.fileio import atomic_write
from interviewer.guide.loader import load_guide
from interviewer.guide.model import Guide

GUIDE_NAME = "guide.toml"


def write_guide_copy(path: Path, guide: Guide, guide_path: Path | None) -> None:
    """Copy the guide file byte for byte when it still matches `guide`, else write `guide` as TOML."""
    if guide_path is not None:
        try:
            data = Path(guide_path).read_bytes()
        except OSError:
            data = None
        if data is not None:
            atomic_write(path, data)
            if _hash_of(path) == guide.content_hash:
                return
    # No file, or it changed since it was loaded: the model itself is the truth.
    atomic_write(path, tomli_w.dumps(guide.model_dump(mode="json", by_alias=True, exclude_none=True)))


def _hash_of(path: Path) -> str | None:
    try:
        return load_guide(path).content_hash
    except GuideError:
        return None


def load_guide_copy(folder: Path, started: SessionStarted) -> tuple[Guide | None, list[str]]:
    """Load the session's guide copy and check its hash; return (guide or None, warnings)."""
    path = folder / GUIDE_NAME
    if not path.exists():
        return None, [f"{GUIDE_NAME}: missing from the session folder"]
    try:
        guide = load_guide(path)
    except GuideError as exc:
        return None, [f"{GUIDE_NAME}: cannot be used: {exc.problems[0] if exc.problems else exc}"]
    if guide.content_hash != started.guide_hash:
        return guide, [f"{GUIDE_NAME}: content hash differs from the one recorded at the start (edited?)"]
    return guide, []

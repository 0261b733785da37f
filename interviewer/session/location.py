"""Where sessions live by default (kept light: the app resolves it before anything else loads)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "INTERVIEWER_SESSIONS_DIR"


def default_sessions_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Resolve the sessions directory: the explicit path, else $INTERVIEWER_SESSIONS_DIR, else ./sessions."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get(ENV_VAR) or "sessions")

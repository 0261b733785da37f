"""Fixtures shared by the whole suite: the ../shared data folder and the repository root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("INTERVIEWER_SHARED", ROOT.parent / "shared"))
GUIDES = ROOT / "topic_guides"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder beside the checkout (skips where a fresh clone has none)."""
    if not (SHARED / "audio").is_dir():
        pytest.skip(f"no shared data folder at {SHARED} (only present beside the project checkout)")
    return SHARED


@pytest.fixture(scope="session")
def audio_dir(shared_dir: Path) -> Path:
    """The folder of speech files with reference texts."""
    return shared_dir / "audio"


@pytest.fixture(autouse=True)
def _private_sessions_dir(tmp_path_factory, monkeypatch) -> Path:
    """Point the default sessions directory at a temp folder, so no test writes into the checkout."""
    root = tmp_path_factory.mktemp("sessions")
    monkeypatch.setenv("INTERVIEWER_SESSIONS_DIR", str(root))
    return root

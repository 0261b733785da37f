"""Helpers shared by the command modules: parser construction with examples, the sessions dir."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_command(sub, name: str, help: str, description: str, examples: str) -> argparse.ArgumentParser:
    """Add a subcommand whose --help shows a description and an examples block."""
    return sub.add_parser(
        name,
        help=help,
        description=description,
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_group(sub, name: str, help: str, description: str, examples: str, dest: str):
    """Add a command group (like `guide`) and return its subparsers; bare, it prints its help, exit 2."""
    group = add_command(sub, name, help=help, description=description, examples=examples)
    group.set_defaults(func=lambda args: _usage(group))
    return group.add_subparsers(dest=dest, metavar="COMMAND")


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def add_sessions_dir(p: argparse.ArgumentParser, what: str = "the sessions directory") -> None:
    """Add the --sessions-dir option that every command working with saved sessions takes."""
    p.add_argument("--sessions-dir", type=Path, default=None, metavar="DIR",
                   help=f"{what} (default: $INTERVIEWER_SESSIONS_DIR, else ./sessions)")


def open_store(args: argparse.Namespace):
    """Return the SessionStore that --sessions-dir (or its default) names."""
    from interviewer.session.location import default_sessions_dir
    from interviewer.session.store import SessionStore

    return SessionStore(default_sessions_dir(args.sessions_dir))

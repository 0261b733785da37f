"""Helpers shared by the command modules: parser construction with examples, the sessions dir."""

from __future__ import annotations

import argparse
import os
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
    """Return the SessionStore that --sessions-dir (or its default) names, with interrupted
    withdrawals and purges completed first."""
    from interviewer.session.location import default_sessions_dir
    from interviewer.session.store import SessionStore

    root = utf8_path(default_sessions_dir(args.sessions_dir), "sessions dir")
    complete_interrupted(root)
    return SessionStore(root)


def utf8_path(path, what: str):
    """Return the path, or refuse (one line) a name that is not valid UTF-8: journals, the export
    index and every format written keep paths as UTF-8 text."""
    if path is None:
        return None
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        from interviewer.errors import UsageError

        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise UsageError(f"{what} {shown}: the name is not valid UTF-8; rename it") from None
    return path


def complete_interrupted(root: Path) -> None:
    """Finish any withdrawal or purge a crash cut short (a line on stderr for each); cheap when none."""
    if not _maybe_pending(root):
        return
    from interviewer.errors import InterviewerError
    from interviewer.session.store import SessionStore
    from interviewer.session.withdrawal import complete_pending

    try:
        lines = complete_pending(SessionStore(root))
    except (InterviewerError, OSError) as exc:
        lines = [f"warning: an interrupted withdrawal could not be completed yet: {exc}"]
    for line in lines:
        print(f"interviewer: {line}", file=sys.stderr)


def _maybe_pending(root: Path) -> bool:
    """A quick look (no heavy imports) for signs of an interrupted withdrawal or purge."""
    try:
        if not root.is_dir():
            return False
        if any(root.glob(".removing-*")) or any(root.glob(".purging-*")):
            return True
        return any(b'"withdrawing"' in tomb.read_bytes() for tomb in (root / "withdrawn").glob("*.json"))
    except OSError:
        return False

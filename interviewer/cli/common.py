"""Helpers shared by the command modules: parser construction with examples."""

from __future__ import annotations

import argparse


def add_command(sub, name: str, help: str, description: str, examples: str) -> argparse.ArgumentParser:
    """Add a subcommand whose --help shows a description and an examples block."""
    return sub.add_parser(
        name,
        help=help,
        description=description,
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )

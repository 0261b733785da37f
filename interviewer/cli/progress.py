"""Transcription progress: a bar on a terminal, and plain lines (per file, per minute of audio) in a log."""

from __future__ import annotations

import sys


def progress_bar(console):
    """The transcription progress bar (transient: gone once a file is done)."""
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TextColumn("RTF {task.fields[rtf]}"),
        console=console,
        transient=True,
    )


def log_progress(console, name: str, total: float | None):
    """For a log (stderr not a terminal, so no bar): a line at the start and per minute of audio."""
    if console.is_terminal:
        return lambda done: None
    length = f" of {_minutes(total)}" if total else ""
    print(f"transcribing {name} ({_minutes(total) if total else 'length unknown'} of audio)", file=sys.stderr, flush=True)
    reported = [0]

    def line(done: float) -> None:
        minute = int(done // 60)
        if minute > reported[0]:
            reported[0] = minute
            print(f"{name}: {_minutes(done)}{length} transcribed", file=sys.stderr, flush=True)

    return line


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"

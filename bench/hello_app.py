"""The baseline for bench/startup.py: a bare Textual hello-world app, timed the same way."""

from __future__ import annotations

import os
import time

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class Hello(App):
    """One line of text and a footer."""

    ready_at: float | None = None

    def compose(self) -> ComposeResult:
        """Hello, world."""
        yield Static("Hello, world")
        yield Footer()

    def on_mount(self) -> None:
        """Exit as soon as the first frame is drawn (when asked to)."""
        if os.environ.get("INTERVIEWER_EXIT_ON_READY"):
            self.call_after_refresh(self._mark_ready)

    def _mark_ready(self) -> None:
        self.ready_at = time.time()
        self.exit()


if __name__ == "__main__":
    app = Hello()
    app.run()
    if app.ready_at is not None:
        print(f"ready_at={app.ready_at:.6f}")

"""After a researcher-led interview: stop the recording, let transcription finish, close the session."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from interviewer.tui.screens.conduct import STOPPED, Recorded


class ConductEndScreen(Screen):
    """Waits for the last audio and transcripts; closing early keeps the audio for later."""

    BINDINGS = [Binding("c", "close", "Close now"), Binding("enter", "close", "Close", show=False)]
    AUTO_FOCUS = "#close"

    def __init__(self, controller, conduct):
        super().__init__()
        self.controller = controller
        self.conduct = conduct
        self.done = False

    def compose(self) -> ComposeResult:
        """What is happening, and a way out."""
        reason = getattr(self.controller.step, "reason", "completed")
        yield Static("Interview ended", classes="screen-title")
        with Vertical(classes="reading"):
            yield Static(f"The interview is {reason}. Participant code: {self.controller.code}", markup=False)
            yield Static("", id="end-status")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        """Stop the recorder in a thread; watch the transcription queue."""
        self.run_worker(self._stop_recorder, thread=True, group="recorder", exit_on_error=False)
        self.set_interval(0.5, self._poll)
        self._poll()

    def _stop_recorder(self) -> None:
        try:
            self.app.services.recorder.stop()
            self.conduct.hearing.finish(None)  # the last words, then every text still queued
            self.conduct.hearing.stop()
        finally:
            # through the prompter's queue, so it arrives after the last segment's event
            self.conduct.post_message(Recorded(error=STOPPED))

    def _poll(self) -> None:
        status = self.query_one("#end-status", Static)
        stopped = self.conduct.recording in ("stopped", "off")
        if not stopped:
            status.update("Saving the recording…")
        elif self.conduct.pending:
            status.update(f"Transcribing the last parts of the recording: {self.conduct.pending} left. "
                          "You can close now: the audio is saved and can be transcribed later.")
        else:
            if not self.done:
                self.done = True
                self.controller.close()
                self.app.controller = None
            status.update("Everything is saved. You can close the app.")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Close the session (if not yet) and leave."""
        if not self.done:
            self.done = True
            self.controller.close()
            self.app.controller = None
        self.app.exit()

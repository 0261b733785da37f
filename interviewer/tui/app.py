"""The Textual application: holds the configuration and services and shows the start screen."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.binding import Binding

from interviewer.tui.config import AppConfig
from interviewer.tui.messages import ModelReady, SaveFailed
from interviewer.tui.services import Services, TranscriberService


class InterviewerApp(App):
    """A calm, keyboard-first interview app; everything slow runs in workers."""

    CSS_PATH = "app.tcss"
    TITLE = "interviewer"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
        Binding("ctrl+c", "quit", "Quit", priority=True, show=False),
    ]

    def __init__(self, config: AppConfig | None = None, services: Services | None = None,
                 elapsed: Callable[[], float] | None = None, now: Callable[[], Any] | None = None):
        super().__init__()
        self.config = config or AppConfig()
        self._services = services
        # Fixed clocks for tests and snapshots; None means the session's own clocks.
        self.elapsed_override = elapsed
        self.now = now
        self.ready_at: float | None = None
        self.controller = None  # the running interview, flushed on quit
        self._store = None
        self._transcriber: TranscriberService | None = None
        self.model_state = "not loaded"

    @property
    def services(self) -> Services:
        """The recorder and transcriber (the real ones unless a test gave fakes)."""
        if self._services is None:
            from interviewer.tui.services import real_services

            self._services = real_services()
        return self._services

    @property
    def store(self):
        """The session store under the configured folder (created on first use)."""
        if self._store is None:
            from interviewer.session.store import SessionStore

            self._store = SessionStore(self.config.sessions_dir)
        return self._store

    @property
    def transcriber(self) -> TranscriberService:
        """The transcriber for the chosen engine and model (nothing loads until `load`)."""
        if self._transcriber is None:
            self._transcriber = self.services.transcriber_factory(self.config.engine, self.config.model)
        return self._transcriber

    def reset_transcriber(self) -> None:
        """Forget the transcriber after the engine or model changed."""
        if self._transcriber is not None:
            self._transcriber.close()
        self._transcriber = None
        self.model_state = "not loaded"

    def on_mount(self) -> None:
        """Show the start screen (it resumes a session at once when --resume was given), or the kit's."""
        if self.config.kit is not None:
            from interviewer.tui.screens.kit_start import KitStartScreen

            self.push_screen(KitStartScreen())
            return
        from interviewer.tui.screens.start import StartScreen

        self.set_keymap(self.config.keymap)
        self.push_screen(StartScreen())

    def action_edit_transcript(self) -> None:
        """Open the transcript editor on the session the current screen shows (Review)."""
        from interviewer.tui.screens.editor import EditorScreen

        screen = self.screen
        code = getattr(screen, "code", None)
        if code is None:
            return
        session = getattr(screen, "session", None)

        def back(_=None) -> None:
            if session is not None and hasattr(screen, "_relabel"):
                screen.view = session.view  # show the corrections made in the editor
                screen._relabel()

        self.push_screen(EditorScreen(code, session), back)

    def first_screen_drawn(self) -> None:
        """The start screen has been drawn and takes keys (bench/startup.py times this)."""
        if self.config.exit_on_ready and self.ready_at is None:
            self.ready_at = time.time()
            self.exit()

    def preload_model(self) -> None:
        """Load the transcription model in a worker thread (while consent is read)."""
        if self.model_state in ("loading", "ready"):
            return
        self.model_state = "loading"
        transcriber = self.transcriber

        def load() -> None:
            try:
                transcriber.load()
            except Exception as exc:  # reported on screen; typing still works without a model
                self.post_message(ModelReady(error=str(exc)))
            else:
                self.post_message(ModelReady())

        self.run_worker(load, thread=True, group="model", exit_on_error=False)

    def save_failed(self, exc: Exception) -> None:
        """Called from the writer thread when the journal could not be written."""
        self.post_message(SaveFailed(str(exc)))

    def on_save_failed(self, message: SaveFailed) -> None:
        """Say so at once: answers may not be saved."""
        self.notify(f"Could not save to the session: {message.error}", severity="error", timeout=30)

    def on_model_ready(self, message: ModelReady) -> None:
        """Remember whether the model loaded."""
        self.model_state = "failed" if message.error else "ready"
        if message.error:
            self.notify(f"Speech-to-text is not available: {message.error}", severity="warning",
                        timeout=8)

    async def action_quit(self) -> None:
        """Quit: everything already answered is on disk; the session can be resumed."""
        self.shutdown()
        self.exit()

    def shutdown(self) -> None:
        """Stop recording, then flush the journal and close the session; safe to call twice."""
        try:  # first: stopping a continuous recording journals its last segment
            if self._services is not None:
                self._services.recorder.stop()
        except Exception:  # a device that vanished must not keep the answers from the disk
            pass
        if self.controller is not None:
            self.controller.suspend()
        if self._transcriber is not None:
            self._transcriber.close()

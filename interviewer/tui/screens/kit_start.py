"""`interviewer join`: the kit's own start screen: the study, a microphone check, begin or resume."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from interviewer.tui.mic_test import MicTest
from interviewer.tui.widgets.meter import LevelMeter

MIC_TEST_SECONDS = 6.0


class KitStartScreen(Screen):
    """Nothing to choose: the kit fixes the guide, the mode and the model; the microphone is checked."""

    AUTO_FOCUS = "#begin"
    BINDINGS = [
        Binding("b", "begin", "Begin"),
        Binding("t", "test_mic", "Test microphone"),
        Binding("r", "resume", "Resume"),
        Binding("s", "seal", "Seal a finished one"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.interrupted: list = []
        self.unsealed: list = []  # finished, but the plain copy is still here (kept, or never sealed)
        self.mic_test = MicTest(self)

    def compose(self) -> ComposeResult:
        """The study, the microphone check, and the way on."""
        kit = self.app.config.kit
        yield Static(f"interviewer · {kit.study_title}", id="title", markup=False)
        with VerticalScroll(id="start-body", classes="kit"):
            yield Static(self._welcome(), id="kit-info", markup=False)
            yield Static("Microphone check: press T and say a few words (you can also answer by typing).",
                         id="mic-status", markup=False)
            yield LevelMeter(None, id="mic-meter")
            yield Static("", id="resume-info", markup=False)
            with Horizontal(id="start-buttons"):
                yield Button("Begin", id="begin", variant="primary")
                yield Button("Test microphone", id="test-mic")
                yield Button("Resume", id="resume")
                yield Button("Seal it", id="seal")
        yield Footer()

    def _welcome(self) -> str:
        kit = self.app.config.kit
        until = f"\nYou can start until {kit.expires:%d %B %Y}." if kit.expires else ""
        return (f"A self-interview for the study \u201c{kit.study_title}\u201d. It runs on this computer; "
                "when you finish, your answers are sealed in one encrypted file that only the research "
                f"team can open, and you send it to them.\nQuestions, or to withdraw: {kit.contact}{until}")

    def on_mount(self) -> None:
        """Look for an interrupted session of this kit in a worker."""
        self.query_one("#resume").display = False
        self.query_one("#seal").display = False
        self.query_one("#mic-meter").display = False
        self.app.first_screen_drawn()
        self.run_worker(self._list_interrupted, thread=True, group="resume", exit_on_error=False)

    def _list_interrupted(self) -> None:
        try:
            found = list(reversed(self.app.store.list()))
        except Exception:  # no sessions folder yet: nothing to resume
            found = []
        self.app.call_from_thread(self._show_interrupted, found)

    def _show_interrupted(self, found: list) -> None:
        self.interrupted = [s for s in found if s.status == "interrupted"]
        self.unsealed = [s for s in found if s.status in ("completed", "stopped")]
        lines = []
        if self.interrupted:
            lines.append(f"Your interview {self.interrupted[0].code} was interrupted: press R to carry on "
                         "where you stopped.")
            self.query_one("#resume").display = True
        if self.unsealed:
            lines.append(f"Your finished interview {self.unsealed[0].code} is still on this computer: press S "
                         "to seal it (again) for sending, and to delete the plain copy.")
            self.query_one("#seal").display = True
        self.query_one("#resume-info", Static).update("\n".join(lines))
        if self.interrupted or self.unsealed:
            self.query_one("#resume" if self.interrupted else "#seal").focus()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        actions = {"begin": self.action_begin, "test-mic": self.action_test_mic, "resume": self.action_resume,
                   "seal": self.action_seal}
        if event.button.id in actions:
            actions[event.button.id]()

    def action_test_mic(self) -> None:
        """Open the microphone for a few seconds and show its level (nothing is saved)."""
        self.mic_test.start(MIC_TEST_SECONDS)

    def action_begin(self) -> None:
        """Go on to the information sheet and consent (a new session), unless the kit has expired."""
        from datetime import datetime, timezone

        from interviewer.tui.flow import begin_guide

        kit = self.app.config.kit
        now = self.app.now() if self.app.now else datetime.now(timezone.utc)
        if kit.expired(now.astimezone().date()):
            self.notify(f"This study closed on {kit.expires}: no new interview can start. "
                        f"Questions: {kit.contact}", severity="warning", timeout=15)
            return
        begin_guide(self.app, self.app.config.kit_guide, None)

    def action_resume(self) -> None:
        """Carry on with the interrupted interview."""
        from interviewer.tui.flow import resume

        if self.interrupted:
            resume(self.app, self.interrupted[0].code)

    def action_seal(self) -> None:
        """Seal a finished interview whose plain copy is still here, then offer to delete that copy."""
        from interviewer.tui.screens.sealing import Finished, SealScreen

        if self.unsealed:
            summary = self.unsealed[0]
            self.app.push_screen(SealScreen(Finished(summary.folder, self.app.config.kit_guide, summary.code)))

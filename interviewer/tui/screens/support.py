"""The support step: warm words, where to find help, and four equal choices with none pre-chosen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from interviewer.tui.text import reflow
from interviewer.tui.widgets.resources import Resources

LABELS = {
    "pause": "Pause",
    "skip_topic": "Skip topic",
    "continue": "Carry on",
    "stop": "Stop",
}
KEYS = {"pause": "1", "skip_topic": "2", "continue": "3", "stop": "4"}


class SupportScreen(Screen):
    """Shows the engine's SupportStep as it is; dismisses with the chosen option."""

    AUTO_FOCUS = "#support"  # the words (they scroll); no choice is made for the participant
    BINDINGS = [Binding(KEYS[o], f"choose('{o}')", LABELS[o]) for o in LABELS]

    def __init__(self, step):
        super().__init__()
        self.step = step

    def compose(self) -> ComposeResult:
        """Acknowledgement, the automated notice, resources, then the choices side by side."""
        yield Static("A moment for you", classes="screen-title")
        with VerticalScroll(id="support"):
            yield Static(reflow(self.step.acknowledgement), classes="ack", markup=False)
            yield Static(reflow(self.step.automated_notice), markup=False)
            yield Resources(self.step.resources)
        with Vertical(id="support-bottom"):
            yield Static("What would you like to do? There is no wrong choice.")
            with Horizontal(id="support-choices"):
                for option in self.step.options:
                    yield Button(f"{KEYS.get(option, '')} {LABELS.get(option, option)}", id=f"opt-{option}")
        yield Footer()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("opt-"):
            self.action_choose(event.button.id[4:])

    def action_choose(self, option: str) -> None:
        """Hand the choice back to the interview."""
        if option in self.step.options:
            self.dismiss(option)

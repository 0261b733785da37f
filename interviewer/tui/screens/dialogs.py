"""Small dialogs: paused, stop (keep or withdraw), and a line of text (notes, additions)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static, TextArea


class PausedScreen(ModalScreen[bool]):
    """Shown while the interview is paused; any of its keys carries on."""

    BINDINGS = [Binding("enter", "carry_on", "Carry on"), Binding("ctrl+p", "carry_on", "Carry on", show=False)]
    AUTO_FOCUS = "#carry-on"

    def compose(self) -> ComposeResult:
        """A short, calm message and one button."""
        with Vertical(classes="dialog"):
            yield Static("Paused", classes="section")
            yield Static("Take as long as you need. Your answers so far are saved.\n"
                         "You can also close this window and come back later.")
            with Horizontal(classes="buttons"):
                yield Button("Carry on", id="carry-on", variant="primary")
        yield Footer()

    @on(Button.Pressed, "#carry-on")
    def action_carry_on(self) -> None:
        """Leave the pause."""
        self.dismiss(True)


class StopScreen(ModalScreen[str | None]):
    """Stop: keep what was said, or withdraw it; or go back. No reason is asked."""

    BINDINGS = [
        Binding("k", "choose('stop')", "Stop, keep answers"),
        Binding("w", "choose('withdraw')", "Stop and withdraw"),
        Binding("escape", "choose(None)", "Go back"),
    ]
    AUTO_FOCUS = "#back"

    def __init__(self, participant: bool = True):
        super().__init__()
        self.participant = participant

    def compose(self) -> ComposeResult:
        """The three choices."""
        who = "you have said" if self.participant else "said"
        with Vertical(classes="dialog"):
            yield Static("Stop the interview?", classes="section")
            yield Static(f"You do not need to give a reason. Everything {who} so far is saved, "
                         "unless you choose to withdraw it.")
            with Horizontal(classes="buttons"):
                yield Button("Stop, keep answers", id="stop")
                yield Button("Stop and withdraw", id="withdraw")
                yield Button("Go back", id="back")
        yield Footer()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(None if event.button.id == "back" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        """Close with the choice (None: carry on)."""
        self.dismiss(choice)


class WithdrawScreen(ModalScreen[bool]):
    """Withdrawal asks once more, in plain words, what will be deleted; going back is the default."""

    BINDINGS = [
        Binding("d", "choose(True)", "Yes, delete everything"),
        Binding("escape", "choose(False)", "Go back"),
    ]
    AUTO_FOCUS = "#keep"

    def __init__(self, code: str, contact: str | None = None, participant: bool = True):
        super().__init__()
        self.code, self.contact, self.participant = code, contact, participant

    def compose(self) -> ComposeResult:
        """What is deleted, that it cannot be undone, and the two choices."""
        you = "you" if self.participant else "the participant"
        your = "your" if self.participant else "their"
        later = (f" If {you} only want to stop, choose Go back and then “Stop, keep answers”: "
                 f"{you} can still withdraw later by contacting the study team"
                 + (f" ({self.contact})" if self.contact else "") + f" with {your} participant code, {self.code}.")
        with Vertical(classes="dialog"):
            yield Static("Delete everything from this interview?", classes="section")
            yield Static(f"This deletes everything {you} said in this interview from this computer: "
                         f"{your} typed answers, {your} recordings and what was transcribed from them. "
                         f"It cannot be undone.{later}", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Yes, delete everything (D)", id="delete", variant="error")
                yield Button("Go back", id="keep", variant="primary")
        yield Footer()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id == "delete")

    def action_choose(self, delete: bool) -> None:
        """Close: True deletes."""
        self.dismiss(delete)


class TakeChoiceScreen(ModalScreen[str | None]):
    """Speaking again: replace what was said, or add to it. Nothing is deleted either way."""

    BINDINGS = [
        Binding("a", "choose('add')", "Add to it"),
        Binding("r", "choose('replace')", "Replace it"),
        Binding("escape", "choose(None)", "Go back"),
    ]
    AUTO_FOCUS = "#add"

    def compose(self) -> ComposeResult:
        """The question, and what each answer does."""
        with Vertical(classes="dialog"):
            yield Static("Replace or add to what you said?", classes="section")
            yield Static("Add: what you say now goes after your answer so far.\n"
                         "Replace: what you say now is used instead. Your earlier recording is "
                         "still kept for the researcher, marked as replaced.")
            with Horizontal(classes="buttons"):
                yield Button("Add to it (A)", id="add", variant="primary")
                yield Button("Replace it (R)", id="replace")
                yield Button("Go back", id="back")
        yield Footer()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(None if event.button.id == "back" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        """Close with the choice (None: do not record)."""
        self.dismiss(choice)


class TextScreen(ModalScreen[str | None]):
    """Ask for one line of text; Enter saves, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = ""):
        super().__init__()
        self.title_text, self.placeholder, self.value = title, placeholder, value

    def compose(self) -> ComposeResult:
        """A title and an input."""
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="section", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="text")
            yield Static("Enter to save · Escape to cancel")
        yield Footer()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


class LongTextScreen(ModalScreen[str | None]):
    """Edit text over several lines (a whole answer); Ctrl+S saves, Escape cancels."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True), Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#text"

    def __init__(self, title: str, value: str = ""):
        super().__init__()
        self.title_text, self.value = title, value

    def compose(self) -> ComposeResult:
        """A title and a multi-line box, the cursor at the end of the text."""
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="section", markup=False)
            yield TextArea(self.value, id="text", soft_wrap=True, show_line_numbers=False)
            yield Static("Ctrl+S to save · Escape to cancel")
        yield Footer()

    def on_mount(self) -> None:
        """Put the cursor after the text."""
        box = self.query_one("#text", TextArea)
        box.move_cursor(box.document.end)

    def action_save(self) -> None:
        """Close with the edited text."""
        self.dismiss(self.query_one("#text", TextArea).text)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

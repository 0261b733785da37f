"""The transcript editor's dialogs: edit one answer (multi-line), find and replace, speaker labels."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Footer, Input, Static, TextArea


class EditAnswerScreen(ModalScreen[str | None]):
    """Edit one answer in a multi-line box; Ctrl+S saves, Escape cancels."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True), Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#answer-text"

    def __init__(self, title: str, text: str):
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        """A title and the text box."""
        with Vertical(classes="dialog editor-dialog"):
            yield Static(self.title_text, classes="section", markup=False)
            yield TextArea(self.text, id="answer-text", soft_wrap=True)
            yield Static("Ctrl+S saves (the original is kept) · Escape cancels")
        yield Footer()

    def action_save(self) -> None:
        """Close with the text."""
        self.dismiss(self.query_one("#answer-text", TextArea).text)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


@dataclass(frozen=True)
class Replace:
    """What to find and what to put instead."""

    find: str
    replace: str
    whole_word: bool
    match_case: bool


class FindReplaceScreen(ModalScreen[Replace | None]):
    """Find and replace across the session; Enter replaces every match."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#find"

    def compose(self) -> ComposeResult:
        """Two inputs and two ticks."""
        with Vertical(classes="dialog editor-dialog"):
            yield Static("Find and replace in every answer", classes="section")
            yield Input(placeholder="find", id="find")
            yield Input(placeholder="replace with", id="replace")
            with Horizontal(classes="buttons"):
                yield Checkbox("Whole word", True, id="whole-word")
                yield Checkbox("Match case", False, id="match-case")
            yield Static("Enter replaces all (one undo) · Escape cancels")
        yield Footer()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "find":
            self.query_one("#replace", Input).focus()
            return
        find = self.query_one("#find", Input).value
        if not find:
            self.query_one("#find", Input).focus()
            return
        self.dismiss(Replace(find, self.query_one("#replace", Input).value,
                             self.query_one("#whole-word", Checkbox).value,
                             self.query_one("#match-case", Checkbox).value))

    def action_cancel(self) -> None:
        """Close without replacing."""
        self.dismiss(None)


class SpeakersScreen(ModalScreen[tuple[str, str] | None]):
    """Rename the two speakers; Enter in the second box saves."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#interviewer-label"

    def __init__(self, interviewer: str, participant: str):
        super().__init__()
        self.labels = (interviewer, participant)

    def compose(self) -> ComposeResult:
        """One input per speaker."""
        with Vertical(classes="dialog editor-dialog"):
            yield Static("Speaker labels", classes="section")
            yield Input(self.labels[0], id="interviewer-label")
            yield Input(self.labels[1], id="participant-label")
            yield Static("Enter saves · Escape cancels")
        yield Footer()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "interviewer-label":
            self.query_one("#participant-label", Input).focus()
            return
        labels = (self.query_one("#interviewer-label", Input).value.strip(),
                  self.query_one("#participant-label", Input).value.strip())
        if all(labels):
            self.dismiss(labels)

    def action_cancel(self) -> None:
        """Close without renaming."""
        self.dismiss(None)

"""A list to choose one item from (guide, mode, microphone, model): Enter chooses, Escape goes back."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option


class ChoiceScreen(ModalScreen[Any]):
    """Dismisses with the chosen value, or None."""

    BINDINGS = [Binding("escape", "cancel", "Back")]
    AUTO_FOCUS = "OptionList"

    def __init__(self, title: str, options: list[tuple[str, Any]], current: Any = None, note: str = ""):
        super().__init__()
        self.title_text, self.options, self.current, self.note = title, options, current, note

    def compose(self) -> ComposeResult:
        """The title and the options."""
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="section", markup=False)
            yield OptionList(*[Option(label, id=str(i)) for i, (label, _) in enumerate(self.options)])
            if self.note:
                yield Static(self.note, markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Highlight the current value."""
        values = [v for _, v in self.options]
        if self.current in values:
            self.query_one(OptionList).highlighted = values.index(self.current)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.options[int(event.option.id)][1])

    def action_cancel(self) -> None:
        """Keep the current choice."""
        self.dismiss(None)

"""The end of a kit session: seal it into one encrypted file, say where it is, offer to delete the plain copy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from interviewer.tui.messages import KitSealed, PlainCopyDeleted


@dataclass(frozen=True)
class Finished:
    """A closed kit session to seal (what the thanks screen needs of it, too)."""

    folder: Path
    guide: Any
    code: str


class SealScreen(Screen):
    """Seal in a worker; then the file's place, how to send it, and delete the plain copy (default yes)."""

    BINDINGS = [
        Binding("y", "delete", "Delete the copy on this computer"),
        Binding("n", "keep", "Keep it"),
    ]
    AUTO_FOCUS = "#delete"

    def __init__(self, finished: Finished):
        super().__init__()
        self.finished = finished
        self.sealed = None  # the verified sealed file, once written
        self.note = ""

    def compose(self) -> ComposeResult:
        """A status paragraph and the two choices (shown once the file is sealed and read back)."""
        yield Static("Sending your answers", classes="screen-title")
        with VerticalScroll(classes="reading"):
            yield Static("Sealing your answers in one encrypted file…", id="seal-body", classes="body",
                         markup=False)
            with Horizontal(classes="buttons", id="seal-choice"):
                yield Button("Delete the copy on this computer", id="delete", variant="primary")
                yield Button("Keep it", id="keep")
        yield Footer()

    def on_mount(self) -> None:
        """Seal in a worker: the audio is read and encrypted there."""
        self.query_one("#seal-choice").display = False
        config = self.app.config
        folder = self.finished.folder

        def work() -> None:
            from interviewer.kit.sealing import seal_session

            try:
                path = seal_session(folder, config.kit, config.sealed_out)
            except Exception as exc:  # the plain copy stays; the screen says so
                self.post_message(KitSealed(None, str(exc)))
            else:
                self.post_message(KitSealed(path))

        self.run_worker(work, thread=True, group="seal", exit_on_error=False)

    def on_kit_sealed(self, message: KitSealed) -> None:
        """Say where the file is and how to send it; then ask about the plain copy."""
        kit = self.app.config.kit
        body = self.query_one("#seal-body", Static)
        if message.error:  # nothing is deleted: the thanks screen says where the answers are
            self.note = (f"Your answers could not be sealed ({message.error}). They are kept on this "
                         f"computer in {self.finished.folder}; please contact {kit.contact}.")
            self._thank()
            return
        self.sealed = message.path
        self.note = (f"Your sealed file is\n  {message.path}\nHow to send it: {kit.send_instructions}")
        body.update(f"Your answers are sealed in one encrypted file (only the research team can open it):\n"
                    f"  {message.path}\n\nHow to send it: {kit.send_instructions}\n\n"
                    "The file has been written and checked. Delete the plain copy of your answers and "
                    "recordings on this computer now? The sealed file is kept either way.")
        self.query_one("#seal-choice").display = True
        self.query_one("#delete").focus()

    @on(Button.Pressed, "#delete")
    def action_delete(self) -> None:
        """Delete the plain local copy (only once the sealed file was verified)."""
        if self.sealed is None:
            return
        self.query_one("#seal-choice").display = False
        folder, root = self.finished.folder, self.app.config.sessions_dir

        def work() -> None:
            from interviewer.kit.sealing import delete_plain_copy

            try:
                delete_plain_copy(root, folder)
            except Exception as exc:
                self.post_message(PlainCopyDeleted(str(exc)))
            else:
                self.post_message(PlainCopyDeleted())

        self.run_worker(work, thread=True, group="seal", exit_on_error=False)

    def on_plain_copy_deleted(self, message: PlainCopyDeleted) -> None:
        """Thank the participant, saying whether the copy went."""
        if message.error:
            self.note += f"\nThe copy on this computer could not be deleted: {message.error}"
        else:
            self.note += "\nThe copy of your answers on this computer has been deleted."
        self._thank()

    @on(Button.Pressed, "#keep")
    def action_keep(self) -> None:
        """Keep the plain copy."""
        if self.sealed is None:
            return
        self.note += f"\nA plain copy stays in {self.finished.folder}."
        self._thank()

    def _thank(self) -> None:
        from interviewer.tui.screens.closing import ThanksScreen

        self.app.switch_screen(ThanksScreen(self.finished, note=self.note))

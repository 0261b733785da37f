"""Choose export formats for one session and write them in a worker, as `interviewer sessions export` does.

The files go through the same core path (`session/exporting.py`): a shared lock (or the app's own
open session), the export index noted before and after writing, owner-only files; so withdrawing
the participant later finds and removes them.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, SelectionList, Static

from interviewer.export.formats import SESSION_DEFAULTS

DEFAULT_FORMATS = tuple(SESSION_DEFAULTS)  # the same as `interviewer sessions export` writes


class ExportScreen(ModalScreen[None]):
    """Space ticks formats, `x` exports into the session's exports folder."""

    BINDINGS = [Binding("x", "export", "Export ticked"), Binding("escape", "dismiss", "Back")]
    AUTO_FOCUS = "#formats"

    def __init__(self, code: str, folder: Path, session=None):
        super().__init__()
        self.code, self.folder = code, Path(folder)
        self.session = session  # Review's, open for writing: its lock stands for the export's

    def compose(self) -> ComposeResult:
        """The formats with their descriptions."""
        from interviewer.export import FORMATS, STUDY_ONLY

        options = [(f"{name:7} {text}", name, name in DEFAULT_FORMATS)
                   for name, text in FORMATS.items() if name not in STUDY_ONLY]
        with Vertical(classes="dialog"):
            yield Static("Export: the ticked formats are written (Space ticks or unticks, X exports)",
                         classes="section")
            yield SelectionList(*options, id="formats")
            yield Static(f"Into {self.folder / 'exports'}", id="export-status", markup=False)
        yield Footer()

    def action_export(self) -> None:
        """Write the ticked formats (in a worker)."""
        formats = list(self.query_one("#formats", SelectionList).selected)
        if not formats:
            self.notify("Tick at least one format (Space).")
            return
        self.query_one("#export-status", Static).update("Exporting…")
        self.run_worker(lambda: self._export(formats), thread=True, exit_on_error=False)

    def _export(self, formats: list[str]) -> None:
        from interviewer.session.exporting import export_one, export_open

        try:
            if self.session is not None:
                written = export_open(self.app.store, self.session, formats)
            else:
                written = export_one(self.app.store, self.code, formats)
            text = "Written:\n" + "\n".join(str(p) for p in written)
        except Exception as exc:  # UsageError and friends: say what went wrong, keep the screen
            text = f"Could not export: {exc}"
        self.app.call_from_thread(self._status, text)

    def _status(self, text: str) -> None:
        """Show the outcome (on the UI thread; the screen may have been closed meanwhile)."""
        if self.is_attached:
            self.query_one("#export-status", Static).update(text)

    @on(SelectionList.SelectedChanged)
    def _changed(self) -> None:
        self._status(f"Into {self.folder / 'exports'}")

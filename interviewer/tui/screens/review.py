"""Review: pick a session, read its turns beside the transcript, fix the text and who spoke, play audio, export."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, ListItem, ListView, Static

from interviewer.export.common import speaker_labels
from interviewer.tui.screens.review_text import answer_text, passage_text, speaker_fix

EXPORT_FORMATS = ("md", "docx", "csv", "xlsx", "srt", "vtt", "qdpx")


class SessionListScreen(Screen):
    """Every session in the sessions folder; Enter opens one."""

    BINDINGS = [Binding("enter", "open", "Open"), Binding("escape", "app.pop_screen", "Back")]
    AUTO_FOCUS = "#sessions"

    def compose(self) -> ComposeResult:
        """A table, filled from a worker."""
        yield Static("Sessions", classes="screen-title")
        yield DataTable(id="sessions", cursor_type="row")
        yield Static("", id="sessions-status")
        yield Footer()

    def on_mount(self) -> None:
        """List the sessions in the background."""
        table = self.query_one("#sessions", DataTable)
        table.add_columns("code", "study", "mode", "status", "started", "answers")
        self.query_one("#sessions-status", Static).update("Reading sessions…")
        self.run_worker(self._load, thread=True, exit_on_error=False)

    def _load(self) -> None:
        try:
            rows = self.app.store.list()
            error = None
        except Exception as exc:
            rows, error = [], str(exc)
        self.app.call_from_thread(self._fill, rows, error)

    def _fill(self, rows, error) -> None:
        table = self.query_one("#sessions", DataTable)
        for s in reversed(rows):
            started = s.started_at.strftime("%Y-%m-%d %H:%M") if s.started_at else "?"
            table.add_row(s.code, s.study_id, str(s.mode or "?"), s.status, started, str(s.answered), key=s.code)
        note = error or ("No sessions yet." if not rows else f"{len(rows)} session(s). Enter opens one.")
        self.query_one("#sessions-status", Static).update(note)

    @on(DataTable.RowSelected)
    def action_open(self, event: DataTable.RowSelected | None = None) -> None:
        """Open the highlighted session."""
        table = self.query_one("#sessions", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.app.push_screen(ReviewScreen(key))


class ReviewScreen(Screen):
    """Turns on the left; the selected one's prompt, answer and corrections on the right."""

    BINDINGS = [
        Binding("e", "correct", "Correct text"),
        Binding("space", "play", "Play audio"),
        Binding("n", "passage(1)", "Next passage"),
        Binding("p", "passage(-1)", "Prev passage"),
        Binding("s", "speaker", "Fix speaker"),
        Binding("x", "export", "Export"),
        Binding("t", "app.edit_transcript", "Transcript editor"),
        Binding("escape", "back", "Back"),
    ]
    AUTO_FOCUS = "#turns"

    def __init__(self, code: str):
        super().__init__()
        self.code = code
        self.session = None  # open for writing corrections, when it can be
        self.view = None
        self.guide = None
        self.passage: int | None = None  # the selected transcript segment of the turn, if any

    def compose(self) -> ComposeResult:
        """Two panes."""
        yield Static(f"Review {self.code}", classes="screen-title", id="review-title")
        with Horizontal():
            yield ListView(id="turns")
            with VerticalScroll(id="turn-detail"):
                yield Static("", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        """Open the session (read-only if another process has it)."""
        from interviewer.errors import InterviewerError

        try:
            self.session = self.app.store.open(self.code, clock=self.app.now)
            self.view, self.guide = self.session.view, self.session.guide
        except (InterviewerError, OSError):
            try:
                record = self.app.store.load(self.code)
            except (InterviewerError, OSError) as exc:  # damaged or unreadable: say so, go back
                self.app.notify(f"Cannot open {self.code}: {exc}", severity="error", timeout=15)
                self.app.pop_screen()
                return
            self.view, self.guide = record.view, record.guide
            self.notify("Opened read-only: it is in use elsewhere or cannot be written.", severity="warning")
        self._fill()
        self.refresh_bindings()  # the speaker key shows once the mode is known

    def _fill(self) -> None:
        from interviewer.transcribe.result import low_confidence

        self.low = low_confidence
        listing = self.query_one("#turns", ListView)
        for turn in self.view.turns:
            listing.append(ListItem(Static(self._label(turn), markup=False), id=f"turn-{turn.prompt_id}"))
        if self.view.turns:
            listing.index = 0
        meta = self.view.meta
        self.query_one("#review-title", Static).update(
            f"Review {meta.code} · {meta.study_id} · {meta.mode} · {meta.status}")

    def _label(self, turn) -> str:
        doubt = any(self.low(s) for s in turn.segments)
        mark = "?" if doubt and not turn.corrections else ("✎" if turn.corrections else " ")
        return f"{mark}{turn.prompt_id:>3} {turn.prompt_text[:60]}"

    def _relabel(self) -> None:
        for turn in self.view.turns:
            self.query_one(f"#turn-{turn.prompt_id}", ListItem).query_one(Static).update(self._label(turn))
        self._show()

    def _turn(self):
        item = self.query_one("#turns", ListView).highlighted_child
        if item is None:
            return None
        pid = int(item.id.split("-")[1])
        return next(t for t in self.view.turns if t.prompt_id == pid)

    @on(ListView.Highlighted)
    def _turn_changed(self, _=None) -> None:
        self.passage = None
        self._show()

    def _show(self) -> None:
        turn = self._turn()
        if turn is None:
            return
        out = Text()
        out.append(f"{turn.theme_title or turn.theme_id} · {turn.kind} {turn.question_id}\n", style="dim")
        out.append(turn.prompt_text + "\n\n", style="bold")
        labels = speaker_labels(self.view)
        out.append_text(answer_text(turn, self.low, self.passage, labels if self._speakers() else None))
        if self.passage is not None:
            out.append_text(passage_text(turn, self.passage, labels, self._speakers()))
        if turn.corrections:
            out.append(f"\n\nOriginal: {turn.original_text}", style="dim")
            for c in turn.corrections:
                out.append(f"\nCorrected by {c.by}: {c.text or '(taken back)'}", style="dim")
        self.query_one("#detail", Static).update(out)

    def action_correct(self) -> None:
        """Correct the selected answer's text (the original is kept)."""
        from interviewer.events import CorrectionEvent
        from interviewer.tui.screens.dialogs import LongTextScreen

        turn = self._turn()
        if turn is None or self.session is None:
            return

        def corrected(text: str | None) -> None:
            if text is None or text == turn.text:
                return
            elapsed = self.view.meta.duration
            self.session.append(CorrectionEvent(elapsed=elapsed, prompt_id=turn.prompt_id, text=text, by="researcher"))
            self.view = self.session.view
            self._relabel()

        self.app.push_screen(LongTextScreen("Corrected text", value=turn.text), corrected)

    def action_passage(self, step: int) -> None:
        """Select the next (1) or previous (-1) transcript passage of the turn, for playing it."""
        turn = self._turn()
        if turn is None or not turn.segments:
            self.notify("This answer has no transcript passages.")
            return
        last = len(turn.segments) - 1
        start = -1 if step > 0 else last + 1
        self.passage = min(max((start if self.passage is None else self.passage) + step, 0), last)
        self._show()

    def _speakers(self) -> bool:
        """True when the session's passages have speakers to fix (a researcher-led interview)."""
        return self.view is not None and self.view.meta.mode == "conduct"

    def check_action(self, action: str, parameters) -> bool | None:
        """Show the speaker key only where passages have speakers."""
        return self._speakers() if action == "speaker" else True

    def action_speaker(self) -> None:
        """Give the selected passage to the other speaker (interviewer or participant), journalled."""
        turn = self._turn()
        if turn is None or not self._speakers():
            return
        if self.passage is None:
            self.notify("Select a passage first (n next, p previous).")
            return
        if self.session is None:
            self.notify("Opened read-only: the speaker cannot be changed.", severity="warning")
            return
        self.session.append(speaker_fix(turn, self.passage, self.view.meta.duration))
        self.view = self.session.view
        self._relabel()

    def action_play(self) -> None:
        """Play the selected passage, or else the whole turn (answer file or recording stretch)."""
        turn = self._turn()
        if turn is None:
            return
        if not self.view.recording and not turn.audio_file:
            self.notify("No audio for this turn.")
            return
        folder = self.session.folder if self.session else self.app.store.find(self.code)
        view = self.view
        segment = turn.segments[self.passage] if self.passage is not None else None
        self.run_worker(lambda: self._play(view, folder, turn, segment), thread=True, exit_on_error=False,
                        group="play", exclusive=True)

    def _play(self, view, folder, turn, segment) -> None:
        """In a worker: cut the clip (reading only the files it needs) and hand it to the player."""
        from interviewer.audio.clips import segment_clip, turn_clip

        try:
            clip = segment_clip(view, folder, turn, segment) if segment else turn_clip(view, folder, turn)
            ok = self.app.services.player(clip.audio, clip.rate)
        except Exception as exc:  # missing audio or a failing output device must not take the app down
            ok, why = False, str(exc)
        else:
            why = "there is no audio output device"
        if not ok:
            self.app.call_from_thread(self.notify, f"Cannot play: {why}", severity="warning")

    def action_export(self) -> None:
        """Export the transcript and coding files into the session's exports folder."""
        from interviewer.tui.screens.export import ExportScreen

        folder = self.session.folder if self.session else self.app.store.find(self.code)
        self.app.push_screen(ExportScreen(self.code, folder, self.session))

    def action_back(self) -> None:
        """Go back to the list."""
        self.app.pop_screen()

    def on_unmount(self) -> None:
        """Close the session (going back, or quitting the app)."""
        if self.session is not None:
            self.session.close()
            self.session = None

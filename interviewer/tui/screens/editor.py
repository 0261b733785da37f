"""The transcript editor: the whole interview as one text, played from the cursor, corrected turn by turn.

Every key has a binding id (`editor.*`), so the app's keymap (`AppConfig.keymap`) can move it.
Opening the session, laying out the text, edits and playback run in thread workers.
"""

from __future__ import annotations

import threading

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from interviewer.tui.screens.editor_messages import Changed, Loaded
from interviewer.tui.screens.editor_playback import FOLLOW_EVERY, SKIP, PlaybackMixin
from interviewer.tui.widgets.transcript_area import TranscriptArea


# session.json (a derived copy of the journal) is rewritten at most this often while editing, and
# on closing: rewriting a two-hour session's after every keystroke-sized edit would be most of its cost.
SNAPSHOT_EVERY = 30.0
# Locking reads the journal again and rewrites session.json; it waits this long after the text is
# drawn, so the first keys pressed on a long session are not slowed by it (edits wait for it anyway).
LOCK_AFTER = 0.3


def _b(key: str, action: str, description: str, name: str, show: bool = True, priority: bool = False) -> Binding:
    return Binding(key, action, description, show=show, priority=priority, id=f"editor.{name}")


class EditorScreen(PlaybackMixin, Screen):
    """A finished session's transcript, for listening and correcting."""

    BINDINGS = [
        _b("space", "play_pause", "Play", "play"),
        _b("left_square_bracket", f"skip({-SKIP})", "-5s", "back"),
        _b("right_square_bracket", f"skip({SKIP})", "+5s", "forward"),
        _b("minus", "speed(-1)", "Slower", "slower"),
        _b("plus,equals_sign", "speed(1)", "Faster", "faster"),
        _b("e,enter", "edit", "Edit", "edit"),
        _b("c", "check", "Checked", "check"),
        _b("n", "next_low", "Doubt", "next_low"),
        _b("i", "next_mark", "Inaudible", "next_mark"),
        _b("u", "undo", "Undo", "undo"),
        _b("ctrl+z", "undo", "Undo", "undo_ctrl", show=False, priority=True),
        _b("ctrl+f", "find_replace", "Replace", "replace"),
        _b("s", "speakers", "Speakers", "speakers"),
        _b("w", "swap", "Swap speakers", "swap", show=False),
        _b("escape", "back", "Back", "back_out"),
    ]
    AUTO_FOCUS = "#transcript"

    def __init__(self, code: str, session=None):
        super().__init__()
        self.code = code
        self.session = session  # given by Review, which keeps it open; else opened here
        self.owns_session = session is None
        self.editor = self.doc = self.player = None
        self.access = "opening"  # then "writable" or "read-only"
        self._edit_lock = threading.Lock()
        self._closed = False
        self._leaving = threading.Event()  # set on unmount: a worker waiting to lock gives up
        self._shown = threading.Event()

    @property
    def area(self) -> TranscriptArea:
        """The transcript text."""
        return self.query_one("#transcript", TranscriptArea)

    def compose(self) -> ComposeResult:
        """Title, progress line, the transcript, the keys."""
        yield Static(f"Transcript {self.code}", classes="screen-title", id="editor-title")
        yield Static("Opening the session…", id="editor-status")
        yield TranscriptArea(id="transcript")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Draw the "opening" frame, then open the session in a worker; follow playback on a timer."""
        self.rewind = min(3.0, max(1.0, self.app.config.rewind_on_pause))
        self.set_interval(FOLLOW_EVERY, self.follow)
        # Started after the first frame: the worker holds the GIL for most of its work, and the
        # screen should say at once that it is opening rather than stay on the one below.
        self.call_after_refresh(self.run_worker, self._open, thread=True, exit_on_error=False, group="open")

    def _open(self) -> None:
        """Read the session and show it at once; then take it for writing (locking, snapshot)."""
        from interviewer.audio.player import Player
        from interviewer.audio.session_audio import SessionAudio
        from interviewer.editing import ReadOnlyJournal, TranscriptEditor, layout
        from interviewer.errors import InterviewerError

        from interviewer.collector import collector_paused

        try:
            with collector_paused():  # thousands of words and places, all kept: nothing to collect
                journal = self.session or ReadOnlyJournal(self.app.store.load(self.code))
                editor = TranscriptEditor(journal)
                meta = journal.view.meta
                title = f"Transcript {meta.code} · {meta.study_id} · {meta.mode} · {meta.status}"
                player = Player(SessionAudio(journal.view, journal.folder).read)
                self.post_message(Loaded(editor, layout(editor.turns), player, title))
        except (InterviewerError, OSError) as exc:
            self.post_message(Loaded(error=str(exc)))
            return
        if self.session is not None:  # Review's, already open for writing
            self.access = "writable"
        else:
            self._take_for_writing(editor, journal.view.last_seq)

    def _take_for_writing(self, editor, seen_seq: int) -> None:
        """In the worker, once the text is drawn: lock the session, or say it is read-only."""
        from interviewer.editing import TranscriptEditor, layout
        from interviewer.errors import InterviewerError

        self._shown.wait(30)  # locking rebuilds the view: not while the first screen is drawn
        if self._leaving.wait(LOCK_AFTER):
            return
        try:
            session = self.app.store.open(self.code, clock=self.app.now, snapshot_interval=SNAPSHOT_EVERY)
        except (InterviewerError, OSError):
            self.access = "read-only"
            self.post_message(Changed(None, note="Opened read-only: it is in use elsewhere or cannot be written."))
            return
        with self._edit_lock:
            if self._closed:  # the screen went away meanwhile
                session.close()
                return
            self.session, self.owns_session, editor.journal = session, True, session
            self.access = "writable"
            if session.view.last_seq != seen_seq:  # written between reading and locking
                self.editor = TranscriptEditor(session)
                self.post_message(Changed(layout(self.editor.turns)))

    def on_loaded(self, message: Loaded) -> None:
        """Show the text, or say why it cannot be."""
        if message.error:
            self.app.notify(f"Cannot open {self.code}: {message.error}", severity="error", timeout=15)
            self.app.pop_screen()
            return
        self.editor, self.doc, self.player = message.editor, message.layout, message.player
        self.query_one("#editor-title", Static).update(message.title)
        self.area.show(message.layout)
        self.show_status()
        self.call_after_refresh(self._shown.set)

    def show_status(self) -> None:
        """The progress line, and what playback is doing."""
        if self.editor is None:
            return
        from interviewer.editing.layout import clock

        line = self.editor.progress().line()
        if self.player is not None:
            state = "▶ playing" if self.playing else "❚❚ paused"
            at = self.player.position if self.playing else (self.resume.position if self.resume else None)
            line += f"   {state}" + (f" {clock(at)}" if at is not None else "") + f" · {self.speed:g}×"
        self.query_one("#editor-status", Static).update(line)

    def _turn(self):
        if self.doc is None or not self.editor.turns:
            return None
        return self.editor.turns[self.doc.turn_at(self.area.cursor_location[0])]

    def _change(self, work, note=None) -> None:
        """Run an editor change in a worker, then show the new layout."""
        if self.editor is None:
            return
        if self.access != "writable":
            self.notify("This session is open read-only." if self.access == "read-only"
                        else "Still opening the session for writing; try again in a moment.", severity="warning")
            return
        from interviewer.editing import layout

        def run() -> None:
            try:
                with self._edit_lock:
                    result = work()
                    self.post_message(Changed(layout(self.editor.turns), note(result) if note else None))
            except Exception as exc:  # a failed write must be seen, and the text left as it was
                self.post_message(Changed(None, error=str(exc)))

        self.run_worker(run, thread=True, exit_on_error=False, group="edit")

    def on_changed(self, message: Changed) -> None:
        """Show the text after an edit."""
        if message.error:
            self.notify(f"Not saved: {message.error}", severity="error", timeout=15)
            return
        if message.layout is None:
            self.notify(message.note, severity="warning")
            return
        self.doc = message.layout
        self.resume = None
        self.area.show(message.layout)
        if message.note:
            self.notify(message.note)
        self.show_status()

    def action_edit(self) -> None:
        """Edit the answer of the cursor's turn in a multi-line box."""
        from interviewer.tui.screens.editor_dialogs import EditAnswerScreen

        turn = self._turn()
        if turn is None:
            return

        def save(text: str | None) -> None:
            if text is not None:
                self._change(lambda: self.editor.edit(turn.prompt_id, text))

        title = (f"{turn.participant}, turn {turn.prompt_id}: {turn.prompt_text}" if turn.prompt_id
                 else f"{turn.participant}: {turn.theme.lower()}")  # the preamble (prompt id 0)
        self.app.push_screen(EditAnswerScreen(title, turn.text), save)

    def action_check(self) -> None:
        """Mark the cursor's turn checked (or not), then go to the next turn."""
        turn = self._turn()
        if turn is None:
            return
        self._change(lambda: self.editor.set_checked(turn.prompt_id, not turn.checked))
        index = self.doc.turn_at(self.area.cursor_location[0])
        if index + 1 < len(self.doc.turn_rows) and not turn.checked:
            _, first, _ = self.doc.turn_rows[index + 1]
            self.area.move_cursor((first, self.doc.answer_cols[index + 1]))

    def action_next_low(self) -> None:
        """Go to the next passage Whisper was unsure of."""
        place = self.doc.next_low(*self.area.cursor_location) if self.doc else None
        if place is None:
            self.notify("No doubtful words after the cursor.")
            return
        self.area.move_cursor((place.row, place.col))

    def action_next_mark(self) -> None:
        """Go to the next [inaudible …] mark."""
        from interviewer.editing import INAUDIBLE

        found = self.doc.next_match(INAUDIBLE, *self.area.cursor_location) if self.doc else None
        if found is None:
            self.notify("No [inaudible] marks after the cursor.")
            return
        from textual.widgets.text_area import Selection

        row, col, end = found
        self.area.selection = Selection((row, col), (row, end))

    def action_find_replace(self) -> None:
        """Find and replace in every answer."""
        from interviewer.tui.screens.editor_dialogs import FindReplaceScreen

        def done(r) -> None:
            if r is not None:
                self._change(lambda: self.editor.replace_all(r.find, r.replace, whole_word=r.whole_word,
                                                             match_case=r.match_case),
                             lambda n: f"Replaced {n} match{'es' if n != 1 else ''}.")

        self.app.push_screen(FindReplaceScreen(), done)

    def action_speakers(self) -> None:
        """Rename the speakers."""
        from interviewer.tui.screens.editor_dialogs import SpeakersScreen

        def done(labels) -> None:
            if labels is not None:
                self._change(lambda: [self.editor.rename_speaker(role, label)
                                      for role, label in zip(("interviewer", "participant"), labels)])

        if self.editor is not None:
            self.app.push_screen(SpeakersScreen(*self.editor.labels), done)

    def action_swap(self) -> None:
        """Swap the two speaker labels."""
        self._change(lambda: self.editor.swap_speakers(), lambda _r: "Speaker labels swapped.")

    def action_undo(self) -> None:
        """Undo the last change (by saving what was there before)."""
        if self.editor is None or not self.editor.can_undo:
            self.notify("Nothing to undo.")
            return
        self._change(self.editor.undo, lambda _r: "Undone.")

    def action_back(self) -> None:
        """Leave the editor (the screen below is told, to show what changed)."""
        self.dismiss()

    def on_unmount(self) -> None:
        """Stop playing; close the session if the editor opened it."""
        player, self.player = self.player, None
        if player is not None:
            threading.Thread(target=player.stop, daemon=True).start()
        self._leaving.set()
        with self._edit_lock:
            self._closed = True
            self._shown.set()
            if self.owns_session and self.session is not None:
                self.session.close()


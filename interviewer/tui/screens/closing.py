"""The end: an optional look back over the answers (add or take back), then thanks and resources."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, ListItem, ListView, Static

from interviewer.tui.text import reflow
from interviewer.tui.widgets.resources import Resources

RETRACTED = ""  # a participant's correction to nothing: the answer is taken back


def finish(app, controller, end, pilot: bool, calm: bool = False) -> None:
    """After the engine's End: member check (self-interviews), then thanks; closes the session.

    `calm`: the participant stopped at the support step, so they go straight to the closing
    screen (support first, then their code), never to a review of their answers.
    """
    _release_microphone(app)
    if end.reason == "withdrawn":
        _withdraw(app, controller)
        app.push_screen(ThanksScreen(controller, withdrawn=True))
        return
    answered = [t for t in controller.view().turns if t.text.strip()]
    if pilot or calm or not answered:
        _close(app, controller, support_first=calm)
        return
    app.push_screen(MemberCheckScreen(controller), lambda _=None: _close(app, controller))


def _close(app, controller, support_first: bool = False) -> None:
    """Close the session, then thank the participant (a kit's session is sealed first)."""
    controller.close()
    if app.config.kit is not None:
        from interviewer.tui.screens.sealing import Finished, SealScreen

        app.push_screen(SealScreen(Finished(controller.session.folder, controller.guide, controller.code)))
        return
    app.push_screen(ThanksScreen(controller, support_first=support_first))


def _release_microphone(app) -> None:
    """Close the input device (in a thread: closing a stream can take a moment)."""
    import threading

    threading.Thread(target=app.services.recorder.stop, daemon=True).start()


def _withdraw(app, controller) -> None:
    """Close the session and remove everything it holds (the participant asked)."""
    from interviewer.session.retention import withdraw

    controller.close()
    try:
        withdraw(app.store, controller.code)
    except Exception as exc:  # the researcher can still withdraw it with `interviewer sessions withdraw`
        app.notify(f"Could not delete the session now: {exc}", severity="error", timeout=20)


class MemberCheckScreen(Screen):
    """The participant's answers shown back whole; they may fix, add to or take back one."""

    BINDINGS = [
        Binding("e", "fix", "Fix a typo"),
        Binding("a", "add", "Add to this answer"),
        Binding("t", "take_back", "Take back / restore"),
        Binding("f", "finish", "Finish"),
    ]
    AUTO_FOCUS = "#answers"

    def __init__(self, controller):
        super().__init__()
        self.controller = controller
        self.turns = [t for t in controller.view().turns if t.text.strip()]
        self.texts = {t.prompt_id: t.text for t in self.turns}
        self.originals = dict(self.texts)

    def compose(self) -> ComposeResult:
        """One line per answer, and the actions."""
        yield Static("Looking back", classes="screen-title")
        yield Static("Here is what you said. You can fix a typo, add to an answer, or take one back so "
                     "it is not used. This is optional: press F to finish.", classes="reading")
        yield ListView(*[ListItem(Static(self._line(t.prompt_id), markup=False), id=f"t{t.prompt_id}")
                         for t in self.turns], id="answers")
        with Horizontal(classes="buttons"):
            yield Button("Fix a typo", id="fix")
            yield Button("Add to this answer", id="add")
            yield Button("Take back / restore", id="take-back")
            yield Button("Finish", id="finish", variant="primary")
        yield Footer()

    def _line(self, prompt_id: int) -> str:
        turn = next(t for t in self.turns if t.prompt_id == prompt_id)
        text = self.texts[prompt_id]
        shown = "(taken back: it will not be used)" if text == RETRACTED else text
        return f"{turn.prompt_text}\n  → {shown}"  # whole, wrapped: nothing cut off with "…"

    def _selected(self) -> int | None:
        view = self.query_one("#answers", ListView)
        item = view.highlighted_child
        return int(item.id[1:]) if item is not None and item.id else None

    def _refresh(self, prompt_id: int) -> None:
        self.query_one(f"#t{prompt_id}", ListItem).query_one(Static).update(self._line(prompt_id))

    @on(Button.Pressed, "#fix")
    def action_fix(self) -> None:
        """Correct the selected answer in a multi-line box (kept beside the original)."""
        from interviewer.tui.screens.dialogs import LongTextScreen

        pid = self._selected()
        if pid is None or self.texts[pid] == RETRACTED:
            return

        def fixed(text: str | None) -> None:
            if text is not None and text.strip() and text.strip() != self.texts[pid]:
                self.texts[pid] = text.strip()
                self.controller.correct(pid, self.texts[pid], "participant")
                self._refresh(pid)

        self.app.push_screen(LongTextScreen("Fix your answer (Ctrl+S saves it):", self.texts[pid]), fixed)

    @on(Button.Pressed, "#add")
    def action_add(self) -> None:
        """Add a few words to the selected answer."""
        from interviewer.tui.screens.dialogs import TextScreen

        pid = self._selected()
        if pid is None:
            return

        def added(extra: str | None) -> None:
            if extra and extra.strip():
                base = self.texts[pid] or self.originals[pid]
                self.texts[pid] = f"{base} {extra.strip()}".strip()
                self.controller.correct(pid, self.texts[pid], "participant")
                self._refresh(pid)

        self.app.push_screen(TextScreen("What would you like to add?"), added)

    @on(Button.Pressed, "#take-back")
    def action_take_back(self) -> None:
        """Take the selected answer back (or restore it)."""
        pid = self._selected()
        if pid is None:
            return
        self.texts[pid] = self.originals[pid] if self.texts[pid] == RETRACTED else RETRACTED
        self.controller.correct(pid, self.texts[pid], "participant")
        self._refresh(pid)

    @on(Button.Pressed, "#finish")
    def action_finish(self) -> None:
        """Done looking back."""
        self.dismiss(None)


class ThanksScreen(Screen):
    """Thanks: the participant code at the top (always in view), withdrawal, support resources.

    `controller` is the interview's, or anything with its `guide` and `code` (a sealed kit session);
    `note` (a kit session) says where its sealed file is and how to send it.
    """

    BINDINGS = [Binding("enter", "close", "Close"), Binding("q", "close", "Close", show=False)]
    AUTO_FOCUS = "#close"

    def __init__(self, controller, withdrawn: bool = False, support_first: bool = False, note: str = ""):
        super().__init__()
        self.controller = controller
        self.withdrawn = withdrawn
        self.support_first = support_first
        self.note = note

    def compose(self) -> ComposeResult:
        """Code, closing words and withdrawal, resources; only the words below the code scroll."""
        info = self.controller.guide.information
        guide = self.controller.guide
        if self.withdrawn:
            yield Static("Thank you", classes="screen-title")
            yield Static("You have withdrawn from the study. Everything you said in this interview "
                         "has been deleted from this computer. Thank you for your time.",
                         classes="reading", markup=False, id="thanks-body")
        else:
            yield Static("Thank you" if not self.support_first else "Thank you — we have stopped here",
                         classes="screen-title")
            yield Static(f"Your participant code:  {self.controller.code}   (please keep it)",
                         id="thanks-code", markup=False)
            with VerticalScroll(classes="reading"):
                if self.support_first and guide.support:
                    yield Static("You can talk to someone now. These services are free and confidential:",
                                 classes="section")
                    yield Resources(guide.support)
                yield Static(self._body(info), classes="body", markup=False, id="thanks-body")
                if guide.support and not self.support_first:
                    yield Static("If any of this has stirred things up, these services can help:",
                                 classes="section")
                    yield Resources(guide.support)
        with Horizontal(classes="buttons"):
            yield Button("Close", id="close", variant="primary")
        yield Footer()

    def _body(self, info) -> str:
        """The closing words and how to withdraw later (with the study's contact, if given)."""
        contact = self.controller.guide.study.contact
        if self.support_first:
            closing = "Thank you for the time you gave. What you said so far is saved."
        else:
            closing = reflow(info.closing or "Thank you for taking part. Your answers have been saved.")
        how = reflow(info.withdrawal or "If you change your mind, you can withdraw your answers later: "
                     "contact the research team and give them your participant code.")
        if contact:
            how += f"\nContact the study team: {contact}"
        body = f"{closing}\n\n{how}"
        return f"{self.note}\n\n{body}" if self.note else body

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Leave the app."""
        self.app.controller = None
        self.app.exit()


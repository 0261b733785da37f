"""Before the interview: the information sheet, each consent statement on its own, how it works."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from interviewer.tui.text import reflow

HOW_IT_WORKS = """\
You will see one question at a time. Answer in your own words, as much or as little as you like.

You can speak your answer or type it, and switch between the two whenever you like. \
Take your time: pausing to think does not end a recording; you finish it with Enter. \
After you speak, you will see what was heard and can correct it before sending. \
Nothing you say or type is thrown away.

You can pause, skip a question or stop at any time, with one key. You never need to give a reason."""

KEYS_SELF = """\
  Ctrl+R   start speaking an answer (again: replace or add to it)
  Enter    finish speaking; send your answer (typed, or corrected)
  Ctrl+E   the question in other words
  Ctrl+P   pause, and come back when you are ready
  Ctrl+K   skip this question
  Ctrl+X   stop the interview"""


class ReadingScreen(Screen):
    """A page of text to read, with one way on and one way out."""

    BINDINGS = [Binding("enter", "next", "Continue"), Binding("escape", "leave", "Leave")]
    AUTO_FOCUS = "VerticalScroll"  # arrow keys scroll the text; Enter goes on

    def __init__(self, title: str, body: str, next_label: str = "Continue", leave_label: str = "Leave"):
        super().__init__()
        self.title_text, self.body, self.next_label, self.leave_label = title, body, next_label, leave_label

    def compose(self) -> ComposeResult:
        """The title, the text, and the two buttons."""
        yield Static(self.title_text, classes="screen-title")
        with VerticalScroll(classes="reading"):
            yield Static(self.body, classes="body", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.next_label, id="next", variant="primary")
                yield Button(self.leave_label, id="leave")
        yield Footer()

    @on(Button.Pressed, "#next")
    def action_next(self) -> None:
        """Go on."""
        self.dismiss(True)

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        """Leave without going on (nothing is recorded)."""
        self.dismiss(False)


class ConsentScreen(Screen):
    """Each consent statement asked on its own; dismisses with {statement id: agreed}."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes, I agree"),
        Binding("n", "answer(False)", "No"),
        Binding("b", "back", "Back"),
    ]
    AUTO_FOCUS = "VerticalScroll"  # the text, so it scrolls; neither answer is pre-selected

    def __init__(self, statements, researcher: bool = False):
        super().__init__()
        self.statements = list(statements)
        self.researcher = researcher
        self.answers: dict[str, bool] = {}
        self.index = 0

    def compose(self) -> ComposeResult:
        """One statement with Yes and No."""
        yield Static("Consent", classes="screen-title")
        with VerticalScroll(classes="reading"):
            yield Static("", id="consent-count")
            yield Static("", id="consent-text", classes="consent-item", markup=False)
            with Horizontal(classes="buttons"):
                # the researcher presses these for the participant in conduct mode
                yield Button("They agree" if self.researcher else "Yes, I agree", id="yes")
                yield Button("They do not agree" if self.researcher else "No", id="no")
                yield Button("Back", id="back")
        yield Footer()

    def on_mount(self) -> None:
        """Show the first statement (the footer's words fit who presses the keys)."""
        if self.researcher:
            self._bindings.bind("y", "answer(True)", "They agree")
            self._bindings.bind("n", "answer(False)", "They do not agree")
        self._show()

    def _show(self) -> None:
        st = self.statements[self.index]
        lead = ("Read this to the participant and record their answer."
                if self.researcher else "Please read this and choose Yes or No.")
        optional = "" if st.required else "  (optional: the interview can go ahead either way)"
        self.query_one("#consent-count", Static).update(
            f"Statement {self.index + 1} of {len(self.statements)}. {lead}{optional}")
        self.query_one("#consent-text", Static).update(reflow(st.text))
        self.query_one("#back").display = self.index > 0

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.action_answer(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.action_answer(False)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Return to the previous statement."""
        if self.index > 0:
            self.index -= 1
            self._show()

    def action_answer(self, agreed: bool) -> None:
        """Record the answer to this statement and move on."""
        self.answers[self.statements[self.index].id] = agreed
        if self.index + 1 < len(self.statements):
            self.index += 1
            self._show()
        else:
            self.dismiss(dict(self.answers))


def consent_ok(statements, answers: dict[str, bool]) -> bool:
    """True when every required statement was agreed to."""
    return all(answers.get(st.id, False) for st in statements if st.required)


def how_it_works(guide, researcher: bool = False) -> str:
    """The text of the 'how it works' page for this guide."""
    if researcher:
        return ("The whole interview is recorded as one file. The screen shows the current question "
                "and the probes that fit what is heard. Press a as you begin asking each question "
                "(p for a probe of your own): what is said after that counts as its answer, and is "
                "transcribed as it is spoken. Press n when the answer is complete.")
    return f"{reflow(guide.information.how_it_works or HOW_IT_WORKS)}\n\n{KEYS_SELF}"


def information_text(guide) -> str:
    """The information sheet, under the study's title."""
    study = guide.study
    ref = f"\nEthics reference: {study.ethics_reference}" if study.ethics_reference else ""
    return f"{study.title}\n\n{reflow(guide.information.sheet)}{ref}"

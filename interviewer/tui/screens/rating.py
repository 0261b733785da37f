"""Pilot mode: after each question, rate clarity and relevance (1–5) and maybe comment."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

SCALE = "1 not at all · 2 a little · 3 somewhat · 4 mostly · 5 completely"


@dataclass
class Rating:
    """What the tester said about one question."""

    question_id: str
    clarity: int | None = None
    relevance: int | None = None
    comment: str = ""


class RatingScreen(ModalScreen[Rating | None]):
    """Two keys rate a question (clarity, then relevance); `c` adds a comment; Escape skips."""

    BINDINGS = [
        *[Binding(str(n), f"rate({n})", "rate" if n == 1 else "", show=n == 1, key_display="1–5")
          for n in range(1, 6)],
        Binding("c", "comment", "Comment"),
        Binding("enter", "done", "Done"),
        Binding("escape", "skip", "No rating"),
    ]

    AUTO_FOCUS = ""  # digits rate; the comment field takes focus only when asked for

    def __init__(self, question_id: str, question_text: str):
        super().__init__()
        self.rating = Rating(question_id)
        self.question_text = question_text

    def compose(self) -> ComposeResult:
        """The question, the two scales, and a comment field (hidden until asked for)."""
        with Vertical(classes="dialog"):
            yield Static("Rate this question", classes="section")
            yield Static(self.question_text, markup=False)
            yield Static("", id="rating-state")
            yield Input(placeholder="Comment (Enter to save)", id="comment")
        yield Footer()

    def on_mount(self) -> None:
        """Start with clarity."""
        self.query_one("#comment").display = False
        self._show()

    def _show(self) -> None:
        r = self.rating
        ask = "How clear was it?" if r.clarity is None else "How relevant was it?"
        lines = [f"Clarity: {r.clarity or '–'}   Relevance: {r.relevance or '–'}"]
        if r.relevance is None:
            lines.append(f"{ask}  {SCALE}")
        else:
            lines.append("Thank you. Press c to add a comment, or Enter to go on.")
        lines.append("c comment · Enter done · Escape no rating")
        self.query_one("#rating-state", Static).update("\n".join(lines))

    def action_rate(self, value: int) -> None:
        """Set clarity, then relevance; the dialog stays open (for `c`) until Enter."""
        if self.rating.clarity is None:
            self.rating.clarity = value
        else:
            self.rating.relevance = value
        self._show()

    def action_comment(self) -> None:
        """Show the comment field."""
        box = self.query_one("#comment", Input)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#comment")
    def _commented(self, event: Input.Submitted) -> None:
        self.rating.comment = event.value.strip()
        self.query_one("#comment").display = False
        if self.rating.relevance is not None:
            self.dismiss(self.rating)
        else:
            self.set_focus(None)
            self._show()

    def action_done(self) -> None:
        """Finish with what was given."""
        self.dismiss(self.rating)

    def action_skip(self) -> None:
        """No rating for this question."""
        self.dismiss(None)


def ask_rating(app, controller, question_id: str, then) -> None:
    """Ask the tester to rate a question, record the rating, then call `then()`."""
    _, question = controller.guide.question(question_id)

    def rated(rating: Rating | None) -> None:
        if rating is not None:
            controller.rate(rating.question_id, rating.clarity, rating.relevance, rating.comment)
        then()

    app.push_screen(RatingScreen(question_id, question.text), rated)


def leaving_question(step, current_question: str | None) -> bool:
    """True when `step` moves off the question being asked (time to rate it in a pilot)."""
    same = getattr(step, "question_id", None) == current_question and getattr(step, "type", "") != "end"
    return current_question is not None and not same

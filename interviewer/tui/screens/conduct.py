"""Researcher-led interview: a prompter over one continuous recording, with time-stamped markers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from interviewer.tui.messages import TranscriptReady
from interviewer.tui.screens.conduct_live import Heard, ListeningMixin, LiveHearing
from interviewer.tui.services import TranscriptJob
from interviewer.tui.widgets.meter import LevelMeter


@dataclass
class Recorded(Message):
    """An event from the recorder (a closed segment, a gap) or a recorder failure."""

    event: Any | None = None
    error: str | None = None


STOPPED = "stopped"  # Recorded(error=STOPPED): the recorder closed its last file


def clock(seconds: float) -> str:
    """mm:ss (or h:mm:ss) for the prompter."""
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}"


class ConductScreen(ListeningMixin, Screen):
    """Current theme and question large, probes that fit, coverage, time per theme, notes."""

    BINDINGS = [
        Binding("a", "asked", "Asking it now"),
        Binding("p", "probe_asked", "Asking my own probe"),
        Binding("n", "next", "Next"),
        Binding("s", "skip", "Skip"),
        Binding("b", "bookmark", "Bookmark"),
        Binding("slash", "note", "Note", key_display="/"),
        Binding("w", "rephrase", "Other wording", show=False),
        *[Binding(str(n), f"probe({n})", "Probe", show=n == 1, key_display="1-9") for n in range(1, 10)],
        Binding("x", "stop", "Stop"),
        Binding("escape", "leave_note", show=False),
    ]
    AUTO_FOCUS = ""  # keys act on the prompter; / focuses the note field

    def __init__(self, controller):
        super().__init__()
        self.controller = controller
        self.step = None
        self.theme_started: dict[str, float] = {}
        self.question_id: str | None = None
        self.recording = "starting"
        self.pending = 0
        self.hearing = LiveHearing(self, controller)
        self.suggestions: list = []
        self.asked_probes: dict[str, set[str]] = {}
        self.notes: dict[str, list[str]] = {}
        self.finishing = False

    @property
    def pilot(self) -> bool:
        """True in a pilot rehearsal."""
        return str(self.controller.mode) == "pilot"

    def compose(self) -> ComposeResult:
        """Status line, question, note, probes, coverage, latest words heard, note field."""
        yield Static("", id="conduct-top")
        yield LevelMeter(self.app.services.recorder.level, id="conduct-level")
        yield Static("", id="conduct-live", markup=False)
        yield Static("", id="conduct-question", markup=False)
        yield Static("", id="conduct-note", classes="prompt-note", markup=False)
        yield Static("", id="probes")
        yield Static("", id="covered")
        yield Static("", id="heard", classes="prompt-note", markup=False)
        yield Input(placeholder="Note (Enter saves it, time-stamped; Escape leaves)", id="note-input")
        yield Footer()

    def on_mount(self) -> None:
        """Start the recording (in a thread) and show the current prompt."""
        for turn in self.controller.session.view.turns:
            self.theme_started.setdefault(turn.theme_id, turn.asked_at)
            if turn.probe_id:
                self.asked_probes.setdefault(turn.question_id, set()).add(turn.probe_id)
        self.run_worker(self._start_recording, thread=True, group="recorder", exit_on_error=False)
        self.set_interval(1.0, self._refresh_top)
        self.show(self.controller.current_or_start())

    def _start_recording(self) -> None:
        c = self.controller

        def on_event(event) -> None:
            # Journalled here, on the recorder's thread, not when the screen handles the message:
            # quitting stops the recorder after the screens stop, and its last segment must count.
            c.record(event)
            self.post_message(Recorded(event))

        try:
            self.app.services.recorder.start_continuous(c.session.audio_dir, on_event, c.elapsed)
        except Exception as exc:
            self.post_message(Recorded(error=str(exc)))
            return
        try:
            self.hearing.start(self.app.services.recorder, self.app.transcriber)
        except Exception as exc:  # recording goes on; its segments are transcribed instead
            self.post_message(Heard(error=f"live transcription is off: {exc}"))
        self.post_message(Recorded())

    # -- showing ------------------------------------------------------------------------------

    def show(self, step) -> None:
        """Show a prompt; the support step and the end are handled too."""
        from interviewer.engine.steps import End, Prompt

        self.step = step
        if isinstance(step, End):
            from interviewer.tui.screens.conduct_end import ConductEndScreen

            self.app.push_screen(ConductEndScreen(self.controller, self))
            return
        if not isinstance(step, Prompt):
            from interviewer.tui.screens.support import SupportScreen

            self.app.push_screen(SupportScreen(step), self._supported)
            return
        self.question_id = step.question_id
        self.theme_started.setdefault(step.theme_id, self.controller.elapsed())
        kind = "Probe" if step.kind == "probe" else "Question"
        touched = "  (already touched on)" if step.already_touched else ""
        cue = f"(say: “{step.acknowledgement}”) " if getattr(step, "acknowledgement", None) else ""
        self.query_one("#conduct-question", Static).update(f"{cue}{kind}: {step.text}{touched}")
        why = f"Suggested because: {step.reason}" if step.kind == "probe" else ""
        self.query_one("#conduct-note", Static).update("\n".join(x for x in (step.note, why) if x))
        if step.probe_id:
            self.asked_probes.setdefault(step.question_id, set()).add(step.probe_id)
        self._suggest()
        covered = sorted(self.controller.interview.covered)
        self.query_one("#covered", Static).update("Covered: " + (", ".join(covered) or "nothing yet"))
        self._show_live()
        self._refresh_top()

    def _supported(self, choice: str) -> None:
        from interviewer.tui.screens.dialogs import PausedScreen

        step = self.controller.support(choice)
        if self.controller.interview.paused:
            self.app.push_screen(PausedScreen(), lambda _: self.show(self.controller.resume_interview()))
        else:
            self.after(step)

    def _refresh_top(self) -> None:
        step = self.step
        elapsed = self.controller.elapsed()
        rec = {"starting": "○ starting recording", "on": "● REC", "off": "✗ NOT RECORDING",
               "stopped": "■ recording saved"}[self.recording]
        parts = [f"{rec} {clock(elapsed)}"]
        if getattr(step, "theme_id", None):
            theme = next(t for t in self.controller.guide.themes if t.id == step.theme_id)
            index = self.controller.guide.themes.index(theme) + 1
            spent = elapsed - self.theme_started.get(theme.id, elapsed)
            budget = f" / {clock(theme.minutes * 60)}" if theme.minutes else ""
            over = "  OVER" if theme.minutes and spent > theme.minutes * 60 else ""
            themes = len(self.controller.guide.themes)
            parts.append(f"Theme {index}/{themes} {theme.title} {clock(spent)}{budget}{over}")
        if self.pending:
            parts.append(f"transcribing {self.pending}")
        if self.finishing:
            parts.append("finishing the answer's text…")
        self.query_one("#conduct-top", Static).update(" · ".join(parts))

    def after(self, step) -> None:
        """Go on; in a pilot, rate the question being left first."""
        from interviewer.tui.screens.rating import ask_rating, leaving_question

        if self.pilot and leaving_question(step, self.question_id):
            leaving, self.question_id = self.question_id, None
            ask_rating(self.app, self.controller, leaving, lambda: self.show(step))
        else:
            self.show(step)

    # -- recording and transcription ----------------------------------------------------------

    def on_recorded(self, message: Recorded) -> None:
        """Show the recorder's state and transcribe each closed segment in the background."""
        if message.error == STOPPED:
            self.recording = "stopped"
        elif message.error is not None:
            self.recording = "off"
            self.notify(f"Not recording: {message.error}", severity="error", timeout=30)
        elif message.event is None:
            self.recording = "on"
        elif message.event.type == "recording_segment" and self.hearing.live is None:
            self._transcribe(message.event)
        self._refresh_top()

    def _transcribe(self, segment) -> None:
        from interviewer.transcribe.prompt import build_prompt

        c = self.controller
        # a segment spans several questions: only the glossary primes it (as `transcribe CODE` does)
        job = TranscriptJob(path=c.session.folder / segment.audio_file, audio_file=segment.audio_file,
                            offset=segment.start, language=c.guide.study.language,
                            initial_prompt=build_prompt(c.guide.glossary) or None)
        self.pending += 1
        try:
            self.app.transcriber.submit(job, lambda j, ev, err: self.post_message(TranscriptReady(j, ev, err)))
        except Exception as exc:
            self.post_message(TranscriptReady(job, None, str(exc)))

    def on_transcript_ready(self, message: TranscriptReady) -> None:
        """Journal the transcript (the session attaches it to turns by time)."""
        self.pending = max(0, self.pending - 1)
        if message.event is not None:
            self.controller.record(message.event.model_copy(update={"elapsed": self.controller.elapsed()}))
            words = " ".join(s.text.strip() for s in message.event.segments)
            self.query_one("#heard", Static).update(f"Heard: …{words[-150:]}" if words else "")
        self._refresh_top()

    # -- keys ---------------------------------------------------------------------------------

    def _prompt(self):
        from interviewer.engine.steps import Prompt

        return self.step if isinstance(self.step, Prompt) else None

    def action_asked(self) -> None:
        """The researcher begins asking the prompt on screen: what follows answers it."""
        if (p := self._prompt()) is not None:
            self.hearing.mark(p)
            if p.kind == "question":
                self.controller.marker("question_asked", p.text, p.question_id)
            else:
                self.controller.marker("probe_asked", p.probe_id, p.question_id)
            self._show_live()
            self._suggest()

    def action_probe_asked(self) -> None:
        """The researcher asks a probe of their own: it belongs to the prompt on screen."""
        if (p := self._prompt()) is not None:
            self.hearing.mark(p, own_probe=True)
            self.controller.marker("probe_asked", "own probe", p.question_id)
            self._show_live()
            self.notify("Marked: you are asking a probe of your own", timeout=2)

    def action_probe(self, number: int) -> None:
        """Ask one of the listed probes now (the answer so far is recorded first)."""
        p, index = self._prompt(), number - 1
        if p is None or not 0 <= index < len(self.suggestions) or self.finishing:
            return
        probe = self.suggestions[index].probe
        if probe.id in {o.id for o in self.controller.offered_probes()}:
            self._ask_probe(probe.id)
        else:
            self._finish_answer(p.prompt_id, probe.id)

    def _ask_probe(self, probe_id: str) -> None:
        step = self.controller.choose_probe(probe_id)
        self.show(step)
        self.action_asked()

    def action_next(self) -> None:
        """The answer is given: move on (the engine hears what was transcribed of it)."""
        if (p := self._prompt()) is not None and not self.finishing:
            self._finish_answer(p.prompt_id)

    def action_skip(self) -> None:
        """Skip the current question or probe."""
        if self._prompt() is not None:
            self.after(self.controller.skip("researcher"))

    def action_rephrase(self) -> None:
        """Show the question's other wording."""
        if self._prompt() is not None:
            self.show(self.controller.rephrase())

    def action_bookmark(self) -> None:
        """Bookmark this moment for later."""
        self.controller.marker("bookmark")
        self.notify("Bookmarked", timeout=2)

    def action_note(self) -> None:
        """Type a note (time-stamped when it is saved)."""
        self.query_one("#note-input", Input).focus()

    def action_leave_note(self) -> None:
        """Back to the keys without saving."""
        self.set_focus(None)

    @on(Input.Submitted, "#note-input")
    def _note_saved(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.controller.note(event.value.strip())
            if (p := self._prompt()) is not None:
                self.notes.setdefault(p.question_id, []).append(event.value.strip())
                self._suggest()
            self.notify("Note saved", timeout=2)
        event.input.value = ""
        self.set_focus(None)

    def action_stop(self) -> None:
        """Stop the interview (keeping or withdrawing what was said)."""
        from interviewer.tui.screens.dialogs import StopScreen

        def chosen(choice: str | None) -> None:
            if choice is not None:
                self.after(self.controller.stop(withdraw=choice == "withdraw"))

        self.app.push_screen(StopScreen(participant=False), chosen)

"""Self-interview: one prompt at a time, answered by voice or by typing; pause, skip, stop, one key each."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from interviewer.tui.screens.speaking import AnswerBox, SpeakingMixin
from interviewer.tui.voice import VoiceAnswer
from interviewer.tui.widgets.meter import LevelMeter

TYPE_HINT = "Type your answer and press Enter to send, or press Ctrl+R to speak it."


class SelfInterviewScreen(SpeakingMixin, Screen):
    """The participant's interview screen; the engine decides what comes next."""

    BINDINGS = [
        # Not a priority binding: typed keys queue on the answer box, and a priority Enter would
        # run before the text typed just ahead of it lands there ("Type or speak an answer first").
        # The box turns its own Enter into Send, in order; this one serves when it lacks focus.
        Binding("enter", "send", "Send"),
        Binding("ctrl+r", "record", "Speak", priority=True),
        Binding("ctrl+p", "pause", "Pause", priority=True),
        Binding("ctrl+k", "skip", "Skip", priority=True),
        Binding("ctrl+x", "stop", "Stop", priority=True),
        Binding("ctrl+e", "rephrase", "Other words", priority=True),
        Binding("ctrl+b", "need_break", "Need a moment", priority=True),
    ]

    def __init__(self, controller):
        super().__init__()
        self.controller = controller
        self.step = None
        self.question_id: str | None = None
        self.voice: VoiceAnswer | None = None
        self._send_anyway = False
        self._corrected = False  # the participant edited the answer before its last take
        self._saved = ""  # the box text last journalled (take, correction or draft)
        self._draft_timer = None
        self._calm = False  # stopped at the support step
        self._when_stopped = None  # what to do once the take being recorded is closed
        self._take_base = ""  # the box's text when the take being recorded began
        self._live_shown = False  # live text of that take is in the box

    @property
    def pilot(self) -> bool:
        """True in a pilot rehearsal (rate each question)."""
        return str(self.controller.mode) == "pilot"

    def compose(self) -> ComposeResult:
        """Theme, the prompt (large), the answer box, the level meter and a status line."""
        yield Static(self.controller.guide.study.title, classes="screen-title", markup=False)
        yield Static("", id="progress", classes="progress", markup=False)
        with Vertical(id="prompt-area"):
            yield Static("", id="theme", classes="theme", markup=False)
            yield Static("", id="prompt", classes="prompt-text", markup=False)
        yield AnswerBox(id="answer", soft_wrap=True, show_line_numbers=False, placeholder=TYPE_HINT)
        yield LevelMeter(None, id="answer-meter")
        yield Static(TYPE_HINT, id="answer-status")
        yield Footer()

    def on_mount(self) -> None:
        """Show where the interview is (the first prompt, or where it stopped, with what was said)."""
        from interviewer.tui.takes import repair_open_takes

        app = self.app
        c = self.controller
        guide = c.guide
        self.voice = VoiceAnswer(app.services.recorder, lambda: app.transcriber, c.session.audio_dir,
                                 self.post_message, c.elapsed, guide.study.language, guide.glossary,
                                 journal=c.record, finished_check=guide.settings.finished_check_seconds)
        meter = self.query_one("#answer-meter", LevelMeter)
        meter.source, meter.display = app.services.recorder.level, False
        self.set_interval(0.25, self._tick)
        if repair_open_takes(c):
            self.notify("Your last recording was kept: it was interrupted, and is saved.", timeout=8)
        self._transcribe_waiting()
        if c.interview.paused:
            self.app.push_screen(self._paused_screen(), self._carry_on)
        else:
            self.show(c.current_or_start())

    # -- showing steps ------------------------------------------------------------------------

    def show(self, step) -> None:
        """Render the engine's next step: a prompt, the support step, or the end."""
        from interviewer.engine.steps import End, Prompt

        self.step = step
        if isinstance(step, Prompt):
            self._show_prompt(step)
        elif isinstance(step, End):
            from interviewer.tui.screens.closing import finish

            finish(self.app, self.controller, step, self.pilot, calm=self._calm)
        else:
            from interviewer.tui.screens.support import SupportScreen

            self.app.push_screen(SupportScreen(step), self._supported)

    def _show_prompt(self, prompt) -> None:
        from interviewer.tui.takes import box_text, takes_of

        self.question_id = prompt.question_id
        gentle = "   This one is more personal: skip it with Ctrl+K if you prefer." if prompt.sensitive else ""
        self.query_one("#theme", Static).update(prompt.theme_title + gentle)
        cue = f"{prompt.acknowledgement}\n\n" if getattr(prompt, "acknowledgement", None) else ""
        self.query_one("#prompt", Static).update(cue + prompt.text)  # a listening cue, then the question
        self._progress()
        c = self.controller
        if self.voice.prompt_id == prompt.prompt_id:
            self._save_draft()  # the same question again (other words): keep what was typed
        turn = next((t for t in c.view().turns if t.prompt_id == prompt.prompt_id), None)
        unanswered = turn is not None and turn.answer_ended is None
        takes = takes_of(turn, c.session.folder) if unanswered else []
        self.voice.reset(prompt.prompt_id, prompt.text, takes)
        self._corrected = unanswered and bool(turn.corrections)
        box = self.query_one("#answer", AnswerBox)
        self._set_box(box_text(c.session.events, prompt.prompt_id) if unanswered else "")
        box.read_only = False
        box.focus()
        self._send_anyway = False
        if self.voice.waiting:
            self._status("Your recording was kept. Turning it into text…")
        elif box.text:
            self._status("This is what you had said so far. Carry on, correct it, or press Enter to send.")
        else:
            self._status(TYPE_HINT)

    def _progress(self) -> None:
        """Where the participant is: theme and question x of y, minutes so far of those planned."""
        from interviewer.tui.progress import progress_line

        c = self.controller
        self.query_one("#progress", Static).update(progress_line(c.guide, self.step, c.elapsed()))

    def _set_box(self, text: str) -> None:
        """Put text in the answer box with the cursor at its end (a correction goes after it)."""
        box = self.query_one("#answer", AnswerBox)
        box.text = text
        box.move_cursor(box.document.end)
        self._saved = text

    def after(self, step) -> None:
        """Go on to `step`, first asking a pilot tester to rate the question just left."""
        from interviewer.tui.screens.rating import ask_rating, leaving_question

        leaving = self.question_id
        if self.pilot and leaving_question(step, leaving):
            self.question_id = None
            ask_rating(self.app, self.controller, leaving, lambda: self.show(step))
        else:
            self.show(step)

    def _status(self, text: str) -> None:
        self.query_one("#answer-status", Static).update(text)

    # -- answering ----------------------------------------------------------------------------

    @on(AnswerBox.Send)
    def action_send(self) -> None:
        """Send the answer (typed, spoken, or both, as corrected); Enter also ends a recording."""
        from interviewer.engine.steps import Prompt

        if not isinstance(self.step, Prompt):
            return
        voice, text = self.voice, self.query_one("#answer", AnswerBox).text.strip()
        if voice.state in ("starting", "recording"):
            self._finish_take()
            return
        if voice.state == "stopping" or (voice.waiting and not self._send_anyway):
            self._send_anyway = True
            self._status("Still turning your recording into text… press Enter again to send it as it is.")
            return
        if not voice.active() and not text:
            self._status("Type or speak an answer first — or press Ctrl+K to skip this question.")
            return
        if voice.active():
            step = self.controller.answer_takes(text, voice.active(), self._corrected)
        else:
            step = self.controller.answer(text, "typed")
        voice.sent()
        self.after(step)

    # -- pause, skip, stop --------------------------------------------------------------------

    def _ready(self) -> bool:
        from interviewer.engine.steps import Prompt

        return isinstance(self.step, Prompt) and self.voice.state not in ("starting", "stopping")

    def action_skip(self) -> None:
        """Skip this question; no reason needed."""
        if self._ready():
            if self.voice.state == "recording":
                self.voice.stop()  # the take is kept (and transcribed) with the skipped question
            self.voice.sent()
            self.after(self.controller.skip("participant"))

    def action_rephrase(self) -> None:
        """Ask the same question in other words (saying so when the guide has no other words)."""
        if self._ready() and self.voice.state != "recording":
            step = self.controller.rephrase()
            self.show(step)
            if getattr(step, "wording", None) == "repeat":
                self._status("There are no other words for this question. Answer it as you understand "
                             "it, or press Ctrl+K to skip it.")

    def action_need_break(self) -> None:
        """The participant needs a moment: the support step."""
        if self._ready() and self.voice.state != "recording":
            self.show(self.controller.need_break())

    def action_pause(self) -> None:
        """Pause until the participant carries on."""
        if not self._ready():
            return
        if self.voice.state == "recording":
            self.voice.stop()
        self.controller.pause()
        self.app.push_screen(self._paused_screen(), self._carry_on)

    def _paused_screen(self):
        from interviewer.tui.screens.dialogs import PausedScreen

        return PausedScreen()

    def _carry_on(self, _=None) -> None:
        step = self.controller.resume_interview()
        if step == self.step:
            return
        self.after(step)

    def _supported(self, choice: str) -> None:
        self._calm = choice == "stop"  # straight to a short closing screen, no look back
        step = self.controller.support(choice)
        if self.controller.interview.paused:
            self.app.push_screen(self._paused_screen(), self._carry_on)
        else:
            self.after(step)

    def action_stop(self) -> None:
        """Ask whether to stop (keeping the answers, or withdrawing them after one more question)."""
        from interviewer.tui.screens.dialogs import StopScreen, WithdrawScreen

        def stop(withdraw: bool) -> None:
            end = lambda: self.after(self.controller.stop(withdraw=withdraw))  # noqa: E731
            if self.voice.state in ("starting", "recording", "stopping"):
                self._when_stopped = end  # the take is closed and journalled before the microphone is
                self.voice.stop()
            else:
                end()

        def chosen(choice: str | None) -> None:
            if choice == "withdraw":
                c = self.controller
                self.app.push_screen(WithdrawScreen(c.code, c.guide.study.contact),
                                     lambda delete: stop(True) if delete else None)
            elif choice is not None:
                stop(False)

        self.app.push_screen(StopScreen(participant=True), chosen)

"""Self-interview: one prompt at a time, answered by voice or by typing; pause, skip, stop, one key each."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from interviewer.tui.messages import RecorderChanged, TranscriptReady
from interviewer.tui.voice import VoiceAnswer
from interviewer.tui.widgets.meter import LevelMeter

TYPE_HINT = "Type your answer and press Enter to send, or press Ctrl+R to speak it."


class AnswerBox(TextArea):
    """The answer being written; Enter sends it (answers are one paragraph)."""

    class Send(Message):
        """The participant pressed Enter."""

    async def _on_key(self, event) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Send())
            return
        await super()._on_key(event)


class SelfInterviewScreen(Screen):
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

    @property
    def pilot(self) -> bool:
        """True in a pilot rehearsal (rate each question)."""
        return str(self.controller.mode) == "pilot"

    def compose(self) -> ComposeResult:
        """Theme, the prompt (large), the answer box, the level meter and a status line."""
        yield Static(self.controller.guide.study.title, classes="screen-title", markup=False)
        with Vertical(id="prompt-area"):
            yield Static("", id="theme", classes="theme", markup=False)
            yield Static("", id="prompt", classes="prompt-text", markup=False)
        yield AnswerBox(id="answer", soft_wrap=True, show_line_numbers=False, placeholder=TYPE_HINT)
        yield LevelMeter(None, id="answer-meter")
        yield Static(TYPE_HINT, id="answer-status")
        yield Footer()

    def on_mount(self) -> None:
        """Show where the interview is (the first prompt, or where it stopped)."""
        app = self.app
        guide = self.controller.guide
        self.voice = VoiceAnswer(app.services.recorder, lambda: app.transcriber,
                                 self.controller.session.audio_dir, self.post_message,
                                 self.controller.elapsed, guide.study.language, guide.glossary)
        meter = self.query_one("#answer-meter", LevelMeter)
        meter.source, meter.display = app.services.recorder.level, False
        self.set_interval(0.25, self._tick)
        if self.controller.interview.paused:
            self.app.push_screen(self._paused_screen(), self._carry_on)
        else:
            self.show(self.controller.current_or_start())

    # -- showing steps ------------------------------------------------------------------------

    def show(self, step) -> None:
        """Render the engine's next step: a prompt, the support step, or the end."""
        from interviewer.engine.steps import End, Prompt

        self.step = step
        if isinstance(step, Prompt):
            self._show_prompt(step)
        elif isinstance(step, End):
            from interviewer.tui.screens.closing import finish

            finish(self.app, self.controller, step, self.pilot)
        else:
            from interviewer.tui.screens.support import SupportScreen

            self.app.push_screen(SupportScreen(step), self._supported)

    def _show_prompt(self, prompt) -> None:
        self.question_id = prompt.question_id
        gentle = "   This one is more personal: skip it with Ctrl+K if you prefer." if prompt.sensitive else ""
        self.query_one("#theme", Static).update(prompt.theme_title + gentle)
        self.query_one("#prompt", Static).update(prompt.text)
        box = self.query_one("#answer", AnswerBox)
        box.text, box.read_only = "", False
        box.focus()
        self.voice.reset(prompt.prompt_id, prompt.text)
        self._send_anyway = False
        self._status(TYPE_HINT)

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
        """Send the answer (typed, or the transcript as corrected)."""
        from interviewer.engine.steps import Prompt

        if not isinstance(self.step, Prompt):
            return
        voice, text = self.voice, self.query_one("#answer", AnswerBox).text.strip()
        if voice.state in ("starting", "recording"):
            voice.stop()
            self._status("Stopped. Turning your recording into text…")
            return
        if voice.state in ("stopping", "transcribing") and not self._send_anyway:
            self._send_anyway = True
            self._status("Still turning your recording into text… press Enter again to send it as it is.")
            return
        if voice.take is None and not text:
            self._status("Type or speak an answer first — or press Ctrl+K to skip this question.")
            return
        if voice.take is not None:
            step = self.controller.answer(text, "spoken", voice.take, voice.transcript)
        else:
            step = self.controller.answer(text, "typed")
        voice.sent()
        self.after(step)

    def action_record(self) -> None:
        """Start speaking, or stop; starting again records a new take."""
        voice = self.voice
        if voice.state in ("starting", "recording"):
            voice.stop()
            self._status("Stopped. Turning your recording into text…")
        elif voice.state in ("idle", "review"):
            voice.start()
            self.query_one("#answer", AnswerBox).read_only = True
            self._status("Getting the microphone ready…")

    def on_recorder_changed(self, message: RecorderChanged) -> None:
        """Reflect the recorder's state."""
        meter = self.query_one("#answer-meter", LevelMeter)
        box = self.query_one("#answer", AnswerBox)
        if message.state == "recording":
            self.voice.state = "recording"
            meter.display = True
            self._status("Listening… speak when you are ready. Ctrl+R (or a few seconds of quiet) stops.")
        elif message.state == "stopped":
            meter.display = False
            self.voice.recorded(message.take)
            self._status("Turning your recording into text…")
        else:
            meter.display = False
            self.voice.failed()
            box.read_only = False
            self._status(f"The microphone is not available ({message.error}). You can type your answer instead.")

    def on_transcript_ready(self, message: TranscriptReady) -> None:
        """Show what was heard so it can be corrected; record late transcripts of sent answers."""
        kind = self.voice.transcribed(message)
        if kind == "late" and message.event is not None:
            self.controller.record(message.event.model_copy(update={"elapsed": self.controller.elapsed()}))
        if kind != "current":
            return
        box = self.query_one("#answer", AnswerBox)
        box.read_only = False
        box.text = self.voice.heard
        box.focus()
        if message.error or message.event is None:
            self._status("Your recording is saved, but it could not be turned into text here. "
                         "Type it if you like, then press Enter (or Ctrl+R to record again).")
        elif not self.voice.heard:
            self._status("We could not hear any words. Press Ctrl+R to try again, or type your answer.")
        else:
            self._status("This is what we heard. Correct anything, then press Enter. Ctrl+R records again.")
        if self._send_anyway:
            self._send_anyway = False

    def _tick(self) -> None:
        if self.voice is not None and self.voice.tick():
            self.voice.stop()
            self._status("Stopped after a quiet moment. Turning your recording into text…")

    # -- pause, skip, stop --------------------------------------------------------------------

    def _ready(self) -> bool:
        from interviewer.engine.steps import Prompt

        return isinstance(self.step, Prompt) and self.voice.state not in ("starting", "stopping")

    def action_skip(self) -> None:
        """Skip this question; no reason needed."""
        if self._ready():
            self.voice.discard()
            self.after(self.controller.skip("participant"))

    def action_rephrase(self) -> None:
        """Ask the same question in other words."""
        if self._ready() and self.voice.state != "recording":
            self.show(self.controller.rephrase())

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
        step = self.controller.support(choice)
        if self.controller.interview.paused:
            self.app.push_screen(self._paused_screen(), self._carry_on)
        else:
            self.after(step)

    def action_stop(self) -> None:
        """Ask whether to stop (keeping or withdrawing the answers)."""
        from interviewer.tui.screens.dialogs import StopScreen

        def chosen(choice: str | None) -> None:
            if choice is not None:
                if self.voice.state == "recording":
                    self.voice.stop()
                self.after(self.controller.stop(withdraw=choice == "withdraw"))

        self.app.push_screen(StopScreen(participant=True), chosen)

"""The speaking half of the self-interview screen: takes recorded, finished, transcribed, drafts kept."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import TextArea

from interviewer.tui.messages import LiveHeard, RecorderChanged, TranscriptReady
from interviewer.tui.widgets.meter import LevelMeter

DRAFT_SECONDS = 1.0  # typing stopped this long: save the draft


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


class SpeakingMixin:
    """Record takes into the answer box of `SelfInterviewScreen` (which provides the widgets)."""

    def _transcribe_waiting(self) -> None:
        """Transcribe takes a closed window left without a transcript (earlier answers included)."""
        from interviewer.tui.takes import untranscribed

        folder = self.controller.session.folder
        for turn, take in untranscribed(self.controller.view()):
            self.voice.transcribe(folder / take.audio_file, take.audio_file,
                                  take.audio_start or 0.0, turn.prompt_id, turn.prompt_text)

    def _finish_take(self) -> None:
        self.voice.stop()
        self._status("Stopped. Turning your recording into text…")

    def action_record(self) -> None:
        """Start speaking, or stop; speaking again asks whether to replace or add to the answer."""
        from interviewer.tui.screens.dialogs import TakeChoiceScreen

        voice = self.voice
        if voice.state in ("starting", "recording"):
            self._finish_take()
        elif voice.state in ("idle", "review"):
            if voice.spoken:
                self.app.push_screen(TakeChoiceScreen(),
                                     lambda choice: choice is not None and self._record(choice == "replace"))
            else:
                self._record(False)

    def _record(self, replace: bool) -> None:
        """Keep what is in the box (nothing typed is lost), then start a new take."""
        box = self.query_one("#answer", AnswerBox)
        text, voice = box.text.strip(), self.voice
        if text and text != voice.joined():
            if voice.active():
                self.controller.correct(voice.prompt_id, text, "participant")
                self._corrected = True
            else:
                voice.keep_typed(text)
        if replace:
            self._set_box("")
        self._take_base, self._live_shown = box.text, False  # live text is shown after this
        voice.start(replace)
        box.read_only = True
        self._status("Getting the microphone ready…")

    def on_text_area_changed(self, event) -> None:
        """Save what is typed a moment after typing stops (restored if the window is closed)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_SECONDS, self._save_draft)

    def _save_draft(self) -> None:
        box = self.query_one("#answer", AnswerBox)
        if self.voice.prompt_id is None or box.read_only or box.text == self._saved:
            return
        self._saved = box.text
        self.controller.draft(self.voice.prompt_id, box.text)

    def on_recorder_changed(self, message: RecorderChanged) -> None:
        """Reflect the recorder's state."""
        meter = self.query_one("#answer-meter", LevelMeter)
        box = self.query_one("#answer", AnswerBox)
        if message.state == "recording":
            self.voice.began(message.take)  # stops it at once if that was asked for meanwhile
            if self.voice.state == "stopping":
                return
            meter.display = True
            self._status("Listening… take your time. Press Enter (or Ctrl+R) when you have finished.")
            return
        meter.display = False
        if message.state == "stopped":
            self.voice.recorded(message.take)
            self._status("Turning your recording into text…")
        else:
            self.voice.failed()
            if self._live_shown:  # what was heard is not an answer until it is transcribed
                self._live_shown = False
                self._set_box(self._take_base)
            box.read_only = False
            self._status(f"The microphone is not available ({message.error}). You can type your answer instead.")
        then, self._when_stopped = self._when_stopped, None
        if then is not None:
            then()

    def on_live_heard(self, message: LiveHeard) -> None:
        """Show what is heard of the take being recorded after what the box held before it."""
        rec = self.voice.recording
        if rec is None or rec.take != message.take or self.voice.state not in ("recording", "stopping"):
            return
        self._live_shown = True
        self._set_box(f"{self._take_base.rstrip()} {message.text}".strip())

    def on_transcript_ready(self, message: TranscriptReady) -> None:
        """Journal every transcript at once; show a take of this answer after what is in the box."""
        if message.event is not None:
            self.controller.record(message.event.model_copy(update={"elapsed": self.controller.elapsed()}))
        if self.voice.transcribed(message) != "current":
            return
        info = next((t for t in self.voice.takes if t.path is not None and t.path == message.job.path), None)
        box = self.query_one("#answer", AnswerBox)
        base = self._take_base if self._live_shown else box.text  # the live text gives way to the transcript
        self._live_shown = False
        if info is not None and not info.superseded and info.text:
            self._set_box(f"{base.rstrip()} {info.text}".strip())
        elif base != box.text:
            self._set_box(base)
        if self.voice.state in ("recording", "starting", "stopping"):
            return
        box.read_only = False
        box.focus()
        if message.error or message.event is None:
            self._status("Your recording is saved, but it could not be turned into text here. "
                         "Type it if you like, then press Enter (or Ctrl+R to record again).")
        elif info is not None and not info.text:
            self._status("We could not hear any words. Press Ctrl+R to try again, or type your answer.")
        else:
            self._status("This is what we heard. Correct anything, then press Enter. Ctrl+R records again.")
        self._send_anyway = False

    def _tick(self) -> None:
        if self.voice is not None and self.voice.tick():
            self._status("Have you finished? Press Enter when you are done — or just carry on, "
                         "we are still listening.")
        if self.step is not None and self.voice is not None and self.voice.prompt_id is not None:
            self._progress()

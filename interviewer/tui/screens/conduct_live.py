"""The conduct screen's ears: live transcription over the recording, marks, and what was heard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import Static


@dataclass
class Suggested(Message):
    """Probe suggestions recomputed for a question from what was heard."""

    question_id: str
    suggestions: list


@dataclass
class AnswerHeard(Message):
    """The live text of an answer is complete: record it, then (maybe) ask a chosen probe."""

    prompt_id: int
    then_probe: str | None = None


@dataclass
class Heard(Message):
    """New live text (a partial guess or an utterance's final text), or a transcription error."""

    text: Any | None = None
    error: str | None = None


class LiveHearing:
    """Owns the `LiveTranscriber` of one researcher-led interview; posts `Heard` to the screen."""

    def __init__(self, screen, controller):
        self.screen, self.controller = screen, controller
        self.live = None
        self.partial: dict[int, str] = {}  # prompt id -> the utterance in progress, guessed
        self.live_prompt = None  # the Prompt last marked as asked

    def start(self, recorder, transcriber) -> bool:
        """In the recorder's thread, once recording: listen to it (False when it cannot be tapped)."""
        tap_fn, engine_fn = getattr(recorder, "tap", None), getattr(transcriber, "live_engine", None)
        if tap_fn is None or engine_fn is None:
            return False
        from interviewer.live import LiveTranscriber

        guide, c = self.controller.guide, self.controller
        live = LiveTranscriber(
            engine_fn(), on_text=lambda t: self.screen.post_message(Heard(t)), journal=c.record,
            on_error=lambda exc: self.screen.post_message(Heard(error=str(exc))),
            language=guide.study.language, glossary=guide.glossary, clock=c.elapsed,
            audio_file=f"{c.session.audio_dir.name}/live",
        )
        tap = tap_fn()
        if tap is None:
            live.close()
            return False
        live.listen(tap)
        self.live = live
        return True

    def mark(self, prompt, own_probe: bool = False) -> None:
        """The researcher begins asking `prompt` (or a probe of their own): what follows is its answer."""
        from interviewer.live import asking_seconds

        self.live_prompt = prompt
        if self.live is not None:
            asking = 4.0 if own_probe else asking_seconds(prompt.text)
            self.live.mark(prompt.prompt_id, prompt.text, "participant", asking=asking)

    def heard(self, prompt_id: int | None) -> str:
        """The participant's words heard for a prompt, with the utterance in progress."""
        if self.live is None or prompt_id is None:
            return ""
        final = self.live.text_for(prompt_id, "participant")
        return " ".join(t for t in (final, self.partial.get(prompt_id, "")) if t)

    def on_text(self, text) -> None:
        """Keep the latest guess at the utterance in progress (a final replaces it)."""
        if text.prompt_id is None:
            return
        if text.kind == "partial" and text.speaker == "participant":
            self.partial[text.prompt_id] = text.text
        elif text.kind == "final":
            self.partial.pop(text.prompt_id, None)

    def finish(self, position: float | None) -> None:
        """Blocking (a worker thread): cut the utterance in progress and wait for every text."""
        if self.live is not None:
            self.live.finish(until=position)

    def stop(self) -> None:
        """Transcribe what is queued and stop (the recorder is closed first)."""
        if self.live is not None:
            self.live.close()


class ListeningMixin:
    """The conduct screen's handling of live text, probe suggestions and finishing an answer."""

    def on_heard(self, message: Heard) -> None:
        """Live text: show what the participant has said to the live prompt; re-rank the probes."""
        if message.error is not None:
            self.notify(f"Transcription: {message.error}", severity="warning", timeout=10)
            return
        self.hearing.on_text(message.text)
        live = self.hearing.live_prompt
        words = self.hearing.heard(live.prompt_id) if live is not None else ""
        self.query_one("#heard", Static).update(f"Heard: …{words[-200:]}" if words else "")
        if message.text.kind == "final":
            self._suggest()

    def _suggest(self) -> None:
        """Recompute the current question's probe suggestions from what was heard (in a thread)."""
        from interviewer.engine.suggest import suggest

        p = self._prompt()
        if p is None:
            return
        question = next(q for t in self.controller.guide.themes for q in t.questions if q.id == p.question_id)
        live = self.hearing.live_prompt
        heard = self.hearing.heard(live.prompt_id) if live is not None and live.question_id == p.question_id else ""
        notes = " ".join(self.notes.get(p.question_id, []))
        covered = frozenset(self.controller.interview.covered)
        asked = frozenset(self.asked_probes.get(p.question_id, set()))

        def work() -> None:
            self.post_message(Suggested(p.question_id, suggest(question, heard, notes, covered=covered, asked=asked)))

        self.run_worker(work, thread=True, group="suggest", exclusive=True, exit_on_error=False)

    def on_suggested(self, message: Suggested) -> None:
        """Show the suggestions, if they are still for the question on screen."""
        if (p := self._prompt()) is None or p.question_id != message.question_id:
            return
        self.suggestions = message.suggestions
        self.query_one("#probes", Static).update(self._probe_list())

    def _probe_list(self) -> Text:
        if not self.suggestions:
            return Text("This question has no other probes.", style="dim")
        out = Text("Probes for this question (press the number as you ask one):\n")
        for i, s in enumerate(self.suggestions[:9], 1):
            mark = "★ " if s.fit == "fits" else "  "
            style = {"fits": "bold", "choice": "", "not_yet": "dim"}[s.fit]
            out.append(f"{mark}{i} {s.text}  ({s.because})\n", style=style)
        return out

    def _show_live(self) -> None:
        live, p = self.hearing.live_prompt, self._prompt()
        if live is None:
            text = "Nothing asked yet: press a as you begin asking the question."
        else:
            kind = "probe" if live.kind == "probe" else "question"
            text = f"Listening for the answer to the {kind}: {live.text}"
            if p is not None and p.prompt_id != live.prompt_id:
                text += "\n(press a as you begin asking the one below)"
        self.query_one("#conduct-live", Static).update(text)

    def _finish_answer(self, prompt_id: int, then_probe: str | None = None) -> None:
        if self.hearing.live is None:
            self.post_message(AnswerHeard(prompt_id, then_probe))
            return
        self.finishing = True
        self._refresh_top()
        recorder = self.app.services.recorder

        def work() -> None:
            self.hearing.finish(recorder.recording_position())
            self.post_message(AnswerHeard(prompt_id, then_probe))

        self.run_worker(work, thread=True, group="finish", exit_on_error=False)

    def on_answer_heard(self, message: AnswerHeard) -> None:
        """Record the answer as heard, then go on (to the chosen probe, when it can be asked)."""
        self.finishing = False
        p = self._prompt()
        if p is None or p.prompt_id != message.prompt_id:
            return
        if self.hearing.live is not None:
            text, source = self.hearing.heard(p.prompt_id), "spoken"
        else:
            turn = next((t for t in reversed(self.controller.view().turns) if t.prompt_id == p.prompt_id), None)
            text, source = (turn.text if turn else ""), "researcher"
        step = self.controller.answer(text, source=source if text else "researcher")
        offered = {o.id for o in self.controller.offered_probes()}
        if message.then_probe is not None and message.then_probe in offered:
            self._ask_probe(message.then_probe)
        else:
            if message.then_probe is not None:
                self.notify("That probe cannot be asked now (the question's probe budget is used up)", timeout=5)
            self.after(step)


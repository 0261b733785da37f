"""One interview in progress: engine steps in, session events out, in order, off the UI thread.

Textual-free, so the screens stay thin and the flow can be tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from interviewer.events import (
    AnswerDraft,
    ConsentGiven,
    CorrectionEvent,
    Mode,
    NoteEvent,
    RatingEvent,
)
from interviewer.tui.writer import JournalWriter

Elapsed = Callable[[], float]


class InterviewController:
    """Wraps an engine `Interview` and an open `Session`; every event reaches the journal in order."""

    def __init__(self, guide, session, interview, elapsed: Elapsed | None = None,
                 on_error: Callable[[Exception], None] | None = None):
        self.guide = guide
        self.session = session
        self.interview = interview
        self.elapsed: Elapsed = elapsed or session.elapsed
        self.writer = JournalWriter(session.append, on_error)
        self.closed = False

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def create(cls, store, guide, guide_path, mode: Mode | str, *, elapsed: Elapsed | None = None,
               now: Callable | None = None, interviewer: str | None = None,
               on_error=None) -> InterviewController:
        """Create a new session and an interview over it (nothing asked yet)."""
        from interviewer.engine.interview import Interview

        session = store.create(guide, guide_path, Mode(mode), interviewer=interviewer, clock=now)
        clock = elapsed or session.elapsed
        return cls(guide, session, Interview(guide, Mode(mode), clock=clock), clock, on_error)

    @classmethod
    def resume(cls, store, code: str, *, elapsed: Elapsed | None = None, now: Callable | None = None,
               on_error=None) -> InterviewController:
        """Reopen an interrupted session and rebuild its interview from the journal."""
        from interviewer.engine.interview import Interview
        from interviewer.errors import SessionError

        session = store.open(code, clock=now)
        if session.guide is None:
            session.close()
            raise SessionError(f"session {code}: its copy of the guide is missing, so it cannot be resumed")
        clock = elapsed or session.elapsed
        try:
            interview = Interview.replay(session.guide, session.events, clock=clock)
        except BaseException:
            session.close()
            raise
        return cls(session.guide, session, interview, clock, on_error)

    # -- reading ------------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """The participant code."""
        return self.session.code

    @property
    def mode(self) -> Mode:
        """Who runs the interview."""
        return self.interview.mode

    @property
    def step(self):
        """The step being shown."""
        return self.interview.current

    @property
    def consented(self) -> bool:
        """True once consent was recorded."""
        return any(isinstance(e, ConsentGiven) for e in self.session.events)

    def view(self):
        """The session view once everything queued is written."""
        self.writer.flush()
        return self.session.view

    # -- engine actions (each returns the next step) -------------------------------------------

    def _run(self, fn: Callable, *args, **kwargs):
        result = fn(*args, **kwargs)
        for event in self.interview.drain_events():
            self.writer.put(event)
        return result

    def start(self):
        """Ask the first prompt."""
        return self._run(self.interview.start)

    def current_or_start(self):
        """The step to show now: the current one after a resume, else the first prompt."""
        return self.step if self.step is not None else self.start()

    def answer(self, text: str, source: str = "typed", take=None, transcript=None):
        """Answer the current prompt; a spoken answer keeps its transcript, a changed one a correction."""
        prompt_id = self.step.prompt_id
        audio = None
        if take is not None:
            audio = {"audio_file": take.audio_file, "started": take.started}
            if take.start is not None:
                audio.update(audio_start=take.start, audio_end=take.end)
        step = self._run(self.interview.answer, text, source=source, audio=audio)
        if transcript is not None:
            self.record(transcript.model_copy(update={"prompt_id": prompt_id, "elapsed": self.elapsed()}))
            heard = " ".join(s.text.strip() for s in transcript.segments if s.text.strip())
            if text.strip() != heard.strip():
                self.correct(prompt_id, text, "participant")
        return step

    def answer_takes(self, text: str, takes: list, corrected: bool = False):
        """Answer the current prompt with the takes it is made of (journalled as they started).

        The takes give the original text; what the participant sends, if different (or once
        they corrected it along the way), is kept beside it as a correction.
        """
        prompt_id = self.step.prompt_id
        spoken = [t for t in takes if t.kind == "spoken"]
        audio = {"started": takes[0].started} if takes else {}
        if spoken:
            audio.update(audio_file=spoken[0].audio_file, audio_start=spoken[0].start, audio_end=spoken[-1].end)
        step = self._run(self.interview.answer, text, source="spoken" if spoken else "typed", audio=audio)
        joined = " ".join(t.text.strip() for t in takes if t.text.strip())
        if corrected or text.strip() != joined:
            self.correct(prompt_id, text, "participant")
        return step

    def skip(self, by: str = "participant"):
        """Skip the current prompt."""
        return self._run(self.interview.skip, by)

    def repeat(self):
        """Ask the current prompt again."""
        return self._run(self.interview.repeat)

    def rephrase(self):
        """Ask the current prompt in other words."""
        return self._run(self.interview.rephrase)

    def pause(self) -> None:
        """Pause the interview."""
        self._run(self.interview.pause)

    def resume_interview(self):
        """Resume after a pause; return the step to show."""
        return self._run(self.interview.resume)

    def need_break(self):
        """The participant asked for a break: the engine's support step or a pause."""
        return self._run(self.interview.need_break)

    def support(self, choice: str):
        """Act on a support-step choice."""
        return self._run(self.interview.support, choice)

    def offered_probes(self) -> list:
        """Probes the researcher may choose now."""
        return self.interview.offered_probes()

    def choose_probe(self, probe_id: str):
        """Ask a probe the researcher chose."""
        return self._run(self.interview.choose_probe, probe_id)

    def note(self, text: str, label: str | None = None) -> None:
        """Log a researcher's note against the current question."""
        self._run(self.interview.note, text, label)

    def stop(self, withdraw: bool = False):
        """End the interview now."""
        return self._run(self.interview.stop, withdraw)

    # -- events the engine does not make ------------------------------------------------------

    def record(self, event: Any) -> None:
        """Append any event (recorder segments, gaps, transcripts) after those queued so far."""
        self.writer.put(event)

    def give_consent(self, answers: dict[str, bool]) -> None:
        """Record which consent statements were agreed to."""
        agreed = [k for k, v in answers.items() if v]
        declined = [k for k, v in answers.items() if not v]
        self.record(ConsentGiven(elapsed=self.elapsed(), agreed=agreed, declined=declined,
                                 consent_hash=self.guide.consent_hash))

    def marker(self, label: str, text: str = "", question_id: str | None = None) -> None:
        """A time-stamped marker: question asked, probe asked, bookmark."""
        step = self.step
        qid = question_id or getattr(step, "question_id", None)
        self.record(NoteEvent(elapsed=self.elapsed(), type="marker", label=label, text=text, question_id=qid))

    def rate(self, question_id: str, clarity: int | None, relevance: int | None, comment: str = "") -> None:
        """A pilot tester's rating of a question."""
        self.record(RatingEvent(elapsed=self.elapsed(), question_id=question_id, clarity=clarity,
                                relevance=relevance, comment=comment))

    def correct(self, prompt_id: int, text: str, by: str = "participant") -> None:
        """A corrected answer text, kept beside the original."""
        self.record(CorrectionEvent(elapsed=self.elapsed(), prompt_id=prompt_id, text=text, by=by))

    def draft(self, prompt_id: int, text: str) -> None:
        """Text typed but not sent yet, so a closed window does not lose it."""
        self.record(AnswerDraft(elapsed=self.elapsed(), prompt_id=prompt_id, text=text))

    # -- closing ------------------------------------------------------------------------------

    def close(self, reason: str | None = None) -> None:
        """Write everything and close the session (no reason: it stays resumable)."""
        if self.closed:
            return
        self.closed = True
        self.writer.call(lambda: self.session.close(reason))
        self.writer.close()

    def suspend(self) -> None:
        """Leave the session resumable (quit, Ctrl+C): everything answered is already on disk."""
        self.close(None)

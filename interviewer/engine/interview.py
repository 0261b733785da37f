"""The conductor: one interview over a guide, driven by calls, logging every event with its reason."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping

from pydantic import ValidationError

from interviewer.engine import reasons
from interviewer.engine.choice import ChoiceMixin
from interviewer.engine.navigator import Ask, Navigator
from interviewer.engine.plan import Plan
from interviewer.engine.state import InterviewState
from interviewer.engine.steps import End, Prompt, Step, SupportStep
from interviewer.engine.support import SupportMixin
from interviewer.errors import EngineError, SessionError
from interviewer.events import (
    AnswerEvent,
    BaseEvent,
    CoverageEvent,
    DistressEvent,
    Mode,
    NoteEvent,
    PauseEvent,
    PromptEvent,
    SessionEnded,
    SkipEvent,
)
from interviewer.guide.model import Guide

Clock = Callable[[], float]
AUDIO_FIELDS = ("audio_file", "audio_start", "audio_end", "started")


def monotonic_clock(offset: float = 0.0) -> Clock:
    """Return a clock giving seconds since now (plus offset), from time.monotonic."""
    t0 = time.monotonic()
    return lambda: offset + time.monotonic() - t0


class Interview(SupportMixin, ChoiceMixin):
    """A deterministic semi-structured interview: the same guide and inputs give the same events."""

    def __init__(self, guide: Guide, mode: Mode = Mode.SELF, clock: Clock | None = None):
        self.guide = guide
        self._plan = Plan(guide)
        self._nav = Navigator(self._plan)
        self._clock = clock or monotonic_clock()
        self._state = InterviewState(guide_hash=guide.content_hash, mode=Mode(mode))

    # -- reading ---------------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        """Who is running the interview."""
        return self._state.mode

    @property
    def current(self) -> Step | None:
        """The step being shown (None before start; while paused, the step shown before)."""
        return self._state.current

    @property
    def covered(self) -> frozenset[str]:
        """The topic ids the participant has covered so far."""
        return frozenset(self._state.covered)

    @property
    def paused(self) -> bool:
        """Whether the interview is paused."""
        return self._state.paused

    @property
    def events(self) -> list[BaseEvent]:
        """The complete ordered event log."""
        return list(self._state.events)

    def drain_events(self) -> list[BaseEvent]:
        """Return the events logged since the last drain (for the session journal to append)."""
        new = self._state.events[self._state.drained :]
        self._state.drained = len(self._state.events)
        return list(new)

    def state(self) -> InterviewState:
        """Return a copy of the complete state (save it with `.model_dump_json()`)."""
        return self._state.model_copy(deep=True)

    @classmethod
    def restore(
        cls, guide: Guide, state: InterviewState | Mapping | str, clock: Clock | None = None
    ) -> Interview:
        """Rebuild an interview from a saved state; it continues exactly as the original would."""
        try:
            if isinstance(state, str):
                state = InterviewState.model_validate_json(state)
            elif not isinstance(state, InterviewState):
                state = InterviewState.model_validate(state)
        except ValidationError as exc:
            raise SessionError(f"saved interview state is invalid: {exc.errors()[0]['msg']}") from None
        if state.guide_hash != guide.content_hash:
            raise SessionError("saved interview state belongs to a different version of the guide")
        iv = cls(guide, state.mode, clock or monotonic_clock(state.last_elapsed))
        iv._state = state.model_copy(deep=True)
        return iv

    @classmethod
    def replay(
        cls, guide: Guide, events: Iterable[BaseEvent], clock: Clock | None = None, mode: Mode | None = None
    ) -> Interview:
        """Rebuild an interview by feeding a journal's inputs again (checks every engine event).

        The mode defaults to the journal's SessionStarted event's, else self-interview; the
        default clock continues from the last event's elapsed time.
        """
        from interviewer.engine.replay import mode_of, replay

        events = list(events)
        iv = replay(cls(guide, mode or mode_of(events) or Mode.SELF, clock), events)
        if clock is None:
            iv._clock = monotonic_clock(iv._state.last_elapsed)
        return iv

    # -- acting ----------------------------------------------------------------------------

    def start(self, *, elapsed: float | None = None) -> Step:
        """Begin the interview and return the first prompt."""
        if self._state.current is not None:
            raise EngineError("the interview has already started")
        now = self._now(elapsed)
        return self._deliver(self._nav.first(self._state, now, self._log), now)

    def answer(
        self,
        text: str,
        *,
        elapsed: float | None = None,
        source: str = "typed",
        audio: Mapping | None = None,
    ) -> Step:
        """Record the answer to the current prompt and return the next step."""
        prompt = self._require_prompt("answer")
        st = self._state
        now = self._now(elapsed)
        extra = dict(audio or {})
        unknown = sorted(set(extra) - set(AUDIO_FIELDS))
        if unknown:
            raise EngineError(f"unknown answer audio field(s): {', '.join(unknown)}")
        try:
            event = AnswerEvent(elapsed=now, prompt_id=prompt.prompt_id, text=text, source=source, **extra)
        except ValidationError as exc:
            raise EngineError(f"invalid answer: {exc.errors()[0]['msg']}") from None
        self._log(event)
        st.answers.setdefault(prompt.question_id, []).append(text)
        st.last_answer = text
        analysed = self._plan.matcher.analyse(text)
        self._nav.memory.add(prompt.question_id, analysed)
        new = self._plan.topics_in(analysed, set(st.covered))
        if new:
            st.covered.extend(new)
            self._log(CoverageEvent(elapsed=now, prompt_id=prompt.prompt_id, topics=new))
        st.checkpoint = st.position.clone()
        if self._plan.distress.fires(analysed):
            self._log(DistressEvent(elapsed=now, question_id=prompt.question_id, trigger="phrase"))
            return self._open_support("decide", "phrase", prompt.question_id)
        ask = self._nav.after_answer(st, now, self._log)
        # Only here, straight after an answer: never after a skip or a support step.
        return self._deliver(self._nav.acknowledge(st, ask) if ask else None, now)

    def skip(self, by: str = "participant", *, elapsed: float | None = None) -> Step:
        """Skip the current prompt (a main question takes its probes with it)."""
        prompt = self._require_prompt("skip")
        if by not in ("participant", "researcher"):
            raise EngineError(f"a skip is by 'participant' or 'researcher', not {by!r}")
        st = self._state
        now = self._now(elapsed)
        reason = reasons.skipped_by(by)
        self._log(
            SkipEvent(
                elapsed=now, question_id=prompt.question_id, probe_id=prompt.probe_id, by=by, reason=reason
            )
        )
        if prompt.kind == "question":
            st.checkpoint = None
            return self._deliver(self._nav.after_question_skip(st, now, self._log), now)
        st.checkpoint = st.position.clone()
        return self._deliver(self._nav.after_answer(st, now, self._log), now)

    def repeat(self, *, elapsed: float | None = None) -> Step:
        """Ask the current prompt again, word for word."""
        prompt = self._require_prompt("repeat")
        return self._reissue(prompt, prompt.text, "repeat", reasons.REPEATED, self._now(elapsed))

    def rephrase(self, *, elapsed: float | None = None) -> Step:
        """Ask the current prompt in the guide's alternative wording (or again, saying there is none)."""
        prompt = self._require_prompt("rephrase")
        now = self._now(elapsed)
        alternative = None
        if prompt.kind == "question":
            alternative = self._plan.by_question[prompt.question_id].question.alternative
        if alternative is None:
            return self._reissue(prompt, prompt.text, "repeat", reasons.NO_ALTERNATIVE, now)
        return self._reissue(prompt, alternative, "alternative", reasons.REPHRASED, now)

    def pause(self, *, elapsed: float | None = None) -> None:
        """Pause the interview (nothing can be answered until resume)."""
        self._require_live("pause")
        if not self._state.paused:
            self._log(PauseEvent(elapsed=self._now(elapsed), type="pause"))
            self._state.paused = True

    def resume(self, *, elapsed: float | None = None) -> Step:
        """Resume after a pause and return the step to show (after a support pause: the next prompt)."""
        self._require_live("resume")
        st = self._state
        if not st.paused:
            return st.current
        now = self._now(elapsed)
        self._log(PauseEvent(elapsed=now, type="resume"))
        st.paused = False
        if st.support is not None and not st.support_open:
            return self._continue(now)
        return st.current

    def note(self, text: str, label: str | None = None, *, elapsed: float | None = None) -> None:
        """Log a researcher's note or marker against the current question."""
        current = self._state.current
        qid = current.question_id if isinstance(current, (Prompt, SupportStep)) else None
        self._log(NoteEvent(elapsed=self._now(elapsed), type="note", text=text, label=label, question_id=qid))

    def stop(self, withdraw: bool = False, *, elapsed: float | None = None) -> End:
        """End the interview now: stopped, or withdrawn by the participant."""
        if isinstance(self._state.current, End):
            return self._state.current
        return self._end("withdrawn" if withdraw else "stopped", self._now(elapsed))

    # -- internals -------------------------------------------------------------------------

    def _now(self, elapsed: float | None) -> float:
        now = float(self._clock() if elapsed is None else elapsed)
        # Checked before anything changes: an event with a bad time would leave the state half-updated.
        if not (math.isfinite(now) and now >= 0):
            raise EngineError(f"elapsed time must be a finite number of seconds, zero or more, not {now!r}")
        self._state.last_elapsed = now
        return now

    def _log(self, event: BaseEvent) -> None:
        self._state.events.append(event)

    def _require_live(self, action: str) -> None:
        current = self._state.current
        if current is None:
            raise EngineError(f"cannot {action}: the interview has not started")
        if isinstance(current, End):
            raise EngineError(f"cannot {action}: the interview has ended ({current.reason})")

    def _require_prompt(self, action: str) -> Prompt:
        self._require_live(action)
        st = self._state
        if st.paused:
            raise EngineError(f"cannot {action}: the interview is paused (resume first)")
        if not isinstance(st.current, Prompt):
            raise EngineError(
                f"cannot {action}: a support step is open (choose {', '.join(st.current.options)})"
            )
        return st.current

    def _deliver(self, ask: Ask | None, now: float) -> Step:
        if ask is None:
            return self._end("completed", now)
        self._state.prompt_seq += 1
        prompt = ask.prompt(self._state.prompt_seq)
        return self._show(prompt, now)

    def _reissue(self, prompt: Prompt, text: str, wording: str, reason: str, now: float) -> Prompt:
        update = {"text": text, "wording": wording, "reason": reason, "acknowledgement": None}
        return self._show(prompt.model_copy(update=update), now)

    def _show(self, prompt: Prompt, now: float) -> Prompt:
        fields = prompt.model_dump(include=set(PromptEvent.model_fields) - {"type"})
        self._log(PromptEvent(elapsed=now, **fields))
        self._state.current = prompt
        return prompt

    def _end(self, reason: str, now: float) -> End:
        st = self._state
        self._log(SessionEnded(elapsed=now, reason=reason))
        st.current = End(reason=reason)
        st.support, st.support_open, st.held, st.paused, st.checkpoint = None, False, None, False, None
        return st.current

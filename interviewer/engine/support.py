"""The distress protocol's half of the interview: the support step and what each choice does."""

from __future__ import annotations

from interviewer.engine import reasons
from interviewer.engine.steps import (
    BREAK_ACKNOWLEDGEMENT,
    DEFAULT_ACKNOWLEDGEMENT,
    SUPPORT_OPTIONS,
    Step,
    SupportStep,
)
from interviewer.errors import EngineError
from interviewer.events import DistressEvent, PauseEvent, SkipEvent, SupportChoice


class SupportMixin:
    """Support-step methods of Interview (uses its state, navigator and logging)."""

    def need_break(self, *, elapsed: float | None = None) -> Step:
        """The participant asked for a break: show the support step instead of the prompt."""
        st = self._state
        if st.support_open and not st.paused:
            return st.current
        prompt = self._require_prompt("take a break")
        now = self._now(elapsed)
        self._log(DistressEvent(elapsed=now, question_id=prompt.question_id, trigger="signal"))
        st.held = prompt
        return self._open_support("again", "signal", prompt.question_id)

    def support(self, choice: str, *, elapsed: float | None = None) -> Step:
        """Act on the participant's choice at the support step (there is no default)."""
        self._require_live("choose at the support step")
        st = self._state
        if not st.support_open:
            raise EngineError("no support step is open")
        if st.paused:
            raise EngineError("cannot choose at the support step: the interview is paused (resume first)")
        if choice not in SUPPORT_OPTIONS:
            raise EngineError(f"support choice must be one of {', '.join(SUPPORT_OPTIONS)}, not {choice!r}")
        now = self._now(elapsed)
        self._log(SupportChoice(elapsed=now, choice=choice))
        st.support_open = False
        if choice == "stop":
            return self._end("stopped", now)
        if choice == "pause":
            self._log(PauseEvent(elapsed=now, type="pause"))
            st.paused = True
            return st.current
        if choice == "skip_topic":
            return self._skip_topic(now)
        return self._continue(now)

    def _open_support(self, then: str, trigger: str, question_id: str | None) -> SupportStep:
        st = self._state
        if trigger == "phrase":
            ack = self.guide.distress.acknowledgement or DEFAULT_ACKNOWLEDGEMENT
        else:
            ack = BREAK_ACKNOWLEDGEMENT
        step = SupportStep(
            acknowledgement=ack, resources=list(self.guide.support), question_id=question_id, trigger=trigger
        )
        st.support, st.support_open, st.current = then, True, step
        return step

    def _continue(self, now: float) -> Step:
        """Carry on as if the support step had not happened."""
        st = self._state
        then, held = st.support, st.held
        st.support, st.held = None, None
        if then == "again":
            return self._reissue(held, held.text, "repeat", reasons.AFTER_SUPPORT, now)
        return self._deliver(self._nav.after_answer(st, now, self._log), now)

    def _skip_topic(self, now: float) -> Step:
        """Skip the rest of the current theme, then go on with the next theme."""
        st = self._state
        held = st.held
        st.support, st.held, st.checkpoint = None, None, None
        pos = st.position
        theme = self._plan.slots[pos.question].theme
        why = reasons.skip_topic(theme.id)
        if held is not None:
            self._log(
                SkipEvent(
                    elapsed=now,
                    question_id=held.question_id,
                    probe_id=held.probe_id,
                    by="participant",
                    reason=why,
                )
            )
        first, end = self._plan.theme_first[theme.id], self._plan.theme_end[theme.id]
        for slot in self._plan.slots[first:end]:
            if slot.question.id not in pos.done:
                self._log(SkipEvent(elapsed=now, question_id=slot.question.id, by="participant", reason=why))
                pos.done[slot.question.id] = "skipped"
        ask = self._nav.advance(st, end, now, self._log, reasons.after_skip_topic(theme.id))
        return self._deliver(ask, now)

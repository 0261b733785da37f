"""Interviewer's choice: the researcher asks a probe of their own choosing instead of the next prompt.

The probes offered are those of the last answered question not yet asked, whose topic is not
covered, while the question's and theme's budgets allow one more. Choosing one sets the pending
prompt aside (logged as a marker) and rewinds the decision to just after that answer, so the
set-aside prompt can still come later.
"""

from __future__ import annotations

from interviewer.engine import reasons
from interviewer.engine.steps import Prompt, Step
from interviewer.errors import EngineError
from interviewer.events import NoteEvent
from interviewer.guide.model import Probe


class ChoiceMixin:
    """Interviewer's-choice methods of Interview (uses its state, navigator and logging)."""

    def offered_probes(self) -> list[Probe]:
        """Return the probes the researcher may ask now, for the last answered question."""
        st = self._state
        if not isinstance(st.current, Prompt) or st.paused:
            return []
        exclude = st.current.probe_id if st.current.kind == "probe" else None
        return self._nav.offered(st, exclude)

    def choose_probe(self, probe_id: str, *, elapsed: float | None = None) -> Step:
        """Ask the researcher's chosen probe instead of the pending prompt."""
        prompt = self._require_prompt("choose a probe")
        offered = {p.id: p for p in self.offered_probes()}
        if probe_id not in offered:
            names = ", ".join(offered) or "none"
            raise EngineError(f"probe '{probe_id}' cannot be chosen now (offered: {names})")
        st = self._state
        now = self._now(elapsed)
        st.position = st.checkpoint.clone()
        slot = self._plan.slots[st.position.question]
        text = reasons.set_aside(probe_id, prompt.prompt_id)
        marker = NoteEvent(
            elapsed=now, type="marker", label=reasons.CHOICE_LABEL, text=text, question_id=slot.question.id
        )
        self._log(marker)
        ask = self._nav.ask_probe(st, slot, offered[probe_id], reasons.chosen(probe_id))
        return self._deliver(ask, now)

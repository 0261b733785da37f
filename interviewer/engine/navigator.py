"""Deciding what to ask next: probes by trigger and budget, coverage, branches, time drops."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from interviewer.engine.conditions import WHERE, Context, evaluate, verdict
from interviewer.engine.memory import Memory
from interviewer.engine.plan import END, Plan, Slot
from interviewer.engine.state import InterviewState
from interviewer.engine.steps import Prompt
from interviewer.engine.timing import Timing
from interviewer.engine.wording import acknowledgement, needs_quote, probe_text
from interviewer.events import BaseEvent, BranchEvent, DropEvent, SkipEvent
from interviewer.guide.model import CoveredAction, Probe, Scope

FIRST_QUESTION = "first main question"
NEXT_QUESTION = "next main question"

Log = Callable[[BaseEvent], None]


@dataclass(frozen=True, slots=True)
class Ask:
    """A decision to ask a main question (probe None) or a probe, with why."""

    slot: Slot
    probe: Probe | None
    reason: str
    touched: bool = False
    text: str | None = None
    acknowledgement: str | None = None

    def prompt(self, prompt_id: int) -> Prompt:
        """Return the prompt for this decision, numbered."""
        q, probe = self.slot.question, self.probe
        return Prompt(
            prompt_id=prompt_id,
            kind="probe" if probe else "question",
            theme_id=self.slot.theme.id,
            theme_title=self.slot.theme.title,
            question_id=q.id,
            probe_id=probe.id if probe else None,
            probe_kind=str(probe.kind) if probe else None,
            text=self.text or (probe.text if probe else q.text),
            reason=self.reason,
            acknowledgement=self.acknowledgement,
            already_touched=self.touched,
            sensitive=q.sensitive,
            note=probe.note if probe else q.note,
        )


class Navigator:
    """Makes every routing decision from the guide and the state, logging each with its reason."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.timing = Timing(plan)
        self.memory = Memory(plan.matcher)

    def first(self, st: InterviewState, elapsed: float, log: Log) -> Ask | None:
        """Return the first main question (None when everything is dropped or skipped)."""
        return self.advance(st, 0, elapsed, log, FIRST_QUESTION)

    def after_answer(self, st: InterviewState, elapsed: float, log: Log) -> Ask | None:
        """Return the next probe of the question under way, or close it and move on."""
        ask = self._next_probe(st, elapsed, log)
        return ask if ask is not None else self._close(st, elapsed, log)

    def after_question_skip(self, st: InterviewState, elapsed: float, log: Log) -> Ask | None:
        """Move on from a skipped main question (its probes and branches are not considered)."""
        return self.advance(st, st.position.question + 1, elapsed, log, NEXT_QUESTION)

    def ask_probe(
        self, st: InterviewState, slot: Slot, probe: Probe, reason: str, text: str | None = None
    ) -> Ask:
        """Record a probe as asked (counting towards both budgets) and return the decision."""
        pos = st.position
        pos.probes_asked.setdefault(slot.question.id, []).append(probe.id)
        pos.theme_probes[slot.theme.id] = pos.theme_probes.get(slot.theme.id, 0) + 1
        return Ask(slot, probe, reason, text=text if text is not None else probe_text(probe, None))

    def acknowledge(self, st: InterviewState, ask: Ask) -> Ask:
        """Add the guide's next listening cue to a main question asked right after an answer."""
        if ask.probe is not None or not st.last_answer.strip():
            return ask
        cue = acknowledgement(st, self.plan.guide.settings.acknowledgements, ask.slot.theme.id)
        return replace(ask, acknowledgement=cue) if cue else ask

    def budget_left(self, st: InterviewState, slot: Slot) -> bool:
        """Return True while both the question's and the theme's probe budgets allow another."""
        pos = st.position
        if len(pos.probes_asked.get(slot.question.id, [])) >= self.plan.probe_budget(slot):
            return False
        theme_budget = self.plan.theme_budget(slot)
        return theme_budget is None or pos.theme_probes.get(slot.theme.id, 0) < theme_budget

    def context(self, st: InterviewState, slot: Slot, branch: bool = False) -> Context:
        """Return the evaluation context on a question: its latest answer, the interview's memory, coverage."""
        self.memory.sync(st.answers)
        qid = slot.question.id
        if branch:
            given = self.memory.question(qid)
            answer = given[-1] if given else self.plan.matcher.analyse("")
        else:
            answer = self.plan.matcher.analyse(st.last_answer)
        return Context(
            answer,
            frozenset(st.covered),
            self.plan.matcher,
            self.memory,
            qid,
            self.plan.guide.topics,
            Scope.QUESTION if branch else None,
        )

    def already_given(self, ctx: Context, probe: Probe) -> str | None:
        """Return why a probe's content was already given anywhere in the interview, or None."""
        if probe.topic is not None and probe.topic in ctx.covered:
            return f"topic '{probe.topic}' already covered"
        if probe.covers:
            hit = ctx.first_said(Scope.INTERVIEW, probe.covers)
            if hit is not None:
                return f"already said {WHERE[Scope.INTERVIEW]}: '{hit[0]}' (\"{hit[1]}\")"
        return None

    def _next_probe(self, st: InterviewState, elapsed: float, log: Log) -> Ask | None:
        pos = st.position
        slot = self.plan.slots[pos.question]
        probes = slot.question.probes
        ctx = None
        while pos.probe_next < len(probes) and self.budget_left(st, slot):
            probe = probes[pos.probe_next]
            pos.probe_next += 1
            if probe.id in pos.probes_asked.get(slot.question.id, []):
                continue
            ctx = ctx or self.context(st, slot)
            fired, why, quote = verdict(probe.when, ctx)
            if not fired:
                continue
            qid = slot.question.id
            given = self.already_given(ctx, probe)
            text = probe_text(probe, quote)
            if given is not None or text is None:
                detail = given or "nothing to quote for {match} and no fallback text"
                reason = f"probe '{probe.id}' not asked: {detail}"
                log(
                    SkipEvent(elapsed=elapsed, question_id=qid, probe_id=probe.id, by="engine", reason=reason)
                )
                continue
            pressure = self.timing.pressure(slot, pos.theme_started.get(slot.theme.id), elapsed)
            dropped = self.timing.drop_probe(pressure, slot)
            if dropped:
                reason = f"probe '{probe.id}' dropped: {dropped}"
                log(DropEvent(elapsed=elapsed, question_id=qid, probe_id=probe.id, reason=reason))
                continue
            return self.ask_probe(st, slot, probe, f"probe '{probe.id}' fired: {why}", text)
        return None

    def _close(self, st: InterviewState, elapsed: float, log: Log) -> Ask | None:
        slot = self.plan.slots[st.position.question]
        q = slot.question
        if q.branches:
            ctx = self.context(st, slot, branch=True)
            for branch in q.branches:
                fired, why = evaluate(branch.when, ctx)
                if not fired:
                    continue
                log(BranchEvent(elapsed=elapsed, from_question=q.id, to=branch.goto, reason=why))
                target = self.plan.target(branch.goto)
                if branch.goto == END or target is None:
                    return None
                return self.advance(st, target, elapsed, log, f"branch from {q.id}: {why}")
        return self.advance(st, slot.index + 1, elapsed, log, NEXT_QUESTION)

    def advance(self, st: InterviewState, index: int, elapsed: float, log: Log, reason: str) -> Ask | None:
        """Return the first askable main question from `index` on, logging each one passed over."""
        pos = st.position
        while index < len(self.plan.slots):
            slot = self.plan.slots[index]
            q = slot.question
            index += 1
            if q.id in pos.done:
                why = f"already {pos.done[q.id]} earlier; a main question is never asked twice"
                log(SkipEvent(elapsed=elapsed, question_id=q.id, by="engine", reason=why))
                reason = NEXT_QUESTION
                continue
            pressure = self.timing.pressure(slot, pos.theme_started.get(slot.theme.id), elapsed)
            dropped = self.timing.drop_question(pressure, slot)
            if dropped:
                log(
                    DropEvent(
                        elapsed=elapsed, question_id=q.id, reason=f"optional question dropped: {dropped}"
                    )
                )
                pos.done[q.id] = "dropped"
                reason = NEXT_QUESTION
                continue
            touched = False
            if q.covers and all(t in st.covered for t in q.covers):
                topics = ", ".join(f"'{t}'" for t in q.covers)
                action = q.if_covered or self.plan.guide.settings.if_covered
                if action == CoveredAction.SKIP:
                    why = f"already covered: topics {topics} came up earlier"
                    log(SkipEvent(elapsed=elapsed, question_id=q.id, by="engine", reason=why))
                    pos.done[q.id] = "skipped"
                    reason = NEXT_QUESTION
                    continue
                if action == CoveredAction.MARK:
                    touched = True
                    reason = f"{reason}; already touched on: topics {topics} covered earlier"
            pos.question, pos.probe_next = slot.index, 0
            pos.done[q.id] = "asked"
            pos.theme_started.setdefault(slot.theme.id, elapsed)
            return Ask(slot, None, reason, touched)
        return None

    def offered(self, st: InterviewState, exclude: str | None = None) -> list[Probe]:
        """Return the probes the researcher may still choose after the last answer, in guide order."""
        checkpoint = st.checkpoint
        if checkpoint is None or checkpoint.question is None:
            return []
        slot = self.plan.slots[checkpoint.question]
        saved, st.position = st.position, checkpoint
        try:
            if not self.budget_left(st, slot):
                return []
            asked = set(checkpoint.probes_asked.get(slot.question.id, []))
            ctx = self.context(st, slot)
            return [
                p
                for p in slot.question.probes
                if p.id not in asked
                and p.id != exclude
                and not needs_quote(p)
                and self.already_given(ctx, p) is None
            ]
        finally:
            st.position = saved

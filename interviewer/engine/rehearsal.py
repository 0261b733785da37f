"""Rehearse a guide with scripted answers: one line per prompt, with ':' directives for actions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from interviewer.engine.directives import DIRECTIVES
from interviewer.engine.interview import Interview
from interviewer.engine.matching import words
from interviewer.engine.steps import End, Step, SupportStep
from interviewer.errors import EngineError, UsageError
from interviewer.events import BaseEvent, Mode
from interviewer.guide.model import Guide


SECONDS_PER_PROMPT = 10.0
WORDS_PER_SECOND = 2.5  # about 150 words a minute of speech


@dataclass(frozen=True, slots=True)
class Action:
    """One parsed line of an answers file."""

    kind: str
    text: str
    line: int


@dataclass(slots=True)
class Rehearsal:
    """How a rehearsal went: the interview, and whether the answers ran out before the end."""

    interview: Interview
    ran_out: bool
    unused: int
    elapsed: float


class SimulatedClock:
    """Rehearsal time: advances only by what each answer would take, so runs are reproducible."""

    def __init__(self, pace: float | None = None):
        self.pace = pace
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def spend_on(self, text: str) -> None:
        """Advance by a fixed pace, or by listening to the prompt and speaking the answer."""
        self.now += (
            self.pace if self.pace is not None else SECONDS_PER_PROMPT + len(words(text)) / WORDS_PER_SECOND
        )


def parse_line(line: str, number: int) -> Action:
    """Parse one answers line: an answer, '::text' for an answer starting with ':', or a directive."""
    line = line.rstrip("\r\n")
    if line.startswith("::"):
        return Action("answer", line[1:], number)
    if not line.startswith(":"):
        return Action("answer", line, number)
    word, _, rest = line[1:].partition(" ")
    if word not in DIRECTIVES:
        known = ", ".join(f":{d}" for d in DIRECTIVES)
        raise UsageError(f"answers line {number}: unknown directive ':{word}' (known: {known})")
    if word in ("note", "choose") and not rest.strip():
        raise UsageError(
            f"answers line {number}: ':{word}' needs {'a text' if word == 'note' else 'a probe id'}"
        )
    return Action(word, rest.strip(), number)


def apply(iv: Interview, action: Action, clock: SimulatedClock) -> Step | None:
    """Carry out one action on the interview; return the new step (None for a note)."""
    kind, support_open = action.kind, isinstance(iv.current, SupportStep)
    if kind == "answer":
        clock.spend_on(action.text)
        return iv.answer(action.text)
    if kind in ("continue", "skip_topic") or (kind == "stop" and support_open):
        return iv.support(kind)
    if kind == "pause":
        iv.support("pause") if support_open else iv.pause()
        return iv.resume()
    if kind == "note":
        iv.note(action.text)
        return None
    simple: dict[str, Callable[[], Step]] = {
        "skip": iv.skip,
        "repeat": iv.repeat,
        "rephrase": iv.rephrase,
        "break": iv.need_break,
        "stop": iv.stop,
        "withdraw": lambda: iv.stop(withdraw=True),
        "choose": lambda: iv.choose_probe(action.text),
    }
    return simple[kind]()


def run_rehearsal(
    guide: Guide,
    answers: Iterable[str],
    *,
    on_event: Callable[[BaseEvent], None] | None = None,
    on_step: Callable[[Step], None] | None = None,
    pace: float | None = None,
    mode: Mode = Mode.PILOT,
) -> Rehearsal:
    """Run the guide with these answer lines, reporting each event and step as it happens.

    When the answers run out before the end, the interview is stopped (reason 'stopped').
    """
    clock = SimulatedClock(pace)
    iv = Interview(guide, mode=mode, clock=clock)

    def report(step: Step | None) -> None:
        for event in iv.drain_events():
            if on_event:
                on_event(event)
        if step is not None and on_step:
            on_step(step)

    report(iv.start())
    for number, line in enumerate(answers, 1):
        action = parse_line(line, number)
        try:
            step = apply(iv, action, clock)
        except EngineError as exc:
            raise UsageError(f"answers line {number}: {exc}") from None
        report(step)
        if isinstance(iv.current, End):
            # Count leftovers only for a list: an interactive source would prompt for more.
            unused = len(answers) - number if isinstance(answers, Sequence) else 0
            return Rehearsal(iv, ran_out=False, unused=unused, elapsed=clock.now)
    ran_out = not isinstance(iv.current, End)
    if ran_out:
        report(iv.stop())
    return Rehearsal(iv, ran_out=ran_out, unused=0, elapsed=clock.now)

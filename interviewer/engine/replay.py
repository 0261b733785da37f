"""Rebuild an interview from a journal: feed its inputs again and check every engine event matches."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from interviewer.engine import reasons
from interviewer.errors import EngineError, SessionError
from interviewer.events import BaseEvent, Mode

if TYPE_CHECKING:
    from interviewer.engine.interview import Interview

ENGINE_TYPES = frozenset(
    {
        "prompt",
        "answer",
        "coverage",
        "skip",
        "branch",
        "drop",
        "distress",
        "support_choice",
        "pause",
        "resume",
        "note",
        "session_ended",
    }
)
_IGNORED = {"seq", "at"}


def is_engine_event(event: BaseEvent) -> bool:
    """Return True for events the engine writes (others, e.g. transcripts, are passed over)."""
    kind = getattr(event, "type", None)
    if kind == "marker":
        return event.label == reasons.CHOICE_LABEL
    if kind == "session_ended":
        return event.reason != "consent_refused"
    return kind in ENGINE_TYPES


def replay(iv: Interview, events: Iterable[BaseEvent]) -> Interview:
    """Drive a fresh interview with the inputs found in `events`; raise SessionError on divergence."""
    expected = [e for e in events if is_engine_event(e)]
    i = 0
    while i < len(expected):
        ev = expected[i]
        if iv.current is None and not _before_start(ev):
            i = _step(iv, expected, i, partial(iv.start, elapsed=ev.elapsed))
        else:
            i = _step(iv, expected, i, partial(_dispatch, iv, expected, i))
    iv._state.drained = len(iv._state.events)
    return iv


def mode_of(events: Iterable[BaseEvent]) -> Mode | None:
    """Return the mode recorded by the journal's SessionStarted event, if there is one."""
    return next((e.mode for e in events if getattr(e, "type", None) == "session_started"), None)


def _before_start(ev: BaseEvent) -> bool:
    """Return True for the inputs an interview takes before it starts: a note, or stopping."""
    return ev.type == "note" or (ev.type == "session_ended" and ev.reason in ("stopped", "withdrawn"))


def _step(iv: Interview, expected: list[BaseEvent], i: int, action) -> int:
    before = len(iv._state.events)
    try:
        action()
    except EngineError as exc:
        raise SessionError(f"journal does not replay at engine event {i + 1}: {exc}") from None
    produced = iv._state.events[before:]
    if not produced:
        raise SessionError(f"journal does not replay at engine event {i + 1}: nothing happened")
    for offset, event in enumerate(produced):
        at = i + offset
        if at >= len(expected) or _plain(expected[at]) != _plain(event):
            got = expected[at].type if at < len(expected) else "the end of the journal"
            raise SessionError(
                f"journal does not match this guide at engine event {at + 1}: "
                f"the engine gives a '{event.type}' event, the journal has {got!r}"
            )
    return i + len(produced)


def _plain(event: BaseEvent) -> dict:
    return event.model_dump(exclude=_IGNORED)


def _dispatch(iv: Interview, expected: list[BaseEvent], i: int) -> None:
    ev = expected[i]
    t = ev.elapsed
    kind = ev.type
    if kind == "answer":
        audio = {f: getattr(ev, f) for f in ("audio_file", "audio_start", "audio_end", "started")}
        iv.answer(
            ev.text, elapsed=t, source=ev.source, audio={k: v for k, v in audio.items() if v is not None}
        )
    elif kind == "skip" and ev.by != "engine":
        iv.skip(ev.by, elapsed=t)
    elif (
        kind == "prompt" and ev.wording != "main" and ev.reason in (reasons.REPHRASED, reasons.NO_ALTERNATIVE)
    ):
        iv.rephrase(elapsed=t)
    elif kind == "prompt" and ev.wording == "repeat" and ev.reason == reasons.REPEATED:
        iv.repeat(elapsed=t)
    elif kind == "marker":
        follow = expected[i + 1] if i + 1 < len(expected) else None
        if follow is None or getattr(follow, "probe_id", None) is None:
            raise SessionError(f"journal does not replay at engine event {i + 1}: a choice with no probe")
        iv.choose_probe(follow.probe_id, elapsed=t)
    elif kind == "distress" and ev.trigger == "signal":
        iv.need_break(elapsed=t)
    elif kind == "support_choice":
        iv.support(ev.choice, elapsed=t)
    elif kind == "pause":
        iv.pause(elapsed=t)
    elif kind == "resume":
        iv.resume(elapsed=t)
    elif kind == "note":
        iv.note(ev.text, ev.label, elapsed=t)
    elif kind == "session_ended" and ev.reason in ("stopped", "withdrawn"):
        iv.stop(withdraw=ev.reason == "withdrawn", elapsed=t)
    else:
        raise SessionError(
            f"journal does not match this guide at engine event {i + 1}: "
            f"a '{kind}' event where a participant's or researcher's action was expected"
        )

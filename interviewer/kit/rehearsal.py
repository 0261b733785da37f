"""Rehearsing a kit: its interview on scripted answers, sealed exactly as `join` would seal it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from interviewer.errors import KitError
from interviewer.kit.kitfile import Kit


@dataclass
class KitRehearsal:
    """How a kit rehearsal ended: the engine's rehearsal, the code, and the sealed file (None if withdrawn)."""

    result: object
    code: str
    sealed: Path | None


def refuse_expired(kit: Kit, now: datetime) -> None:
    """Raise KitError when the kit's last day to start a session has passed."""
    if kit.expired(now.astimezone().date()):
        raise KitError(f"this study kit expired on {kit.expires}; no new session can start "
                       f"(questions: {kit.contact})")


def rehearse_kit(kit: Kit, answers: Iterable[str], sessions_dir: str | os.PathLike,
                 sealed_out: str | os.PathLike, *, keep: bool = False,
                 on_event: Callable | None = None, on_step: Callable | None = None,
                 pace: float | None = None, clock: Callable[[], datetime] | None = None) -> KitRehearsal:
    """Run the kit's self-interview on `answers` with every consent given, then seal (or withdraw)."""
    from interviewer.engine.rehearsal import run_rehearsal
    from interviewer.events import ConsentGiven, Mode
    from interviewer.kit.sealing import delete_plain_copy, seal_session
    from interviewer.session.retention import withdraw
    from interviewer.session.store import SessionStore

    clock = clock or (lambda: datetime.now(timezone.utc))
    refuse_expired(kit, clock())
    guide = kit.load_guide()
    store = SessionStore(sessions_dir)
    session = store.create(guide, None, Mode.SELF, clock=clock)
    try:
        statements = [s.id for s in guide.information.consent]
        session.append(ConsentGiven(elapsed=0.0, agreed=statements, declined=[],
                                    consent_hash=guide.consent_hash))

        def both(event) -> None:
            session.append(event)
            if on_event is not None:
                on_event(event)

        result = run_rehearsal(guide, answers, on_event=both, on_step=on_step, pace=pace, mode=Mode.SELF)
    finally:
        session.close()
    if getattr(result.interview.current, "reason", None) == "withdrawn":
        withdraw(store, session.code)  # withdrawing seals nothing and deletes everything
        return KitRehearsal(result, session.code, None)
    sealed = seal_session(session.folder, kit, sealed_out, now=clock())
    if not keep:
        delete_plain_copy(store.root, session.folder)
    return KitRehearsal(result, session.code, sealed)

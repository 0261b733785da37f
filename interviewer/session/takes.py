"""Fold an answer's takes (typed text and recordings, superseded ones kept) into its turn."""

from __future__ import annotations

from interviewer.events import TakeEnded, TakeStarted, TranscriptEvent
from interviewer.session.view import Take, Turn


def start_take(turn: Turn, event: TakeStarted) -> None:
    """A take began: keep it, and mark the takes it replaces as superseded."""
    for take in turn.takes:
        if take.take in event.replaces:
            take.superseded = True
    turn.takes = [t for t in turn.takes if t.take != event.take]  # a take is journalled once
    turn.takes.append(Take(take=event.take, kind=event.kind, text=event.text, started=event.elapsed,
                           audio_file=event.audio_file, audio_start=event.audio_start,
                           ended=event.kind == "typed"))
    settle(turn)


def end_take(turn: Turn, event: TakeEnded) -> bool:
    """A recording finished; False when no such take was started."""
    take = next((t for t in turn.takes if t.take == event.take), None)
    if take is None:
        return False
    take.ended, take.repaired = True, event.repaired
    take.audio_end = event.audio_end
    if take.audio_end is None and take.audio_start is not None:
        take.audio_end = take.audio_start + event.duration
    settle(turn)
    return True


def transcribe_take(turn: Turn, event: TranscriptEvent) -> bool:
    """Attach a transcript to the take recorded in its file; False when no take has that file."""
    take = next((t for t in turn.takes if t.kind == "spoken" and t.audio_file == event.audio_file), None)
    if take is None:
        return False
    take.segments = list(event.segments)
    take.text = " ".join(s.text.strip() for s in event.segments if s.text.strip())
    take.transcribed = True
    settle(turn)
    return True


def active(turn: Turn) -> list[Take]:
    """The takes that make up the answer (superseded ones left out)."""
    return [t for t in turn.takes if not t.superseded]


def settle(turn: Turn) -> None:
    """Set the turn's text, source, audio span and transcript from its takes in use."""
    if not turn.takes:
        return
    used = active(turn)
    spoken = [t for t in used if t.kind == "spoken"]
    turn.original_text = " ".join(t.text.strip() for t in used if t.text.strip())
    turn.source = "spoken" if spoken else "typed"
    turn.answer_started = used[0].started if used else turn.answer_started
    turn.segments = [s for t in spoken for s in t.segments]
    turn.transcribed = all(t.transcribed for t in spoken) if spoken else False
    if spoken:
        turn.audio_file, turn.audio_start = spoken[0].audio_file, spoken[0].audio_start
        turn.audio_end = spoken[-1].audio_end
    else:
        turn.audio_file = turn.audio_start = turn.audio_end = None

"""The whole interview as an editor reads it: turns with speaker, time, question and timed words."""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.audio.clips import turn_span
from interviewer.events import PREAMBLE_ID
from interviewer.session.retiming import TimedWord, corrected_words, preamble_words
from interviewer.export.common import speaker_labels
from interviewer.export.timeline import PREAMBLE, Clock
from interviewer.session.view import SessionView, Turn
from interviewer.transcribe.result import WORD_PROBABILITY_THRESHOLD, low_confidence


@dataclass(frozen=True)
class EditTurn:
    """One prompt and its answer as the editor shows them."""

    prompt_id: int
    start: float  # the prompt, in the session's time base
    end: float  # where the turn's audio ends
    theme: str
    question_id: str
    kind: str
    interviewer: str  # speaker labels
    participant: str
    prompt_text: str
    text: str  # the answer as it stands
    original: str
    words: tuple[TimedWord, ...]
    checked: bool
    corrected: bool
    doubtful: tuple[tuple[float, float], ...] = ()  # spans of segments Whisper was unsure of as a whole

    @property
    def duration(self) -> float:
        """Seconds of audio this turn covers."""
        return max(0.0, self.end - self.start)

    def low(self, index: int) -> bool:
        """True when word `index` is a machine word Whisper was unsure of (alone or in its segment)."""
        word = self.words[index]
        if not word.kept:
            return False  # a person wrote it
        if word.probability is not None and word.probability < WORD_PROBABILITY_THRESHOLD:
            return True
        return any(lo <= word.start < hi for lo, hi in self.doubtful)


def edit_turn(view: SessionView, turn: Turn, clock: Clock | None = None) -> EditTurn:
    """One turn of the view, with its timed words."""
    clock = clock or Clock(view)
    interviewer, participant = speaker_labels(view)
    start, end = turn_span(view, turn, clock)
    prompt_at = min(clock.prompt_time(turn), start)
    return EditTurn(
        prompt_id=turn.prompt_id, start=prompt_at, end=max(end, prompt_at), theme=turn.theme_title or turn.theme_id,
        question_id=turn.question_id, kind=turn.kind, interviewer=interviewer, participant=participant,
        prompt_text=turn.prompt_text, text=turn.text, original=turn.original_text,
        words=tuple(corrected_words(turn)), checked=turn.checked, corrected=bool(turn.corrections),
        doubtful=tuple((s.start, s.end) for s in turn.segments if low_confidence(s)),
    )


def preamble_turn(view: SessionView, clock: Clock | None = None) -> EditTurn | None:
    """The speech recorded before the first prompt as a turn of its own (prompt id 0), if there was any."""
    if not view.preamble:
        return None
    clock = clock or Clock(view)
    interviewer, _participant = speaker_labels(view)
    start = min(s.start for s in view.preamble)
    end = max(s.end for s in view.preamble)
    if view.turns:  # it runs until the first prompt is asked
        end = max(end, min(clock.prompt_time(t) for t in view.turns))
    return EditTurn(
        prompt_id=PREAMBLE_ID, start=start, end=end, theme="Before the first question", question_id="",
        kind="preamble", interviewer=interviewer, participant=PREAMBLE, prompt_text="",
        text=view.preamble_text, original=view.preamble_original, words=tuple(preamble_words(view)),
        checked=view.preamble_checked, corrected=bool(view.preamble_corrections),
        doubtful=tuple((s.start, s.end) for s in view.preamble if low_confidence(s)),
    )


def edit_turns(view: SessionView) -> list[EditTurn]:
    """Every turn of the session in the order asked, after the preamble when there is one."""
    clock = Clock(view)
    first = preamble_turn(view, clock)
    return ([first] if first else []) + [edit_turn(view, t, clock) for t in view.turns]


@dataclass(frozen=True)
class Progress:
    """How far checking has got."""

    checked: int
    total: int
    seconds_left: float

    def line(self) -> str:
        """'34 of 52 turns checked, 12 min of audio left'."""
        minutes = round(self.seconds_left / 60)
        left = f"{minutes} min" if minutes or not self.seconds_left else "under 1 min"
        return f"{self.checked} of {self.total} turns checked, {left} of audio left"


def progress(turns: list[EditTurn]) -> Progress:
    """Turns checked so far and the audio still to listen to."""
    return Progress(sum(t.checked for t in turns), len(turns), sum(t.duration for t in turns if not t.checked))

"""Who spoke and to which prompt: the researcher's marks on the recording, or the two channels."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Literal

Speaker = Literal["interviewer", "participant"]
# A channel this much louder than the other is the one whose microphone the speaker is at.
CHANNEL_MARGIN_DB = 6.0
WORDS_PER_SECOND = 2.5  # an interviewer reading a question aloud


def asking_seconds(text: str) -> float:
    """About how long reading a prompt aloud takes, with a moment to begin."""
    return len(text.split()) / WORDS_PER_SECOND + 1.0


@dataclass(frozen=True)
class Mark:
    """From `at` (recording seconds) on, this prompt is live and this person has the floor."""

    at: float
    prompt_id: int | None
    prompt_text: str | None
    speaker: Speaker
    asking_until: float | None = None  # with one microphone: speech starting before this is the question

    def speaker_for(self, start: float) -> Speaker:
        """Who, by this mark, speaks an utterance that starts at `start`."""
        return "interviewer" if self.asking_until is not None and start < self.asking_until else self.speaker


class Marks:
    """The marks of one recording in time order; `at(t)` is the one in force at time t."""

    def __init__(self):
        self._times: list[float] = []
        self._marks: list[Mark] = []

    def add(self, mark: Mark) -> None:
        """Add a mark (one at or before the last one replaces everything after it)."""
        i = bisect.bisect_left(self._times, mark.at)
        del self._times[i:], self._marks[i:]
        self._times.append(mark.at)
        self._marks.append(mark)

    def at(self, t: float) -> Mark | None:
        """The mark in force at time t (None before the first)."""
        i = bisect.bisect_right(self._times, t) - 1
        return self._marks[i] if i >= 0 else None

    @property
    def last(self) -> Mark | None:
        """The latest mark."""
        return self._marks[-1] if self._marks else None


def by_channels(rms: tuple[float, ...], interviewer_channel: int = 0) -> Speaker | None:
    """With two microphones, the speaker whose channel is clearly louder; None when unclear."""
    if len(rms) != 2 or min(rms) < 0:
        return None
    db = [20 * math.log10(max(v, 1e-9)) for v in rms]
    other = 1 - interviewer_channel
    if db[interviewer_channel] - db[other] >= CHANNEL_MARGIN_DB:
        return "interviewer"
    if db[other] - db[interviewer_channel] >= CHANNEL_MARGIN_DB:
        return "participant"
    return None

"""One time base per session: positions in the recording when there is audio, else elapsed time.

Spoken answers carry recording positions (`audio_start`, segment and word times). Prompts and
typed answers only have elapsed session times, so they are mapped onto the recording through
anchors where both clocks are known (recording segments and spoken answers). Between anchors
time runs at the same rate; in an unrecorded stretch (self-interview audio that only runs while
answering) a moment maps to the start of the next recorded stretch. A session without audio
keeps elapsed times throughout.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

from interviewer.export.common import clean_text, has_audio, speaker_labels, speaker_runs, spoken_after
from interviewer.session.retiming import corrected_words, preamble_segments
from interviewer.session.view import SessionView, Turn

PREAMBLE = "Recording"  # speaker label for speech before the first prompt (not attributed)
WORDS_PER_SECOND = 2.5  # speaking rate used to estimate how long a prompt took to ask


@dataclass(frozen=True)
class Cue:
    """A timed stretch of one speaker's words: a prompt, or (part of) an answer."""

    start: float
    end: float
    speaker: str
    text: str
    turn: Turn | None  # None for speech recorded before the first prompt
    role: Literal["prompt", "answer", "preamble"]
    timed: bool  # its time comes from the audio itself, not from the session clock


class Clock:
    """Maps elapsed session seconds onto the session's time base."""

    def __init__(self, view: SessionView):
        self.audio = has_audio(view)
        pairs = _anchors(view) if self.audio else []
        pairs.sort()
        self._elapsed = [e for e, _ in pairs]
        self._media: list[float] = []
        floor = 0.0
        for _, media in pairs:  # keep the mapping monotonic even if the anchors disagree
            floor = max(floor, media)
            self._media.append(floor)

    @property
    def basis(self) -> str:
        """What the times mean, for file headers."""
        if self.audio:
            return "position in the session recording"
        return "time since the session started (no audio was recorded)"

    def at(self, elapsed: float) -> float:
        """The time-base position of an elapsed session time."""
        if not self._elapsed:
            return max(0.0, elapsed)
        i = bisect.bisect_right(self._elapsed, elapsed) - 1
        if i < 0:
            return max(0.0, self._media[0] - (self._elapsed[0] - elapsed))
        position = self._media[i] + (elapsed - self._elapsed[i])
        if i + 1 < len(self._media):
            position = min(position, self._media[i + 1])
        return max(0.0, position)

    def prompt_time(self, turn: Turn) -> float:
        """When the prompt was asked, in the time base."""
        return self.at(turn.asked_at)

    def answer_span(self, turn: Turn) -> tuple[float, float]:
        """Start and end of the answer in the time base (the prompt time if unknown)."""
        if turn.segments:
            start, end = min(s.start for s in turn.segments), max(s.end for s in turn.segments)
        elif turn.audio_start is not None:
            start = turn.audio_start
            end = turn.audio_end if turn.audio_end is not None else start
        elif turn.answer_started is not None or turn.answer_ended is not None:
            # Without a start (a typed answer), the answer is placed where it was submitted.
            began = turn.answer_started if turn.answer_started is not None else turn.answer_ended
            start = self.at(began)
            end = self.at(turn.answer_ended if turn.answer_ended is not None else began)
        else:
            start = end = self.prompt_time(turn)
        return start, max(start, end)


def _anchors(view: SessionView) -> list[tuple[float, float]]:
    """(elapsed, recording position) pairs known from the recording and spoken answers."""
    pairs: list[tuple[float, float]] = []
    if view.meta.recording_origin is not None:
        pairs.append((view.meta.recording_origin, 0.0))
    for seg in view.recording:
        # The event is written when the segment closes, so it opened `duration` earlier.
        pairs.append((max(0.0, seg.elapsed - seg.duration), seg.start))
        pairs.append((seg.elapsed, seg.start + seg.duration))
    for turn in view.turns:
        if turn.audio_start is not None and turn.answer_started is not None:
            pairs.append((turn.answer_started, turn.audio_start))
            if turn.audio_end is not None and turn.answer_ended is not None:
                pairs.append((turn.answer_ended, turn.audio_end))
    return pairs


def prompt_seconds(text: str) -> float:
    """Roughly how long it takes to say a prompt aloud."""
    return max(1.0, len(text.split()) / WORDS_PER_SECOND + 0.5)


def build_cues(view: SessionView, clock: Clock) -> list[Cue]:
    """Every prompt and answer as cues, in order, with non-decreasing start times."""
    interviewer, speaker = speaker_labels(view)
    raw: list[Cue] = [
        Cue(s.start, max(s.start, s.end), PREAMBLE, clean_text(s.text).strip(), None, "preamble", True)
        for s in preamble_segments(view)
        if s.text.strip()
    ]
    for turn in view.turns:
        start = clock.prompt_time(turn)
        prompt = clean_text(turn.prompt_text).strip()
        raw.append(Cue(start, start + prompt_seconds(prompt), interviewer, prompt, turn, "prompt", False))
        if spoken_after(turn):
            raw.extend(_answer_cues(turn, clock, speaker, interviewer))
    cues: list[Cue] = []
    floor = 0.0
    for i, cue in enumerate(raw):
        start = max(cue.start, floor)
        floor = start
        end = max(cue.end, start)
        if cue.role == "prompt" and i + 1 < len(raw) and raw[i + 1].start > start:
            end = min(end, raw[i + 1].start)  # the answer began: the prompt was over
        cues.append(Cue(start, end, cue.speaker, cue.text, cue.turn, cue.role, cue.timed))
    return cues


def _answer_cues(turn: Turn, clock: Clock, speaker: str, interviewer: str) -> list[Cue]:
    """One cue per transcript segment, per sentence of a corrected one, or one for a typed answer."""
    typed = any(t.kind == "typed" and not t.superseded for t in turn.takes)
    if turn.segments and not turn.corrections and not typed:
        label = {id(s): who for who, run in speaker_runs(turn, speaker, interviewer) for s in run}
        cues = [
            Cue(s.start, max(s.start, s.end), label.get(id(s), speaker), clean_text(s.text).strip(), turn,
                "answer", True)
            for s in turn.segments
            if s.text.strip()
        ]
        if cues:
            return cues
    if turn.segments and turn.corrections and not typed:
        cues = _corrected_cues(turn, speaker)
        if cues:
            return cues
    start, end = clock.answer_span(turn)
    return [Cue(start, end, speaker, clean_text(turn.text).strip(), turn, "answer", heard(turn))]


def _corrected_cues(turn: Turn, speaker: str) -> list[Cue]:
    """A corrected spoken answer, sentence by sentence, timed by its words: kept words keep the
    machine's times, edited ones take the times of the words they replaced (`session.retiming`)."""
    cues, sentence = [], []
    words = corrected_words(turn)
    for i, word in enumerate(words):
        sentence.append(word)
        if word.text.endswith((".", "!", "?", "…")) or i == len(words) - 1:
            text = clean_text(" ".join(w.text for w in sentence)).strip()
            cues.append(Cue(sentence[0].start, max(sentence[0].start, sentence[-1].end), speaker, text, turn,
                            "answer", True))
            sentence = []
    return cues


def heard(turn: Turn) -> bool:
    """True when the answer is in the recording (its own audio span, or transcript segments)."""
    return turn.audio_start is not None or bool(turn.segments)

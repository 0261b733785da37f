"""Word timings that stay right after a correction: a word-level diff against the machine words.

Words kept from the machine transcript keep their own start, end and probability. A replaced
stretch shares out the time of the machine words it replaces; inserted words take the gap
between their neighbours. Edited words carry no probability: a person wrote them.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.events import Segment, Word
from interviewer.session.view import SessionView, Turn

_PUNCT = re.compile(r"^\W+|\W+$")


@dataclass(frozen=True)
class TimedWord:
    """One word of the current text with its times (seconds, the session's time base)."""

    text: str
    start: float
    end: float
    probability: float | None = None
    kept: bool = True  # False: written or changed by a person


def machine_words(turn: Turn) -> list[Word]:
    """The machine transcript's words of a turn's answer, in order, one per whitespace-separated token."""
    # the answer is the participant's words: the interviewer's are not edited from
    return segment_words([s for s in turn.segments if s.speaker != "interviewer"])


def segment_words(segments: Sequence[Segment]) -> list[Word]:
    """The words of transcript segments, in order (spread over a segment that has no word times)."""
    out: list[Word] = []
    for segment in segments:
        if segment.words:
            out.extend(w for w in segment.words if w.word.strip())
        elif segment.text.strip():  # no word timings: spread the segment's time over its tokens
            out.extend(_spread(segment.text.split(), segment.start, segment.end))
    return out


def _spread(tokens: Sequence[str], start: float, end: float) -> list[Word]:
    step = (end - start) / max(1, len(tokens))
    return [Word(start=start + i * step, end=start + (i + 1) * step, word=t) for i, t in enumerate(tokens)]


def _key(token: str) -> str:
    """What counts as the same word: case and surrounding punctuation aside."""
    return _PUNCT.sub("", token).casefold() or token


def retime(words: Sequence[Word], text: str) -> list[TimedWord]:
    """Time every token of `text` from the machine `words` it was edited from."""
    tokens = text.split()
    old = [w.word.strip() for w in words]
    if old == tokens:  # untouched (most turns): no diff needed
        return [TimedWord(t, w.start, w.end, w.probability, True) for t, w in zip(tokens, words)]
    matcher = difflib.SequenceMatcher(a=[_key(t) for t in old], b=[_key(t) for t in tokens], autojunk=False)
    out: list[TimedWord] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(a0, a1), range(b0, b1)):
                w = words[i]
                kept = old[i] == tokens[j]
                out.append(TimedWord(tokens[j], w.start, w.end, w.probability if kept else None, kept))
        elif b1 > b0:  # replaced or inserted: the span of what it replaces, else the gap it fills
            start, end = _span(words, a0, a1, out)
            out.extend(TimedWord(w.word, w.start, w.end, None, False) for w in _spread(tokens[b0:b1], start, end))
    return out


def _span(words: Sequence[Word], a0: int, a1: int, before: list[TimedWord]) -> tuple[float, float]:
    if a1 > a0:
        return words[a0].start, words[a1 - 1].end
    start = before[-1].end if before else (words[0].start if words else 0.0)
    end = words[a0].start if a0 < len(words) else start
    return start, max(start, end)


def corrected_words(turn: Turn) -> list[TimedWord]:
    """The answer as it stands, word by word, timed from the machine transcript (for exports)."""
    words = machine_words(turn)
    if not words:
        return []
    return retime(words, turn.text)


def preamble_words(view: SessionView) -> list[TimedWord]:
    """The speech before the first prompt as it stands, word by word, timed from the machine words."""
    words = segment_words(view.preamble)
    return retime(words, view.preamble_text) if words else []


def preamble_segments(view: SessionView) -> list[Segment]:
    """The preamble's segments with its corrected text (what every export shows).

    Each corrected word goes to the machine segment its time starts in, so a segment keeps its
    own span and speaker and subtitles stay in step with the recording; a segment left without
    words is dropped (a person deleted what it said).
    """
    if not view.preamble_corrections:
        return list(view.preamble)
    segments = sorted(view.preamble, key=lambda s: (s.start, s.end))
    starts = [s.start for s in segments]
    words: list[list[Word]] = [[] for _ in segments]
    for w in preamble_words(view):
        words[max(0, bisect.bisect_right(starts, w.start) - 1)].append(
            Word(start=w.start, end=w.end, word=f" {w.text}", probability=w.probability))
    return [s.model_copy(update={"text": "".join(x.word for x in ws).strip(), "words": ws})
            for s, ws in zip(segments, words) if ws]

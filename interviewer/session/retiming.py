"""Word timings that stay right after a correction: a word-level diff against the machine words.

Words kept from the machine transcript keep their own start, end and probability. A replaced
stretch shares out the time of the machine words it replaces; inserted words take the gap
between their neighbours. Edited words carry no probability: a person wrote them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.events import Word
from interviewer.session.view import Turn

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
    out: list[Word] = []
    for segment in turn.segments:
        if segment.speaker == "interviewer":
            continue  # the answer is the participant's words: the interviewer's are not edited from
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

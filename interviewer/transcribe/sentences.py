"""Split a long transcribed chunk into sentence segments, timed by its words."""

from __future__ import annotations

import math

from interviewer.events import Segment, Word

# A word whose text ends in one of these closes a sentence (Whisper attaches punctuation to the
# word before it). Quotes and brackets after the mark are stripped before the test.
SENTENCE_END = (".", "?", "!", "…", "。", "？", "！")
CLOSERS = "\"'”’)]}"
# A pause this long between two words also starts a new piece: in a conversation the speaker
# usually changes after one, and a piece must not run from a question into its answer.
PAUSE_SECONDS = 0.8


def ends_sentence(word: str) -> bool:
    """True when the word closes a sentence ("calmly." or 'said."')."""
    return word.rstrip().rstrip(CLOSERS).endswith(SENTENCE_END)


def word_logprob(words: list[Word]) -> float | None:
    """The mean log-probability of the words (None when none has a probability)."""
    probs = [w.probability for w in words if w.probability is not None]
    return sum(math.log(max(p, 1e-6)) for p in probs) / len(probs) if probs else None


def split_sentences(segment: Segment) -> list[Segment]:
    """The segment cut after each sentence-ending word and at long pauses; without words, whole.

    Every piece's `avg_logprob` is its own words' mean log-probability (one sentence or many),
    so an unsure sentence is flagged without the rest of its chunk; `no_speech_prob` stays the
    chunk's.
    """
    groups: list[list[Word]] = [[]]
    for word in segment.words:
        if groups[-1] and word.start - groups[-1][-1].end >= PAUSE_SECONDS:
            groups.append([])
        groups[-1].append(word)
        if ends_sentence(word.word):
            groups.append([])
    return [_piece(segment, group) for group in groups if group] or [segment]


def _piece(segment: Segment, words: list[Word]) -> Segment:
    """The part of `segment` that `words` span, with their own confidence."""
    logprob = word_logprob(words)
    return segment.model_copy(
        update={
            "start": words[0].start,
            "end": words[-1].end,
            "text": "".join(w.word for w in words).strip(),
            "words": words,
            "avg_logprob": segment.avg_logprob if logprob is None else logprob,
        }
    )

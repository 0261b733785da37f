"""Split a long transcribed chunk into sentence segments, timed by its words."""

from __future__ import annotations

from interviewer.events import Segment, Word

# A word whose text ends in one of these closes a sentence (Whisper attaches punctuation to the
# word before it). Quotes and brackets after the mark are stripped before the test.
SENTENCE_END = (".", "?", "!", "…", "。", "？", "！")
CLOSERS = "\"'”’)]}"


def ends_sentence(word: str) -> bool:
    """True when the word closes a sentence ("calmly." or 'said."')."""
    return word.rstrip().rstrip(CLOSERS).endswith(SENTENCE_END)


def split_sentences(segment: Segment) -> list[Segment]:
    """The segment cut after each sentence-ending word; a segment without words stays whole.

    Each piece spans its own words and keeps the chunk's confidence figures (they describe the
    decoding of the whole chunk); the words' own probabilities still mark unsure passages.
    """
    if not segment.words:
        return [segment]
    groups: list[list[Word]] = [[]]
    for word in segment.words:
        groups[-1].append(word)
        if ends_sentence(word.word):
            groups.append([])
    groups = [g for g in groups if g]
    if len(groups) == 1:
        return [segment]
    return [
        segment.model_copy(
            update={
                "start": group[0].start,
                "end": group[-1].end,
                "text": "".join(w.word for w in group).strip(),
                "words": group,
            }
        )
        for group in groups
    ]

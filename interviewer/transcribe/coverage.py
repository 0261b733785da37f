"""No silent loss: every voiced stretch of a recording is in the transcript or marked inaudible.

After decoding, the recording's voice energy is compared with where the words fell. A voiced
stretch with no words near it (the VAD rejected soft or whispered speech, or a long chunk's
decoding stopped early) is decoded again on its own, window by window without the VAD; what
still has no words becomes an explicit `[inaudible 12.4–15.0 s]` segment, flagged for Review.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from interviewer.events import Segment
from interviewer.transcribe.sentences import split_sentences

SAMPLE_RATE = 16_000
FRAME = 160  # 10 ms
# Voice energy: a 10-ms frame this far above the recording's noise floor (its 10th-percentile
# frame), and above an absolute floor under which no microphone hears a voice.
ABOVE_FLOOR_DB = 12.0
ABSOLUTE_FLOOR_DBFS = -70.0
# Voiced frames closer than this are one stretch (the gaps between words and syllables).
JOIN_SECONDS = 0.3
# A stretch needs this much voiced time to count: shorter ones are clicks, not words.
MIN_VOICED_SECONDS = 0.3
# A word covers the audio this far around its own timing (DTW word times are approximate, and
# a word's onset and release are quieter than its middle).
WORD_REACH = 0.35
# Audio either side of a stretch that goes into its second decoding, for context; stretches
# closer than REDO_JOIN are decoded together, so the words between them come with their context.
REDO_MARGIN = 0.25
REDO_JOIN = 2.0

Redo = Callable[[np.ndarray, float], Iterable[Segment]]
"""Decode audio alone (no VAD); segments timed in the recording, given where the audio starts."""


def frame_levels(audio: np.ndarray) -> np.ndarray:
    """Each 10-ms frame's energy, dBFS."""
    frames = audio[: audio.size // FRAME * FRAME].reshape(-1, FRAME).astype(np.float64)
    return 10 * np.log10((frames**2).mean(axis=1) + 1e-12)


def runs(mask: np.ndarray, join: int) -> list[tuple[int, int, int]]:
    """(first, past-last, true count) of each run of true frames, gaps up to `join` closed."""
    out: list[list[int]] = []
    for i in np.flatnonzero(mask):
        if out and i - out[-1][1] <= join:
            out[-1][1], out[-1][2] = i + 1, out[-1][2] + 1
        else:
            out.append([int(i), int(i) + 1, 1])
    return [(a, b, n) for a, b, n in out]


def voiced_mask(audio: np.ndarray) -> np.ndarray:
    """Which 10-ms frames carry voice energy above the recording's noise floor."""
    levels = frame_levels(audio)
    if not levels.size:
        return np.zeros(0, dtype=bool)
    floor = float(np.percentile(levels, 10))
    return levels > max(floor + ABOVE_FLOOR_DB, ABSOLUTE_FLOOR_DBFS)


def covered_mask(segments: Iterable[Segment], frames: int, offset: float) -> np.ndarray:
    """Which frames lie near a transcribed word (or a segment without word timings)."""
    mask = np.zeros(frames, dtype=bool)
    for seg in segments:
        spans = [(w.start, w.end) for w in seg.words] or ([(seg.start, seg.end)] if seg.text else [])
        for start, end in spans:
            a = max(0, int((start - offset - WORD_REACH) * 100))
            b = min(frames, int(np.ceil((end - offset + WORD_REACH) * 100)))
            mask[a:b] = True
    return mask


def uncovered(audio: np.ndarray, segments: list[Segment], offset: float = 0.0) -> list[tuple[float, float]]:
    """(start, end) seconds, in the recording's time, of voiced stretches with no words near them."""
    voiced = voiced_mask(audio)
    missing = voiced & ~covered_mask(segments, voiced.size, offset)
    join, least = round(JOIN_SECONDS * 100), round(MIN_VOICED_SECONDS * 100)
    return [(offset + a / 100, offset + b / 100) for a, b, n in runs(missing, join) if n >= least]


def inaudible_segment(start: float, end: float) -> Segment:
    """The mark for a voiced stretch that could not be transcribed."""
    return Segment(start=start, end=end, text=f"[inaudible {start:.1f}–{end:.1f} s]", inaudible=True)


def new_words_only(seg: Segment, taken: list[Segment]) -> Segment | None:
    """The part of a re-decoded segment whose words are not already transcribed, or None."""
    if not seg.words:
        return seg if seg.text else None
    old = [(w.start, w.end) for s in taken for w in s.words]
    fresh = [w for w in seg.words if not any(a <= (w.start + w.end) / 2 <= b for a, b in old)]
    if not fresh:
        return None
    if len(fresh) == len(seg.words):
        return seg
    text = "".join(w.word for w in fresh).strip()
    return seg.model_copy(update={"start": fresh[0].start, "end": fresh[-1].end, "text": text, "words": fresh})


def joined(spans: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """The spans with those less than `gap` seconds apart made one."""
    out: list[list[float]] = []
    for start, end in spans:
        if out and start - out[-1][1] < gap:
            out[-1][1] = end
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


def fill_gaps(audio: np.ndarray, segments: list[Segment], offset: float, redo: Redo) -> list[Segment]:
    """The segments, plus what a second decoding finds in voiced stretches that have no words,
    plus an inaudible mark for each stretch still without words; in time order."""
    out = list(segments)
    gaps = uncovered(audio, out, offset)
    for start, end in joined(gaps, REDO_JOIN):
        a = max(0, int((start - offset - REDO_MARGIN) * SAMPLE_RATE))
        b = min(audio.size, int((end - offset + REDO_MARGIN) * SAMPLE_RATE))
        found = [new_words_only(piece, out) for seg in redo(audio[a:b], offset + a / SAMPLE_RATE)
                 for piece in split_sentences(seg)]  # fmt: skip
        out.extend(s for s in found if s is not None)
    if gaps:
        out.extend(inaudible_segment(s, e) for s, e in uncovered(audio, out, offset))
    return sorted(out, key=lambda s: (s.start, s.end))

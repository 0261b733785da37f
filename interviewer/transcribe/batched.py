"""Batched decoding for faster-whisper: packed speech chunks in, each recording's sentences out.

Whisper's own long-form decoding guards against invented text; the batched pipeline decodes
each chunk once, at temperature 0, so its silence and repetition guards are applied here: a chunk
Whisper would call silence is dropped, and one that reads as a repetition loop is decoded again
the window-by-window way (at temperature 0, never sampling; those segments are not cut further).
A chunk with a low log-probability alone is kept: Review flags it for checking instead. The initial prompt (the guide's glossary
and the question) goes to every chunk, so names and jargon come out right all through a long
answer; with each chunk standing alone it did not invent closing phrases on the shared clips.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

import numpy as np

from interviewer.transcribe.base import SAMPLE_RATE, make_segment
from interviewer.transcribe.chunking import Packed
from interviewer.transcribe.result import LOGPROB_THRESHOLD, NO_SPEECH_THRESHOLD
from interviewer.transcribe.sentences import split_sentences

# Whisper's compression_ratio_threshold: text that gzips better than this is repeating itself.
LOOP_RATIO = 2.4

Verdict = Literal["keep", "drop", "redo"]


def faster_segment(seg, offset: float, duration: float, shift: float = 0.0):
    """One of faster-whisper's segments as our Segment; `shift` moves its times into the recording."""
    words = [(w.start + shift, w.end + shift, w.word, w.probability) for w in (seg.words or [])]
    return make_segment(
        seg.start + shift, seg.end + shift, seg.text, seg.avg_logprob, seg.no_speech_prob, words, offset, duration
    )


def chunk_verdict(seg, loop_ratio: float = LOOP_RATIO) -> Verdict:
    """What Whisper's own rules say of a decoded chunk: keep it, drop it as silence, or redo it."""
    if seg.no_speech_prob > NO_SPEECH_THRESHOLD and seg.avg_logprob < LOGPROB_THRESHOLD:
        return "drop"
    if seg.compression_ratio > loop_ratio:
        return "redo"
    return "keep"


def prompt_text(initial_prompt: str | None) -> str | None:
    """The prompt as the window-by-window path tokenises it (with its leading space)."""
    return " " + initial_prompt.strip() if initial_prompt and initial_prompt.strip() else None


def decode_packed(model, packed: Packed, *, language, initial_prompt, word_timestamps, offsets, durations,
                  progress, beam_size: int, batch_size: int, loop_ratio: float,
                  redo: Callable[[np.ndarray, str | None], Iterable]) -> list[tuple[list, str | None]]:
    """[(segments, language)] for each packed recording, its chunks decoded in batches by a
    faster-whisper `model`; `redo(chunk audio, language)` decodes a looping chunk again."""
    from faster_whisper import BatchedInferencePipeline

    outs: list[list] = [[] for _ in packed.starts]
    if not packed.clips:  # no speech anywhere: nothing to decode
        return [(out, language) for out in outs]
    # a pipeline per call: it keeps per-run state, and building one is free
    segments, info = BatchedInferencePipeline(model).transcribe(
        packed.audio, language=language, initial_prompt=prompt_text(initial_prompt),
        word_timestamps=word_timestamps, beam_size=beam_size, batch_size=batch_size,
        clip_timestamps=packed.clips, without_timestamps=True,
    )  # fmt: skip
    redone: set[int] = set()  # clips decoded again: nothing else of theirs is kept
    for seg in segments:  # a generator: each batch is decoded as we reach it
        i, k = packed.owner(seg.seek), packed.clip_at(seg.seek)
        verdict = "done" if k in redone else chunk_verdict(seg, loop_ratio)
        start = packed.starts[i]
        if verdict == "keep":
            outs[i].extend(split_sentences(faster_segment(seg, offsets[i], durations[i], shift=-start)))
        elif verdict == "redo":
            redone.add(k)
            clip = packed.clips[k]
            chunk = packed.audio[round(clip["start"] * SAMPLE_RATE):round(clip["end"] * SAMPLE_RATE)]
            shift = clip["start"] - start
            outs[i].extend(faster_segment(s, offsets[i], durations[i], shift=shift)
                           for s in redo(chunk, info.language))
        if progress:
            progress(start + min(seg.end - start, durations[i]))
    return [(out, info.language) for out in outs]

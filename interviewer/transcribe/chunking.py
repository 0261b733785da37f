"""Speech chunks for batched decoding: VAD cut & merge, and several recordings in one batch."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from interviewer.transcribe.base import SAMPLE_RATE

# Whisper's window: a chunk longer than this would be cut off by the encoder.
CHUNK_SECONDS = 30.0
# faster-whisper's own settings for its batched pipeline: short pauses still split speech.
MIN_SILENCE_MS = 160
# Conservative for interview speech (Silero's defaults are 0.5 and 400 ms): soft and whispered
# speech scores low, and a lost word onset costs more than a little decoded silence.
# Chosen on bench/hard_speech.py's tuning clips (0.5/400, 0.35/500 and 0.25/600 tried).
VAD_THRESHOLD = 0.25
SPEECH_PAD_MS = 600


def speech_spans(audio: np.ndarray, limit: float = CHUNK_SECONDS) -> list[tuple[int, int]]:
    """(start, end) sample ranges to decode: Silero VAD's speech, merged up to `limit` seconds.

    As WhisperX's "cut & merge": neighbouring speech regions join while the span from the
    first one's start to the last one's end fits in one window, pauses inside kept, so each
    chunk reads like natural speech; silence between chunks is never decoded. (Ending chunks at
    long pauses instead was tried: more errors on the whispered clips.)
    """
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(
        threshold=VAD_THRESHOLD, max_speech_duration_s=limit, min_silence_duration_ms=MIN_SILENCE_MS,
        speech_pad_ms=SPEECH_PAD_MS,
    )  # fmt: skip
    most = int(limit * SAMPLE_RATE)
    spans: list[list[int]] = []
    for region in get_speech_timestamps(audio, options):
        start, end = int(region["start"]), min(int(region["end"]), int(region["start"]) + most)
        if spans and end - spans[-1][0] <= most:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [(s, e) for s, e in spans]


@dataclass(frozen=True)
class Packed:
    """Several recordings laid end to end, with the chunks to decode and whose each one is."""

    audio: np.ndarray
    clips: list[dict[str, float]]  # faster-whisper's clip_timestamps: seconds in `audio`
    starts: list[float]  # where each recording begins in `audio`, seconds
    owners: list[int]  # the recording each clip belongs to

    def clip_at(self, seek: int, frames_per_second: int = 100) -> int:
        """The index of the clip a decoded segment came from, by its chunk's first frame (`seek`)."""
        # seek is the chunk start truncated to a frame: the chunk is the last starting by seek + 1
        return bisect_right(self.begins, (seek + 1) / frames_per_second) - 1

    def owner(self, seek: int) -> int:
        """The recording a decoded segment came from."""
        return self.owners[self.clip_at(seek)]

    @cached_property
    def begins(self) -> list[float]:
        """Each clip's start, seconds (sorted: recordings and their chunks are in order)."""
        return [c["start"] for c in self.clips]


def pack(audios: list[np.ndarray]) -> Packed:
    """Lay the recordings end to end and list every recording's speech chunks in that timeline.

    Chunks never span two recordings, so each recording's text is what it would get alone.
    """
    clips, starts, owners, offset = [], [], [], 0
    for index, audio in enumerate(audios):
        starts.append(offset / SAMPLE_RATE)
        for start, end in speech_spans(audio):
            clips.append({"start": (offset + start) / SAMPLE_RATE, "end": (offset + end) / SAMPLE_RATE})
            owners.append(index)
        offset += audio.size
    joined = np.concatenate(audios) if len(audios) > 1 else audios[0]
    return Packed(joined, clips, starts, owners)

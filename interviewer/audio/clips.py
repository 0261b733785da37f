"""One turn's audio as a float32 clip, cut from the session recording or the turn's own file.

A researcher-led session is one continuous recording stored as numbered segment files
(`RecordingSegmentEvent`s); a turn's span in recording time comes from the export timeline
(`Clock`): its transcript or audio span, else from when its prompt was asked until the next
prompt. Only the segment files that overlap the span are read; lost stretches and missing files
play as silence, and overlapping segments are trimmed as in the joined recording export (the
earlier one wins). A self-interview answer without segment events is its own file, played whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interviewer.errors import AudioError
from interviewer.events import Segment
from interviewer.export.timeline import Clock, heard
from interviewer.session.view import SessionView, Turn


@dataclass(frozen=True)
class Clip:
    """Audio ready to play: float32 frames × channels, its rate, and where it starts."""

    audio: np.ndarray
    rate: int
    start: float  # seconds into the recording (0.0 for an answer's own file)

    @property
    def duration(self) -> float:
        """Length in seconds."""
        return len(self.audio) / self.rate


def recording_end(view: SessionView) -> float:
    """Where the recording ends, in seconds (0 when nothing was recorded)."""
    return max((s.start + s.duration for s in view.recording), default=0.0)


def turn_span(view: SessionView, turn: Turn, clock: Clock | None = None) -> tuple[float, float]:
    """A turn's stretch of the recording: its answer when heard, else prompt to next prompt."""
    clock = clock or Clock(view)
    if heard(turn):
        start, end = clock.answer_span(turn)
        if end > start:
            return start, end
    start = clock.prompt_time(turn)
    later = [clock.prompt_time(t) for t in view.turns if t.asked_at > turn.asked_at]
    end = min(later) if later else recording_end(view)
    return start, max(start, end)


def turn_clip(view: SessionView, folder: Path, turn: Turn) -> Clip:
    """The audio of one turn (raises AudioError when the session holds none for it)."""
    if view.recording:
        return recording_clip(view, folder, *turn_span(view, turn))
    if turn.audio_file:
        return file_clip(Path(folder) / turn.audio_file)
    raise AudioError("no audio was recorded for this turn")


# Heard either side of a passage: word timings are estimates, and a clipped word is no help.
PASSAGE_PAD = 0.25


def segment_clip(view: SessionView, folder: Path, turn: Turn, segment: Segment) -> Clip:
    """One transcript passage of a turn (its times are in the session's time base)."""
    start, end = segment.start - PASSAGE_PAD, segment.end + PASSAGE_PAD
    if view.recording:
        return recording_clip(view, folder, start, end)
    if not turn.audio_file:
        raise AudioError("no audio was recorded for this turn")
    whole = file_clip(Path(folder) / turn.audio_file)
    base = turn.audio_start or 0.0  # where the answer file sits in the time base
    lo = max(0, round((start - base) * whole.rate))
    hi = min(len(whole.audio), round((end - base) * whole.rate))
    if hi <= lo:
        raise AudioError("no recorded audio for this passage")
    return Clip(whole.audio[lo:hi], whole.rate, base + lo / whole.rate)


def file_clip(path: Path) -> Clip:
    """A whole audio file as a clip."""
    import soundfile as sf

    try:
        audio, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except (OSError, RuntimeError, sf.LibsndfileError) as exc:
        raise AudioError(f"cannot read {Path(path).name}: {exc}") from exc
    return Clip(audio, rate, 0.0)


def recording_clip(view: SessionView, folder: Path, start: float, end: float) -> Clip:
    """Seconds `start`–`end` of the session recording, in the first segment's rate and channels."""
    pieces = sorted(view.recording, key=lambda s: s.start)
    if not pieces:
        raise AudioError("this session has no recording")
    rate, channels = pieces[0].sample_rate, pieces[0].channels
    start, end = max(0.0, start), min(end, recording_end(view))
    if end <= start:
        raise AudioError("no recorded audio for this turn")
    first, last = round(start * rate), round(end * rate)
    out = np.zeros((last - first, channels), dtype=np.float32)
    covered, found = 0, 0  # absolute frame the pieces so far reach; pieces read
    for seg in pieces:
        if seg.start >= end or seg.start + seg.duration <= start:
            continue
        at = round(seg.start * rate)
        data = _read(Path(folder) / seg.audio_file, max(covered, first) - at, last - at, rate, channels)
        if data is None:
            continue
        found += 1
        begin = max(covered, first, at)
        out[begin - first:begin - first + len(data)] = data
        covered = max(covered, begin + len(data))
    if not found:
        raise AudioError("the recording's audio files for this turn are missing or unreadable")
    return Clip(out, rate, first / rate)


def _read(path: Path, lo: int, hi: int, rate: int, channels: int) -> np.ndarray | None:
    """Frames lo–hi (in `rate`) of one segment file as float32; None when it cannot be read."""
    import soundfile as sf

    lo = max(0, lo)
    if hi <= lo:
        return np.zeros((0, channels), dtype=np.float32)
    try:
        with sf.SoundFile(str(path)) as src:
            own = src.samplerate
            src.seek(min(src.frames, int(lo * own / rate)))
            data = src.read(int(np.ceil((hi - lo) * own / rate)), dtype="float32", always_2d=True)
    except (OSError, RuntimeError, sf.LibsndfileError):
        return None
    if own != rate:  # a segment from another device setting: bring it to the recording's rate
        import soxr

        data = soxr.resample(data, own, rate).reshape(-1, data.shape[1]).astype(np.float32)
    return _channels(data, channels)[: hi - lo]


def _channels(block: np.ndarray, channels: int) -> np.ndarray:
    """Mix to mono and spread over `channels` when a file's channel count differs."""
    if block.shape[1] == channels:
        return block
    mono = block.mean(axis=1, keepdims=True, dtype=np.float32)
    return np.repeat(mono, channels, axis=1)


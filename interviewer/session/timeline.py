"""Map session time (elapsed) to recording time, and place continuous-recording speech in turns.

Recording time 0 is the first sample of the session recording. The recorder appends a
RecordingSegmentEvent when a segment is closed, so the first such event gives the origin:
origin = elapsed - (start + duration), and recording time = elapsed - origin. Without any
segment event the recording is taken to start with the session (origin 0).
"""

from __future__ import annotations

import bisect
import math

from interviewer.events import RecordingSegmentEvent, Segment, TranscriptEvent
from interviewer.session.speakers import participant_text
from interviewer.session.view import Turn


def recording_origin(recording: list[RecordingSegmentEvent]) -> float | None:
    """Return the elapsed seconds at recording time 0, from the first closed segment."""
    if not recording:
        return None
    first = recording[0]
    return first.elapsed - (first.start + first.duration)


def attach_stream_segments(
    turns: list[Turn],
    transcripts: list[TranscriptEvent],
    recording: list[RecordingSegmentEvent],
    origin: float | None,
) -> list[Segment]:
    """Give each turn the continuous-recording segments spoken between its prompt and the next.

    A segment belongs to the turn whose span holds its midpoint; turns that already have a
    transcript of their own keep it. Returns the segments spoken before the first prompt.
    """
    if not transcripts:
        return []
    shift = origin or 0.0
    ordered = sorted(turns, key=lambda t: t.asked_at)
    starts = [t.asked_at - shift for t in ordered]
    segments = sorted((s for tr in transcripts for s in tr.segments), key=lambda s: (s.start, s.end))
    preamble: list[Segment] = []
    assigned: dict[int, list[Segment]] = {}
    for segment in segments:
        index = bisect.bisect_right(starts, (segment.start + segment.end) / 2) - 1
        if index < 0:
            preamble.append(segment)
        else:
            assigned.setdefault(index, []).append(segment)
    covered = _transcribed_ranges(transcripts, recording)
    for index, turn in enumerate(ordered):
        if turn.transcribed:
            continue
        end = starts[index + 1] if index + 1 < len(starts) else math.inf
        _fill(turn, assigned.get(index, []), _overlaps(covered, starts[index], end))
    return preamble


def _fill(turn: Turn, segments: list[Segment], in_transcribed_audio: bool) -> None:
    """Set a turn's transcript from continuous-recording segments."""
    if not segments:
        turn.transcribed = in_transcribed_audio
        return
    turn.segments = segments
    turn.transcribed = True
    if turn.source != "typed" or not turn.original_text:  # the answer: what the participant said
        turn.original_text = participant_text(segments)
    turn.source = turn.source or "spoken"
    if turn.audio_start is None:
        turn.audio_start = segments[0].start
        turn.audio_end = max(s.end for s in segments)


def attach_utterances(turn: Turn, utterances: dict[int, TranscriptEvent]) -> None:
    """Give a turn the live-transcribed utterances heard for its prompt, in the order spoken.

    A transcript of the turn's own (a self-interview answer transcribed whole) comes first.
    """
    if not utterances or turn.transcribed:
        return
    segments = [s for _, event in sorted(utterances.items()) for s in event.segments]
    _fill(turn, segments, True)


def _transcribed_ranges(
    transcripts: list[TranscriptEvent], recording: list[RecordingSegmentEvent]
) -> list[tuple[float, float]]:
    """Return the recording-time ranges that some transcript covers."""
    files = {r.audio_file: (r.start, r.start + r.duration) for r in recording}
    ranges = []
    for transcript in transcripts:
        if transcript.audio_file in files:
            ranges.append(files[transcript.audio_file])
        elif transcript.segments:
            ranges.append((min(s.start for s in transcript.segments), max(s.end for s in transcript.segments)))
    return ranges


def _overlaps(ranges: list[tuple[float, float]], start: float, end: float) -> bool:
    return any(lo < end and start < hi for lo, hi in ranges)

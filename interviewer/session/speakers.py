"""Who spoke each passage: a researcher's fixes folded into the view's segments, and the answer's words."""

from __future__ import annotations

from collections.abc import Iterable

from interviewer.events import Segment, SegmentSpeakerEvent
from interviewer.session.view import Turn


def participant_text(segments: Iterable[Segment]) -> str:
    """The answer's words: the text of the segments the interviewer did not speak, joined."""
    return " ".join(s.text.strip() for s in segments if s.speaker != "interviewer" and s.text.strip())


def fixed_speaker(segment: Segment, fixes: list[SegmentSpeakerEvent]) -> str | None:
    """The speaker the latest fix holding the segment's midpoint gives it, else its own."""
    middle = (segment.start + segment.end) / 2
    for fix in reversed(fixes):  # journal order: the latest fix of a passage wins
        if fix.start <= middle <= fix.end:
            return fix.speaker
    return segment.speaker


def _refold(segments: list[Segment], fixes: list[SegmentSpeakerEvent]) -> tuple[list[Segment], bool]:
    """The segments with their fixed speakers (copies where changed: journalled ones are shared)."""
    out, changed = [], False
    for segment in segments:
        speaker = fixed_speaker(segment, fixes)
        if speaker != segment.speaker:
            segment, changed = segment.model_copy(update={"speaker": speaker}), True
        out.append(segment)
    return out, changed


def apply_speaker_fixes(turns: list[Turn], preamble: list[Segment],
                        fixes: list[SegmentSpeakerEvent]) -> list[Segment]:
    """Give every turn's segments (and the preamble's) their fixed speakers; return the preamble.

    A turn whose text is made from its segments gets the participant's words again; a typed
    answer, and one made of takes (whose text is the takes'), keep their text.
    """
    if not fixes:
        return preamble
    for turn in turns:
        segments, changed = _refold(turn.segments, fixes)
        if not changed:
            continue
        turn.segments = segments
        if not turn.takes and turn.transcribed and (turn.source != "typed" or not turn.original_text):
            turn.original_text = participant_text(segments)
    return _refold(preamble, fixes)[0]

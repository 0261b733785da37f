"""What Review shows of an answer: its passages (doubtful ones marked, who spoke each) and the selected one."""

from __future__ import annotations

from rich.text import Text

from interviewer.events import SegmentSpeakerEvent

SPEAKER_STYLES = {"interviewer": "bold blue", "participant": "bold green"}


def speaker_of(segment) -> str:
    """Who spoke a passage; one with no speaker is read as the participant's, as exports do."""
    return segment.speaker or "participant"


def answer_text(turn, low_confidence, selected: int | None = None, labels: tuple[str, str] | None = None) -> Text:
    """The answer as it stands; doubtful transcript passages underlined and marked with '?',
    the selected passage (by index) shown in bold on blue. With `labels` (interviewer,
    participant) and a transcript that knows who spoke, each run of one speaker starts a line
    with that speaker's label."""
    if turn.corrections or not turn.segments:
        return Text(turn.text or "(no answer)")
    named = labels is not None and any(s.speaker for s in turn.segments)
    out, speaker = Text(), None
    for i, seg in enumerate(turn.segments):
        if named and speaker_of(seg) != speaker:
            speaker = speaker_of(seg)
            if out:
                out.append("\n")
            label = labels[0] if speaker == "interviewer" else labels[1]
            out.append(f"{label}: ", style=SPEAKER_STYLES[speaker])
        style = "bold white on blue" if i == selected else ""
        if low_confidence(seg):
            out.append(f"[?{seg.text.strip()}?]", style=f"underline reverse {style}".strip())
        else:
            out.append(seg.text.strip(), style=style)
        out.append(" ")
    return out


def passage_text(turn, index: int, labels: tuple[str, str], fixable: bool) -> Text:
    """The line under the answer about the selected passage: where it is, who spoke it, the keys."""
    seg = turn.segments[index]
    source = " of the original transcript" if turn.corrections else ""
    who = labels[0] if speaker_of(seg) == "interviewer" else labels[1]
    keys = f"{who} speaking; space plays it, s changes who spoke" if fixable else "space plays it"
    return Text(f"\n\nPassage {index + 1} of {len(turn.segments)}{source}, {seg.start:.1f}–{seg.end:.1f} s: "
                f"{seg.text.strip()} ({keys})", style="dim")


def speaker_fix(turn, index: int, elapsed: float) -> SegmentSpeakerEvent:
    """The event that gives the passage to the other speaker (interviewer ↔ participant)."""
    seg = turn.segments[index]
    other = "participant" if speaker_of(seg) == "interviewer" else "interviewer"
    return SegmentSpeakerEvent(elapsed=elapsed, start=seg.start, end=seg.end, speaker=other)

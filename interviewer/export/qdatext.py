"""Timestamped plain text that MAXQDA and NVivo import and synchronise with the media file.

MAXQDA (`maxqda`, Import > Transcripts > "Transcript with timestamps"): a title line, then one
block per speaker turn — the speaker on a line of its own, then one paragraph per transcript
segment, each starting with its time as `[hh:mm:ss]` — and a blank line between turns. MAXQDA
asks for the media file on import and turns each `[hh:mm:ss]` into a clickable time stamp.

NVivo (`nvivo`, open the audio source > Import transcript rows, "file includes header row"):
NVivo documents plain-text transcripts as tab-delimited lines, each with a timestamp or
timespan and the same number of tabs. So: a header row `Timespan<TAB>Speaker<TAB>Content`, then
one row per segment with its start as `hh:mm:ss`; map the columns to Timespan, Speaker and
Content. Tabs and line breaks inside the text become spaces.

Both use the session's time base (the recording when there is one; see `timeline`), are UTF-8
with a byte-order mark (both programs run on Windows, where text without one is read in the
legacy code page) and CRLF line ends.
"""

from __future__ import annotations

from interviewer.export.common import clock
from interviewer.export.timeline import Clock, build_cues
from interviewer.session.view import SessionView


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render_maxqda(view: SessionView) -> bytes:
    """The MAXQDA timestamped transcript, as file bytes."""
    meta = view.meta
    out = [f"Interview {meta.code} ({meta.study_id})", ""]
    speaker = None
    for cue in build_cues(view, Clock(view)):
        if not cue.text:
            continue
        if cue.speaker != speaker or cue.role == "prompt":
            if speaker is not None:
                out.append("")
            out.append(cue.speaker)
            speaker = cue.speaker
        out.append(f"[{clock(cue.start)}] {_one_line(cue.text)}")
    return _encode(out)


def render_nvivo(view: SessionView) -> bytes:
    """The NVivo tab-delimited transcript rows, as file bytes."""
    rows = ["Timespan\tSpeaker\tContent"]
    for cue in build_cues(view, Clock(view)):
        if cue.text:
            rows.append(f"{clock(cue.start)}\t{_one_line(cue.speaker)}\t{_one_line(cue.text)}")
    return _encode(rows)


def _encode(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")

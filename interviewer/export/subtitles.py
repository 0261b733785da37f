"""Subtitles (.srt, .vtt) synchronised with the session recording.

Spoken answers use their transcript segment times (one cue per segment). Prompts are placed at
the moment they were asked, mapped onto the recording (see `timeline`). Typed answers were never
spoken, so in a session with audio they are left out of the subtitles; in a session without
audio every cue uses elapsed session time, which makes the file a timed record of a typed
interview. Each cue names its speaker ("Interviewer: …" in SRT, a `<v>` voice span in WebVTT)
and lasts at least half a second; cues are in start order and may overlap.
"""

from __future__ import annotations

from interviewer.export.common import MODE_NAMES, milliseconds
from interviewer.export.timeline import Clock, Cue, build_cues
from interviewer.session.view import SessionView

MIN_CUE = 0.5


def subtitle_cues(view: SessionView) -> list[Cue]:
    """The cues that belong in subtitles, in start order."""
    clock_ = Clock(view)
    cues = build_cues(view, clock_)
    if clock_.audio:
        cues = [c for c in cues if c.role == "prompt" or c.timed]
    return [c for c in cues if c.text]


def _stamp(seconds: float, sep: str) -> str:
    millis = milliseconds(max(0.0, seconds))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{millis:03d}"


def _lines(text: str) -> str:
    """Cue text without blank lines (a blank line would end the cue)."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def render_srt(view: SessionView) -> str:
    """SubRip text: numbered cues with hh:mm:ss,mmm times."""
    blocks = []
    for i, cue in enumerate(subtitle_cues(view), start=1):
        end = max(cue.end, cue.start + MIN_CUE)
        body = _lines(f"{cue.speaker}: {cue.text}")
        blocks.append(f"{i}\n{_stamp(cue.start, ',')} --> {_stamp(end, ',')}\n{body}\n")
    return "\n".join(blocks)


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_vtt(view: SessionView) -> str:
    """WebVTT text: a NOTE with the session, then cues with voice spans."""
    meta = view.meta
    note = f"NOTE interview {meta.code}, study {meta.study_id}, {MODE_NAMES.get(meta.mode, meta.mode)}"
    out = ["WEBVTT", "", _vtt_escape(note).replace("--", "- -"), ""]
    for i, cue in enumerate(subtitle_cues(view), start=1):
        end = max(cue.end, cue.start + MIN_CUE)
        speaker = _vtt_escape(cue.speaker)
        body = _lines(_vtt_escape(cue.text))
        out += [f"c{i}", f"{_stamp(cue.start, '.')} --> {_stamp(end, '.')}", f"<v {speaker}>{body}", ""]
    return "\n".join(out)

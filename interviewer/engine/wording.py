"""What the interviewer says beyond the guide's fixed text: quoted words and acknowledgements."""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.engine.state import InterviewState
from interviewer.guide.model import Probe
from interviewer.guide.placeholders import fill, quotes


def probe_text(probe: Probe, quote: str | None) -> str | None:
    """Return the probe's text with `{match}` as said, its fallback when there is nothing to quote, or None."""
    text = probe.text
    if "{" not in text and "}" not in text:
        return text
    if not quotes(text):
        return fill(text, "")
    if quote:
        return fill(text, quote)
    return fill(probe.fallback, "") if probe.fallback else None


def needs_quote(probe: Probe) -> bool:
    """Return True when the probe can only be asked with a quote (it has `{match}` and no fallback)."""
    return probe.fallback is None and "{" in probe.text and quotes(probe.text)


def acknowledgement(st: InterviewState, cues: Sequence[str], theme_id: str) -> str | None:
    """Choose the next listening cue: round-robin over the guide's list, none repeated within a theme.

    Deterministic (it depends only on what was chosen before), never the same cue twice in a
    row, and nothing once a theme has used every cue.
    """
    if not cues:
        return None
    if st.ack_theme != theme_id:
        st.ack_theme, st.ack_used = theme_id, []
    n = len(cues)
    start = 0 if st.ack_last is None else st.ack_last + 1
    for k in range(n):
        i = (start + k) % n
        if i not in st.ack_used and i != st.ack_last:
            st.ack_used.append(i)
            st.ack_last = i
            return cues[i]
    return None

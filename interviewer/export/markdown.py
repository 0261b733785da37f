"""Transcript as Markdown: header table, theme headings, speaker turns with numbered lines.

Every numbered line starts with its number in a code span (so no answer text can turn into a
Markdown heading or list) and ends in a hard line break. Corrections become footnotes that
keep the original wording; researcher notes, markers and support steps sit inline, in italics.
"""

from __future__ import annotations

import re

from interviewer.export.common import clock
from interviewer.export.transcript import Event, Heading, Transcript, Utterance

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """Backslash-escape characters that Markdown would read as formatting."""
    return _SPECIAL.sub(r"\\\1", text)


def render_markdown(doc: Transcript) -> str:
    """The whole transcript as Markdown text."""
    out = [f"# {escape(doc.title)}", "", "| | |", "|---|---|"]
    out += [f"| {escape(k)} | {escape(v)} |" for k, v in doc.header]
    out += ["", "_Lines are numbered for line-by-line coding; times are hh:mm:ss._", ""]
    width = len(str(max(doc.line_count, 1)))
    footnotes: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += [f"## {escape(block.title)}", ""]
        elif isinstance(block, Event):
            out += [f"_[{clock(block.time)}] {escape(block.text)}_", ""]
        else:
            out += _utterance(block, width, footnotes)
    if not doc.blocks:
        out += ["_No questions were asked in this session._", ""]
    if footnotes:
        out += ["---", ""] + footnotes
    return "\n".join(out).rstrip("\n") + "\n"


def _utterance(block: Utterance, width: int, footnotes: list[str]) -> list[str]:
    label = f" · {escape(block.label)}" if block.label else ""
    lines = [f"**{escape(block.speaker)}** · [{clock(block.time)}]{label}  "]
    for offset, text in enumerate(block.lines):
        number = str(block.first_line + offset).rjust(width)
        lines.append(f"`{number}` {escape(text)}  ")
    if block.original is not None:
        mark = len(footnotes) + 1
        lines[-1] = lines[-1].rstrip() + f"[^{mark}]"
        original = escape(" ".join(block.original.split()))
        footnotes.append(f"[^{mark}]: Corrected by the {block.corrected_by}; original: “{original}”")
    lines[-1] = lines[-1].rstrip()
    return lines + [""]

"""Text from guides, made to read well in a terminal of any width."""

from __future__ import annotations

import re


def reflow(text: str | None) -> str:
    """Join hard-wrapped lines into paragraphs (blank lines and list items keep their breaks)."""
    if not text:
        return ""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    out = []
    for para in paragraphs:
        lines = [line.strip() for line in para.splitlines()]
        joined: list[str] = []
        for line in lines:
            if joined and not re.match(r"^([-*•]|\d+[.)])\s", line):
                joined[-1] = f"{joined[-1]} {line}"
            else:
                joined.append(line)
        out.append("\n".join(joined))
    return "\n\n".join(out)

"""Placeholders in probe text: `{match}` quotes the participant's words; `{{` and `}}` are braces."""

from __future__ import annotations

import re

MATCH = "match"
KNOWN = (MATCH,)
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def placeholders(text: str) -> list[str]:
    """Return the placeholder names in a text, in order ('' marks a lone brace)."""
    out = []
    for m in _FIELD.finditer(text):
        token = m.group(0)
        if token in ("{{", "}}"):
            continue
        out.append(m.group(1).strip() if m.group(1) is not None else "")
    return out


def fill(text: str, match: str) -> str:
    """Return the text with every `{match}` replaced by the quote and doubled braces made single."""

    def one(m: re.Match[str]) -> str:
        token = m.group(0)
        if token in ("{{", "}}"):
            return token[0]
        return match if (m.group(1) or "").strip() == MATCH else token

    return _FIELD.sub(one, text)


def quotes(text: str) -> bool:
    """Return True when the text quotes the participant's words (has a `{match}`)."""
    return MATCH in placeholders(text)

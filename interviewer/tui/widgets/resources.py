"""Support resources (helplines, services) rendered as a calm list."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def resources_text(resources) -> Text:
    """Render resources (name, description, phone, text, url, hours) one block each."""
    out = Text()
    for i, res in enumerate(resources):
        if i:
            out.append("\n")
        out.append(f"• {res.name}\n", style="bold")
        if res.description:
            out.append(f"  {res.description}\n")
        ways = [f"phone {res.phone}" if res.phone else None, _text(res.text), res.url, res.hours]
        line = " · ".join(w for w in ways if w)
        if line:
            out.append(f"  {line}\n")
    return out


def _text(number: str | None) -> str | None:
    """ "text 85258", but a guide's own "Text SHOUT to 85258" as it is (not "text Text SHOUT…")."""
    if not number:
        return None
    return number if number.lower().startswith(("text", "sms", "chat")) else f"text {number}"


class Resources(Static):
    """A list of support resources; shows nothing when there are none."""

    def __init__(self, resources, **kwargs):
        super().__init__(resources_text(resources or []), **kwargs)
        self.display = bool(resources)

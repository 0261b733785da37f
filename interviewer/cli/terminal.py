"""Text made safe to print on a terminal: control characters from guides and answers shown, not run."""

from __future__ import annotations

import re
from typing import TypeVar

from pydantic import BaseModel

# C0 controls except tab and newline, DEL, and C1 controls: ESC and BEL would move the cursor, recolour,
# retitle or ring the terminal; CSI (0x9b) does the same on terminals that take 8-bit controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

Model = TypeVar("Model", bound=BaseModel)


def escape_controls(text: str) -> str:
    """Replace each control character with a visible escape such as \\x1b."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def terminal_safe(model: Model) -> Model:
    """A copy of a model with every string in it passed through escape_controls."""
    return type(model).model_validate(_walk(model.model_dump()))


def _walk(value):
    if isinstance(value, str):
        return escape_controls(value)
    if isinstance(value, dict):
        return {k: _walk(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v) for v in value]
    return value

"""Read a topic guide from TOML into the model, turning every problem into a located message."""

from __future__ import annotations

from pathlib import Path

import tomli
from pydantic import ValidationError

from interviewer.errors import GuideError
from interviewer.guide.model import Guide


def load_guide(path: str | Path) -> Guide:
    """Load and validate a guide; raise GuideError listing every problem as FILE:LINE:COL lines."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GuideError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    try:
        data = tomli.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise GuideError([f"{path}: not UTF-8 text (byte {exc.start})"]) from None
    except tomli.TOMLDecodeError as exc:
        raise GuideError([f"{path}:{exc.lineno}:{exc.colno}: {exc.msg}"]) from None
    try:
        return Guide.model_validate(data)
    except ValidationError as exc:
        raise GuideError([f"{path}: {_dotted(e['loc'])}: {e['msg']}" for e in exc.errors()]) from None


def _dotted(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]}[{item}]" if parts else f"[{item}]"
        else:
            parts.append(str(item))
    return ".".join(parts) or "(top level)"

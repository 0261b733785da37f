"""Refuse absurdly deep TOML before anything recursive (parser, validator, hash) sees it."""

from __future__ import annotations

from interviewer.guide.source_map import tokens

MAX_DEPTH = 64
TOO_DEEP = (f"TOML nested more than {MAX_DEPTH} levels deep (a guide needs far fewer; "
            "is a bracket or a dotted key repeated?)")


def bracket_overflow(text: str) -> tuple[int, int] | None:
    """Return (line, col) of the first bracket or brace opening a level deeper than MAX_DEPTH, or None."""
    depth = 0
    for tok in tokens(text):
        if tok.kind in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return tok.line, tok.col
        elif tok.kind in ("]", "}"):
            depth = max(0, depth - 1)
    return None


def data_overflow(data: object) -> tuple | None:
    """Return the key path of the first value nested deeper than MAX_DEPTH (dotted keys nest too), or None."""
    stack: list[tuple[object, tuple]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return path
        if isinstance(value, dict):
            stack.extend((v, path + (k,)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, path + (i,)) for i, v in enumerate(value))
    return None

"""Turn pydantic validation errors on a guide into readable messages with 'did you mean' hints."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel

from interviewer.guide.model import Guide

Loc = tuple[str | int, ...]
ID_HINT = "use lowercase letters, digits, '-' and '_', starting with a letter or digit"


def dotted(loc: Sequence[str | int]) -> str:
    """Return a loc as a dotted key path: ('themes', 2, 'questions', 0) -> 'themes[2].questions[0]'."""
    parts: list[str] = []
    for item in loc:
        if item == "[key]":
            continue
        if isinstance(item, int) and parts:
            parts[-1] = f"{parts[-1]}[{item}]"
        else:
            parts.append(str(item))
    return ".".join(parts) or "(top level)"


def suggest(word: str, choices: Sequence[str]) -> str:
    """Return " (did you mean 'X'?)" for the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def show(value: Any) -> str:
    """Return a value as a researcher would write it in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def message(error: dict, data: Any) -> str:
    """Return 'dotted.path: readable message' for one pydantic error dict."""
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    handler = _HANDLERS.get(kind)
    text = handler(loc, error, data) if handler else _default(error)
    return f"{dotted(loc)}: {text}"


def _default(error: dict) -> str:
    msg = error["msg"].removeprefix("Value error, ")
    return msg[:1].lower() + msg[1:]


def _extra(loc: Loc, error: dict, data: Any) -> str:
    key = str(loc[-1])
    allowed = allowed_keys(loc[:-1])
    hint = suggest(key, allowed)
    if not hint and allowed:
        hint = f" (allowed here: {', '.join(allowed)})"
    return f"unknown key '{key}'{hint}"


def _missing(loc: Loc, error: dict, data: Any) -> str:
    key = loc[-1]
    if loc == ("information",):
        return "missing [information]: a guide needs an information sheet and consent statements"
    if loc == ("information", "consent"):
        return "no consent statements: add at least one [[information.consent]] with an id and text"
    if loc == ("themes",):
        return "no themes: add at least one [[themes]] with questions"
    if key == "questions" and len(loc) == 3:
        return f"{_theme_name(loc, data)} has no questions: add at least one [[themes.questions]] under it"
    return f"required key '{key}' is missing"


def _too_short(loc: Loc, error: dict, data: Any) -> str:
    key = loc[-1]
    if key == "questions" and len(loc) == 3:
        return f"{_theme_name(loc, data)} has no questions: a theme needs at least one question"
    if loc == ("information", "consent"):
        return "no consent statements: add at least one [[information.consent]] with an id and text"
    if loc == ("themes",):
        return "no themes: add at least one [[themes]] with questions"
    if len(loc) == 2 and loc[0] == "topics":
        return f"topic '{key}' has no keywords: list at least one word or phrase that shows it"
    need = error.get("ctx", {}).get("min_length", 1)
    return f"needs at least {need} item{'s' if need != 1 else ''}, got none"


def _theme_name(loc: Loc, data: Any) -> str:
    try:
        return f"theme '{data['themes'][loc[1]]['id']}'"
    except (KeyError, IndexError, TypeError):
        return f"theme {loc[1] + 1}"


def _pattern(loc: Loc, error: dict, data: Any) -> str:
    value = error.get("input")
    if loc[-1] == "language":
        return f"{show(value)} is not a language tag such as 'en' or 'en-GB'"
    if loc[-1] == "transcription_server":
        return f"{show(value)} is not a server address such as 'https://gpu.lab.example:8000' (or \"\" for none)"
    what = "topic id" if loc[-1] == "[key]" else "id"
    return f"{show(value)} is not a valid {what}: {ID_HINT}"


def _enum(loc: Loc, error: dict, data: Any) -> str:
    value = error.get("input")
    choices = [m.value for m in _enum_at(loc) or []]
    what = {"kind": "probe kind", "if_covered": "if_covered value"}.get(str(loc[-1]), "value")
    hint = suggest(str(value), choices)
    return f"{show(value)} is not a valid {what}{hint}; choose one of: {', '.join(choices)}"


def _literal(loc: Loc, error: dict, data: Any) -> str:
    value = error.get("input")
    if loc == ("format",):
        return f"unsupported format version {show(value)}: this program reads format 1"
    expected = error.get("ctx", {}).get("expected", "")
    if expected == "True":
        return f"can only be true, got {show(value)} (leave the key out instead)"
    return f"expected {expected}, got {show(value)}"


def _expect(what: str):
    def handler(loc: Loc, error: dict, data: Any) -> str:
        return f"expected {what}, got {show(error.get('input'))}"

    return handler


def _list_type(loc: Loc, error: dict, data: Any) -> str:
    value = error.get("input")
    if isinstance(value, dict) and _item_is_table(loc):
        return f"expected a list, got a table (write [[{dotted(_keys_only(loc))}]] for each item, not [...])"
    return f"expected a list [ ... ], got {show(value)}"


def _item_is_table(loc: Loc) -> bool:
    """True when the list at loc holds tables (written as [[...]] sections)."""
    item = _type_at(loc + (0,))
    return isinstance(item, type) and issubclass(item, BaseModel)


def _keys_only(loc: Loc) -> Loc:
    return tuple(x for x in loc if isinstance(x, str))


def _model_type(loc: Loc, error: dict, data: Any) -> str:
    value = error.get("input")
    if loc[-1] in ("when", "not") or isinstance(loc[-1], int) and "when" in loc:
        return f"expected a condition table such as {{ shorter_than = 15 }}, got {show(value)}"
    return f"expected a table, got {show(value)}"


def _bound(word: str, key: str):
    def handler(loc: Loc, error: dict, data: Any) -> str:
        limit = error.get("ctx", {}).get(key)
        if str(loc[-1]).endswith("probe_budget"):
            return f"a probe budget cannot be below zero, got {show(error.get('input'))}"
        return f"must be {word} {show(limit)}, got {show(error.get('input'))}"

    return handler


def _too_long(loc: Loc, error: dict, data: Any) -> str:
    return f"is too long (at most {error.get('ctx', {}).get('max_length')} characters)"


_HANDLERS = {
    "extra_forbidden": _extra,
    "missing": _missing,
    "too_short": _too_short,
    "string_pattern_mismatch": _pattern,
    "enum": _enum,
    "literal_error": _literal,
    "int_parsing": _expect("a whole number"),
    "int_type": _expect("a whole number"),
    "int_from_float": _expect("a whole number"),
    "float_parsing": _expect("a number"),
    "float_type": _expect("a number"),
    "bool_type": _expect("true or false"),
    "bool_parsing": _expect("true or false"),
    "string_type": _expect("text in quotes"),
    "list_type": _list_type,
    "model_type": _model_type,
    "model_attributes_type": _model_type,
    "dict_type": _model_type,
    "greater_than": _bound("greater than", "gt"),
    "greater_than_equal": _bound("at least", "ge"),
    "string_too_short": lambda loc, error, data: "must not be empty",
    "string_too_long": _too_long,
    "finite_number": lambda loc, error, data: "must be a finite number",
}


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional wrappers from a type."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        else:
            return tp


def _type_at(loc: Loc) -> Any:
    """Return the type that the guide schema expects at a loc (None when unknown)."""
    tp: Any = Guide
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
            fields = {(f.alias or name): f for name, f in tp.model_fields.items()}
            if part not in fields:
                return None
            tp = fields[part].annotation
        elif origin is list and isinstance(part, int):
            tp = typing.get_args(tp)[0]
        elif origin is dict and isinstance(part, str):
            tp = typing.get_args(tp)[1]
        else:
            return None
    return _unwrap(tp)


def allowed_keys(loc: Loc) -> list[str]:
    """Return the keys a table at this loc may hold (as written in TOML)."""
    tp = _type_at(loc)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or name for name, f in tp.model_fields.items()]
    return []


def _enum_at(loc: Loc) -> type[Enum] | None:
    tp = _type_at(loc)
    return tp if isinstance(tp, type) and issubclass(tp, Enum) else None

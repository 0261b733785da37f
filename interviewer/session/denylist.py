"""Per-study deny-lists (`<sessions dir>/deny.toml`) and per-study redaction settings.

    [chatbot-wellbeing]              # the study id
    Sarah = "[SISTER]"               # name or place = its consistent replacement
    Leeds = "[CITY]"

    [chatbot-wellbeing.settings]
    redacted_exports_only = true     # exports of this study come from the redacted copy only
"""

from __future__ import annotations

import json
from pathlib import Path

import tomli

from interviewer.errors import SessionError

DENY_NAME = "deny.toml"
SETTINGS_KEYS = {"redacted_exports_only"}


def read_mapping_file(path: Path) -> dict:
    """Read a TOML or JSON file as a dict, with a one-line error when it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SessionError(f"{path}: no such file") from None
    except OSError as exc:
        raise SessionError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SessionError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise SessionError(f"{path}:{exc.lineno}:{exc.colno}: {exc.msg}") from None
    except json.JSONDecodeError as exc:
        raise SessionError(f"{path}:{exc.lineno}:{exc.colno}: {exc.msg}") from None
    if not isinstance(data, dict):
        raise SessionError(f"{path}: expected a table of NAME = \"REPLACEMENT\" entries")
    return data


def deny_entries(data: dict, study_id: str | None, where: str) -> dict[str, str]:
    """Return the NAME -> REPLACEMENT entries: the study's table if there is one, else the top level."""
    table = data.get(study_id) if study_id and isinstance(data.get(study_id), dict) else data
    entries = {}
    for name, value in table.items():
        if isinstance(value, dict):
            continue  # another study's table, or this study's [settings]
        if not isinstance(value, str) or not value.strip() or not name.strip():
            raise SessionError(f"{where}: {name!r}: the replacement must be non-empty text, like \"[SISTER]\"")
        entries[name] = value
    return entries


def study_deny_list(root: Path, study_id: str) -> dict[str, str]:
    """Return the study's deny-list from `<root>/deny.toml` (empty if there is none)."""
    path = root / DENY_NAME
    if not path.exists():
        return {}
    data = read_mapping_file(path)
    table = data.get(study_id)
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise SessionError(f"{path}: [{study_id}] must be a table of NAME = \"REPLACEMENT\" entries")
    return deny_entries(table, None, f"{path} [{study_id}]")


def study_settings(root: Path, study_id: str) -> dict:
    """Return the study's [settings] table from `<root>/deny.toml` (checked)."""
    path = root / DENY_NAME
    if not path.exists():
        return {}
    table = read_mapping_file(path).get(study_id)
    settings = table.get("settings", {}) if isinstance(table, dict) else {}
    unknown = set(settings) - SETTINGS_KEYS
    if unknown:
        raise SessionError(f"{path}: [{study_id}.settings]: unknown setting {sorted(unknown)[0]!r}")
    if not isinstance(settings.get("redacted_exports_only", False), bool):
        raise SessionError(f"{path}: [{study_id}.settings]: redacted_exports_only must be true or false")
    return settings


def parse_deny_args(items: list[str]) -> dict[str, str]:
    """Turn `--deny NAME=REPLACEMENT` values into entries."""
    entries = {}
    for item in items:
        name, sep, replacement = item.partition("=")
        if not sep or not name.strip() or not replacement.strip():
            raise SessionError(f"--deny {item!r}: expected NAME=REPLACEMENT, like Sarah=[SISTER]")
        entries[name.strip()] = replacement.strip()
    return entries

"""Upgrades of older journal layouts, one schema version at a time, over the raw JSON records.

Each migration maps version N records to version N+1 records, one record for one record (so
error messages can keep pointing at the original line numbers). They never touch files.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

JOURNAL_SCHEMA_VERSION = 1

Migration = Callable[[list[dict]], list[dict]]

# v0 (the prototype's layout) used other names for a few keys and event types.
_V0_KEYS = {"event": "type", "t": "elapsed"}
_V0_STARTED_KEYS = {"guide": "guide_id", "hash": "guide_hash", "participant": "participant_code"}
_V0_MODES = {"interview": "conduct", "rehearsal": "pilot", "self-interview": "self"}
_V0_TYPES = {"question": "prompt", "end": "session_ended"}


def v0_to_v1(records: list[dict]) -> list[dict]:
    """Upgrade the prototype layout: no header, `event`/`t`/`ts` keys, seq implied by order."""
    upgraded = []
    for position, record in enumerate(records, start=1):
        new = {_V0_KEYS.get(key, key): value for key, value in record.items() if key != "ts"}
        new["type"] = _V0_TYPES.get(new.get("type"), new.get("type"))
        if "ts" in record:
            new["at"] = _epoch_to_iso(record["ts"])
        new["seq"] = position
        if new["type"] == "session_started":
            new = {_V0_STARTED_KEYS.get(key, key): value for key, value in new.items()}
            new["mode"] = _V0_MODES.get(new.get("mode"), new.get("mode"))
        if new["type"] == "answer" and "answer" in new:
            new["text"] = new.pop("answer")
        upgraded.append(new)
    return upgraded


def _epoch_to_iso(value: object) -> object:
    """Turn Unix seconds into ISO 8601 UTC; leave anything else for validation to reject."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=timezone.utc).isoformat()
    return value


MIGRATIONS: dict[int, Migration] = {0: v0_to_v1}


def migrate(records: list[dict], from_version: int, to_version: int = JOURNAL_SCHEMA_VERSION) -> list[dict]:
    """Apply every migration from `from_version` up to `to_version`, in order."""
    for version in range(from_version, to_version):
        step = MIGRATIONS[version]
        migrated = step(records)
        if len(migrated) != len(records):
            raise AssertionError(f"migration {version}->{version + 1} must keep one record per record")
        records = migrated
    return records

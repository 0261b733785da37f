"""Random participant codes (never a real name) and the session folder names built from them."""

from __future__ import annotations

import re
import secrets
from collections.abc import Container
from datetime import date

# No 0/O, 1/I/L or U: codes are read aloud, written on consent forms and typed back.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 5
CODE_RE = re.compile(rf"^P-[{ALPHABET}]{{{CODE_LENGTH}}}$")
FOLDER_RE = re.compile(
    rf"^(?P<date>\d{{4}}-\d{{2}}-\d{{2}})_(?P<study>[a-z0-9][a-z0-9_-]*)_(?P<code>P-[{ALPHABET}]{{{CODE_LENGTH}}})$"
)


def new_code(taken: Container[str] = ()) -> str:
    """Return a fresh random code such as 'P-7K3QX' that is not in `taken`."""
    while True:
        code = "P-" + "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def normalise_code(text: str) -> str | None:
    """Return the canonical form of a code typed by a person ('p-7k3qx', '7K3QX'), else None."""
    candidate = text.strip().upper()
    if not candidate.startswith("P-"):
        candidate = "P-" + candidate
    return candidate if CODE_RE.match(candidate) else None


def folder_name(day: date, study_id: str, code: str) -> str:
    """Return the session folder name: YYYY-MM-DD_<study-id>_<CODE>."""
    return f"{day:%Y-%m-%d}_{study_id}_{code}"


def parse_folder_name(name: str) -> tuple[date, str, str] | None:
    """Split a session folder name into (date, study id, code), or None if it is not one."""
    match = FOLDER_RE.match(name)
    if not match:
        return None
    try:
        day = date.fromisoformat(match["date"])
    except ValueError:
        return None
    return day, match["study"], match["code"]

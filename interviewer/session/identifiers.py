"""Find identifiers in text: deny-listed names and places, e-mail addresses, phone numbers, URLs, postcodes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from interviewer.errors import SessionError

_TLDS = r"(?:com|org|net|edu|gov|info|io|co|uk|ac|nhs|de|fr|ie|eu|au|ca|us|me|app|ai)"
_PATH = r"[^\s<>\"']*[^\s<>\"'.,;:!?)\]]"  # a URL's rest, without trailing punctuation
_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM"
    " NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()

# (kind, replacement, pattern); where a pattern has a group, only the group is replaced.
PATTERNS: list[tuple[str, str, re.Pattern]] = [
    ("email", "[EMAIL]", re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)),
    ("email", "[EMAIL]", re.compile(rf"\b[\w.+-]+\s+at\s+[\w-]+(?:\s+dot\s+[\w-]+)*\s+dot\s+{_TLDS}\b", re.I)),
    ("url", "[URL]", re.compile(rf"\b(?:https?://|www\.){_PATH}", re.I)),
    ("url", "[URL]", re.compile(rf"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.{_TLDS}\b(?:/{_PATH})?", re.I)),
    ("phone", "[PHONE]", re.compile(r"(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d+(?:[ .-]\d+)*(?![\w])")),
    ("postcode", "[POSTCODE]", re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}|GIR\s?0AA)\b", re.I)),
    ("postcode", "[POSTCODE]", re.compile(r"\b\d{5}-\d{4}\b")),
    (
        "postcode",
        "[POSTCODE]",
        re.compile(rf"\b(?:(?:{'|'.join(_STATES)}),?\s+|(?i:zip)(?:\s*(?i:code))?[:\s]+)(\d{{5}})\b"),
    ),
]
_TOKEN = re.compile(r"\[[A-Z][A-Z0-9 _-]*\]")
_ORDER = {"email": 0, "url": 1, "name": 2, "phone": 3, "postcode": 4}


@dataclass(frozen=True)
class Match:
    """A span of the original text and what replaces it."""

    start: int
    end: int
    replacement: str
    kind: str


class Redactor:
    """Replaces deny-listed words (whole words, any case, possessives kept) and identifier patterns."""

    def __init__(self, deny: Mapping[str, str] | None = None):
        self.replacements: dict[str, str] = {}
        for name, replacement in (deny or {}).items():
            key = _normal(name)
            if not key or not str(replacement).strip():
                raise SessionError(f"deny list: empty name or replacement in {name!r} = {replacement!r}")
            if self.replacements.get(key, replacement) != replacement:
                raise SessionError(f"deny list: {name!r} is given two replacements")
            self.replacements[key] = replacement
        words = sorted(self.replacements, key=len, reverse=True)
        alternatives = "|".join(r"\s+".join(map(re.escape, w.split(" "))) for w in words)
        self._names = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I) if words else None

    def find(self, text: str) -> list[Match]:
        """Return the non-overlapping matches in `text`, in order."""
        found: list[Match] = []
        if self._names is not None:
            found += [Match(m.start(), m.end(), self.replacements[_normal(m.group())], "name")
                      for m in self._names.finditer(text)]
        for kind, replacement, pattern in PATTERNS:
            for m in pattern.finditer(text):
                group = 1 if pattern.groups else 0
                if kind != "phone" or _is_phone(m.group()):
                    found.append(Match(m.start(group), m.end(group), replacement, kind))
        protected = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        found = [m for m in found if not any(m.start < hi and lo < m.end for lo, hi in protected)]
        found.sort(key=lambda m: (m.start, -(m.end - m.start), _ORDER[m.kind]))
        chosen: list[Match] = []
        for match in found:
            if not chosen or match.start >= chosen[-1].end:
                chosen.append(match)
        return chosen

    def redact(self, text: str) -> tuple[str, list[Match]]:
        """Return the redacted text and the matches (offsets into the original)."""
        matches = self.find(text)
        return apply(text, matches), matches


def apply(text: str, matches: list[Match]) -> str:
    """Replace non-overlapping, ordered matches in text."""
    parts, position = [], 0
    for match in matches:
        parts += [text[position:match.start], match.replacement]
        position = match.end
    parts.append(text[position:])
    return "".join(parts)


def _normal(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def _is_phone(candidate: str) -> bool:
    """Digit runs are phone numbers when long enough: 10-15 digits, or 8+ after a '+'."""
    digits = sum(c.isdigit() for c in candidate)
    return 10 <= digits <= 15 or (candidate.startswith("+") and 8 <= digits <= 15)

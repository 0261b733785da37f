"""Map key paths of a (valid) TOML document to the line and column where each key stands."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import tomli

Path = tuple[str | int, ...]
_PUNCT = set("[]{}=,.")
_STOP = set(" \t\r\n#\"'") | _PUNCT


@dataclass(frozen=True)
class _Tok:
    kind: str  # NL, STR, BARE, or the punctuation character itself
    text: str
    line: int
    col: int


class SourceMap:
    """Line/column positions of the keys, tables and array items of one TOML text."""

    def __init__(self, positions: dict[Path, tuple[int, int]]):
        self._positions = positions

    @classmethod
    def from_text(cls, text: str) -> SourceMap:
        """Build the map; the text must already be known to parse as TOML."""
        return cls(_Parser(list(tokens(text))).run())

    def exact(self, loc: Sequence[str | int]) -> tuple[int, int] | None:
        """Return (line, col) of exactly this path, or None when it is not written in the file."""
        return self._positions.get(tuple(loc))

    def find(self, loc: Sequence[str | int]) -> tuple[int, int]:
        """Return (line, col) of the path, else of its nearest written ancestor, else (1, 1)."""
        path = tuple(loc)
        while path:
            if path in self._positions:
                return self._positions[path]
            path = path[:-1]
        return (1, 1)


def tokens(text: str) -> Iterator[_Tok]:
    """Split TOML text into the few token kinds the locator needs (comments dropped)."""
    i, line, line_start, n = 0, 1, 0, len(text)
    while i < n:
        c, col = text[i], i - line_start + 1
        if c in " \t\r":
            i += 1
        elif c == "\n":
            yield _Tok("NL", c, line, col)
            i, line, line_start = i + 1, line + 1, i + 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            end = _string_end(text, i)
            raw = text[i:end]
            yield _Tok("STR", raw, line, col)
            newlines = raw.count("\n")
            if newlines:
                line, line_start = line + newlines, i + raw.rfind("\n") + 1
            i = end
        elif c in _PUNCT:
            yield _Tok(c, c, line, col)
            i += 1
        else:
            j = i
            while j < n and text[j] not in _STOP:
                j += 1
            yield _Tok("BARE", text[i:j], line, col)
            i = j


def _string_end(text: str, i: int) -> int:
    """Return the index just past the string literal starting at i."""
    quote = text[i]
    triple = text.startswith(quote * 3, i)
    j = i + (3 if triple else 1)
    while j < len(text):
        if quote == '"' and text[j] == "\\":
            j += 2
            continue
        if triple and text.startswith(quote * 3, j):
            j += 3
            while j < len(text) and text[j] == quote:  # up to two quotes may end the content
                j += 1
            return j
        if not triple and text[j] == quote:
            return j + 1
        j += 1
    return j


def _key_text(tok: _Tok) -> str:
    """Return the key a BARE or quoted STR token names."""
    if tok.kind == "BARE":
        return tok.text
    try:
        return str(tomli.loads(f"k = {tok.text}")["k"])
    except tomli.TOMLDecodeError:
        return tok.text.strip("\"'")


class _Parser:
    """Walk the tokens like a TOML parser, recording where every key path starts."""

    def __init__(self, toks: list[_Tok]):
        self.toks, self.p = toks, 0
        self.positions: dict[Path, tuple[int, int]] = {}
        self.array_counts: dict[Path, int] = {}

    def run(self) -> dict[Path, tuple[int, int]]:
        """Walk every statement; return key path -> (line, col)."""
        current: Path = ()
        while self.p < len(self.toks):
            tok = self.toks[self.p]
            if tok.kind == "NL":
                self.p += 1
            elif tok.kind == "[":
                current = self._header(tok)
            else:
                self._keyval(current)
        return self.positions

    def _peek(self) -> _Tok | None:
        return self.toks[self.p] if self.p < len(self.toks) else None

    def _skip_newlines(self) -> None:
        while (tok := self._peek()) is not None and tok.kind == "NL":
            self.p += 1

    def _header(self, first: _Tok) -> Path:
        nxt = self.toks[self.p + 1] if self.p + 1 < len(self.toks) else None
        double = nxt is not None and nxt.kind == "[" and nxt.line == first.line and nxt.col == first.col + 1
        self.p += 2 if double else 1
        keys = self._key()
        self.p += 2 if double else 1  # the closing bracket(s)
        path: Path = ()
        for index, key in enumerate(keys):
            path += (key,)
            if double and index == len(keys) - 1:
                count = self.array_counts.get(path, 0)
                self.array_counts[path] = count + 1
                self.positions.setdefault(path, (first.line, first.col))
                path += (count,)
            elif path in self.array_counts:
                path += (self.array_counts[path] - 1,)
            self.positions.setdefault(path, (first.line, first.col))
        return path

    def _key(self) -> list[str]:
        keys = [_key_text(self.toks[self.p])]
        self.p += 1
        while (tok := self._peek()) is not None and tok.kind == ".":
            keys.append(_key_text(self.toks[self.p + 1]))
            self.p += 2
        return keys

    def _keyval(self, base: Path) -> None:
        first = self.toks[self.p]
        path = base
        for key in self._key():
            path += (key,)
            self.positions.setdefault(path, (first.line, first.col))
        self.p += 1  # '='
        self._value(path)

    def _value(self, path: Path) -> None:
        tok = self._peek()
        if tok is None:
            return
        if tok.kind == "{":
            self._inline_table(path)
        elif tok.kind == "[":
            self._array(path)
        else:
            while (tok := self._peek()) is not None and tok.kind not in ("NL", ",", "]", "}"):
                self.p += 1

    def _inline_table(self, path: Path) -> None:
        self.p += 1
        while True:
            self._skip_newlines()
            tok = self._peek()
            if tok is None or tok.kind == "}":
                self.p += 1
                return
            if tok.kind == ",":
                self.p += 1
                continue
            self._keyval(path)

    def _array(self, path: Path) -> None:
        self.p += 1
        index = 0
        while True:
            self._skip_newlines()
            tok = self._peek()
            if tok is None or tok.kind == "]":
                self.p += 1
                return
            if tok.kind == ",":
                index += 1
                self.p += 1
                continue
            self.positions.setdefault(path + (index,), (tok.line, tok.col))
            self._value(path + (index,))

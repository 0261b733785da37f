"""Read a topic guide from TOML into the model, turning every problem into a located message."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import tomli
from pydantic import ValidationError

from interviewer.errors import GuideError
from interviewer.guide import schema_errors
from interviewer.guide.model import Guide
from interviewer.guide.nesting import TOO_DEEP, bracket_overflow, data_overflow
from interviewer.guide.problems import Problem
from interviewer.guide.source_map import SourceMap


@dataclass
class ParsedGuide:
    """The outcome of reading one guide: the model (None if invalid), its source map, its problems."""

    file: str
    guide: Guide | None = None
    source: SourceMap | None = None
    problems: list[Problem] = field(default_factory=list)

    def where(self, loc: tuple) -> tuple[int | None, int | None]:
        """Return (line, col) of a key path in the file (nearest written ancestor)."""
        return self.source.find(loc) if self.source else (None, None)


def parse_guide_text(text: str, file: str = "<guide>") -> ParsedGuide:
    """Parse and validate guide text; every syntax or schema problem becomes a located Problem."""
    parsed = ParsedGuide(file)
    deep = bracket_overflow(text)
    if deep is not None:
        parsed.problems.append(Problem("error", "toml.depth", TOO_DEEP, file, *deep))
        return parsed
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        msg = exc.msg[:1].lower() + exc.msg[1:]
        parsed.problems.append(Problem("error", "toml", f"TOML syntax: {msg}", file, exc.lineno, exc.colno))
        return parsed
    parsed.source = SourceMap.from_text(text)
    deep_key = data_overflow(data)
    if deep_key is not None:
        parsed.problems.append(Problem("error", "toml.depth", TOO_DEEP, file, *parsed.where(deep_key)))
        return parsed
    try:
        # Strict JSON-mode validation: TOML has real numbers and booleans, so "10" or "yes"
        # where a number or true/false belongs is a mistake to report, not to coerce.
        parsed.guide = Guide.model_validate_json(json.dumps(data, default=str), strict=True)
    except ValidationError as exc:
        for err in exc.errors():
            line, col = parsed.source.find(err["loc"])
            text_ = schema_errors.message(err, data)
            parsed.problems.append(Problem("error", f"schema.{err['type']}", text_, file, line, col))
    return parsed


def parse_guide(path: str | Path) -> ParsedGuide:
    """Read a guide file and parse it (see parse_guide_text); unreadable files become a Problem."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return ParsedGuide(file, problems=[Problem("error", "io", f"cannot read: {exc.strerror or exc}", file)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem("error", "io", f"not UTF-8 text (bad byte at offset {exc.start})", file)
        return ParsedGuide(file, problems=[problem])
    return parse_guide_text(text, file)


def load_guide(path: str | Path) -> Guide:
    """Load a guide that is safe to run: raise GuideError listing every error (warnings ignored)."""
    from interviewer.guide.graph import graph_problems
    from interviewer.guide.wording_checks import wording_problems

    parsed = parse_guide(path)
    if parsed.guide is not None:
        parsed.problems.extend(graph_problems(parsed.guide, parsed))
        parsed.problems.extend(wording_problems(parsed.guide, parsed))
    errors = sorted((p for p in parsed.problems if p.severity == "error"), key=Problem.order)
    if errors:
        raise GuideError([p.format() for p in errors])
    assert parsed.guide is not None
    return parsed.guide

"""Checks on the guide's text as text: `{match}` placeholders, control characters, TODOs left in."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from interviewer.guide.graph import question_locs
from interviewer.guide.model import Condition, Guide, Probe
from interviewer.guide.placeholders import KNOWN, MATCH, placeholders
from interviewer.guide.problems import Collector, Locator, Problem
from interviewer.guide.schema_errors import dotted

_TODO = re.compile(r"\bTODO\b")
_ANY_PLACEHOLDER = re.compile(r"(?<!\{)\{\s*\w+\s*\}(?!\})")
_ALLOWED_CONTROLS = "\n\t"
_CONTROL_NAMES = {0x00: "null", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
                  0x0D: "carriage return", 0x1B: "escape", 0x7F: "delete"}


def wording_problems(guide: Guide, locator: Locator) -> list[Problem]:
    """Return the errors and warnings about placeholders, control characters and TODOs."""
    out = Collector(locator)
    for loc, text in strings(guide.model_dump(mode="python", by_alias=True)):
        _check_characters(text, loc, out)
    for loc, _, q in question_locs(guide):
        for key in ("text", "alternative"):
            _no_placeholder(getattr(q, key), loc + (key,), f"question '{q.id}'", out)
        for pi, probe in enumerate(q.probes):
            _check_probe(probe, q.id, loc + ("probes", pi), out)
    for i, cue in enumerate(guide.settings.acknowledgements):
        _no_placeholder(cue, ("settings", "acknowledgements", i), "acknowledgement", out)
    return out.problems


def strings(value: object, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Yield (key path, text) for every string in a dumped guide."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, loc + (i,))


def _check_characters(text: str, loc: tuple, out: Collector) -> None:
    for i, char in enumerate(text):
        if (unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS) or char in "\ufffe\uffff":
            name = _CONTROL_NAMES.get(ord(char), "control character")
            out.error("control-character", f"{dotted(loc)}: control character U+{ord(char):04X} ({name}) "
                      f"at character {i + 1}; remove it (only line breaks and tabs are allowed in guide text, "
                      "and exports to XML formats cannot hold it)", loc)
            break
    if _TODO.search(text):
        out.warning("todo", f"{dotted(loc)}: still says TODO; replace it with the study's own text", loc)


def _no_placeholder(text: str | None, loc: tuple, owner: str, out: Collector) -> None:
    if text and (m := _ANY_PLACEHOLDER.search(text)):
        out.error("placeholder", f"{owner}: placeholder '{m.group(0)}' is only filled in a probe's text; "
                  "write the words out here", loc)


def _check_probe(probe: Probe, qid: str, loc: tuple, out: Collector) -> None:
    owner = f"probe '{probe.id}' of question '{qid}'"
    names = placeholders(probe.text)
    for name in names:
        if name not in KNOWN:
            what = "a lone brace" if not name else f"unknown placeholder '{{{name}}}'"
            out.error("placeholder", f"{owner}: {what} in its text (known: {{{MATCH}}}; write {{{{ and }}}} "
                      "for a brace)", loc + ("text",))
    _no_placeholder(probe.fallback, loc + ("fallback",), f"{owner} (fallback)", out)
    if MATCH not in names:
        if probe.fallback is not None:
            out.warning("unused-fallback", f"{owner}: the fallback is never used, because the text quotes "
                        f"nothing ({{{MATCH}}})", loc + ("fallback",))
        return
    if not quotable(probe.when):
        out.error("placeholder", f"{owner}: its text quotes {{{MATCH}}}, but its trigger has no test of what "
                  "was said to quote (mentions_any, matches or covered, not inside 'not')", loc + ("text",))
    if probe.fallback is None:
        out.error("placeholder", f"{owner}: its text quotes {{{MATCH}}} but it has no fallback text for when "
                  "there is nothing to quote (add fallback = \"...\")", loc + ("text",))


def quotable(cond: Condition) -> bool:
    """Return True when some test outside a 'not' can supply words to quote."""
    if cond.mentions_any is not None or cond.matches is not None or cond.covered is not None:
        return True
    return any(quotable(c) for c in (cond.all or []) + (cond.any or []))

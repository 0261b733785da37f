"""Regular expressions for `matches` triggers, on RE2: matching time is linear, so no answer can hang it."""

from __future__ import annotations

from functools import lru_cache

import re2

RE2_HINT = "patterns use RE2 syntax, which has no backreferences and no lookaround"


class PatternError(ValueError):
    """A `matches` pattern that RE2 cannot compile."""


@lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> re2._Regexp:
    """Return the case-insensitive RE2 program of a pattern (cached); PatternError if invalid."""
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise PatternError(f"invalid regular expression '{pattern}' ({reason}); {RE2_HINT}") from None

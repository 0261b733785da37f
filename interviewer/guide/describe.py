"""Conditions, probe triggers and branches written in plain words (used by `show` and `export`)."""

from __future__ import annotations

from interviewer.guide.model import Branch, Condition, CoveredAction, Guide, Probe


def _quoted(words: list[str], joiner: str) -> str:
    quoted = [f"“{w}”" for w in words]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + f" {joiner} " + quoted[-1]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def condition_words(cond: Condition) -> str:
    """Return the condition as a clause, e.g. 'the answer is shorter than 15 words'."""
    if cond.always:
        return "always"
    if cond.choice:
        return "the interviewer chooses to"
    if cond.shorter_than is not None:
        return f"the answer is shorter than {_plural(cond.shorter_than, 'word')}"
    if cond.longer_than is not None:
        return f"the answer is longer than {_plural(cond.longer_than, 'word')}"
    if cond.mentions_any is not None:
        return f"the answer mentions {_quoted(cond.mentions_any, 'or')}"
    if cond.mentions_none is not None:
        if len(cond.mentions_none) == 1:
            return f"the answer does not mention {_quoted(cond.mentions_none, 'or')}"
        return f"the answer mentions none of {_quoted(cond.mentions_none, 'or')}"
    if cond.matches is not None:
        return f"the answer matches the pattern /{cond.matches}/"
    if cond.not_covered is not None:
        return f"the topic “{cond.not_covered}” has not come up yet"
    if cond.covered is not None:
        return f"the topic “{cond.covered}” has already come up"
    if cond.all is not None:
        return " and ".join(_part(c) for c in cond.all)
    if cond.any is not None:
        return " or ".join(_part(c) for c in cond.any)
    assert cond.not_ is not None
    return negated_words(cond.not_)


def _part(cond: Condition) -> str:
    """A clause inside all/any, bracketed when it is itself a combination."""
    words = condition_words(cond)
    return f"({words})" if cond.all is not None or cond.any is not None else words


def negated_words(cond: Condition) -> str:
    """Return the negation of a condition as a clause, phrased positively where possible."""
    if cond.always:
        return "never"
    if cond.shorter_than is not None:
        return f"the answer is at least {_plural(cond.shorter_than, 'word')} long"
    if cond.longer_than is not None:
        return f"the answer is at most {_plural(cond.longer_than, 'word')} long"
    if cond.mentions_any is not None:
        return condition_words(Condition(mentions_none=cond.mentions_any))
    if cond.mentions_none is not None:
        return condition_words(Condition(mentions_any=cond.mentions_none))
    if cond.not_covered is not None:
        return condition_words(Condition(covered=cond.not_covered))
    if cond.covered is not None:
        return condition_words(Condition(not_covered=cond.covered))
    if cond.not_ is not None:
        return condition_words(cond.not_)
    if cond.choice:
        return "the interviewer does not choose to"
    if cond.matches is not None:
        return f"the answer does not match the pattern /{cond.matches}/"
    return f"it is not the case that {_part(cond)}"


def trigger_words(cond: Condition) -> str:
    """Return when a probe is asked, e.g. 'always', 'if the answer is shorter than 15 words'."""
    if cond.always:
        return "always"
    if cond.choice:
        return "at the interviewer's choice (offered, not asked automatically)"
    return f"if {condition_words(cond)}"


def probe_trigger_words(probe: Probe) -> str:
    """Return when a probe is asked, including its topic, e.g. 'unless the topic “memory” has come up'."""
    words = trigger_words(probe.when)
    if probe.topic is None:
        return words
    unless = f"unless the topic “{probe.topic}” has already come up"
    if probe.when.always or probe.when.not_covered == probe.topic:
        return unless
    return f"{words}, {unless}"


COVERED_ACTIONS = {
    CoveredAction.ASK: "asked anyway",
    CoveredAction.MARK: "asked anyway, marked as already covered",
    CoveredAction.SKIP: "skipped",
}


def covers_words(guide: Guide, covers: list[str], action: CoveredAction | None) -> str:
    """Return what a question covers and what happens when that already came up."""
    effective = action or guide.settings.if_covered
    topics = ", ".join(f"“{t}”" for t in covers)
    return f"covers {topics}; if already covered by earlier answers: {COVERED_ACTIONS[effective]}"


def target_words(guide: Guide, goto: str) -> str:
    """Return where a branch goes, e.g. 'go to question “q5”' or 'end the interview'."""
    if goto == "end":
        return "end the interview"
    if any(t.id == goto for t in guide.themes):
        return f"go to theme “{goto}”"
    return f"go to question “{goto}”"


def branch_words(guide: Guide, branch: Branch) -> str:
    """Return a branch as a sentence fragment, e.g. 'if the answer mentions “bus”, go to question “q5”'."""
    return f"{trigger_words(branch.when)}, {target_words(guide, branch.goto)}"

"""Conditions, probe triggers and branches written in plain words (used by `show` and `export`)."""

from __future__ import annotations

from interviewer.guide.model import Branch, Condition, CoveredAction, Guide, Probe, Scope
from interviewer.guide.placeholders import quotes


def _quoted(words: list[str], joiner: str) -> str:
    quoted = [f"“{w}”" for w in words]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + f" {joiner} " + quoted[-1]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# Who is speaking in a clause: (subject, plural?) for each scope.
_SUBJECT = {
    Scope.ANSWER: ("the answer", False),
    Scope.QUESTION: ("the answers to this question", True),
    Scope.INTERVIEW: ("everything said so far", False),
}
_TOPIC_WHERE = {Scope.ANSWER: " in the answer", Scope.QUESTION: " in the answers to this question",
                Scope.INTERVIEW: ""}


def _scope(cond: Condition, inherited: Scope | None, branch: bool) -> Scope:
    """The scope a test looks at, as the engine decides it (see engine/conditions.py)."""
    if cond.scope is not None:
        return cond.scope
    if inherited is not None:
        return inherited
    if branch or (cond.shorter_than is None and cond.longer_than is None):
        return Scope.QUESTION
    return Scope.ANSWER


def _verb(singular: str, plural: str, is_plural: bool) -> str:
    return plural if is_plural else singular


def condition_words(cond: Condition, inherited: Scope | None = None, branch: bool = False) -> str:
    """Return the condition as a clause, e.g. 'the answer is shorter than 15 words'."""
    if cond.always:
        return "always"
    if cond.choice:
        return "the interviewer chooses to"
    scope = _scope(cond, inherited, branch)
    who, many = _SUBJECT[scope]
    together = "" if scope == Scope.ANSWER else " in all"
    if cond.shorter_than is not None:
        return f"{who} {_verb('is', 'are', many)} shorter than {_plural(cond.shorter_than, 'word')}{together}"
    if cond.longer_than is not None:
        return f"{who} {_verb('is', 'are', many)} longer than {_plural(cond.longer_than, 'word')}{together}"
    if cond.mentions_any is not None:
        return f"{who} {_verb('mentions', 'mention', many)} {_quoted(cond.mentions_any, 'or')}"
    if cond.mentions_none is not None:
        if len(cond.mentions_none) == 1:
            return f"{who} {_verb('does', 'do', many)} not mention {_quoted(cond.mentions_none, 'or')}"
        return f"{who} {_verb('mentions', 'mention', many)} none of {_quoted(cond.mentions_none, 'or')}"
    if cond.matches is not None:
        return f"{who} {_verb('matches', 'match', many)} the pattern /{cond.matches}/"
    if cond.not_covered is not None:
        return f"the topic “{cond.not_covered}” has not come up{_TOPIC_WHERE[scope]} yet"
    if cond.covered is not None:
        return f"the topic “{cond.covered}” has already come up{_TOPIC_WHERE[scope]}"
    inner = cond.scope or inherited
    if cond.all is not None:
        return " and ".join(_part(c, inner, branch) for c in cond.all)
    if cond.any is not None:
        return " or ".join(_part(c, inner, branch) for c in cond.any)
    assert cond.not_ is not None
    return negated_words(cond.not_, inner, branch)


def _part(cond: Condition, inherited: Scope | None, branch: bool) -> str:
    """A clause inside all/any, bracketed when it is itself a combination."""
    words = condition_words(cond, inherited, branch)
    return f"({words})" if cond.all is not None or cond.any is not None else words


def negated_words(cond: Condition, inherited: Scope | None = None, branch: bool = False) -> str:
    """Return the negation of a condition as a clause, phrased positively where possible."""
    if cond.always:
        return "never"
    if cond.choice:
        return "the interviewer does not choose to"
    scope = _scope(cond, inherited, branch)
    who, many = _SUBJECT[scope]
    together = "" if scope == Scope.ANSWER else " in all"
    flipped = {"mentions_any": "mentions_none", "mentions_none": "mentions_any", "covered": "not_covered",
               "not_covered": "covered"}
    for key, other in flipped.items():
        value = getattr(cond, key)
        if value is not None:
            return condition_words(Condition(**{other: value, "scope": scope}), None, branch)
    if cond.shorter_than is not None:
        return f"{who} {_verb('is', 'are', many)} at least {_plural(cond.shorter_than, 'word')} long{together}"
    if cond.longer_than is not None:
        return f"{who} {_verb('is', 'are', many)} at most {_plural(cond.longer_than, 'word')} long{together}"
    if cond.matches is not None:
        return f"{who} {_verb('does', 'do', many)} not match the pattern /{cond.matches}/"
    if cond.not_ is not None:
        return condition_words(cond.not_, cond.scope or inherited, branch)
    return f"it is not the case that {_part(cond, cond.scope or inherited, branch)}"


def trigger_words(cond: Condition, branch: bool = False) -> str:
    """Return when a probe (or, with branch=True, a branch) is taken, e.g. 'if the answer is shorter than 15 words'."""
    if cond.always:
        return "always"
    if cond.choice:
        return "at the interviewer's choice (offered, not asked automatically)"
    return f"if {condition_words(cond, None, branch)}"


def probe_trigger_words(probe: Probe) -> str:
    """Return when a probe is asked, including its topic, e.g. 'unless the topic “memory” has come up'."""
    words = trigger_words(probe.when)
    unless = []
    if probe.topic is not None:
        unless.append(f"the topic “{probe.topic}” has already come up")
    if probe.covers:
        unless.append(f"{_quoted(probe.covers, 'or')} {'was' if len(probe.covers) == 1 else 'were'} "
                      "already said in the interview")
    quote = f"; {{match}} is the participant's words, and with none to quote it asks “{probe.fallback}”" \
        if probe.fallback and quotes(probe.text) else ""
    if not unless:
        return words + quote
    clause = "unless " + " or ".join(unless)
    if probe.when.always or (probe.topic is not None and probe.when.not_covered == probe.topic):
        return clause + quote
    return f"{words}, {clause}{quote}"


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
    return f"{trigger_words(branch.when, branch=True)}, {target_words(guide, branch.goto)}"

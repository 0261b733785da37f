"""The printable guide as Markdown (for an ethics submission or a human interviewer)."""

from __future__ import annotations

import re

from interviewer.guide.describe import (
    COVERED_ACTIONS,
    branch_words,
    covers_words,
    probe_trigger_words,
)
from interviewer.guide.model import Guide, Question, SupportResource, Theme
from interviewer.guide.tree import budget_words, total_line

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def esc(text: str) -> str:
    """Escape Markdown and HTML specials so guide text prints literally."""
    return _SPECIAL.sub(r"\\\1", text)


def paragraphs(text: str) -> list[str]:
    """Split free text into escaped paragraphs (blank lines separate them)."""
    return [esc(" ".join(p.split())) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def metadata_rows(guide: Guide) -> list[tuple[str, str]]:
    """Return the study's metadata as (label, value) pairs, skipping what is not set."""
    s = guide.study
    rows = [("Study id", s.id), ("Version", s.version), ("Authors", ", ".join(s.authors)),
            ("Language", s.language),
            ("Expected duration", f"{s.duration_minutes:g} minutes" if s.duration_minutes else ""),
            ("Ethics reference", s.ethics_reference or ""), ("Guide content hash", guide.content_hash)]
    return [(label, value) for label, value in rows if value]


def budget_lines(guide: Guide) -> list[str]:
    """Return the guide-wide rules for probes and covered topics, in words."""
    s = guide.settings
    lines = [f"Unless a question says otherwise, {_at_most(s.probe_budget)} per question."]
    if s.theme_probe_budget is not None:
        lines.append(f"Unless a theme says otherwise, {_at_most(s.theme_probe_budget)} per theme.")
    action = COVERED_ACTIONS[s.if_covered]
    lines.append(f"Unless a question says otherwise, a question whose topics all came up in earlier answers is {action}.")
    if s.acknowledgements:
        cues = ", ".join(f"“{c}”" for c in s.acknowledgements)
        lines.append(f"Before the next main question, after an answer, one of {cues} is said in turn (none twice "
                     "in a theme, never after the support step).")
    if s.transcription_server:  # an ethics reviewer must see that audio may leave the machine
        lines.append(f"Recordings may be sent for transcription to the research group's server at "
                     f"{s.transcription_server}; otherwise audio never leaves the interview computer.")
    return lines


def _at_most(n: int) -> str:
    if n == 0:
        return "no probes are asked"
    return "at most 1 probe is asked" if n == 1 else f"at most {n} probes are asked"


def to_markdown(guide: Guide) -> str:
    """Return the whole guide as a Markdown document."""
    out: list[str] = [f"# {esc(guide.study.title)}", "", "| | |", "|---|---|"]
    out += [f"| {label} | {esc(value)} |" for label, value in metadata_rows(guide)]
    out.append("")
    if guide.study.description:
        out += [*_paras(guide.study.description)]
    if guide.study.eligibility:
        out += ["## Who can take part", ""] + [f"- {esc(e)}" for e in guide.study.eligibility] + [""]
    info = guide.information
    out += ["## Information sheet", "", *_paras(info.sheet)]
    if info.how_it_works:
        out += ["### How the interview works", "", *_paras(info.how_it_works)]
    out += ["## Consent", "", "Each statement is agreed to separately.", ""]
    for c in info.consent:
        out.append(f"- [ ] {esc(c.text)} *({'required' if c.required else 'optional'}; `{c.id}`)*")
    out += ["", "## Interview guide", "", total_line(guide) + ".", ""] + [f"- {line}" for line in budget_lines(guide)]
    out.append("")
    for number, theme in enumerate(guide.themes, 1):
        out += _theme(guide, number, theme)
    out += _closing(guide)
    return "\n".join(out).rstrip() + "\n"


def _paras(text: str) -> list[str]:
    out: list[str] = []
    for p in paragraphs(text):
        out += [p, ""]
    return out


def _theme(guide: Guide, number: int, theme: Theme) -> list[str]:
    minutes = f" ({theme.minutes:g} min)" if theme.minutes else ""
    out = [f"### Theme {number}: {esc(theme.title)}{minutes}", ""]
    if theme.probe_budget is not None:
        out += [f"At most {theme.probe_budget} probes in this theme.", ""]
    if theme.note:
        out += [f"*Interviewer note:* {esc(theme.note)}", ""]
    for q in theme.questions:
        out += _question(guide, q)
    return out


def _question(guide: Guide, q: Question) -> list[str]:
    out = [f"#### {esc(q.text)}", "", f"- Question id: `{q.id}`"]
    details = question_details(guide, q)
    out += [f"- {esc(d)}" for d in details]
    out.append("")
    if q.probes:
        out += ["Probes:", ""]
        for p in q.probes:
            out.append(f"- {esc(p.text)} — *{p.kind.value}; {esc(probe_trigger_words(p))}* (`{p.id}`)")
        out.append("")
    if q.branches:
        out += ["After the answer (first that applies):", ""]
        out += [f"- {esc(sentence(branch_words(guide, b)))}" for b in q.branches] + [""]
    return out


def question_details(guide: Guide, q: Question) -> list[str]:
    """Return a question's attributes as short plain-language lines (shared with the HTML export)."""
    lines = []
    if q.alternative:
        lines.append(f"Alternative wording: {q.alternative}")
    flags = ["Optional" if not q.required else "Required"] + (["sensitive"] if q.sensitive else [])
    budget = q.probe_budget if q.probe_budget is not None else guide.settings.probe_budget
    lines.append(f"{', '.join(flags)}; {budget_words(budget)}")
    if q.minutes:
        lines.append(f"About {q.minutes:g} minute{'' if q.minutes == 1 else 's'}")
    if q.covers:
        text = covers_words(guide, q.covers, q.if_covered)
        lines.append(text[:1].upper() + text[1:])
    if q.note:
        lines.append(f"Interviewer note: {q.note}")
    return lines


def _closing(guide: Guide) -> list[str]:
    out: list[str] = []
    if guide.topics:
        out += ["## Topics and their keywords", ""]
        out += [f"- **{esc(t)}**: {esc(', '.join(words))}" for t, words in guide.topics.items()] + [""]
    info = guide.information
    for title, text in (("Closing", info.closing), ("Withdrawal", info.withdrawal)):
        if text:
            out += [f"## {title}", "", *_paras(text)]
    out += _distress(guide)
    if guide.glossary:
        out += ["## Glossary", "", esc(", ".join(guide.glossary)), ""]
    return out


def _distress(guide: Guide) -> list[str]:
    out = ["## If a participant is distressed", ""]
    d = guide.distress
    if d.acknowledgement:
        out += [f"What the interviewer says: {esc(' '.join(d.acknowledgement.split()))}", ""]
    out += [esc(distress_phrases_line(guide)), ""]
    out += ["### Support resources", ""]
    for r in guide.support:
        out.append(f"- **{esc(r.name)}** — {esc(resource_details(r))}")
    return out + [""]


def sentence(text: str) -> str:
    """Return text with a capital first letter and a full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def distress_phrases_line(guide: Guide) -> str:
    """Return which phrases start the distress step, in words."""
    d = guide.distress
    built_in = "the built-in list of distress phrases"
    if d.phrases:
        own = ", ".join(f"“{p}”" for p in d.phrases)
        return f"Phrases that start this step: {own}" + (f", and {built_in}." if d.include_defaults else ".")
    return f"Phrases that start this step: {built_in}." if d.include_defaults else "No distress phrases are set."


def resource_details(resource: SupportResource) -> str:
    """Return a support resource's description and contacts as one line (shared with the HTML export)."""
    contacts = [f"{label}: {value}" for label, value in (
        ("Phone", resource.phone), ("Text", resource.text), ("Web", resource.url), ("Hours", resource.hours))
        if value]
    return " ".join(part for part in (resource.description, " · ".join(contacts)) if part)

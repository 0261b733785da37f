"""The printable guide as one self-contained HTML page with print styles (everything escaped)."""

from __future__ import annotations

import re
from html import escape

from interviewer.guide.describe import branch_words, probe_trigger_words
from interviewer.guide.export_md import (
    budget_lines,
    distress_phrases_line,
    metadata_rows,
    question_details,
    resource_details,
    sentence,
)
from interviewer.guide.model import Guide, Question, Theme
from interviewer.guide.tree import total_line

CSS = """
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; }
h1 { font-size: 1.7em; margin-bottom: .3em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #999; margin-top: 1.8em; }
h3 { font-size: 1.12em; margin-top: 1.4em; }
table.meta { border-collapse: collapse; margin: 1em 0; }
table.meta th, table.meta td { text-align: left; padding: .15em .8em .15em 0; vertical-align: top; }
.question { margin: 1em 0 1.2em; padding-left: .8em; border-left: 3px solid #bbb; break-inside: avoid; }
.question .text { font-weight: bold; margin: 0 0 .3em; }
.details, .note, .id { color: #444; font-size: .92em; }
.probes li, .branches li { margin: .2em 0; }
.trigger { font-style: italic; color: #333; }
ul.consent { list-style: none; padding-left: 0; }
ul.consent li::before { content: "\\2610\\00a0"; }
code { font-size: .9em; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  h2.guide { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
"""


def _paras(text: str) -> list[str]:
    return [f"<p>{escape(' '.join(p.split()))}</p>" for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def to_html(guide: Guide) -> str:
    """Return the whole guide as a standalone HTML document."""
    s = guide.study
    out = ["<!DOCTYPE html>", f'<html lang="{escape(s.language)}">', "<head>", '<meta charset="utf-8">',
           f"<title>{escape(s.title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           f"<h1>{escape(s.title)}</h1>", '<table class="meta">']
    out += [f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in metadata_rows(guide)]
    out.append("</table>")
    out += _paras(s.description or "")
    if s.eligibility:
        out += ["<h2>Who can take part</h2>", "<ul>", *[f"<li>{escape(e)}</li>" for e in s.eligibility], "</ul>"]
    out += _information(guide)
    out += ['<h2 class="guide">Interview guide</h2>', f"<p>{escape(total_line(guide))}.</p>", "<ul>"]
    out += [f"<li>{escape(line)}</li>" for line in budget_lines(guide)] + ["</ul>"]
    for number, theme in enumerate(guide.themes, 1):
        out += _theme(guide, number, theme)
    out += _closing(guide)
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _information(guide: Guide) -> list[str]:
    info = guide.information
    out = ["<h2>Information sheet</h2>", *_paras(info.sheet)]
    if info.how_it_works:
        out += ["<h3>How the interview works</h3>", *_paras(info.how_it_works)]
    out += ["<h2>Consent</h2>", "<p>Each statement is agreed to separately.</p>", '<ul class="consent">']
    for c in info.consent:
        kind = "required" if c.required else "optional"
        out.append(f'<li id="consent-{escape(c.id)}">{escape(c.text)} <span class="id">({kind}; '
                   f"<code>{escape(c.id)}</code>)</span></li>")
    return out + ["</ul>"]


def _theme(guide: Guide, number: int, theme: Theme) -> list[str]:
    minutes = f" ({theme.minutes:g} min)" if theme.minutes else ""
    out = [f'<section class="theme" id="theme-{escape(theme.id)}">',
           f"<h3>Theme {number}: {escape(theme.title)}{minutes}</h3>"]
    if theme.probe_budget is not None:
        out.append(f'<p class="details">At most {theme.probe_budget} probes in this theme.</p>')
    if theme.note:
        out.append(f'<p class="note">Interviewer note: {escape(theme.note)}</p>')
    for q in theme.questions:
        out += _question(guide, q)
    return out + ["</section>"]


def _question(guide: Guide, q: Question) -> list[str]:
    out = [f'<div class="question" id="q-{escape(q.id)}">', f'<p class="text">{escape(q.text)}</p>',
           f'<p class="details">Question id: <code>{escape(q.id)}</code></p>', '<ul class="details">']
    out += [f"<li>{escape(d)}</li>" for d in question_details(guide, q)] + ["</ul>"]
    if q.probes:
        out += ["<p>Probes:</p>", '<ul class="probes">']
        for p in q.probes:
            out.append(f'<li id="p-{escape(q.id)}-{escape(p.id)}">{escape(p.text)} <span class="trigger">— '
                       f"{escape(p.kind.value)}; {escape(probe_trigger_words(p))}</span> "
                       f'<span class="id">(<code>{escape(p.id)}</code>)</span></li>')
        out.append("</ul>")
    if q.branches:
        out += ["<p>After the answer (first that applies):</p>", '<ul class="branches">']
        out += [f"<li>{escape(sentence(branch_words(guide, b)))}</li>" for b in q.branches] + ["</ul>"]
    return out + ["</div>"]


def _closing(guide: Guide) -> list[str]:
    out: list[str] = []
    if guide.topics:
        out += ["<h2>Topics and their keywords</h2>", "<ul>"]
        out += [f"<li><b>{escape(t)}</b>: {escape(', '.join(w))}</li>" for t, w in guide.topics.items()]
        out.append("</ul>")
    info = guide.information
    for title, text in (("Closing", info.closing), ("Withdrawal", info.withdrawal)):
        if text:
            out += [f"<h2>{title}</h2>", *_paras(text)]
    out += ["<h2>If a participant is distressed</h2>"]
    if guide.distress.acknowledgement:
        said = " ".join(guide.distress.acknowledgement.split())
        out.append(f"<p>What the interviewer says: {escape(said)}</p>")
    out += [f"<p>{escape(distress_phrases_line(guide))}</p>", "<h3>Support resources</h3>", "<ul>"]
    for r in guide.support:
        out.append(f"<li><b>{escape(r.name)}</b> — {escape(resource_details(r))}</li>")
    out.append("</ul>")
    if guide.glossary:
        out += ["<h2>Glossary</h2>", f"<p>{escape(', '.join(guide.glossary))}</p>"]
    return out

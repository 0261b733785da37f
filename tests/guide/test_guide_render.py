"""`guide show` and `guide export`: every question and probe, triggers in words, escaped HTML."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from interviewer.cli import main
from interviewer.guide.describe import (
    branch_words,
    condition_words,
    probe_trigger_words,
    trigger_words,
)
from interviewer.guide.export_md import esc
from interviewer.guide.loader import load_guide
from interviewer.guide.model import Branch, Condition, Probe

GUIDES = Path(__file__).resolve().parents[2] / "topic_guides"
SHIPPED = sorted(GUIDES.glob("*.toml"))


def cond(data: dict) -> Condition:
    return Condition.model_validate(data)


Q = "the answers to this question"


@pytest.mark.parametrize(("data", "words"), [
    ({"always": True}, "always"),
    ({"shorter_than": 15}, "the answer is shorter than 15 words"),
    ({"longer_than": 1}, "the answer is longer than 1 word"),
    ({"mentions_any": ["bus", "train"]}, f"{Q} mention “bus” or “train”"),
    ({"mentions_none": ["because"]}, f"{Q} do not mention “because”"),
    ({"mentions_none": ["a", "b", "c"]}, f"{Q} mention none of “a”, “b” or “c”"),
    ({"matches": r"\bfriend\b"}, rf"{Q} match the pattern /\bfriend\b/"),
    ({"not_covered": "memory"}, f"the topic “memory” has not come up in {Q} yet"),
    ({"covered": "memory"}, f"the topic “memory” has already come up in {Q}"),
    ({"not": {"shorter_than": 20}}, "the answer is at least 20 words long"),
    ({"not": {"mentions_any": ["x"]}}, f"{Q} do not mention “x”"),
    ({"not": {"covered": "t"}}, f"the topic “t” has not come up in {Q} yet"),
    ({"all": [{"covered": "a"}, {"any": [{"shorter_than": 5}, {"matches": "x"}]}]},
     f"the topic “a” has already come up in {Q} and (the answer is shorter than 5 words or {Q} match the "
     "pattern /x/)"),
    ({"not": {"all": [{"covered": "a"}, {"longer_than": 3}]}},
     f"it is not the case that (the topic “a” has already come up in {Q} and the answer is longer than 3 words)"),
    # scopes
    ({"mentions_any": ["bus"], "scope": "answer"}, "the answer mentions “bus”"),
    ({"mentions_any": ["bus"], "scope": "interview"}, "everything said so far mentions “bus”"),
    ({"shorter_than": 9, "scope": "question"}, f"{Q} are shorter than 9 words in all"),
    ({"covered": "home", "scope": "interview"}, "the topic “home” has already come up"),
    ({"not": {"covered": "home"}, "scope": "interview"}, "the topic “home” has not come up yet"),
    ({"any": [{"mentions_any": ["x"]}, {"longer_than": 3}], "scope": "interview"},
     "everything said so far mentions “x” or everything said so far is longer than 3 words in all"),
])
def test_conditions_in_plain_words(data, words):
    assert condition_words(cond(data)) == words


def test_triggers_and_branches_in_words():
    guide = load_guide(GUIDES / "commuting.toml")
    assert trigger_words(cond({"choice": True})) == "at the interviewer's choice (offered, not asked automatically)"
    assert trigger_words(cond({"shorter_than": 15})) == "if the answer is shorter than 15 words"
    probe = Probe(id="p", text="What else?", topic="mode")
    assert probe_trigger_words(probe) == "unless the topic “mode” has already come up"
    probe = Probe(id="p", text="What else?", topic="mode", when=cond({"longer_than": 3}))
    assert probe_trigger_words(probe) == "if the answer is longer than 3 words, unless the topic “mode” has already come up"
    assert branch_words(guide, Branch(when=cond({"covered": "home", "scope": "interview"}), goto="from-home")) == \
        "if the topic “home” has already come up, go to theme “from-home”"
    assert branch_words(guide, Branch(when=cond({"always": True}), goto="one-change")) == \
        "always, go to question “one-change”"
    # a branch is decided once its question is done: every test looks at all of its answers
    assert branch_words(guide, Branch(when=cond({"shorter_than": 2}), goto="end")) == \
        f"if {Q} are shorter than 2 words in all, end the interview"
    probe = Probe(id="p", text="What else?", covers=["rain", "snow"])
    assert probe_trigger_words(probe) == "unless “rain” or “snow” were already said in the interview"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_show_renders_every_question_and_probe(path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # one line per node, so every text can be found whole
    assert main(["guide", "show", str(path)]) == 0
    out = capsys.readouterr().out
    guide = load_guide(path)
    for theme in guide.themes:
        assert f"[{theme.id}]" in out and theme.title in out
    for _, q in guide.questions():
        assert f"{q.id}: {q.text}" in out
        for p in q.probes:
            assert f"probe {p.id} ({p.kind.value}) {p.text} — {probe_trigger_words(p)}" in out
        for b in q.branches:
            assert f"branch {branch_words(guide, b)}" in out
    assert re.search(r"^Planned time: \d+ min", out, re.MULTILINE)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_markdown_export_has_every_part(path, capsys):
    assert main(["guide", "export", str(path), "--format", "md"]) == 0
    out = capsys.readouterr().out
    guide = load_guide(path)
    assert out.startswith(f"# {esc(guide.study.title)}\n")
    headings = re.findall(r"^## (.+)$", out, re.MULTILINE)
    expected = (["Who can take part"] if guide.study.eligibility else []) + \
        ["Information sheet", "Consent", "Interview guide"]
    assert headings[: len(expected)] == expected
    assert "If a participant is distressed" in headings
    assert f"| Guide content hash | {guide.content_hash} |" in out
    assert re.findall(r"^### Theme \d+: (.+?)(?: \(\d+ min\))?$", out, re.MULTILINE) == [esc(t.title) for t in guide.themes]
    assert re.findall(r"^#### (.+)$", out, re.MULTILINE) == [esc(q.text) for _, q in guide.questions()]
    for _, q in guide.questions():
        for p in q.probes:
            assert f"- {esc(p.text)} — *{p.kind.value}; {esc(probe_trigger_words(p))}* (`{p.id}`)" in out
    for c in guide.information.consent:
        assert f"- [ ] {esc(c.text)}" in out
    for r in guide.support:
        assert f"- **{esc(r.name)}**" in out


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_html_export_parses_and_has_every_part(path, tmp_path, capsys):
    out = tmp_path / "deep" / "guide.html"
    assert main(["guide", "export", str(path), "--format", "html", "--out", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote {out}\n"
    assert out.stat().st_mode & 0o777 == 0o600
    guide = load_guide(path)
    doc = lxml.html.fromstring(out.read_bytes())
    assert doc.findtext(".//title") == guide.study.title
    assert doc.xpath("//script") == [] and doc.xpath("//link") == [] and doc.xpath("//@src") == []
    assert "@media print" in doc.findtext(".//style")
    assert [s.get("id") for s in doc.xpath("//section[@class='theme']")] == [f"theme-{t.id}" for t in guide.themes]
    for _, q in guide.questions():
        (div,) = doc.xpath(f"//div[@id='q-{q.id}']")
        assert div.findtext("p[@class='text']") == q.text
        probes = div.xpath("ul[@class='probes']/li")
        assert [li.text.strip() for li in probes] == [p.text for p in q.probes]
        for li, p in zip(probes, q.probes, strict=True):
            assert li.findtext("span[@class='trigger']") == f"— {p.kind.value}; {probe_trigger_words(p)}"
        branches = [li.text for li in div.xpath("ul[@class='branches']/li")]
        assert len(branches) == len(q.branches)
    assert len(doc.xpath("//ul[@class='consent']/li")) == len(guide.information.consent)


def test_html_export_escapes_everything(tmp_path, capsys):
    text = (GUIDES / "commuting.toml").read_text()
    text = text.replace('title = "Getting to work: a short practice interview about commuting"',
                        'title = "</title><script>alert(1)</script>"')
    text = text.replace('text = "What is the journey like for you?"',
                        'text = "What is <b>the</b> journey & the <img src=x onerror=alert(1)> like?"')
    path = tmp_path / "evil.toml"
    path.write_text(text)
    assert main(["guide", "export", str(path), "--format", "html"]) == 0
    html = capsys.readouterr().out
    doc = lxml.html.fromstring(html)
    assert doc.xpath("//script") == [] and doc.xpath("//img") == [] and doc.xpath("//div[@class='question']//b") == []
    assert doc.findtext(".//title") == "</title><script>alert(1)</script>"
    assert doc.xpath("//div[@id='q-journey-feel']/p[@class='text']")[0].text == \
        "What is <b>the</b> journey & the <img src=x onerror=alert(1)> like?"
    assert main(["guide", "export", str(path), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert "#### What is \\<b\\>the\\</b\\> journey & the \\<img src=x onerror=alert(1)\\> like?" in md


def test_export_to_stdout_by_default_and_replaces_an_old_export(tmp_path, capsys):
    out = tmp_path / "g.md"
    out.write_text("old")
    assert main(["guide", "export", str(GUIDES / "commuting.toml"), "--out", str(out)]) == 0
    assert out.read_text().startswith("# Getting to work")
    capsys.readouterr()
    assert main(["guide", "export", str(GUIDES / "commuting.toml")]) == 0
    assert capsys.readouterr().out == out.read_text()

"""The shipped guides pass `guide check --strict`, and each holds what it promises."""

from __future__ import annotations

import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import tomli
from pydantic import BaseModel

from interviewer.guide.check import check_guide
from interviewer.guide.graph import guide_conditions
from interviewer.guide.loader import load_guide
from interviewer.guide.model import Condition, Guide, ProbeKind

ROOT = Path(__file__).resolve().parents[2]
GUIDES = ROOT / "topic_guides"
SHIPPED = sorted(GUIDES.glob("*.toml"))

PUBLISHED = [  # Siddals, Torous & Coxon (2024): the seven main questions
    "Tell me about your first experiences of AI chatbots.",
    "What mental health and wellbeing improvements were you looking for?",
    "How many conversations did you have and how long did they last?",
    "What did you like and not like?",
    "What changes did you see in your daily life as a result of those conversations?",
    "What might have made the conversations more helpful for you?",
    "How does the AI chatbot experience compare with other approaches you've experienced for working on "
    "your mental health and wellbeing?",
]


def test_the_three_guides_are_shipped():
    assert {p.name for p in SHIPPED} >= {"genai-mental-health.toml", "template.toml", "commuting.toml"}


def test_shipped_guides_pass_strict_check_through_the_cli():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "interviewer", "guide", "check", "--strict", *map(str, SHIPPED)],
                          check=False, capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == f"checked {len(SHIPPED)} guides: all passed"
    assert proc.stderr == ""


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_no_problem_at_all(path):
    assert check_guide(path).problems == []


def test_genai_guide_asks_the_published_questions():
    guide = load_guide(GUIDES / "genai-mental-health.toml")
    texts = [q.text for _, q in guide.questions()]
    notes = " ".join(q.note or "" for _, q in guide.questions())
    for question in PUBLISHED:
        assert question in texts or question in notes, question
    # the one double-barrelled published question is split into a question and a probe
    _, how_many = guide.question("how-many")
    assert any("How long" in p.text for p in how_many.probes)
    assert guide.themes[0].id == "warm-up" and guide.themes[-1].id == "closing"
    assert not any(q.sensitive for q in guide.themes[0].questions)
    assert any(q.sensitive for _, q in guide.questions())


def test_genai_guide_consent_support_glossary_and_eligibility():
    guide = load_guide(GUIDES / "genai-mental-health.toml")
    consent = " ".join(c.text for c in guide.information.consent)
    assert "audio-recorded" in consent and "pseudonymised quotes" in consent
    assert len(guide.information.consent) >= 5
    contacts = " ".join(f"{r.name} {r.phone} {r.text} {r.url}" for r in guide.support)
    for needle in ("116 123", "111", "85258", "988", "findahelpline.com"):
        assert needle in contacts
    for word in ("Pi", "ChatGPT", "Copilot", "Kindroid", "ChatMind", "CBT", "Gemini", "Claude", "Replika"):
        assert word in guide.glossary
    eligibility = " ".join(guide.study.eligibility)
    assert "16" in eligibility and "three conversations" in eligibility and "20 minutes" in eligibility
    assert "English" in eligibility
    topics = set(guide.topics)
    assert {"memory", "relationships", "companionship", "therapy", "guardrails", "advice", "interface"} <= topics


def test_genai_probes_are_short_and_never_advise():
    guide = load_guide(GUIDES / "genai-mental-health.toml")
    probes = [p for _, q in guide.questions() for p in q.probes]
    assert len(probes) >= 20
    assert all(len(p.text.split()) <= 15 for p in probes)
    assert any(p.when.choice for p in probes) and any(p.topic for p in probes)


def test_commuting_guide_branches_and_skips():
    guide = load_guide(GUIDES / "commuting.toml")
    gotos = {b.goto for _, q in guide.questions() for b in q.branches}
    theme_ids = {t.id for t in guide.themes}
    assert gotos & theme_ids and gotos - theme_ids  # goes to a theme and to a question
    skippable = [q.id for _, q in guide.questions()
                 if q.covers and (q.if_covered or guide.settings.if_covered).value == "skip"]
    assert skippable == ["journey-feel", "time-use"]
    assert guide.planned_minutes() == 10


def _fields(model: type[BaseModel]) -> set[str]:
    return {f.alias or name for name, f in model.model_fields.items()}


def _models_and_keys(data, model: type[BaseModel], seen: dict[str, set[str]]) -> None:
    """Collect, per model, the keys the TOML data uses anywhere."""
    seen.setdefault(model.__name__, set()).update(data)
    for key, value in data.items():
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == key), None)
        target = _model_of(field.annotation) if field else None
        if target is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                _models_and_keys(item, target, seen)


def _model_of(tp):
    for arg in (tp, *typing.get_args(tp), *[a for t in typing.get_args(tp) for a in typing.get_args(t)]):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def test_template_uses_every_key_every_probe_kind_and_every_test():
    data = tomli.loads((GUIDES / "template.toml").read_text())
    seen: dict[str, set[str]] = {}
    _models_and_keys(data, Guide, seen)
    from interviewer.guide import model

    for name in ("Guide", "Study", "Information", "ConsentStatement", "SupportResource", "Distress", "Settings",
                 "Theme", "Question", "Probe", "Branch", "Condition"):
        assert seen.get(name, set()) == _fields(getattr(model, name)), name
    guide = load_guide(GUIDES / "template.toml")
    kinds = {p.kind for _, q in guide.questions() for p in q.probes}
    assert kinds == set(ProbeKind)
    gotos = {b.goto for _, q in guide.questions() for b in q.branches}
    assert "end" in gotos and gotos & {t.id for t in guide.themes} and gotos & {q.id for _, q in guide.questions()}
    tests = {name for cond, _ in guide_conditions(guide) for name in Condition.model_fields
             if getattr(cond, name) is not None}
    assert tests == set(Condition.model_fields)
    actions = {q.if_covered for _, q in guide.questions()} - {None}
    assert len(actions) >= 2

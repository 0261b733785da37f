"""Property tests over generated guides and inputs: ends, no repeats, budgets, restore, replay."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer.engine import End, Interview, Prompt, SupportStep
from interviewer.engine.matching import Matcher
from interviewer.guide.model import Guide

WORDS = [
    "chatbot",
    "therapist",
    "sisters",
    "night",
    "sleep",
    "calm",
    "work",
    "felt",
    "help",
    "fine",
    "hopeless",
    "it",
    "was",
    "my",
    "and",
]
TOPICS = {"sleep": ["sleep", "night"], "family": ["sister"], "care": ["therapist", "help"]}
TOPIC_IDS = sorted(TOPICS)
HEADER = {
    "study": {"id": "gen", "title": "Generated", "version": "1"},
    "information": {"sheet": "x", "consent": [{"id": "c", "text": "ok"}]},
}

leaf = st.one_of(
    st.just({"always": True}),
    st.just({"choice": True}),
    st.integers(1, 10).map(lambda n: {"shorter_than": n}),
    st.integers(0, 10).map(lambda n: {"longer_than": n}),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(lambda w: {"mentions_any": w}),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(lambda w: {"mentions_none": w}),
    st.sampled_from([r"\bnight", "^my", "calm|help"]).map(lambda r: {"matches": r}),
    st.sampled_from(TOPIC_IDS).map(lambda t: {"not_covered": t}),
    st.sampled_from(TOPIC_IDS).map(lambda t: {"covered": t}),
)
MATCHER = Matcher("en")
SCOPES = [None, "answer", "question", "interview"]


def _with_scope(cond: dict, scope: str | None) -> dict:
    return cond if scope is None or "always" in cond or "choice" in cond else {**cond, "scope": scope}


scoped_leaf = st.builds(_with_scope, leaf, st.sampled_from(SCOPES))
conditions = st.recursive(
    scoped_leaf,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=2).map(lambda c: {"all": c}),
        st.lists(inner, min_size=1, max_size=2).map(lambda c: {"any": c}),
        inner.map(lambda c: {"not": c}),
    ),
    max_leaves=4,
)


@st.composite
def guides(draw) -> Guide:
    sizes = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    qids = [[f"q{t}{i}" for i in range(n)] for t, n in enumerate(sizes)]
    targets = [q for qs in qids for q in qs] + [f"t{t}" for t in range(len(sizes))] + ["end"]
    themes = []
    for t, ids in enumerate(qids):
        questions = []
        for qid in ids:
            probes = [
                {
                    "id": f"p{j}",
                    "text": f"probe {j}?",
                    "when": draw(conditions),
                    **({"topic": draw(st.sampled_from(TOPIC_IDS))} if draw(st.booleans()) else {}),
                    **({"covers": draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2))}
                       if draw(st.booleans()) else {}),
                    **({"text": f"you said {{match}}, probe {j}?", "fallback": f"probe {j}, plainly?"}
                       if draw(st.booleans()) else {}),
                }
                for j in range(draw(st.integers(0, 3)))
            ]
            branches = [
                {"when": draw(conditions), "goto": draw(st.sampled_from(targets))}
                for _ in range(draw(st.integers(0, 2)))
            ]
            q = {
                "id": qid,
                "text": f"{qid}?",
                "required": draw(st.booleans()),
                "probes": probes,
                "branches": branches,
                "covers": draw(st.lists(st.sampled_from(TOPIC_IDS), max_size=2, unique=True)),
            }
            if draw(st.booleans()):
                q["alternative"] = f"{qid}, differently?"
            if draw(st.booleans()):
                q["if_covered"] = draw(st.sampled_from(["ask", "mark", "skip"]))
            if draw(st.booleans()):
                q["probe_budget"] = draw(st.integers(0, 3))
            questions.append(q)
        theme = {"id": f"t{t}", "title": f"Theme {t}", "questions": questions}
        if draw(st.booleans()):
            theme["minutes"] = draw(st.sampled_from([0.5, 1, 2]))
        if draw(st.booleans()):
            theme["probe_budget"] = draw(st.integers(0, 3))
        themes.append(theme)
    settings_ = {
        "probe_budget": draw(st.integers(0, 3)),
        "if_covered": draw(st.sampled_from(["ask", "mark", "skip"])),
    }
    if draw(st.booleans()):
        settings_["theme_probe_budget"] = draw(st.integers(0, 4))
    if draw(st.booleans()):
        settings_["acknowledgements"] = draw(st.lists(st.sampled_from(["Thanks.", "I see.", "Right."]),
                                                      min_size=1, max_size=3, unique=True))
    return Guide.model_validate({**HEADER, "topics": TOPICS, "settings": settings_, "themes": themes})


texts = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)
actions = st.lists(
    st.tuples(
        st.sampled_from(["answer"] * 6 + ["skip", "repeat", "rephrase", "break", "pause", "note", "choose"]),
        texts,
        st.sampled_from(["continue", "continue", "skip_topic", "pause"]),
        st.integers(0, 90),
    ),
    max_size=40,
)


def act(iv: Interview, action, t: float) -> None:
    """Apply one generated action, adapted so that it is always valid in the current state."""
    kind, text, choice, index = action
    current = iv.current
    if isinstance(current, End):
        return
    if iv.paused:
        iv.resume(elapsed=t)
    elif isinstance(current, SupportStep):
        iv.support(choice, elapsed=t)
    elif kind == "choose" and iv.offered_probes():
        offered = iv.offered_probes()
        iv.choose_probe(offered[index % len(offered)].id, elapsed=t)
    elif kind == "skip":
        iv.skip("participant" if index % 2 else "researcher", elapsed=t)
    elif kind in ("repeat", "rephrase"):
        getattr(iv, kind)(elapsed=t)
    elif kind == "break":
        iv.need_break(elapsed=t)
    elif kind == "pause":
        iv.pause(elapsed=t)
    elif kind == "note":
        iv.note(text, elapsed=t)
    else:
        iv.answer(text, elapsed=t)


def run(guide: Guide, steps, start: Interview | None = None, t0: float = 0.0) -> Interview:
    iv = start or Interview(guide, clock=lambda: 0.0)
    if iv.current is None:
        iv.start(elapsed=t0)
    t = t0
    for action in steps:
        t += action[3]
        act(iv, action, t)
    return iv


def elapsed_of(steps) -> float:
    return float(sum(a[3] for a in steps))


PROPS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(guides(), st.lists(texts, min_size=1, max_size=5), st.integers(0, 200))
def test_answering_always_ends_within_a_bound(guide, answers, pace):
    iv = Interview(guide, clock=lambda: 0.0)
    step = iv.start(elapsed=0)
    slots = guide.questions()
    bound = 2 * sum(1 + len(q.probes) for _, q in slots) + 2
    for n in range(bound):
        if isinstance(step, End):
            break
        if isinstance(step, SupportStep):
            step = iv.support("continue", elapsed=n * pace)
        else:
            step = iv.answer(answers[n % len(answers)], elapsed=n * pace)
    assert isinstance(step, End) and step.reason == "completed"


def _withdrawn(events) -> set[int]:
    return {
        int(m.group(1))
        for e in events
        if e.type == "marker"
        for m in [re.search(r"prompt (\d+) set aside", e.text)]
        if m
    }


@PROPS
@given(guides(), actions)
def test_no_repeats_budgets_and_covered_topics_respected(guide, steps):
    iv = run(guide, steps)
    events = iv.events
    withdrawn = _withdrawn(events)
    asked = [e for e in events if e.type == "prompt" and e.wording == "main" and e.prompt_id not in withdrawn]
    mains = [e.question_id for e in asked if e.kind == "question"]
    probes = [(e.question_id, e.probe_id) for e in asked if e.kind == "probe"]
    assert len(mains) == len(set(mains)), "a main question was asked twice"
    assert len(probes) == len(set(probes)), "a probe was asked twice"
    for theme in guide.themes:
        theme_count = 0
        for q in theme.questions:
            count = sum(1 for qid, _ in probes if qid == q.id)
            budget = q.probe_budget if q.probe_budget is not None else guide.settings.probe_budget
            assert count <= budget, f"probe budget of {q.id} exceeded"
            theme_count += count
        limit = theme.probe_budget if theme.probe_budget is not None else guide.settings.theme_probe_budget
        assert limit is None or theme_count <= limit, f"probe budget of theme {theme.id} exceeded"
    covered: set[str] = set()
    said: list = []
    theme_acks: dict[str, list[str]] = {}
    for e in events:
        if e.type == "coverage":
            covered |= set(e.topics)
        elif e.type == "answer":
            said.append(MATCHER.analysed(e.text))
        elif e.type == "prompt" and e.kind == "probe" and e.wording == "main":
            _, q = guide.question(e.question_id)
            probe = next(p for p in q.probes if p.id == e.probe_id)
            assert probe.topic is None or probe.topic not in covered, "a probe of a covered topic was asked"
            if e.prompt_id not in withdrawn:
                assert MATCHER.first_said(said, probe.covers) is None, "a probe already answered was asked"
            assert "{" not in e.text, "a placeholder was left in a probe"
            assert e.acknowledgement is None, "an acknowledgement before a probe"
        elif e.type == "prompt" and e.acknowledgement is not None:
            used = theme_acks.setdefault(e.theme_id, [])
            assert e.acknowledgement not in used, "an acknowledgement repeated within a theme"
            used.append(e.acknowledgement)


@PROPS
@given(guides(), actions, st.data())
def test_save_and_restore_at_any_point_continues_identically(guide, steps, data):
    k = data.draw(st.integers(0, len(steps)))
    original = run(guide, steps[:k])
    saved = original.state().model_dump_json()
    restored = Interview.restore(guide, saved, clock=lambda: 0.0)
    assert restored.state() == original.state()
    t = elapsed_of(steps[:k])
    run(guide, steps[k:], original, t)
    run(guide, steps[k:], restored, t)
    assert restored.events == original.events
    assert restored.current == original.current


@PROPS
@given(guides(), actions)
def test_replay_from_events_and_determinism(guide, steps):
    first = run(guide, steps)
    second = run(guide, steps)
    assert first.events == second.events
    replayed = Interview.replay(guide, [e.model_copy(update={"seq": i}) for i, e in enumerate(first.events)])
    a, b = first.state(), replayed.state()
    assert a.model_copy(update={"drained": 0}) == b.model_copy(update={"drained": 0})
    assert isinstance(replayed.current, (Prompt, SupportStep, End))

"""Structural checks of a guide: unique ids, branch targets, cycles, reachability, topics, budgets."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator

from interviewer.guide.model import Condition, Guide
from interviewer.guide.problems import Collector, Locator, Problem
from interviewer.guide.schema_errors import suggest

END = "end"


def graph_problems(guide: Guide, locator: Locator) -> list[Problem]:
    """Return every structural error and warning of a schema-valid guide."""
    out = Collector(locator)
    ids_ok = _check_ids(guide, out)
    targets_ok = _check_targets(guide, out)
    if ids_ok and targets_ok:
        _check_flow(guide, out)
    _check_topics(guide, out)
    _check_budgets(guide, out)
    return out.problems


def question_locs(guide: Guide) -> Iterator[tuple[tuple, object, object]]:
    """Yield (loc, theme, question) for every question, loc being its key path in the file."""
    for ti, theme in enumerate(guide.themes):
        for qi, question in enumerate(theme.questions):
            yield ("themes", ti, "questions", qi), theme, question


def iter_conditions(cond: Condition, loc: tuple) -> Iterator[tuple[Condition, tuple]]:
    """Yield a condition and every condition nested in it, each with its key path."""
    yield cond, loc
    for key in ("all", "any"):
        for i, part in enumerate(getattr(cond, key) or []):
            yield from iter_conditions(part, loc + (key, i))
    if cond.not_ is not None:
        yield from iter_conditions(cond.not_, loc + ("not",))


def guide_conditions(guide: Guide) -> Iterator[tuple[Condition, tuple]]:
    """Yield every condition of every probe and branch in the guide, with its key path."""
    for qloc, _, q in question_locs(guide):
        for pi, probe in enumerate(q.probes):
            yield from iter_conditions(probe.when, qloc + ("probes", pi, "when"))
        for bi, branch in enumerate(q.branches):
            yield from iter_conditions(branch.when, qloc + ("branches", bi, "when"))


def is_always(cond: Condition) -> bool:
    """True when the condition holds for every answer (so later branches are never reached)."""
    if cond.always:
        return True
    if cond.all is not None:
        return all(is_always(c) for c in cond.all)
    if cond.any is not None:
        return any(is_always(c) for c in cond.any)
    return False


def _duplicates(kind: str, items: list[tuple[str, tuple]], out: Collector, where: str = "") -> bool:
    counts = Counter(item_id for item_id, _ in items)
    seen: set[str] = set()
    for item_id, loc in items:
        if counts[item_id] > 1 and item_id in seen:
            out.error("duplicate-id", f"duplicate {kind} id '{item_id}'{where} (ids must be unique)", loc + ("id",))
        seen.add(item_id)
    return all(n == 1 for n in counts.values())


def _check_ids(guide: Guide, out: Collector) -> bool:
    themes = [(t.id, ("themes", i)) for i, t in enumerate(guide.themes)]
    questions = [(q.id, loc) for loc, _, q in question_locs(guide)]
    ok = _duplicates("theme", themes, out) & _duplicates("question", questions, out)
    consent = [(c.id, ("information", "consent", i)) for i, c in enumerate(guide.information.consent)]
    ok &= _duplicates("consent statement", consent, out)
    for loc, _, q in question_locs(guide):
        probes = [(p.id, loc + ("probes", i)) for i, p in enumerate(q.probes)]
        ok &= _duplicates("probe", probes, out, f" in question '{q.id}'")
    question_ids = {q for q, _ in questions}
    for theme_id, loc in themes:
        if theme_id in question_ids:
            out.error("ambiguous-id", f"'{theme_id}' is both a theme id and a question id; branches "
                      "could not tell which one they go to", loc + ("id",))
            ok = False
    for item_id, loc in themes + questions:
        if item_id == END:
            out.error("reserved-id", f"'{END}' is reserved (a branch to it ends the interview); "
                      "choose another id", loc + ("id",))
            ok = False
    return ok


def _check_targets(guide: Guide, out: Collector) -> bool:
    known = [q.id for _, _, q in question_locs(guide)] + [t.id for t in guide.themes] + [END]
    ok = True
    for loc, _, q in question_locs(guide):
        for bi, branch in enumerate(q.branches):
            if branch.goto not in known:
                out.error("dangling-branch", f"question '{q.id}': branch goes to '{branch.goto}', which is "
                          f"neither a question, a theme nor '{END}'{suggest(branch.goto, known)}",
                          loc + ("branches", bi, "goto"))
                ok = False
    return ok


def flow_graph(guide: Guide) -> dict[str, list[str]]:
    """Return each question id's possible next question ids ('end' for the end), in guide order.

    A question's successors are its branch targets (a theme means its first question) up to and
    including the first unconditional branch, then -- if no branch is unconditional -- the next
    question in guide order. Assumes unique ids and valid targets (see graph_problems).
    """
    order = [q.id for _, _, q in question_locs(guide)]
    first_of = {t.id: t.questions[0].id for t in guide.themes}
    graph: dict[str, list[str]] = {}
    for index, (_, _, q) in enumerate(question_locs(guide)):
        nexts: list[str] = []
        falls_through = True
        for branch in q.branches:
            nexts.append(first_of.get(branch.goto, branch.goto))
            if is_always(branch.when):
                falls_through = False
                break
        if falls_through:
            nexts.append(order[index + 1] if index + 1 < len(order) else END)
        graph[q.id] = nexts
    return graph


def _path(graph: dict[str, list[str]], start: str, goal: str) -> list[str] | None:
    """Return the shortest path of question ids from start to goal, or None."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while (node := previous[node]) is not None:
                path.append(node)
            return path[::-1]
        for nxt in graph.get(node, []):
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return None


def _check_flow(guide: Guide, out: Collector) -> None:
    graph = flow_graph(guide)
    position = {q.id: i for i, (_, _, q) in enumerate(question_locs(guide))}
    first_of = {t.id: t.questions[0].id for t in guide.themes}
    for loc, _, q in question_locs(guide):
        for bi, branch in enumerate(q.branches):
            target = first_of.get(branch.goto, branch.goto)
            if target == END or position[target] > position[q.id]:
                continue
            back = _path(graph, target, q.id)
            if back is not None:
                cycle = " → ".join([*back, target])
                out.error("cycle", f"question '{q.id}': branch back to '{branch.goto}' makes a cycle: "
                          f"{cycle} (the interview could repeat these questions forever)",
                          loc + ("branches", bi, "goto"))
        _check_dead_branches(q, loc, out)
    start = guide.themes[0].questions[0].id
    reached = _reachable(graph, start)
    for loc, _, q in question_locs(guide):
        if q.id not in reached:
            out.warning("unreachable", f"question '{q.id}' can never be asked: no path from the first "
                        "question reaches it (an unconditional branch jumps over it)", loc + ("id",))
    if END not in reached:
        out.error("cannot-end", "the interview cannot end: every path from the first question loops "
                  "back without reaching the last question or a branch to 'end'", ("themes", 0))


def _check_dead_branches(q, loc: tuple, out: Collector) -> None:
    for bi, branch in enumerate(q.branches[:-1]):
        if is_always(branch.when):
            out.warning("dead-branch", f"question '{q.id}': branches after branch {bi + 1} are never "
                        "used, because it is taken for every answer", loc + ("branches", bi + 1))
            return


def _reachable(graph: dict[str, list[str]], start: str) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in graph.get(queue.popleft(), []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _check_topics(guide: Guide, out: Collector) -> None:
    defined = list(guide.topics)
    used: set[str] = set()

    def use(topic: str, loc: tuple, where: str) -> None:
        used.add(topic)
        if topic not in guide.topics:
            out.error("unknown-topic", f"{where}: unknown topic '{topic}'{suggest(topic, defined)}; "
                      "define it under [topics] with its keywords", loc)

    for loc, _, q in question_locs(guide):
        for i, topic in enumerate(q.covers):
            use(topic, loc + ("covers", i), f"question '{q.id}'")
        if q.if_covered is not None and not q.covers:
            out.warning("if-covered-unused", f"question '{q.id}': if_covered has no effect because "
                        "the question covers no topics (add covers = [...])", loc + ("if_covered",))
        for pi, probe in enumerate(q.probes):
            if probe.topic is not None:
                use(probe.topic, loc + ("probes", pi, "topic"), f"probe '{probe.id}' of question '{q.id}'")
    for cond, loc in guide_conditions(guide):
        for key in ("covered", "not_covered"):
            topic = getattr(cond, key)
            if topic is not None:
                use(topic, loc + (key,), f"{_owner(guide, loc)}: {key}")
    for topic in defined:
        if topic not in used:
            out.warning("unused-topic", f"topic '{topic}' is never used: no question covers it and no "
                        "probe or condition refers to it", ("topics", topic))


def _owner(guide: Guide, loc: tuple) -> str:
    """Name the probe or branch a condition's key path belongs to."""
    question = guide.themes[loc[1]].questions[loc[3]]
    if loc[4] == "probes":
        return f"probe '{question.probes[loc[5]].id}' of question '{question.id}'"
    return f"branch {loc[5] + 1} of question '{question.id}'"


def _check_budgets(guide: Guide, out: Collector) -> None:
    default = guide.settings.probe_budget
    for loc, _, q in question_locs(guide):
        budget = q.probe_budget if q.probe_budget is not None else default
        if q.probes and budget == 0:
            key = loc + ("probe_budget",) if q.probe_budget is not None else ("settings", "probe_budget")
            out.warning("no-probe-budget", f"question '{q.id}' has {len(q.probes)} probe(s) but a probe "
                        "budget of 0, so none will be asked", key)
    _check_minutes(guide, out)


def _check_minutes(guide: Guide, out: Collector) -> None:
    duration = guide.study.duration_minutes
    budgets = [t.minutes for t in guide.themes]
    if duration is not None and all(b is not None for b in budgets) and sum(budgets) > duration:
        out.warning("over-time", f"the themes plan {sum(budgets):g} minutes but study.duration_minutes "
                    f"is {duration:g}", ("study", "duration_minutes"))
    for ti, theme in enumerate(guide.themes):
        planned = [q.minutes for q in theme.questions]
        if theme.minutes is not None and all(m is not None for m in planned) and sum(planned) > theme.minutes:
            out.warning("over-time", f"theme '{theme.id}': its questions plan {sum(planned):g} minutes but "
                        f"the theme has {theme.minutes:g}", ("themes", ti, "minutes"))

"""Whatever a guide file holds, checking it gives located one-line problems, never an exception."""

from __future__ import annotations

from pathlib import Path

import tomli
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviewer.guide.check import check_guide_text

TEMPLATE = tomli.loads((Path(__file__).resolve().parents[2] / "topic_guides" / "template.toml").read_text())


def _paths(node, prefix=()):
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        yield prefix + (key,)
        yield from _paths(value, prefix + (key,))


PATHS = list(_paths(TEMPLATE))
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False),
                   st.text(max_size=8), st.lists(st.text(max_size=4), max_size=2),
                   st.dictionaries(st.sampled_from(["id", "text", "always", "x"]), st.integers(0, 3), max_size=2))


def _mutate(data, path, value):
    node = data
    for key in path[:-1]:
        node = node[key]
    if value is None and isinstance(node, dict):
        del node[path[-1]]
    elif value is not None:
        node[path[-1]] = value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), VALUES), min_size=1, max_size=3))
def test_check_never_raises_and_every_problem_is_located(edits):
    data = tomli.loads(tomli_w.dumps(TEMPLATE))
    for path, value in edits:
        try:
            _mutate(data, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or replaced this path
    report = check_guide_text(tomli_w.dumps(data), "fuzz.toml")
    for problem in report.problems:
        line = problem.format()
        assert line.startswith(f"fuzz.toml:{problem.line}:{problem.col}: {problem.severity}: ")
        assert "\n" not in line and "Input should" not in line and "Value error" not in line
    assert (report.guide is None) == bool(report.errors)

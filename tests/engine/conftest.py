"""Fixtures for the engine tests: small guides from TOML snippets, and a readable trace of events."""

from __future__ import annotations

import pytest
import tomli

from interviewer.engine import Interview
from interviewer.guide.model import Guide

HEADER = """
[study]
id = "test-study"
title = "Test study"
version = "1"

[information]
sheet = "About this study."

[[information.consent]]
id = "agree"
text = "I agree to take part."
"""


def build_guide(body: str) -> Guide:
    """Return a guide from a TOML body (themes, topics, settings...) under a fixed header."""
    return Guide.model_validate(tomli.loads(HEADER + body))


def trace_of(events) -> list[tuple]:
    """Return the decisions in an event log as (kind, id, reason) tuples, in order."""
    out: list[tuple] = []
    for e in events:
        if e.type == "prompt":
            ident = f"{e.question_id}/{e.probe_id}" if e.probe_id else e.question_id
            out.append((e.kind if e.wording == "main" else f"{e.kind}:{e.wording}", ident, e.reason))
        elif e.type in ("skip", "drop"):
            ident = f"{e.question_id}/{e.probe_id}" if e.probe_id else e.question_id
            out.append((e.type if e.type == "drop" else f"skip:{e.by}", ident, e.reason))
        elif e.type == "branch":
            out.append(("branch", f"{e.from_question}->{e.to}", e.reason))
        elif e.type == "distress":
            out.append(("distress", e.question_id, e.trigger))
        elif e.type == "coverage":
            out.append(("coverage", ",".join(e.topics), ""))
        elif e.type == "session_ended":
            out.append(("end", e.reason, ""))
    return out


def run_inputs(guide: Guide, inputs: list, *, tick: float = 1.0) -> Interview:
    """Start an interview and feed inputs: strings are answers, tuples are (method, *args).

    Elapsed time advances by `tick` seconds per input, passed explicitly for reproducibility.
    """
    iv = Interview(guide, clock=lambda: 0.0)
    iv.start(elapsed=0.0)
    t = 0.0
    for item in inputs:
        t += tick
        if isinstance(item, str):
            iv.answer(item, elapsed=t)
        else:
            name, *args = item
            getattr(iv, name)(*args, elapsed=t)
    return iv


@pytest.fixture
def guide_of():
    """Build a guide from a TOML body."""
    return build_guide


@pytest.fixture
def trace():
    """Turn events into (kind, id, reason) tuples."""
    return trace_of


@pytest.fixture
def drive():
    """Run a guide with a list of inputs and return the interview."""
    return run_inputs

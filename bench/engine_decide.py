"""Benchmark: how long the engine takes to decide the next prompt on a 100-question guide.

Each timed decision is one `Interview.answer()` call: analysing the answer (stems), updating
coverage, the distress check, probe triggers, budgets, coverage skips, branches and time drops.
Printed beside two baselines measured in the same run, so the figure means something on any
machine: a loop of 100 dict lookups, and validating a one-question guide with pydantic.

    python bench/engine_decide.py [--interviews N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from interviewer.engine import End, Interview, SupportStep
from interviewer.guide.model import Guide

ANSWERS = [
    "I first tried a chatbot about a year ago, late at night, when I could not sleep. I typed out "
    "everything that was worrying me about work, and it answered calmly and asked me what I needed.",
    "It was fine, I guess.",
    "Mostly I used it to talk about my sister. We had a big argument and I did not know how to start "
    "talking to her again. The chatbot helped me see her side, and it suggested a few ways to open "
    "the conversation.",
    "Sometimes it would stop and tell me to speak to a professional, and honestly that felt like "
    "being pushed away. I already had a therapist.",
]
WORDS = [
    "sleep",
    "night",
    "work",
    "sister",
    "therapist",
    "calm",
    "friend",
    "advice",
    "memory",
    "voice",
    "app",
    "lonely",
    "family",
    "stress",
    "anxiety",
    "help",
    "typed",
    "minutes",
    "felt",
    "guardrail",
]


def build_guide(themes: int = 10, per_theme: int = 10) -> Guide:
    """Return a guide with themes x per_theme questions, three probes each, branches and topics."""
    topics = {
        f"topic{i}": [WORDS[i], WORDS[(i + 7) % len(WORDS)], f"{WORDS[i]} {WORDS[(i + 3) % len(WORDS)]}"]
        for i in range(len(WORDS))
    }
    data_themes = []
    for t in range(themes):
        questions = []
        for i in range(per_theme):
            n = t * per_theme + i
            questions.append(
                {
                    "id": f"q{n}",
                    "text": f"Question {n}?",
                    "required": n % 3 != 0,
                    "covers": [f"topic{n % len(WORDS)}"],
                    "probes": [
                        {"id": "short", "text": "More?", "when": {"shorter_than": 15}},
                        {
                            "id": "feel",
                            "text": "Feel?",
                            "when": {
                                "all": [
                                    {"mentions_any": [WORDS[n % len(WORDS)], "felt", "feel"]},
                                    {"not": {"matches": r"\bno(t|thing)\b"}},
                                ]
                            },
                            "topic": f"topic{(n + 1) % len(WORDS)}",
                        },
                        {
                            "id": "gap",
                            "text": "Gap?",
                            "when": {"not_covered": f"topic{(n + 2) % len(WORDS)}"},
                        },
                    ],
                    "branches": [
                        {"when": {"mentions_any": ["zebra crossing"]}, "goto": f"t{(t + 1) % themes}"}
                    ],
                }
            )
        data_themes.append({"id": f"t{t}", "title": f"Theme {t}", "minutes": 6, "questions": questions})
    return Guide.model_validate(
        {
            "study": {"id": "bench", "title": "Bench", "version": "1"},
            "information": {"sheet": "x", "consent": [{"id": "c", "text": "ok"}]},
            "distress": {"phrases": ["falling apart"]},
            "topics": topics,
            "themes": data_themes,
        }
    )


def time_decisions(guide: Guide, interviews: int) -> list[float]:
    """Return the duration in microseconds of every answer() call over whole interviews."""
    samples: list[float] = []
    for k in range(interviews):
        iv = Interview(guide, clock=lambda: 0.0)
        step = iv.start(elapsed=0.0)
        n = k
        while not isinstance(step, End):
            elapsed = n * 20.0
            if isinstance(step, SupportStep):
                step = iv.support("continue", elapsed=elapsed)
                continue
            text = ANSWERS[n % len(ANSWERS)]
            t0 = time.perf_counter_ns()
            step = iv.answer(text, elapsed=elapsed)
            samples.append((time.perf_counter_ns() - t0) / 1000)
            n += 1
    return samples


def baseline_lookups(repeats: int = 20000) -> float:
    """Return the median microseconds of 100 dict lookups."""
    table = {f"q{i}": i for i in range(100)}
    keys = list(table)
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        for key in keys:
            table[key]
        runs.append((time.perf_counter_ns() - t0) / 1000)
    return statistics.median(runs)


def baseline_validate(repeats: int = 5000) -> float:
    """Return the median microseconds of validating a one-question guide."""
    data = {
        "study": {"id": "b", "title": "B", "version": "1"},
        "information": {"sheet": "x", "consent": [{"id": "c", "text": "ok"}]},
        "themes": [{"id": "t", "title": "T", "questions": [{"id": "q", "text": "Q?"}]}],
    }
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        Guide.model_validate(data)
        runs.append((time.perf_counter_ns() - t0) / 1000)
    return statistics.median(runs)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=40, help="whole interviews to time (default 40)")
    args = parser.parse_args()
    guide = build_guide()
    time_decisions(guide, 2)  # warm caches (stems, compiled patterns)
    samples = time_decisions(guide, args.interviews)
    median = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[-1]
    lookups, validate = baseline_lookups(), baseline_validate()
    probes = sum(len(q.probes) for _, q in guide.questions())
    print(f"guide: {len(guide.questions())} questions, {probes} probes, {len(guide.topics)} topics")
    print(f"decisions timed: {len(samples)}")
    print(f"decide next prompt: median {median:.1f} us, p95 {p95:.1f} us, max {max(samples):.1f} us")
    print(f"baseline 100 dict lookups: median {lookups:.2f} us  (decision = {median / lookups:.0f}x)")
    print(
        f"baseline validate 1-question guide: median {validate:.1f} us  (decision = {median / validate:.2f}x)"
    )
    print(f"target < 1000 us: {'met' if median < 1000 else 'NOT met'}")


if __name__ == "__main__":
    main()

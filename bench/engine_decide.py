"""Benchmark: how long the engine takes to decide the next prompt on a 100-question guide.

Each timed decision is one `Interview.answer()` call: analysing the answer (stems), updating
coverage, the distress check, probe triggers, budgets, coverage skips, branches and time drops.
Two guides: the plain one (triggers on the question's answers), and one that uses memory
across the interview (`scope = "interview"` triggers, probes skipped when their `covers` words
were said anywhere, `{match}` quoting, acknowledgements). Decisions are also reported for a
history of 60 answers or more. Printed beside two baselines measured in the same run, so the
figure means something on any machine: a loop of 100 dict lookups, and validating a
one-question guide with pydantic.

    python bench/engine_decide.py [--interviews N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

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


def memory_probes(n: int) -> list[dict]:
    """Return probes that look at the whole interview: a scoped trigger, `covers` words, a quote."""
    return [
        {
            "id": "echo",
            "text": "You said “{match}”. What did you mean?",
            "fallback": "What did you mean?",
            "when": {"mentions_any": [WORDS[(n + 5) % len(WORDS)], "therapist"], "scope": "interview"},
            "covers": [WORDS[(n + 9) % len(WORDS)], "I mean"],
        },
        {"id": "again", "text": "Again?", "when": {"covered": f"topic{n % len(WORDS)}", "scope": "interview"}},
    ]


def build_guide(themes: int = 10, per_theme: int = 10, memory: bool = False) -> Guide:
    """Return a guide with themes x per_theme questions, three probes each (five with memory), branches, topics."""
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
            if memory:
                questions[-1]["probes"] = memory_probes(n) + questions[-1]["probes"]
                questions[-1]["probe_budget"] = 3
        data_themes.append({"id": f"t{t}", "title": f"Theme {t}", "minutes": 6, "questions": questions})
    return Guide.model_validate(
        {
            "study": {"id": "bench", "title": "Bench", "version": "1"},
            "information": {"sheet": "x", "consent": [{"id": "c", "text": "ok"}]},
            "distress": {"phrases": ["falling apart"]},
            "settings": {"acknowledgements": ["Thank you.", "I see.", "Thanks for explaining."]} if memory else {},
            "topics": topics,
            "themes": data_themes,
        }
    )


def time_decisions(guide: Guide, interviews: int) -> list[tuple[int, float]]:
    """Return (answers already given, microseconds) for every answer() call over whole interviews."""
    samples: list[tuple[int, float]] = []
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
            samples.append((n - k, (time.perf_counter_ns() - t0) / 1000))
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


def summary(samples: list[tuple[int, float]], at_least: int = 0) -> dict[str, float]:
    """Return count, median, p95 and max microseconds of the decisions made after `at_least` answers."""
    times = [us for history, us in samples if history >= at_least]
    return {
        "decisions": len(times),
        "median_us": statistics.median(times),
        "p95_us": statistics.quantiles(times, n=20)[-1],
        "max_us": max(times),
    }


def main() -> None:
    """Run the benchmark and print the figures (and write them as JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=40, help="whole interviews to time (default 40)")
    parser.add_argument("--json", metavar="FILE", type=Path, help="also write the figures to FILE as JSON")
    args = parser.parse_args()
    lookups, validate = baseline_lookups(), baseline_validate()
    results: dict[str, object] = {"baseline_100_lookups_us": lookups, "baseline_validate_us": validate}
    for name, memory in (("plain", False), ("memory", True)):
        guide = build_guide(memory=memory)
        time_decisions(guide, 2)  # warm caches (stems, compiled patterns)
        samples = time_decisions(guide, args.interviews)
        probes = sum(len(q.probes) for _, q in guide.questions())
        print(f"{name} guide: {len(guide.questions())} questions, {probes} probes, {len(guide.topics)} topics")
        for label, at_least in (("all decisions", 0), ("with >= 60 answers given", 60)):
            fig = summary(samples, at_least)
            results[f"{name}_{'all' if at_least == 0 else 'history60'}"] = fig
            print(f"  {label}: {fig['decisions']} decisions, median {fig['median_us']:.1f} us, "
                  f"p95 {fig['p95_us']:.1f} us, max {fig['max_us']:.1f} us "
                  f"({fig['median_us'] / lookups:.0f}x 100 dict lookups, "
                  f"{fig['median_us'] / validate:.2f}x validating a 1-question guide)")
    print(f"baseline 100 dict lookups: median {lookups:.2f} us; validate 1-question guide: median {validate:.1f} us")
    worst = max(results["plain_history60"]["p95_us"], results["memory_history60"]["p95_us"])
    results["target_met"] = worst < 1000
    print(f"target p95 < 1000 us with a 60-answer history: {'met' if worst < 1000 else 'NOT met'}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()

"""Benchmark: export 200 sessions of 60 turns (csv + md + qdpx each, and the study matrix), or
(--scaling) one session of 1k/2k/4k/10k turns in every format, to show export time is linear in turns.

Builds realistic SessionViews in memory (spoken answers with transcript segments and word
timings, probes, notes, a correction per session), then times:
  baseline  - writing each view as JSON (model_dump_json) with the same atomic, fsynced writes;
  exports   - export_session(csv, md, qdpx) per session, then export_study(matrix).
Prints wall times, throughput and the export/baseline ratio.

    python bench/export_many.py                    # 200 sessions x 60 turns
    python bench/export_many.py --sessions 20 --turns 30 --formats csv md qdpx docx xlsx
    python bench/export_many.py --scaling                 # 1000 2000 4000 10000 turns, all formats
    python bench/export_many.py --scaling 1000 2000 --json scaling.json

--scaling prints, per size, the baseline (the view as JSON), each format's time and the total,
then each size's seconds per 1,000 turns against the smallest size's: about 1.0 when linear,
growing with the size when quadratic.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from interviewer.events import Mode, NoteEvent, Segment, Word
from interviewer.export import export_session, export_study
from interviewer.fileio import atomic_write, make_private_dir
from interviewer.guide.model import Guide
from interviewer.session.view import Correction, SessionMeta, SessionView, Turn

ANSWERS = [
    "I first tried a chatbot about a year ago, late at night, when I could not sleep. I typed out "
    "everything that was worrying me about work, and it answered calmly and asked me what I needed.",
    "Mostly I used it to talk about my sister. We had a big argument and I did not know how to start "
    "talking to her again. The chatbot helped me see her side.",
    "Sometimes it would stop and tell me to speak to a professional, and honestly that felt like being "
    "pushed away. I already had a therapist.",
    "It was fine, I guess.",
    "C'était étrange au début — puis apaisant. 😊 我每天都用。",
]
THEMES, QUESTIONS, PROBES = 10, 4, 2


def make_guide() -> Guide:
    """A guide of 10 themes x 4 questions x 2 probes."""
    themes = [
        {
            "id": f"t{t}",
            "title": f"Theme {t}",
            "questions": [
                {
                    "id": f"t{t}-q{q}",
                    "text": f"Question {q} of theme {t}: can you tell me more about it?",
                    "probes": [
                        {"id": f"p{p}", "text": f"Probe {p}: could you give an example?"}
                        for p in range(PROBES)
                    ],
                }
                for q in range(QUESTIONS)
            ],
        }
        for t in range(THEMES)
    ]
    return Guide.model_validate(
        {
            "study": {"id": "bench-study", "title": "Export benchmark", "version": "1"},
            "information": {"sheet": "Benchmark.", "consent": [{"id": "ok", "text": "OK."}]},
            "themes": themes,
        }
    )


def segments(text: str, start: float, end: float) -> list[Segment]:
    """Two transcript segments with evenly spread word timings."""
    words = text.split()
    half = max(1, len(words) // 2)
    out, at = [], start
    for chunk in (words[:half], words[half:]):
        if not chunk:
            continue
        stop = at + (end - start) * len(chunk) / len(words)
        step = (stop - at) / len(chunk)
        out.append(
            Segment(
                start=at,
                end=stop,
                text=" " + " ".join(chunk),
                words=[
                    Word(start=at + i * step, end=at + (i + 1) * step, word=" " + w)
                    for i, w in enumerate(chunk)
                ],
            )
        )
        at = stop
    return out


def make_view(n: int, turns: int, guide: Guide) -> SessionView:
    """Session number n with `turns` prompts (a question then its probes, in guide order)."""
    slots = [(theme, q, None) for theme, q in guide.questions()]
    slots = [(theme, q, p) for theme, q, _ in slots for p in [None] + list(q.probes)]
    out, t = [], 2.0
    for i in range(turns):
        theme, question, probe = slots[i % len(slots)]
        answer = ANSWERS[(n + i) % len(ANSWERS)]
        length = 2.0 + len(answer.split()) / 2.5
        out.append(
            Turn(
                prompt_id=i + 1,
                kind="probe" if probe else "question",
                theme_id=theme.id,
                theme_title=theme.title,
                question_id=question.id,
                probe_id=probe.id if probe else None,
                probe_kind=str(probe.kind) if probe else None,
                prompt_text=probe.text if probe else question.text,
                reason="next in guide",
                asked_at=t,
                source="spoken",
                original_text=answer,
                answer_started=t + 3,
                answer_ended=t + 3 + length,
                audio_file="audio/rec-0001.wav",
                audio_start=t + 2,
                audio_end=t + 2 + length,
                segments=segments(answer, t + 2, t + 2 + length),
                transcribed=True,
                corrections=[Correction(text=answer + " (checked)", by="researcher")] if i == 3 else [],
            )
        )
        t += 4 + length
    started = datetime(2025, 3, 1, 9, tzinfo=timezone.utc) + timedelta(hours=n)
    meta = SessionMeta(
        code=f"P-B{n:04d}",
        study_id="bench-study",
        guide_version="1",
        guide_hash=guide.content_hash,
        mode=Mode.CONDUCT,
        started_at=started,
        status="completed",
        duration=t,
        recording_origin=1.0,
    )
    notes = [NoteEvent(type="note", elapsed=t / 2, text="interesting moment")]
    return SessionView(meta=meta, turns=out, notes=notes)


def timed(label: str, action) -> tuple[float, float]:
    """Run action; print and return its wall time and this process's CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<34} {wall:8.2f} s wall {cpu:8.2f} s CPU")
    return wall, cpu


SCALING_FORMATS = ["md", "docx", "csv", "xlsx", "srt", "vtt", "maxqda", "nvivo", "qdpx", "qdc"]
STUDY_FORMATS = ["matrix", "pilot"]


def quiet_time(action) -> float:
    """Wall time of action, without printing."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def scaling(sizes: list[int], guide: Guide, root: Path) -> dict:
    """Time every format on one session of each size; return the figures."""
    results = {}
    for turns in sizes:
        view = make_view(0, turns, guide)
        out = make_private_dir(root / f"t{turns}")
        cpu = time.process_time()
        row = {"baseline": quiet_time(lambda: atomic_write(out / "view.json", view.model_dump_json()))}
        for fmt in SCALING_FORMATS:
            row[fmt] = quiet_time(lambda: export_session(view, [fmt], out, guide=guide))
        for fmt in STUDY_FORMATS:
            row[fmt] = quiet_time(lambda: export_study([view], [fmt], out / "study", guide=guide))
        row["total"] = sum(v for k, v in row.items() if k != "baseline")
        row["total_cpu"] = time.process_time() - cpu
        results[turns] = row
        cells = " ".join(f"{k} {v:.2f}" for k, v in row.items())
        print(f"{turns:>6} turns: {cells}", flush=True)
    first = sizes[0]
    for turns in sizes:
        row, base = results[turns], results[first]
        growth = (row["total"] / turns) / (base["total"] / first)
        worst = max(SCALING_FORMATS + STUDY_FORMATS, key=lambda f: row[f] / turns / max(base[f] / first, 1e-9))
        ratio = row["total"] / max(row["baseline"], 1e-9)
        print(f"{turns:>6} turns: all formats {row['total']:7.2f} s wall ({row['total_cpu']:.2f} s CPU),"
              f" {ratio:5.1f}x baseline; "
              f"s per 1k turns {1000 * row['total'] / turns:.3f} = {growth:.2f}x the {first}-turn rate"
              f" (steepest: {worst})")
    return {str(k): v for k, v in results.items()}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--formats", nargs="+", default=["csv", "md", "qdpx"])
    parser.add_argument("--out", type=Path, help="output folder (default: a temporary one)")
    parser.add_argument("--scaling", nargs="*", type=int, metavar="TURNS",
                        help="one session per size in every format (default sizes: 1000 2000 4000 10000)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    args = parser.parse_args(argv)
    guide = make_guide()
    if args.scaling is not None:
        with tempfile.TemporaryDirectory() as scratch:
            figures = scaling(sorted(args.scaling or [1000, 2000, 4000, 10000]), guide, args.out or Path(scratch))
        if args.json:
            args.json.write_text(json.dumps({"scaling": figures}, indent=1) + "\n")
        return 0
    built = time.perf_counter()
    views = [make_view(n, args.turns, guide) for n in range(args.sessions)]
    print(f"built {len(views)} sessions x {args.turns} turns in {time.perf_counter() - built:.2f} s")
    with tempfile.TemporaryDirectory() as scratch:
        root = args.out or Path(scratch)
        base_dir = make_private_dir(root / "baseline")
        base = timed(
            "baseline: JSON of every view",
            lambda: [atomic_write(base_dir / f"{v.meta.code}.json", v.model_dump_json()) for v in views],
        )
        per = timed(
            f"export_session {'+'.join(args.formats)}",
            lambda: [export_session(v, args.formats, root / "sessions", guide=guide) for v in views],
        )
        study = timed(
            "export_study matrix", lambda: export_study(views, ["matrix"], root / "study", guide=guide)
        )
    total, cpu = per[0] + study[0], per[1] + study[1]
    turns = args.sessions * args.turns
    print(f"{'exports total':<34} {total:8.2f} s wall {cpu:8.2f} s CPU")
    print(f"throughput: {args.sessions / total:.1f} sessions/s, {turns / total:,.0f} turns/s (wall)")
    print(f"ratio exports / baseline: {total / base[0]:.1f}x wall, {cpu / base[1]:.1f}x CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: export 200 sessions of 60 turns (csv + md + qdpx each, and the study matrix).

Builds realistic SessionViews in memory (spoken answers with transcript segments and word
timings, probes, notes, a correction per session), then times:
  baseline  - writing each view as JSON (model_dump_json) with the same atomic, fsynced writes;
  exports   - export_session(csv, md, qdpx) per session, then export_study(matrix).
Prints wall times, throughput and the export/baseline ratio.

    python bench/export_many.py                    # 200 sessions x 60 turns
    python bench/export_many.py --sessions 20 --turns 30 --formats csv md qdpx docx xlsx
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--formats", nargs="+", default=["csv", "md", "qdpx"])
    parser.add_argument("--out", type=Path, help="output folder (default: a temporary one)")
    args = parser.parse_args(argv)
    guide = make_guide()
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

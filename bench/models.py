"""Benchmark: what each offline model costs and gives, on the shared clips with reference texts.

Each model runs `interviewer transcribe` (the real path, default settings) as a child process on
the same files, alternating, several times: median wall time (model load included), real-time
factor, peak RSS (from wait4's rusage), and WER pooled over the files (Whisper's English
normaliser). Ratios are against the built-in tiny.en measured in the same run. Models: the
built-in tiny.en and the multilingual base of the interviewer[models] extra (others with
--model; any name must already be installed: nothing is downloaded).

    python bench/models.py                          # tiny.en and base, faster-whisper, 1 run
    python bench/models.py --engine openai-whisper --runs 1 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDIO = Path(os.environ.get("INTERVIEWER_SHARED", ROOT.parent / "shared")) / "audio"
BASELINE = "builtin"


def clips() -> list[Path]:
    """Every clip in shared/audio that has a reference text."""
    return sorted(p for p in AUDIO.iterdir() if p.suffix in (".wav", ".flac") and p.with_suffix(".txt").exists())


def run(model: str, engine: str, files: list[Path], out: Path, threads: int | None) -> tuple[float, int]:
    """One `interviewer transcribe` child: (wall seconds, peak RSS bytes); exits on failure."""
    code = "import sys; from interviewer.cli import main; sys.exit(main(sys.argv[1:]))"
    cmd = [sys.executable, "-c", code, "transcribe", *map(str, files), "--out", str(out), "--force",
           "--engine", engine, *([] if model == BASELINE else ["--model", model]),
           *(["--threads", str(threads)] if threads else [])]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {model} failed:\n{err[-2000:]}")
    return wall, usage.ru_maxrss * 1024


def wer(out: Path, files: list[Path]) -> float:
    """Word error rate pooled over the files' NAME.txt outputs."""
    import jiwer
    from whisper.normalizers import EnglishTextNormalizer

    norm = EnglishTextNormalizer()
    errors = words = 0
    for f in files:
        ref = norm(f.with_suffix(".txt").read_text(encoding="utf-8"))
        m = jiwer.process_words(ref, norm((out / f"{f.stem}.txt").read_text(encoding="utf-8")))
        errors += m.substitutions + m.deletions + m.insertions
        words += len(ref.split())
    return errors / words


def seconds_of(files: list[Path]) -> float:
    """Total audio seconds."""
    import soundfile

    return sum(soundfile.info(str(f)).duration for f in files)


def main() -> int:
    """Measure each model, print the table, optionally write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", help="models to compare (default: builtin and base)")
    parser.add_argument("--engine", default="faster-whisper", choices=("faster-whisper", "openai-whisper"))
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--json", type=Path, metavar="FILE")
    args = parser.parse_args()
    models = [BASELINE, *[m for m in (args.model or ["base"]) if m != BASELINE]]
    files = clips()
    audio = seconds_of(files)
    walls: dict[str, list[float]] = {m: [] for m in models}
    rss: dict[str, int] = {}
    errors: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs):
            for model in models:  # alternating, so load on the machine hits each alike
                out = Path(tmp) / model.replace("/", "_")
                wall, peak = run(model, args.engine, files, out, args.threads)
                walls[model].append(wall)
                rss[model] = max(rss.get(model, 0), peak)
                errors[model] = wer(out, files)
    base_wall = statistics.median(walls[BASELINE])
    rows = [{"model": "tiny.en (built-in)" if m == BASELINE else m, "engine": args.engine,
             "wall_s": statistics.median(walls[m]), "rtf": statistics.median(walls[m]) / audio,
             "wer": errors[m], "peak_rss_mb": rss[m] / 2**20,
             "time_vs_tiny": statistics.median(walls[m]) / base_wall} for m in models]
    print(f"{len(files)} clips, {audio:.0f} s of audio, {args.runs} run(s), median wall incl. model load")
    print(f"{'model':<20} {'WER':>6} {'wall s':>7} {'RTF':>6} {'x tiny':>7} {'RSS MB':>7}")
    for r in rows:
        print(f"{r['model']:<20} {r['wer']:>6.1%} {r['wall_s']:>7.1f} {r['rtf']:>6.3f} "
              f"{r['time_vs_tiny']:>7.2f} {r['peak_rss_mb']:>7.0f}")
    if args.json:
        args.json.write_text(json.dumps({"files": [f.name for f in files], "audio_s": audio, "runs": args.runs,
                                         "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

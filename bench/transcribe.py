"""Benchmark: `interviewer transcribe` against the plain `whisper` command-line tool.

Both run as child processes on the same audio and the same weights (the built-in Whisper
tiny.en; the `whisper` tool gets the openai-whisper checkpoint converted from it, which its
--model accepts as a path), alternating, several times. Reported: median wall time, peak RSS
(the child's own, from wait4's rusage, which also covers the ffmpeg it spawns), WER pooled over
the files against their reference texts (Whisper's English normaliser), word errors per file,
and our/their ratios. By default the files are every clip in shared/audio with a reference (real
speech and synthetic interview answers, 356 words), so one word is not most of the verdict.

The `whisper` tool needs the ffmpeg program (`apt-get install -y ffmpeg`). It runs with its own
defaults (beam 5, best_of 5, temperature fallback, no word timings) plus `--fp16 False`, which it
would fall back to on CPU anyway; ours computes word timings too. Pass --whisper-word-timestamps
to make the tool do the same work.

    python bench/transcribe.py                       # every shared clip with a reference, 3 runs
    python bench/transcribe.py --runs 5 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDIO = Path(os.environ.get("INTERVIEWER_SHARED", ROOT.parent / "shared")) / "audio"
AUDIO_SUFFIXES = (".wav", ".flac")


def default_files() -> list[Path]:
    """Every clip in shared/audio that has a reference text: real speech and synthetic answers."""
    return sorted(
        p for p in AUDIO.iterdir() if p.suffix in AUDIO_SUFFIXES and p.with_suffix(".txt").exists()
    )


def run_child(cmd: list[str], env: dict | None = None) -> tuple[float, int]:
    """Run a command; return (wall seconds, peak RSS in bytes) or exit on failure."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[:3])}... failed ({proc.returncode}):\n{err[-3000:]}")
    return wall, usage.ru_maxrss * 1024  # Linux reports kilobytes


def word_errors(folder: Path, files: list[Path]) -> dict[str, tuple[int, int]]:
    """(errors, reference words) per file: NAME.txt in folder against the file's NAME.txt."""
    import jiwer
    from whisper.normalizers import EnglishTextNormalizer

    norm = EnglishTextNormalizer()
    out = {}
    for f in files:
        ref = norm(f.with_suffix(".txt").read_text(encoding="utf-8"))
        hyp = norm((folder / (f.stem + ".txt")).read_text(encoding="utf-8"))
        m = jiwer.process_words(ref, hyp)
        out[f.name] = (m.substitutions + m.deletions + m.insertions, len(ref.split()))
    return out


def pooled_wer(errors: dict[str, tuple[int, int]]) -> float:
    """Word error rate over all files together."""
    return sum(e for e, _ in errors.values()) / sum(n for _, n in errors.values())


def ours_cmd(files: list[Path], out: Path, engine: str, threads: int | None) -> list[str]:
    """`interviewer transcribe` on the files, outputs into `out`, never skipping."""
    cmd = [
        sys.executable,
        "-m",
        "interviewer",
        "transcribe",
        *map(str, files),
        "--out",
        str(out),
        "--force",
        "--engine",
        engine,
    ]
    return cmd + (["--threads", str(threads)] if threads else [])


def whisper_cmd(
    files: list[Path], out: Path, checkpoint: Path, word_timestamps: bool, threads: int | None
) -> list[str]:
    """The `whisper` tool (or its entry point, if the script is not on PATH) with its defaults."""
    whisper = shutil.which("whisper")
    base = (
        [whisper]
        if whisper
        else [
            sys.executable,
            "-c",
            "import sys; from whisper.transcribe import cli; sys.argv[0] = 'whisper'; cli()",
        ]
    )
    cmd = base + [
        *map(str, files),
        "--model",
        str(checkpoint),
        "--output_dir",
        str(out),
        "--output_format",
        "txt",
    ]
    cmd += ["--fp16", "False", "--verbose", "False"]
    if word_timestamps:
        cmd += ["--word_timestamps", "True"]
    return cmd + (["--threads", str(threads)] if threads else [])


def audio_seconds(files: list[Path]) -> float:
    """Total length of the files in seconds."""
    import soundfile

    return sum(soundfile.info(str(f)).duration for f in files)


def main() -> int:
    """Run both tools alternately, print a table, optionally write JSON."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "files", nargs="*", type=Path, help="audio files with NAME.txt references (default: every shared clip)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each tool (median reported; default 3)")
    parser.add_argument(
        "--engine", default="auto", choices=["auto", "faster-whisper", "openai-whisper"], help="our engine"
    )
    parser.add_argument("--threads", type=int, help="CPU threads for both tools (default: each tool's own)")
    parser.add_argument(
        "--whisper-word-timestamps",
        action="store_true",
        help="make the whisper tool compute word timings too",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    args.files = args.files or default_files()
    if not shutil.which("ffmpeg"):
        sys.exit("bench: the whisper tool needs ffmpeg: apt-get install -y ffmpeg")

    from interviewer.transcribe.ct2_convert import ensure_checkpoint
    from interviewer.transcribe.models import builtin_model_dir

    checkpoint = ensure_checkpoint(builtin_model_dir(), label="tiny.en").path
    seconds = audio_seconds(args.files)
    samples: dict[str, list[tuple[float, int]]] = {"ours": [], "whisper": []}
    errors: dict[str, dict[str, tuple[int, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-transcribe-") as tmp:
        for run in range(args.runs):
            # alternate, so that other load on the machine falls on both alike
            for tool in ("ours", "whisper") if run % 2 == 0 else ("whisper", "ours"):
                out = Path(tmp) / f"{tool}-{run}"
                cmd = (
                    ours_cmd(args.files, out, args.engine, args.threads)
                    if tool == "ours"
                    else whisper_cmd(args.files, out, checkpoint, args.whisper_word_timestamps, args.threads)
                )
                samples[tool].append(run_child(cmd))
                errors[tool] = word_errors(out, args.files)
                print(
                    f"run {run + 1} {tool:8s} wall {samples[tool][-1][0]:6.2f} s  peak RSS {samples[tool][-1][1] / 2**20:6.0f} MB  WER {pooled_wer(errors[tool]):.3f}",
                    flush=True,
                )
    report = summarise(samples, errors, seconds, args)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0


def summarise(samples, errors, seconds, args) -> dict:
    """Medians per tool, word errors per file, and our/their ratios."""
    wers = {tool: pooled_wer(e) for tool, e in errors.items()}
    med = {
        t: (statistics.median(w for w, _ in s), statistics.median(m for _, m in s))
        for t, s in samples.items()
    }
    return {
        "audio_seconds": round(seconds, 1),
        "files": [str(f) for f in args.files],
        "runs": args.runs,
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
        "whisper_word_timestamps": args.whisper_word_timestamps,
        "ours": {
            "wall_s": med["ours"][0],
            "peak_rss_mb": med["ours"][1] / 2**20,
            "wer": wers["ours"],
            "errors": errors["ours"],
            "engine": args.engine,
        },
        "whisper_cli": {
            "wall_s": med["whisper"][0],
            "peak_rss_mb": med["whisper"][1] / 2**20,
            "wer": wers["whisper"],
            "errors": errors["whisper"],
        },
        "speedup": med["whisper"][0] / med["ours"][0],
        "memory_ratio": med["ours"][1] / med["whisper"][1],
        "wer_difference": wers["ours"] - wers["whisper"],
    }


def print_report(r: dict) -> None:
    """Print the comparison as a short table."""
    print(
        f"\n{r['audio_seconds']} s of audio, {r['runs']} runs each, {r['cpu_count']} CPUs, load average {r['load_average'][0]:.1f}"
    )
    print(f"{'':12s} {'wall (median)':>14s} {'RTF':>6s} {'peak RSS':>10s} {'WER':>7s}")
    for key, name in (("ours", "interviewer"), ("whisper_cli", "whisper CLI")):
        row = r[key]
        print(
            f"{name:12s} {row['wall_s']:12.2f} s {row['wall_s'] / r['audio_seconds']:6.3f} {row['peak_rss_mb']:7.0f} MB {row['wer']:7.3f}"
        )
    print(f"\n{'word errors per file':34s} {'interviewer':>11s} {'whisper CLI':>11s} {'words':>6s}")
    for name, (ours, words) in r["ours"]["errors"].items():
        print(f"{name:34s} {ours:11d} {r['whisper_cli']['errors'][name][0]:11d} {words:6d}")
    verdict = "met" if r["speedup"] >= 3 and r["wer_difference"] <= 1e-9 else "NOT met"
    print(
        f"speed-up {r['speedup']:.2f}x, memory {r['memory_ratio']:.2f}x of the CLI's, WER difference {r['wer_difference']:+.3f} (target >= 3x, no worse: {verdict})"
    )


if __name__ == "__main__":
    raise SystemExit(main())

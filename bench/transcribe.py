"""Benchmark: `interviewer transcribe` (default path and `--batch-size 0`) against the `whisper` CLI.

All three run as child processes on the same audio and the same weights (the built-in Whisper
tiny.en; the `whisper` tool gets the openai-whisper checkpoint converted from it, which its
--model accepts as a path), alternating, several times. Reported: median wall time, peak RSS
(the child's own, from wait4's rusage, which also covers the ffmpeg it spawns), WER pooled over
the files against their reference texts (Whisper's English normaliser), word errors per file,
and our/their ratios. By default the files are every clip in shared/audio with a reference (real
speech and synthetic interview answers, 356 words), so one word is not most of the verdict,
plus the hard set of bench/hard_speech.py (whispered and -30 dB speech with pauses; its tuning
and held-out clips reported apart). WER is reported per clip set for each tool; the target is
the default path's WER no worse than plain decoding's (`--batch-size 0`) on every set, and the
default path at least 3x faster than the whisper CLI on all the files.

The `whisper` tool needs the ffmpeg program (`apt-get install -y ffmpeg`). It runs with its own
defaults (beam 5, best_of 5, temperature fallback, no word timings) plus `--fp16 False`, which it
would fall back to on CPU anyway; ours computes word timings too. Pass --whisper-word-timestamps
to make the tool do the same work.

    python bench/transcribe.py                       # shared clips + hard set, 3 runs
    python bench/transcribe.py --runs 1 --no-hard --json out.json
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


TOOLS = ("ours", "ours_plain", "whisper")


def hard_files(folder: Path) -> dict[Path, str]:
    """The hard set written into `folder`: each file and its set ('hard tuning', 'hard held-out')."""
    sys.path.insert(0, str(ROOT / "bench"))
    import hard_speech

    why = hard_speech.available(AUDIO)
    if why:
        sys.exit(f"bench: no hard set: {why} (or pass --no-hard)")
    clips = hard_speech.hard_clips(AUDIO)
    paths = hard_speech.write(clips, folder)
    return {p: "hard held-out" if c.held_out else "hard tuning" for p, c in zip(paths, clips)}


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


def ours_cmd(files: list[Path], out: Path, engine: str, threads: int | None, plain: bool = False) -> list[str]:
    """`interviewer transcribe` on the files, outputs into `out`, never skipping; `plain`:
    Whisper's own window-by-window decoding (`--batch-size 0`)."""
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
    cmd += ["--batch-size", "0"] if plain else []
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
    """Run the three tools alternately, print a table, optionally write JSON."""
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
    parser.add_argument("--threads", type=int, help="CPU threads for all tools (default: each tool's own)")
    parser.add_argument("--no-hard", action="store_true", help="leave out the hard set (bench/hard_speech.py)")
    parser.add_argument(
        "--whisper-word-timestamps",
        action="store_true",
        help="make the whisper tool compute word timings too",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not shutil.which("ffmpeg"):
        sys.exit("bench: the whisper tool needs ffmpeg: apt-get install -y ffmpeg")

    from interviewer.transcribe.ct2_convert import ensure_checkpoint
    from interviewer.transcribe.models import builtin_model_dir

    checkpoint = ensure_checkpoint(builtin_model_dir(), label="tiny.en").path
    samples: dict[str, list[tuple[float, int]]] = {tool: [] for tool in TOOLS}
    errors: dict[str, dict[str, tuple[int, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-transcribe-") as tmp:
        sets = {f: "given" for f in args.files} or {f: "shared" for f in default_files()}
        if not args.no_hard:
            sets |= hard_files(Path(tmp) / "hard")
        args.files = list(sets)
        seconds = audio_seconds(args.files)
        for run in range(args.runs):
            # rotate the order, so that other load on the machine falls on all alike
            for tool in TOOLS[run % 3:] + TOOLS[:run % 3]:
                out = Path(tmp) / f"{tool}-{run}"
                cmd = (
                    whisper_cmd(args.files, out, checkpoint, args.whisper_word_timestamps, args.threads)
                    if tool == "whisper"
                    else ours_cmd(args.files, out, args.engine, args.threads, plain=tool == "ours_plain")
                )
                samples[tool].append(run_child(cmd))
                errors[tool] = word_errors(out, args.files)
                print(
                    f"run {run + 1} {tool:10s} wall {samples[tool][-1][0]:6.2f} s  peak RSS {samples[tool][-1][1] / 2**20:6.0f} MB  WER {pooled_wer(errors[tool]):.3f}",
                    flush=True,
                )
    report = summarise(samples, errors, {f.name: s for f, s in sets.items()}, seconds, args)
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0


def summarise(samples, errors, sets, seconds, args) -> dict:
    """Medians per tool, word errors per file, WER per clip set, and the ratios."""
    med = {
        t: (statistics.median(w for w, _ in s), statistics.median(m for _, m in s))
        for t, s in samples.items()
    }
    names = sorted(set(sets.values()), key=list(sets.values()).index)
    per_set = {
        name: {tool: pooled_wer({f: e for f, e in errors[tool].items() if sets[f] == name}) for tool in TOOLS}
        for name in names
    }

    def row(tool: str) -> dict:
        return {
            "wall_s": med[tool][0],
            "peak_rss_mb": med[tool][1] / 2**20,
            "wer": pooled_wer(errors[tool]),
            "errors": errors[tool],
        }

    return {
        "audio_seconds": round(seconds, 1),
        "files": [str(f) for f in args.files],
        "sets": sets,
        "runs": args.runs,
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
        "whisper_word_timestamps": args.whisper_word_timestamps,
        "ours": row("ours") | {"engine": args.engine},
        "ours_plain": row("ours_plain") | {"engine": args.engine, "batch_size": 0},
        "whisper_cli": row("whisper"),
        "wer_by_set": per_set,
        "speedup": med["whisper"][0] / med["ours"][0],
        "speedup_plain": med["whisper"][0] / med["ours_plain"][0],
        "memory_ratio": med["ours"][1] / med["whisper"][1],
        "wer_difference": pooled_wer(errors["ours"]) - pooled_wer(errors["whisper"]),
        "default_no_worse_than_plain": all(w["ours"] <= w["ours_plain"] + 1e-9 for w in per_set.values()),
    }


def print_report(r: dict) -> None:
    """Print the comparison as short tables."""
    print(
        f"\n{r['audio_seconds']} s of audio, {r['runs']} runs each, {r['cpu_count']} CPUs, load average {r['load_average'][0]:.1f}"
    )
    rows = (("ours", "default"), ("ours_plain", "batch 0"), ("whisper_cli", "whisper CLI"))
    print(f"{'':12s} {'wall (median)':>14s} {'RTF':>6s} {'peak RSS':>10s} {'WER':>7s}")
    for key, name in rows:
        row = r[key]
        print(
            f"{name:12s} {row['wall_s']:12.2f} s {row['wall_s'] / r['audio_seconds']:6.3f} {row['peak_rss_mb']:7.0f} MB {row['wer']:7.3f}"
        )
    print(f"\n{'WER by clip set':20s} {'default':>8s} {'batch 0':>8s} {'whisper':>8s}")
    for name, w in r["wer_by_set"].items():
        print(f"{name:20s} {w['ours']:8.3f} {w['ours_plain']:8.3f} {w['whisper']:8.3f}")
    print(f"\n{'word errors per file':34s} {'default':>8s} {'batch 0':>8s} {'whisper':>8s} {'words':>6s}  set")
    for name, (ours, words) in r["ours"]["errors"].items():
        plain, cli = r["ours_plain"]["errors"][name][0], r["whisper_cli"]["errors"][name][0]
        print(f"{name:34s} {ours:8d} {plain:8d} {cli:8d} {words:6d}  {r['sets'][name]}")
    verdict = "met" if r["speedup"] >= 3 and r["default_no_worse_than_plain"] else "NOT met"
    print(
        f"speed-up {r['speedup']:.2f}x (batch 0: {r['speedup_plain']:.2f}x), memory {r['memory_ratio']:.2f}x of the CLI's; "
        f"default WER <= batch 0 on every set: {r['default_no_worse_than_plain']} (target >= 3x and no worse: {verdict})"
    )


if __name__ == "__main__":
    raise SystemExit(main())

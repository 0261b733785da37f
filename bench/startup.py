"""Time from launching `interviewer` to its first interactive screen, against bare Textual.

Each program runs in a pseudo-terminal (80x24) with INTERVIEWER_EXIT_ON_READY=1: it exits as
soon as its first screen has been drawn and prints the wall-clock time of that moment. The
time to ready is that moment minus the launch time. Both programs are measured alternately in
the same run; the medians and their ratio are printed (target: ratio <= 1.5).

    python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
READY = re.compile(rb"ready_at=(\d+\.\d+)")
# The app through its own command module only, without building the whole CLI parser: shows
# how much of the start-up is the app itself and how much the other commands' registration.
APP_ONLY = (
    "import argparse, sys\n"
    "from interviewer.cli import app_cmd\n"
    "p = argparse.ArgumentParser(); app_cmd.register(p.add_subparsers())\n"
    "a = p.parse_args(['run', '--sessions-dir', sys.argv[1]])\n"
    "raise SystemExit(a.func(a))\n"
)


def time_to_ready(cmd: list[str], cwd: Path, timeout: float = 60.0) -> float:
    """Launch `cmd` in an 80x24 pty; return seconds from launch to its first drawn screen."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = dict(os.environ, INTERVIEWER_EXIT_ON_READY="1", TERM="xterm-256color")
    launched = time.time()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env,
                            start_new_session=True)
    os.close(slave)
    output = bytearray()
    deadline = launched + timeout
    try:
        while time.time() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            elif proc.poll() is not None:
                break
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    match = READY.search(bytes(output))
    if not match:
        tail = bytes(output[-500:]).decode(errors="replace")
        raise RuntimeError(f"{' '.join(cmd)} never reported ready (exit {proc.returncode}): {tail}")
    return float(match.group(1)) - launched


def main(argv: list[str] | None = None) -> int:
    """Measure both programs `--runs` times each and print medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="runs of each program (default 7, at least 5)")
    args = parser.parse_args(argv)
    runs = max(5, args.runs)
    with tempfile.TemporaryDirectory() as sessions:
        commands = {
            "bare Textual hello world": [sys.executable, str(HERE / "hello_app.py")],
            "`interviewer` (whole CLI)": [sys.executable, "-m", "interviewer", "run", "--sessions-dir", sessions],
            "app alone (run command only)": [sys.executable, "-c", APP_ONLY, sessions],
        }
        for cmd in commands.values():  # warm the file cache
            time_to_ready(cmd, ROOT)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, cmd in commands.items():
                times[name].append(time_to_ready(cmd, ROOT))
    medians = {name: statistics.median(ts) for name, ts in times.items()}
    base = medians["bare Textual hello world"]
    print(f"runs: {runs} each, interleaved, 80x24 pseudo-terminal; time from launch to first drawn screen")
    for name, ts in times.items():
        runs_ms = ", ".join(f"{t * 1000:.0f}" for t in ts)
        print(f"{name:30} median {medians[name] * 1000:4.0f} ms  ratio {medians[name] / base:.2f}x  ({runs_ms})")
    print("target: `interviewer` <= 1.5x the bare Textual app")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

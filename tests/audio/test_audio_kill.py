"""kill -9 of a recording process at random moments: the repaired files hold the audio to ±1 s."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import soundfile as sf

from interviewer.audio.repair import repair_folder
from interviewer.audio.segments import segment_paths


def kill_once(child: Path, folder: Path, kind: str, segment: float, delay: float,
              env: dict | None = None) -> dict:
    """Run a recording child, kill -9 it `delay` s after it started recording, repair, measure."""
    heartbeat = folder / "heartbeat"
    proc = subprocess.Popen([sys.executable, str(child), str(folder / "session"), str(heartbeat),
                             kind, str(segment)], env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while not heartbeat.exists():
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "child never started recording"
            time.sleep(0.01)
        started = float(heartbeat.read_text().split()[0])
        time.sleep(max(0.0, started + delay - time.monotonic()))
        os.kill(proc.pid, signal.SIGKILL)
        killed = time.monotonic()
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    audio = folder / "session" / "audio"
    results = repair_folder(audio)
    frames = 0
    for path in segment_paths(audio, "rec"):
        data, rate = sf.read(str(path), dtype="int16", always_2d=True)  # decodes after repair
        assert rate == 48000
        frames += len(data)
    return {"expected": killed - started, "got": frames / 48000,
            "repaired": sum(r.status == "repaired" for r in results),
            "files": len(results)}


def run_kills(child: Path, tmp_path: Path, kind: str, count: int, workers: int,
              env: dict | None = None) -> list[dict]:
    """Kill `count` children at random moments 0.3-2 s into their recording."""
    rng = random.Random(5)
    jobs = [(tmp_path / f"k{i}", rng.choice([0.5, 30.0]), rng.uniform(0.3, 2.0))
            for i in range(count)]
    with ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(kill_once, child, folder, kind, seg, delay, env)
                   for folder, seg, delay in jobs]
        return [f.result() for f in futures]


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_at_most_a_second(child_script, tmp_path):
    """50 kills of a child recording a generated signal through the real writer path."""
    results = run_kills(child_script, tmp_path, "generated", 50, workers=5)
    errors = [r["got"] - r["expected"] for r in results]
    assert all(abs(e) <= 1.0 for e in errors), results
    assert sum(r["repaired"] for r in results) >= 40, "kills should leave open files to repair"
    print(f"kill -9 x50: error min {min(errors):+.3f} s, max {max(errors):+.3f} s")


@pytest.mark.slow
@pytest.mark.audio
def test_kill_9_while_recording_the_real_device(pulse, child_script, tmp_path):
    """The same through sounddevice and PulseAudio, fewer times (a stream takes ~2 s to start)."""
    results = run_kills(child_script, tmp_path, "device", 8, workers=4, env=pulse.client_env())
    errors = [r["got"] - r["expected"] for r in results]
    assert all(abs(e) <= 1.0 for e in errors), results

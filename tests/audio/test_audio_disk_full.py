"""A full disk (a small tmpfs): a clean stop, readable files, nothing already written lost."""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio.recorder import Recorder
from interviewer.audio.repair import repair_folder
from interviewer.audio.source import GeneratedSource, tone
from interviewer.events import RecordingSegmentEvent


@pytest.fixture
def small_disk():
    """Mount a tmpfs of the requested size; skip where mounting is not allowed."""
    mounts = []

    def mount(size: str) -> Path:
        path = Path(tempfile.mkdtemp(prefix="interviewer-full-"))
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            path.rmdir()
            pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.strip()}")
        mounts.append(path)
        return path

    yield mount
    for path in mounts:
        subprocess.run(["umount", str(path)], check=False)
        path.rmdir()


def wait_stopped(rec: Recorder, limit: float = 20.0) -> None:
    """Wait until the recorder stops writing on its own."""
    deadline = time.monotonic() + limit
    while rec.running and time.monotonic() < deadline:
        time.sleep(0.05)


def check_files(session: Path, summary, events) -> int:
    """Every reported file decodes, matches its journal event, and nothing else is there."""
    segs = [e for e in events if isinstance(e, RecordingSegmentEvent)]
    assert [e.audio_file for e in segs] == summary.files
    frames = 0
    for event in segs:
        data, rate = sf.read(str(session / event.audio_file), dtype="int16", always_2d=True)
        assert len(data) == round(event.duration * rate)
        frames += len(data)
    on_disk = sorted(p.relative_to(session).as_posix() for p in (session / "audio").iterdir())
    assert on_disk == summary.files, "no temp or unreported files left behind"
    assert all(r.status == "ok" for r in repair_folder(session / "audio"))
    return frames


def test_full_disk_keeps_every_sample_written(small_disk, tmp_path):
    root = small_disk("256k")
    events: list = []
    rate = 16000
    rec = Recorder(root / "s", source=GeneratedSource(rate, 1, 800, speed=10), segment_seconds=3,
                   reserve_bytes=0, min_free_seconds=0, on_event=events.append)
    rec.start()
    wait_stopped(rec)
    assert rec.stopped_reason == "disk full"
    summary = rec.stop()
    assert summary.stopped_reason == "disk full" and "disk full" in summary.describe()
    frames = check_files(root / "s", summary, events)
    assert frames * 2 > 200_000, "the disk should be nearly all audio"
    audio = np.concatenate([sf.read(str(root / "s" / f), dtype="int16")[0] for f in summary.files])
    want = np.clip(tone()(0, len(audio), rate) * 32767, -32768, 32767).astype(np.int16)
    np.testing.assert_array_equal(audio, want)
    assert summary.seconds == pytest.approx(frames / rate)


@pytest.mark.slow
@pytest.mark.audio
def test_full_disk_while_recording_the_real_device(pulse, small_disk, audio_dir, first_block):
    root = small_disk("512k")
    events: list = []
    event, on_block = first_block
    rec = Recorder(root / "s", channels=2, sample_rate=48000, segment_seconds=1.0,
                   reserve_bytes=0, min_free_seconds=0, on_event=events.append, on_block=on_block)
    rec.start()
    assert event.wait(10)
    player = pulse.play(audio_dir / "answer-first-use.wav")
    try:
        wait_stopped(rec)
    finally:
        player.kill()
        player.wait()
    summary = rec.stop()
    assert summary.stopped_reason == "disk full"
    frames = check_files(root / "s", summary, events)
    assert frames * 4 > 400_000 and len(summary.files) >= 2
    last = sf.read(str(root / "s" / summary.files[-1]), dtype="int16")[0]
    assert np.abs(last).max() > 1000, "the speech up to the moment the disk filled is there"

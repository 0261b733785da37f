"""Recording through the real path: sounddevice -> PortAudio -> ALSA pulse -> PulseAudio."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio import devices
from interviewer.audio.recorder import Recorder
from interviewer.audio.resample import load_16k_mono, to_16k_mono
from interviewer.errors import AudioError
from interviewer.events import GapEvent

pytestmark = pytest.mark.audio


def source_16k(path) -> np.ndarray:
    """A speech file as 16 kHz mono float32."""
    audio, rate = sf.read(str(path), dtype="float32", always_2d=True)
    return to_16k_mono(audio, rate)


def record_playing(pulse, first_block, tmp_path, speech, **kw):
    """Start a recorder, play `speech` into the sink once audio flows, stop; return the summary."""
    event, on_block = first_block
    rec = Recorder(tmp_path / "s", reserve_bytes=0, on_block=on_block, **kw)
    rec.start()
    assert event.wait(10), "no audio from the device"
    player = pulse.play(speech)
    assert player.wait(60) == 0, player.stderr.read()
    time.sleep(0.4)
    return rec, rec.stop()


def test_devices_lists_the_virtual_input_with_rates(pulse):
    found = devices.list_input_devices()
    assert any(d.is_default for d in found)
    default = next(d for d in found if d.is_default)
    assert default.channels >= 2 and 48000 in default.supported_rates
    assert devices.choose_sample_rate(None, 1) == default.default_rate
    assert devices.choose_sample_rate(None, 1, preferred=16000) == 16000
    with pytest.raises(AudioError, match="not found"):
        devices.check_input(999, 48000, 1)
    with pytest.raises(AudioError, match="not found"):
        Recorder("unused", device="no such microphone")


@pytest.mark.slow
def test_recorded_speech_correlates_with_the_source(pulse, first_block, tmp_path, audio_dir, align):
    speech = audio_dir / "jfk.flac"
    _, summary = record_playing(pulse, first_block, tmp_path, speech, sample_rate=48000,
                                  segment_seconds=4.0)
    assert summary.sample_rate == 48000 and len(summary.files) >= 3
    assert summary.dropped_blocks == 0 and summary.overflows == 0
    recorded = load_16k_mono([tmp_path / "s" / f for f in summary.files])
    src = source_16k(speech)
    lag, r = align(recorded, src)
    assert r >= 0.9, f"correlation {r:.3f} at lag {lag / 16000:.2f} s"
    print(f"jfk through PulseAudio: r = {r:.4f}, lag {lag / 16000:.2f} s")


@pytest.mark.slow
def test_two_channels_and_per_answer_files(pulse, first_block, tmp_path, audio_dir, align):
    event, on_block = first_block
    rec = Recorder(tmp_path / "s", channels=2, style="answers", reserve_bytes=0, on_block=on_block)
    rec.start()
    assert event.wait(10)
    speech = audio_dir / "answer-short.wav"
    rec.start_answer()
    assert pulse.play(speech).wait(30) == 0
    time.sleep(0.3)
    clip = rec.stop_answer()
    summary = rec.stop()
    assert summary.files == [clip.audio_file] and clip.audio_file.endswith("answer-0001.wav")
    audio, rate = sf.read(str(tmp_path / "s" / clip.audio_file), dtype="float32")
    assert audio.shape[1] == 2 and abs(len(audio) / rate - clip.duration) < 0.01
    _, r = align(to_16k_mono(audio, rate), source_16k(speech))
    assert r >= 0.9


@pytest.mark.slow
def test_slow_writer_on_the_real_device_logs_gaps(pulse, first_block, tmp_path):
    event, on_block = first_block
    state = {"slow_until": 0.0}

    def slow(block):
        if time.monotonic() < state["slow_until"]:
            time.sleep(0.2)

    gaps = []
    rec = Recorder(tmp_path / "s", reserve_bytes=0, queue_seconds=0.3, on_block=on_block,
                   before_write=slow, on_event=lambda e: isinstance(e, GapEvent) and gaps.append(e))
    rec.start()
    assert event.wait(10)
    t0 = time.monotonic()
    state["slow_until"] = t0 + 1.0
    time.sleep(2.0)
    summary = rec.stop()
    assert summary.dropped_blocks > 0 and gaps == summary.gaps
    assert all(0 <= g.position <= summary.seconds for g in gaps)
    assert sum(g.duration for g in gaps) == pytest.approx(
        summary.dropped_blocks * rec.source.blocksize / rec.sample_rate)


@pytest.mark.slow
def test_a_frozen_sound_server_is_a_stall_then_retry_continues(pulse, first_block, tmp_path):
    event, on_block = first_block
    rec = Recorder(tmp_path / "s", reserve_bytes=0, stall_seconds=0.5, on_block=on_block)
    rec.start()
    assert event.wait(10)
    os.kill(pulse.pid, signal.SIGSTOP)
    try:
        deadline = time.monotonic() + 5
        while not rec.stalled and time.monotonic() < deadline:
            time.sleep(0.05)
        assert rec.stalled, "a device that delivers nothing must be flagged"
    finally:
        os.kill(pulse.pid, signal.SIGCONT)
    rec.retry()
    before = rec.position
    deadline = time.monotonic() + 10
    while rec.position < before + 0.5 and time.monotonic() < deadline:
        time.sleep(0.05)
    summary = rec.stop()
    assert not rec.stalled and summary.seconds > before + 0.5
    assert any("stopped delivering" in g.reason for g in summary.gaps)
    assert len(summary.files) == 1


@pytest.mark.slow
def test_cli_devices_and_mic_check_through_the_server(pulse, audio_dir):
    env = pulse.client_env()
    cmd = [sys.executable, "-m", "interviewer"]
    out = subprocess.run([*cmd, "devices"], env=env, capture_output=True, text=True, timeout=60,
                         check=False)
    assert out.returncode == 0 and "default" in out.stdout and "48000" in out.stdout
    player = pulse.play(audio_dir / "answer-first-use.wav")
    try:
        out = subprocess.run([*cmd, "mic-check", "--seconds", "2", "--play"], env=env,
                             capture_output=True, text=True, timeout=60, check=False)
    finally:
        player.kill()
        player.wait()
    assert out.returncode == 0, out.stdout + out.stderr
    assert "The microphone works" in out.stdout and "Played the recording back" in out.stdout
    out = subprocess.run([*cmd, "mic-check", "--seconds", "1"], env=env, capture_output=True,
                         text=True, timeout=60, check=False)
    assert out.returncode == 1 and "No sound reached the microphone" in out.stdout

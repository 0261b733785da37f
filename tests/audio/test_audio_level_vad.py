"""Levels, silence, the end-of-answer VAD, resampling to 16 kHz and the mic-check verdict."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio.level import LevelMeter, LevelReading, SilenceDetector
from interviewer.audio.miccheck import assess
from interviewer.audio.resample import load_16k_mono, to_16k_mono
from interviewer.audio.vad import EndOfAnswerDetector


def sine(freq: float, seconds: float, rate: int, amp: float = 0.5) -> np.ndarray:
    """A float sine."""
    return amp * np.sin(2 * np.pi * freq * np.arange(int(seconds * rate)) / rate)


def test_level_meter_reports_peak_and_rms_ten_times_a_second():
    meter = LevelMeter(48000)
    x = (sine(1000, 1.0, 48000) * 32767).astype(np.int16)
    readings = [r for i in range(0, len(x), 480)
                if (r := meter.feed(x[i:i + 480], (i + 480) / 48000)) is not None]
    assert len(readings) == 10
    assert readings[-1].peak_dbfs == pytest.approx(-6.02, abs=0.05)
    assert readings[-1].rms_dbfs == pytest.approx(-9.03, abs=0.05)
    assert meter.latest == readings[-1] and readings[-1].position == pytest.approx(1.0)


def test_silence_detector_needs_the_full_duration_below_threshold():
    det = SilenceDetector(threshold_dbfs=-45, seconds=1.0)
    loud = [LevelReading(-3, -20, t / 10) for t in range(5)]
    quiet = [LevelReading(-60, -70, 0.5 + t / 10) for t in range(1, 13)]
    assert not any(det.update(r) for r in loud)
    states = [det.update(r) for r in quiet]
    assert states.index(True) == 10 and det.silent_for == pytest.approx(1.1)
    det.update(LevelReading(-3, -20, 2.0))
    assert not det.silent and det.silent_for == 0


def test_to_16k_mono_mixes_and_resamples_properly():
    stereo = np.stack([sine(440, 2.0, 44100), sine(440, 2.0, 44100)], axis=1)
    out = to_16k_mono((stereo * 32767).astype(np.int16), 44100)
    assert out.dtype == np.float32 and out.ndim == 1 and abs(len(out) - 32000) <= 1
    spectrum = np.abs(np.fft.rfft(out))
    assert np.argmax(spectrum) * 16000 / len(out) == pytest.approx(440, abs=1)
    # A tone above the new Nyquist is filtered out, not aliased (a naive decimation would alias).
    high = to_16k_mono(sine(9000, 1.0, 48000), 48000)
    assert np.sqrt(np.mean(high**2)) < 0.01
    np.testing.assert_array_equal(to_16k_mono(np.zeros(0), 48000), np.zeros(0, np.float32))


def test_load_16k_mono_joins_segments(tmp_path):
    x = sine(300, 2.0, 48000)
    sf.write(str(tmp_path / "a.wav"), x[:48000], 48000, subtype="PCM_16")
    sf.write(str(tmp_path / "b.wav"), x[48000:], 48000, subtype="PCM_16")
    joined = load_16k_mono([tmp_path / "a.wav", tmp_path / "b.wav"])
    np.testing.assert_allclose(joined, to_16k_mono(x, 48000), atol=2e-3)


def test_end_of_answer_detector_fires_only_after_speech_then_silence(audio_dir):
    speech, rate = sf.read(str(audio_dir / "answer-short.wav"), dtype="int16")
    det = EndOfAnswerDetector(end_silence=2.0)
    block = rate // 20
    for _ in range(0, rate * 3, block):  # silence before anyone speaks: not an end
        assert not det.feed(np.zeros(block, np.int16), rate)
    for i in range(0, len(speech), block):
        assert not det.feed(speech[i:i + block], rate)
    assert det.heard_speech
    quiet_blocks = 0
    while not det.feed(np.zeros(block, np.int16), rate):
        quiet_blocks += 1
        assert quiet_blocks < 80, "never noticed the end of the answer"
    assert 1.5 <= quiet_blocks * block / rate <= 3.5
    det.reset()
    assert not det.ended and not det.heard_speech


@pytest.mark.parametrize(("scale", "status"), [(1.0, "ok"), (0.003, "too quiet"),
                                               (0.0, "silent"), (4.0, "clipping")])
def test_mic_check_verdicts_on_real_speech(audio_dir, scale, status):
    speech, rate = sf.read(str(audio_dir / "answer-first-use.wav"), dtype="float32")
    recorded = np.clip(speech[: rate * 5] * scale * 32767, -32768, 32767).astype(np.int16)
    verdict = assess(recorded, rate)
    assert verdict.status == status, verdict
    assert verdict.message

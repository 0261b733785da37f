"""Quiet speech is raised to a speaking level before decoding; room noise alone is left alone."""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.transcribe.loudness import raised


def peak_db(audio: np.ndarray) -> float:
    return 20 * np.log10(np.abs(audio).max())


@pytest.fixture(scope="module")
def speech(audio_dir):
    from interviewer.transcribe.audio_file import load_audio

    return load_audio(audio_dir / "answer-distress.wav")


def test_speech_30_db_down_is_raised_to_minus_3_dbfs(speech):
    quiet = (speech * 10 ** (-30 / 20) / np.abs(speech).max()).astype(np.float32)
    out = raised(quiet)
    assert out is not quiet and abs(peak_db(out) + 3) < 0.01 and out.dtype == np.float32
    assert np.allclose(out / np.abs(out).max(), quiet / np.abs(quiet).max(), atol=1e-6)  # only the level


def test_speech_at_a_normal_level_is_untouched(speech):
    assert raised(speech) is speech


def test_room_noise_alone_is_not_made_loud():
    hiss = (np.random.default_rng(1).standard_normal(16_000 * 5) * 10 ** (-45 / 20)).astype(np.float32)
    assert raised(hiss) is hiss


def test_gain_is_at_most_30_db(speech):
    faint = (speech * 10 ** (-50 / 20) / np.abs(speech).max()).astype(np.float32)
    assert abs(peak_db(raised(faint)) - (-20)) < 0.01

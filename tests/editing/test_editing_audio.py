"""What the editor plays: a self-interview's answer files read on from any moment, and speed with pitch kept."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio.session_audio import SessionAudio
from interviewer.audio.stretch import stretch
from interviewer.session.view import SessionMeta, SessionView, Turn

RATE = 16000


def _tone(seconds: float, hz: float) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    return (0.5 * np.sin(2 * np.pi * hz * t)).astype(np.float32)[:, None]


def _peak_hz(audio: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(audio[:, 0] * np.hanning(len(audio))))
    return float(np.argmax(spectrum) * RATE / len(audio))


@pytest.mark.parametrize("speed", [0.5, 0.75, 1.5, 2.0])
def test_speed_changes_the_length_and_keeps_the_pitch(speed):
    tone = _tone(3.0, 440.0)
    out = stretch(tone, RATE, speed)
    assert len(out) == pytest.approx(len(tone) / speed, rel=0.01)
    assert _peak_hz(out) == pytest.approx(440.0, abs=2.0)  # a plain resample would give 440 x speed


def test_speed_one_is_the_audio_itself_and_speeds_are_held_to_half_and_double():
    tone = _tone(1.0, 300.0)
    assert stretch(tone, RATE, 1.0) is tone
    assert len(stretch(tone, RATE, 4.0)) == pytest.approx(len(tone) / 2, rel=0.01)


def test_self_interview_answers_play_on_from_one_file_to_the_next(tmp_path):
    (tmp_path / "audio").mkdir()
    first, second = _tone(2.0, 200.0), _tone(1.0, 600.0)
    sf.write(str(tmp_path / "audio/a1.wav"), first, RATE, subtype="FLOAT")
    sf.write(str(tmp_path / "audio/a2.wav"), second, RATE, subtype="FLOAT")
    meta = SessionMeta(code="P-ABCDE", study_id="s", guide_version="1", guide_hash="h", mode="self",
                       started_at=datetime(2026, 1, 1, tzinfo=UTC))
    turns = [Turn(prompt_id=i, kind="question", theme_id="t", question_id=f"q{i}", prompt_text="?", reason="r",
                  asked_at=at, audio_file=f"audio/a{i}.wav", audio_start=at + 1) for i, at in ((1, 0.0), (2, 9.0))]
    audio = SessionAudio(SessionView(meta=meta, turns=turns), tmp_path)
    assert audio.end == pytest.approx(11.0)
    clip = audio.read(1.5, 4.0)  # half a second into the first answer, to its end
    assert clip.start == pytest.approx(1.5) and clip.duration == pytest.approx(1.5)
    np.testing.assert_allclose(clip.audio, first[RATE // 2:], atol=1e-6)
    later = audio.read(clip.start + clip.duration, 4.0)  # the gap between answers is skipped
    assert later.start == pytest.approx(10.0) and _peak_hz(later.audio) == pytest.approx(600.0, abs=2.0)
    assert audio.read(11.0, 1.0) is None

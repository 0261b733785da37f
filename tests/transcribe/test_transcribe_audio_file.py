"""Reading audio files: resampling to 16 kHz mono, and clear errors for unusable files."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
import soundfile

from interviewer.errors import TranscriptionError
from interviewer.transcribe.audio_file import load_audio
from interviewer.transcribe.base import SAMPLE_RATE


def test_flac_44k_stereo_becomes_16k_mono(clips):
    path = clips["jfk"].path
    info = soundfile.info(str(path))
    assert (info.samplerate, info.channels) == (44100, 2)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    audio = load_audio(path)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert audio.size == pytest.approx(info.frames * SAMPLE_RATE / info.samplerate, abs=2)
    assert 0.05 < float(np.abs(audio).max()) <= 1.0
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_resampling_keeps_a_tone_at_its_pitch(tmp_path):
    rate = 48000
    t = np.arange(rate * 2) / rate
    stereo = np.stack([np.sin(2 * np.pi * 440 * t)] * 2, axis=1) * 0.5
    soundfile.write(tmp_path / "tone.wav", stereo, rate)
    audio = load_audio(tmp_path / "tone.wav")
    assert audio.size == 2 * SAMPLE_RATE
    spectrum = np.abs(np.fft.rfft(audio))
    assert np.argmax(spectrum) * SAMPLE_RATE / audio.size == pytest.approx(440, abs=1)


def test_16k_mono_wav_is_read_as_is(clips):
    path = clips["answer-short"].path
    data, rate = soundfile.read(str(path), dtype="float32")
    assert rate == SAMPLE_RATE
    assert np.array_equal(load_audio(path), data)


def test_ogg_via_soundfile(tmp_path):
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    soundfile.write(tmp_path / "a.ogg", 0.3 * np.sin(2 * np.pi * 300 * t), SAMPLE_RATE)
    assert load_audio(tmp_path / "a.ogg").size == pytest.approx(SAMPLE_RATE, abs=2)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"this is not audio at all", "cannot read it as audio"), (None, "no such file")],
)
def test_unusable_file_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "x.wav"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(TranscriptionError, match=message) as info:
        load_audio(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_wav_with_no_frames_is_a_clear_error(tmp_path):
    soundfile.write(tmp_path / "none.wav", np.zeros(0, np.float32), SAMPLE_RATE)
    with pytest.raises(TranscriptionError, match="no audio samples"):
        load_audio(tmp_path / "none.wav")


def test_a_folder_is_not_audio(tmp_path):
    with pytest.raises(TranscriptionError, match="not a file"):
        load_audio(tmp_path)

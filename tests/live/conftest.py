"""Live-transcription fixtures: the virtual microphone, tiny.en loaded once, speech clips, WER."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(scope="session")
def pulse():
    """A PulseAudio null sink (2 channels) whose monitor is this process's default input."""
    from interviewer.audio.virtual_device import private_server, unavailable

    if why := unavailable():
        pytest.skip(why)
    with private_server() as server:
        yield server


@pytest.fixture(scope="session")
def engine():
    """The built-in tiny.en on faster-whisper, two threads, loaded once."""
    from interviewer.transcribe import create_transcriber

    engine = create_transcriber("faster-whisper", cpu_threads=2, allow_download=False)
    engine.load()
    return engine


@pytest.fixture(scope="session")
def wer():
    """Word error rate after Whisper's English normaliser."""
    import jiwer
    from whisper.normalizers import EnglishTextNormalizer

    normalise = EnglishTextNormalizer()
    return lambda reference, text: jiwer.wer(normalise(reference), normalise(text))


@pytest.fixture(scope="session")
def speech(audio_dir: Path):
    """`speech(name)` -> (int16 mono 16 kHz samples, reference text) of a shared clip."""
    import soundfile as sf

    def load(name: str):
        audio, rate = sf.read(str(audio_dir / f"{name}.wav"), dtype="int16")
        assert rate == 16000
        return audio, (audio_dir / f"{name}.txt").read_text(encoding="utf-8").strip()

    return load


def write_wav(path: Path, audio: np.ndarray, rate: int = 16000) -> Path:
    """Write int16 samples (frames, or frames x channels) as a PCM_16 WAV."""
    import soundfile as sf

    sf.write(str(path), audio, rate, subtype="PCM_16")
    return path


def silence(seconds: float, channels: int = 1) -> np.ndarray:
    """Digital silence at 16 kHz."""
    shape = (int(seconds * 16000),) if channels == 1 else (int(seconds * 16000), channels)
    return np.zeros(shape, np.int16)


def wait_for_audio(recorder, timeout: float = 15.0) -> None:
    """PortAudio's first block comes a second or two after the stream starts."""
    deadline = time.monotonic() + timeout
    while recorder.level is None:
        assert time.monotonic() < deadline, "no audio reached the recorder"
        time.sleep(0.05)


@pytest.fixture
def live_helpers():
    """Helpers for the test modules (conftest cannot be imported in importlib mode)."""
    from types import SimpleNamespace

    return SimpleNamespace(write_wav=write_wav, silence=silence, wait_for_audio=wait_for_audio,
                           Lock=threading.Lock)

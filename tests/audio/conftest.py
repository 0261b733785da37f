"""Audio fixtures: a private PulseAudio server with a null sink, and signal-comparison helpers."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

CHILD = Path(__file__).with_name("record_child.py")


@pytest.fixture(scope="session")
def pulse():
    """A PulseAudio null sink whose monitor is the default input of this test process."""
    from interviewer.audio.virtual_device import private_server, unavailable

    if why := unavailable():
        pytest.skip(why)
    with private_server() as server:
        yield server


@pytest.fixture
def first_block():
    """An Event and an `on_block` hook that sets it: wait for audio before playing into the sink."""
    event = threading.Event()

    def on_block(block, rate):
        event.set()

    return event, on_block


@pytest.fixture(scope="session")
def child_script() -> Path:
    """The recording child process used by the kill -9 tests."""
    return CHILD


def best_alignment(recorded: np.ndarray, source: np.ndarray) -> tuple[int, float]:
    """Find where `source` lies in `recorded` (cross-correlation); return (lag, Pearson r)."""
    n = len(recorded) + len(source)
    size = 1 << (n - 1).bit_length()
    xc = np.fft.irfft(np.fft.rfft(recorded, size) * np.conj(np.fft.rfft(source, size)), size)
    lag = int(np.argmax(xc[: len(recorded)]))
    seg = recorded[lag: lag + len(source)]
    src = source[: len(seg)]
    r = float(np.corrcoef(seg, src)[0, 1]) if len(seg) > 1 else 0.0
    return lag, r


@pytest.fixture(scope="session")
def align():
    """The `best_alignment(recorded, source) -> (lag, r)` helper."""
    return best_alignment

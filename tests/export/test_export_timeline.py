"""The session time base and the joined recording: gaps, unrecorded stretches, mixed formats."""

from __future__ import annotations

import io

import numpy as np
import pytest
import soundfile as sf

from interviewer.events import RecordingSegmentEvent
from interviewer.export.common import clean_text, clock, display_width, safe_name, wrap
from interviewer.export.recording import recording_parts, write_recording
from interviewer.export.timeline import Clock, build_cues


def segment(elapsed: float, name: str, start: float, duration: float, rate: int = 16000, channels: int = 1):
    return RecordingSegmentEvent(elapsed=elapsed, audio_file=name, start=start, duration=duration,
                                 sample_rate=rate, channels=channels)


def test_clock_maps_unrecorded_stretches_to_the_next_recording(typed_view):
    # Self-interview audio that runs only while answering: 10-20 s and 40-45 s of the session.
    view = typed_view.model_copy(update={"recording": [segment(20, "a.wav", 0, 10), segment(45, "b.wav", 10, 5)]})
    c = Clock(view)
    assert c.audio and c.basis == "position in the session recording"
    assert c.at(15) == pytest.approx(5)
    assert c.at(30) == pytest.approx(10)  # nothing recorded then: the next recorded moment
    assert c.at(42) == pytest.approx(12)
    assert c.at(5) == 0.0
    points = [c.at(t / 2) for t in range(120)]
    assert points == sorted(points)


def test_clock_uses_the_recording_origin(typed_view):
    meta = typed_view.meta.model_copy(update={"recording_origin": 3.0})
    view = typed_view.model_copy(update={"meta": meta, "recording": [segment(63, "a.wav", 0, 60)]})
    assert Clock(view).at(10) == pytest.approx(7)


def test_cues_of_a_typed_session_use_elapsed_time(typed_view):
    c = Clock(typed_view)
    assert not c.audio and c.at(12.5) == 12.5
    cues = build_cues(typed_view, c)
    assert [cue.role for cue in cues[:2]] == ["prompt", "answer"]
    assert cues[0].end == cues[1].start == typed_view.turns[0].answer_started


def test_recording_join_fills_gaps_and_converts_formats(typed_view, tmp_path):
    rate = 16000
    first = (np.arange(rate) % 200 - 100).astype(np.int16) * 100
    sf.write(tmp_path / "a.wav", first, rate, subtype="PCM_16")
    stereo = np.stack([np.full(8000, 1000, np.int16), np.full(8000, 3000, np.int16)], axis=1)
    sf.write(tmp_path / "b.wav", stereo, 8000, subtype="PCM_16")  # another rate and channel count
    view = typed_view.model_copy(update={"recording": [
        segment(10, "a.wav", 0, 1), segment(20, "b.wav", 1.5, 1, 8000, 2), segment(30, "missing.wav", 3, 1)]})
    parts = recording_parts(view, tmp_path)
    assert [p.name for p, _ in parts] == ["a.wav", "b.wav"]  # an unreadable piece is left out
    out = io.BytesIO()
    assert write_recording(parts, out) == pytest.approx(2.5, abs=0.01)
    out.seek(0)
    data, got_rate = sf.read(out, dtype="int16")
    assert got_rate == rate and data.ndim == 1
    assert np.array_equal(data[:rate], first)
    assert not data[rate : rate + rate // 2].any()  # 0.5 s of silence where nothing was recorded
    assert abs(int(np.median(data[int(1.7 * rate) : int(2.3 * rate)])) - 2000) < 50  # stereo mixed to mono
    assert recording_parts(view, None) == []


def test_small_helpers():
    assert clock(3725.46) == "01:02:05" and clock(3725.46, tenths=True) == "01:02:05.5" and clock(None) == ""
    assert clean_text("a\r\nb\rc\x00d\x0b\ud800") == "a\nb\ncd\ufffd"
    assert safe_name("P-7K3Q") == "P-7K3Q" and safe_name("../x y") == "x_y" and safe_name("...") == "session"


def test_wrap_counts_columns_for_cjk_and_emoji():
    cjk = "中文也可以：我每天都用。" * 8
    lines = wrap(cjk)
    assert "".join(lines) == cjk and all(display_width(line) <= 72 for line in lines) and len(lines) == 3
    latin = "Then I said, quite simply, that I would rather talk to it than to anyone else 😊 " * 3
    lines = wrap(latin + "\nsecond paragraph")
    assert " ".join(lines) == " ".join((latin + " second paragraph").split())
    assert all(display_width(line) <= 72 for line in lines) and lines[-1] == "second paragraph"

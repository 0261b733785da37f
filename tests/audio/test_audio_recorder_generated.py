"""The recorder's writer path with a generated signal: exact content, segments, answers, gaps."""

from __future__ import annotations

import os
import stat
import time

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio.recorder import Recorder
from interviewer.audio.source import GeneratedSource, tone
from interviewer.audio.wavfile import wav_header
from interviewer.errors import AudioError
from interviewer.events import GapEvent, RecordingSegmentEvent, dump_event, parse_event

RATE = 16000


def expected(frames: int, start: int = 0) -> np.ndarray:
    """The int16 samples GeneratedSource produces for frames [start, start + frames)."""
    return np.clip(tone()(start, frames, RATE) * 32767, -32768, 32767).astype(np.int16)


def read_all(session, files) -> np.ndarray:
    """Concatenate segment files (relative to the session) as int16 mono."""
    parts = [sf.read(str(session / f), dtype="int16")[0] for f in files]
    return np.concatenate(parts) if parts else np.zeros(0, np.int16)


def wait_for(condition, limit: float = 10.0) -> bool:
    """Poll `condition` until it holds or `limit` seconds pass (a loaded machine is slow, not wrong)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def make(tmp_path, **kw) -> tuple[Recorder, list]:
    """A recorder on a generated 440 Hz tone, collecting its events."""
    events: list = []
    source = kw.pop("source", None) or GeneratedSource(RATE, 1, 800)
    rec = Recorder(tmp_path / "s", source=source, reserve_bytes=0, min_free_seconds=1,
                   on_event=events.append, **kw)
    return rec, events


def test_segments_hold_exactly_the_signal_and_are_journalled(tmp_path):
    rec, events = make(tmp_path, segment_seconds=0.5)
    t0 = time.monotonic()
    rec.start()
    time.sleep(1.3)
    summary = rec.stop()
    wall = time.monotonic() - t0
    session = tmp_path / "s"
    audio = read_all(session, summary.files)
    # The source runs in real time: never more than the wall time it ran, however late sleep woke.
    assert 1.2 <= summary.seconds <= wall + 0.1
    assert len(audio) == round(summary.seconds * RATE)
    np.testing.assert_array_equal(audio, expected(len(audio)))
    segs = [e for e in events if isinstance(e, RecordingSegmentEvent)]
    assert [e.audio_file for e in segs] == summary.files
    assert summary.files[0] == "audio/rec-0001.wav"
    assert [e.start for e in segs] == pytest.approx([0.5 * i for i in range(len(segs))])
    assert all(e.duration == 0.5 for e in segs[:-1])
    assert parse_event(dump_event(segs[0])) == segs[0]
    assert stat.S_IMODE(os.stat(session).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(session / "audio").st_mode) == 0o700
    assert all(stat.S_IMODE(os.stat(session / f).st_mode) == 0o600 for f in summary.files)
    assert summary.dropped_blocks == 0 and summary.gaps == []


def test_a_stalled_writer_drops_blocks_logged_as_gaps_with_positions(tmp_path):
    def slow_writer(block):
        if 0.3 <= time.monotonic() - t0 <= 1.3:
            time.sleep(0.15)  # blocks arrive every 50 ms: the writer falls behind

    rec, events = make(tmp_path, queue_seconds=0.25, block_seconds=0.05, before_write=slow_writer)
    t0 = time.monotonic()
    rec.start()
    time.sleep(2.0)
    summary = rec.stop()
    wall = time.monotonic() - t0
    assert summary.dropped_blocks > 0
    gaps = [e for e in events if isinstance(e, GapEvent)]
    assert gaps == summary.gaps and gaps
    assert sum(g.duration for g in gaps) == pytest.approx(summary.dropped_blocks * 800 / RATE)
    audio = read_all(tmp_path / "s", summary.files)
    # Dropped frames became silence of the same length exactly where the gaps say; the rest is
    # the signal, sample for sample, so every position in the file is still true.
    want = expected(len(audio))
    for g in gaps:
        lo, hi = round(g.position * RATE), round((g.position + g.duration) * RATE)
        assert not audio[lo:hi].any()
        want[lo:hi] = 0
    np.testing.assert_array_equal(audio, want)
    assert 1.7 <= summary.seconds <= wall + 0.1, "dropped blocks must not shorten the recording"


def test_answers_style_writes_one_file_per_answer_with_offsets(tmp_path):
    rec, _ = make(tmp_path, style="answers")
    rec.start()
    time.sleep(0.3)
    start = rec.start_answer()
    time.sleep(0.6)
    clip = rec.stop_answer()
    time.sleep(0.2)
    rec.start_answer()
    time.sleep(0.3)
    clip2 = rec.stop_answer()
    summary = rec.stop()
    assert clip.audio_file == "audio/answer-0001.wav"
    assert clip2.audio_file == "audio/answer-0002.wav"
    assert clip.start == start and clip.end > clip.start and clip.file_offset == 0
    audio = sf.read(str(tmp_path / "s" / clip.audio_file), dtype="int16")[0]
    assert len(audio) == round(clip.duration * RATE)
    # The file holds the stream from the answer's start offset: the tone at that phase.
    np.testing.assert_array_equal(audio, expected(len(audio), round(clip.start * RATE)))
    assert clip2.start >= clip.end + 0.1
    assert summary.files == [clip.audio_file, clip2.audio_file]
    with pytest.raises(AudioError, match="no answer"):
        rec.stop_answer()


def test_session_style_answer_offsets_point_into_the_segments(tmp_path):
    rec, _ = make(tmp_path, segment_seconds=0.4)
    rec.start()
    time.sleep(0.5)
    rec.start_answer()
    time.sleep(0.5)
    clip = rec.stop_answer()
    summary = rec.stop()
    assert clip.audio_file in summary.files and len(clip.files) >= 2
    first = summary.files.index(clip.audio_file)
    assert clip.file_offset == pytest.approx(clip.start - 0.4 * first)


def test_after_a_crash_the_next_start_repairs_and_continues_numbering(tmp_path):
    audio_dir = tmp_path / "s" / "audio"
    audio_dir.mkdir(parents=True)
    sf.write(str(audio_dir / "rec-0001.wav"), expected(RATE // 2), RATE, subtype="PCM_16")
    # What a crash leaves: the header still holds placeholder sizes, plus half a frame.
    crashed = audio_dir / "rec-0002.wav"
    crashed.write_bytes(wav_header(RATE, 1) + expected(RATE // 4).tobytes() + b"\x01")
    rec, events = make(tmp_path, segment_seconds=0.5)
    rec.start()
    assert wait_for(lambda: rec.position > 0.75)  # 0.75 s were recorded before the "crash"
    summary = rec.stop()
    assert [r.status for r in summary.repaired] == ["ok", "repaired"]
    assert summary.repaired[1].frames == RATE // 4 and summary.repaired[1].dropped_bytes == 1
    assert len(sf.read(str(crashed))[0]) == RATE // 4
    assert summary.files[0] == "audio/rec-0003.wav"
    first_new = next(e for e in events if isinstance(e, RecordingSegmentEvent))
    assert first_new.start == pytest.approx(0.75)


def test_a_device_that_stops_delivering_sets_stalled_and_logs_a_gap(tmp_path):
    source = GeneratedSource(RATE, 1, 800)
    rec, events = make(tmp_path, source=source, stall_seconds=0.3)
    rec.start()
    assert wait_for(lambda: rec.position >= 0.3)
    paused_at = time.monotonic()
    source.paused.set()
    assert wait_for(lambda: rec.stalled)
    time.sleep(0.2)
    resumed_at = time.monotonic()
    source.paused.clear()
    assert wait_for(lambda: not rec.stalled)
    summary = rec.stop()
    gap = [e for e in events if isinstance(e, GapEvent)]
    # The gap runs from the last block before the pause to the first after it: the pause, give
    # or take a block (50 ms) at each end, plus however late the source thread woke.
    assert len(gap) == 1 and resumed_at - paused_at - 0.15 <= gap[0].duration <= resumed_at - paused_at + 0.5
    assert "stopped delivering" in gap[0].reason
    assert summary.gaps == gap


def test_low_disk_at_a_segment_boundary_stops_cleanly(tmp_path):
    rec, _ = make(tmp_path, segment_seconds=0.3)
    rec.start()
    assert wait_for(lambda: rec.position >= 0.5)
    rec.reserve_bytes = 10**15  # the disk "fills": the next segment is not started
    assert wait_for(lambda: not rec.running)
    assert rec.stopped_reason.startswith("disk nearly full")
    summary = rec.stop()
    assert summary.stopped_reason.startswith("disk nearly full")
    audio = read_all(tmp_path / "s", summary.files)
    np.testing.assert_array_equal(audio, expected(len(audio)))
    assert "recording stopped: disk nearly full" in summary.describe()


def test_bad_settings_raise_before_anything_is_created(tmp_path):
    for kw in ({"channels": 3}, {"style": "x"}, {"segment_seconds": 0}):
        with pytest.raises(AudioError):
            make(tmp_path, **kw)
    with pytest.raises(AudioError, match="not enough disk space"):
        make(tmp_path, planned_seconds=10**9)
    assert not (tmp_path / "s").exists()


def test_an_answer_cut_short_by_a_full_disk_returns_at_once_with_what_was_saved(tmp_path):
    rec, _ = make(tmp_path, segment_seconds=0.3)
    rec.start()
    rec.start_answer()
    assert wait_for(lambda: rec.position >= 0.4)
    rec.reserve_bytes = 10**15  # the disk "fills" at the next segment boundary
    assert wait_for(lambda: not rec.running)
    t0 = time.monotonic()
    clip = rec.stop_answer()
    assert time.monotonic() - t0 < 1.0, "must not wait for a writer that has already stopped"
    summary = rec.stop()
    assert clip.files and set(clip.files) <= set(summary.files)
    assert clip.end == pytest.approx(summary.seconds)

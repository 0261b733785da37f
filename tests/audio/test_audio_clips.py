"""Turn clips from generated recording segments: exact samples across boundaries, gaps, missing files."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio.clips import PASSAGE_PAD, file_clip, recording_clip, segment_clip, turn_clip, turn_span
from interviewer.errors import AudioError
from interviewer.events import Mode, RecordingSegmentEvent, Segment
from interviewer.export.recording import recording_parts, write_recording
from interviewer.session.view import SessionMeta, SessionView, Turn

RATE = 8000


def _signal(frames: int, offset: int = 0) -> np.ndarray:
    """Distinct int16 values, so any misplaced sample shows."""
    return ((np.arange(offset, offset + frames) % 20011) - 10000).astype(np.int16)


def _segments(folder: Path, layout: list[tuple[float, float]], channels: int = 1) -> list[RecordingSegmentEvent]:
    """Write one WAV per (start, duration); each holds the signal at its own recording position."""
    (folder / "audio").mkdir(parents=True, exist_ok=True)
    events = []
    for i, (start, duration) in enumerate(layout, 1):
        data = _signal(round(duration * RATE), round(start * RATE))
        if channels == 2:
            data = np.stack([data, data], axis=1)
        name = f"audio/rec-{i:04d}.wav"
        sf.write(str(folder / name), data, RATE, subtype="PCM_16")
        events.append(RecordingSegmentEvent(elapsed=1.0 + start + duration, audio_file=name, start=start,
                                            duration=duration, sample_rate=RATE, channels=channels))
    return events


def _turn(pid: int, asked: float, **kw) -> Turn:
    return Turn(prompt_id=pid, kind="question", theme_id="t", question_id=f"q{pid}", prompt_text="Why?",
                reason="next", asked_at=asked, **kw)


def _view(recording, turns, mode=Mode.CONDUCT) -> SessionView:
    meta = SessionMeta(code="ABC", study_id="s", guide_version="1", guide_hash="h", mode=mode,
                       started_at=datetime(2024, 1, 1, tzinfo=UTC),
                       recording_origin=1.0 if recording else None)
    return SessionView(meta=meta, turns=turns, recording=recording)


def _expected(start: float, end: float) -> np.ndarray:
    lo, hi = round(start * RATE), round(end * RATE)
    return (_signal(hi - lo, lo) / 32768.0).astype(np.float32)


def test_a_transcribed_turn_crossing_a_segment_boundary_has_the_exact_samples(tmp_path):
    rec = _segments(tmp_path, [(0.0, 2.0), (2.0, 2.0), (4.0, 1.0)])
    turn = _turn(1, 1.5, segments=[Segment(start=1.5, end=2.25, text="a"), Segment(start=2.25, end=2.5, text="b")],
                 audio_start=1.5, audio_end=2.5, source="spoken", transcribed=True)
    view = _view(rec, [turn])
    clip = turn_clip(view, tmp_path, turn)
    assert clip.rate == RATE and clip.start == 1.5 and clip.audio.dtype == np.float32
    assert clip.audio.shape == (RATE, 1)
    np.testing.assert_array_equal(clip.audio[:, 0], _expected(1.5, 2.5))


def test_a_turn_without_transcript_runs_from_its_prompt_to_the_next(tmp_path):
    rec = _segments(tmp_path, [(0.0, 2.0), (2.0, 2.0), (4.0, 1.0)])
    # origin 1.0: prompts asked at elapsed 2.5 and 4.7 lie at 1.5 and 3.7 in the recording
    first, second = _turn(1, 2.5), _turn(2, 4.7)
    view = _view(rec, [first, second])
    assert turn_span(view, first) == pytest.approx((1.5, 3.7))
    assert turn_span(view, second) == pytest.approx((3.7, 5.0))  # the last runs to the recording's end
    clip = turn_clip(view, tmp_path, second)
    np.testing.assert_array_equal(clip.audio[:, 0], _expected(3.7, 5.0))


def test_a_gap_between_segments_plays_as_silence(tmp_path):
    rec = _segments(tmp_path, [(0.0, 1.0), (1.5, 1.0)])  # 0.5 s lost between them
    clip = recording_clip(_view(rec, []), tmp_path, 0.75, 2.0)
    mono = clip.audio[:, 0]
    np.testing.assert_array_equal(mono[: RATE // 4], _expected(0.75, 1.0))
    assert not mono[RATE // 4: RATE // 4 + RATE // 2].any()
    np.testing.assert_array_equal(mono[RATE // 4 + RATE // 2:], _expected(1.5, 2.0))


def test_only_the_overlapping_files_are_read_and_a_missing_one_is_silence(tmp_path):
    rec = _segments(tmp_path, [(0.0, 1.0), (1.0, 1.0), (2.0, 1.0)])
    (tmp_path / "audio" / "rec-0003.wav").write_bytes(b"not audio")  # outside the span: never opened
    clip = recording_clip(_view(rec, []), tmp_path, 0.5, 1.5)
    np.testing.assert_array_equal(clip.audio[:, 0], _expected(0.5, 1.5))
    (tmp_path / "audio" / "rec-0002.wav").unlink()
    clip = recording_clip(_view(rec, []), tmp_path, 0.5, 1.5)
    np.testing.assert_array_equal(clip.audio[: RATE // 2, 0], _expected(0.5, 1.0))
    assert not clip.audio[RATE // 2:].any()
    with pytest.raises(AudioError, match="missing or unreadable"):
        recording_clip(_view(rec, []), tmp_path, 1.2, 1.8)


def test_the_clip_matches_the_joined_recording_export_even_with_overlap(tmp_path):
    rec = _segments(tmp_path, [(0.0, 1.0), (0.9, 1.0), (2.5, 0.5)])  # overlap, then a gap
    view = _view(rec, [])
    out = io.BytesIO()
    write_recording(recording_parts(view, tmp_path), out)
    joined, _ = sf.read(io.BytesIO(out.getvalue()), dtype="float32", always_2d=True)
    clip = recording_clip(view, tmp_path, 0.5, 2.75)
    np.testing.assert_array_equal(clip.audio, joined[round(0.5 * RATE): round(2.75 * RATE)])


def test_stereo_segments_keep_their_channels(tmp_path):
    rec = _segments(tmp_path, [(0.0, 1.0), (1.0, 1.0)], channels=2)
    clip = recording_clip(_view(rec, []), tmp_path, 0.5, 1.5)
    assert clip.audio.shape == (RATE, 2)
    np.testing.assert_array_equal(clip.audio[:, 1], _expected(0.5, 1.5))


def test_a_self_interview_answer_plays_its_own_file(tmp_path):
    (tmp_path / "audio").mkdir()
    sf.write(str(tmp_path / "audio" / "answer-001.wav"), _signal(RATE // 2), RATE, subtype="PCM_16")
    turn = _turn(1, 3.0, audio_file="audio/answer-001.wav", source="spoken")
    clip = turn_clip(_view([], [turn], Mode.SELF), tmp_path, turn)
    assert (clip.rate, clip.start, clip.duration) == (RATE, 0.0, 0.5)
    np.testing.assert_array_equal(clip.audio[:, 0], _expected(0.0, 0.5))
    assert file_clip(tmp_path / "audio" / "answer-001.wav").audio.shape == (RATE // 2, 1)


def test_a_passage_plays_from_the_recording_with_a_little_either_side(tmp_path):
    rec = _segments(tmp_path, [(0.0, 2.0), (2.0, 2.0)])
    passage = Segment(start=1.5, end=2.5, text="across the boundary")
    turn = _turn(1, 1.0, segments=[passage])
    clip = segment_clip(_view(rec, [turn]), tmp_path, turn, passage)
    assert clip.start == pytest.approx(1.5 - PASSAGE_PAD)
    np.testing.assert_array_equal(clip.audio[:, 0], _expected(1.5 - PASSAGE_PAD, 2.5 + PASSAGE_PAD))


def test_a_passage_of_a_self_interview_answer_is_cut_from_its_file(tmp_path):
    (tmp_path / "audio").mkdir()
    sf.write(str(tmp_path / "audio" / "answer-002.wav"), _signal(2 * RATE), RATE, subtype="PCM_16")
    # the answer file sits at 10 s of the session's time base; its transcript times do too
    passage, late = Segment(start=11.0, end=11.5, text="middle"), Segment(start=13.0, end=14.0, text="x")
    turn = _turn(2, 3.0, audio_file="audio/answer-002.wav", source="spoken", audio_start=10.0,
                 segments=[passage, late])
    view = _view([], [turn], Mode.SELF)
    clip = segment_clip(view, tmp_path, turn, passage)
    assert clip.start == pytest.approx(11.0 - PASSAGE_PAD)
    np.testing.assert_array_equal(clip.audio[:, 0], _expected(1.0 - PASSAGE_PAD, 1.5 + PASSAGE_PAD))
    with pytest.raises(AudioError, match="no recorded audio for this passage"):
        segment_clip(view, tmp_path, turn, late)


def test_no_audio_is_a_clear_error(tmp_path):
    typed = _turn(1, 3.0, source="typed", original_text="hello")
    with pytest.raises(AudioError, match="no audio was recorded"):
        turn_clip(_view([], [typed], Mode.SELF), tmp_path, typed)
    rec = _segments(tmp_path, [(0.0, 1.0)])
    with pytest.raises(AudioError, match="no recorded audio"):
        recording_clip(_view(rec, []), tmp_path, 1.5, 2.0)
    with pytest.raises(AudioError, match="cannot read"):
        file_clip(tmp_path / "audio" / "absent.wav")

"""Subtitles (parsed with srt and webvtt-py) and the MAXQDA / NVivo timestamped transcripts."""

from __future__ import annotations

import html
import re

import pytest
import srt
import webvtt

from interviewer.export import export_session
from interviewer.session.view import Correction


def test_srt_cues_follow_the_recording(realistic, tmp_path):
    view, session_dir = realistic
    (path,) = export_session(view, ["srt"], tmp_path, audio_dir=session_dir)
    subs = list(srt.parse(path.read_text(encoding="utf-8")))
    starts = [s.start.total_seconds() for s in subs]
    assert starts == sorted(starts)
    assert all(s.end > s.start for s in subs)
    spoken = [seg for t in view.turns if t.source == "spoken" and not t.corrections for seg in t.segments]
    for seg in spoken:  # every transcript segment, at its own time
        assert any(
            s.content == f"Sam: {seg.text.strip()}"
            and s.start.total_seconds() == pytest.approx(seg.start, abs=0.001)
            and s.end.total_seconds() == pytest.approx(seg.end, abs=0.001)
            for s in subs
        )
    corrected = view.turns[0]  # sentence by sentence, timed by its words (edited ones by those replaced)
    said = " ".join(s.content.removeprefix("Sam: ") for s in subs if s.content.startswith("Sam: "))
    assert corrected.text in said
    for turn in view.turns:
        assert any(s.content == f"Interviewer: {turn.prompt_text}" for s in subs)
    assert not any("café" in s.content for s in subs)  # typed, never spoken: not a subtitle
    question = next(s for s in subs if view.turns[3].prompt_text in s.content)
    assert question.start.total_seconds() == pytest.approx(view.turns[3].asked_at - 1.0, abs=0.01)


def test_vtt_parses_with_voices(realistic, tmp_path):
    view, session_dir = realistic
    srt_path, vtt_path = export_session(view, ["srt", "vtt"], tmp_path, audio_dir=session_dir)
    captions = webvtt.from_string(vtt_path.read_text(encoding="utf-8")).captions
    subs = list(srt.parse(srt_path.read_text(encoding="utf-8")))
    assert len(captions) == len(subs)
    assert [c.start_in_seconds for c in captions] == sorted(c.start_in_seconds for c in captions)
    assert {c.voice for c in captions} == {"Interviewer", "Sam"}
    assert [f"{c.voice}: {c.text}" for c in captions] == [s.content for s in subs]


def test_subtitles_of_typed_session_use_elapsed_time(typed_view, tmp_path):
    srt_path, vtt_path = export_session(typed_view, ["srt", "vtt"], tmp_path)
    subs = list(srt.parse(srt_path.read_text(encoding="utf-8")))
    assert len(subs) == 2 * len(typed_view.turns)
    assert subs[0].start.total_seconds() == typed_view.turns[0].asked_at
    assert subs[1].start.total_seconds() == typed_view.turns[0].answer_started
    captions = webvtt.from_string(vtt_path.read_text(encoding="utf-8")).captions
    texts = [html.unescape(c.text) for c in captions if c.voice == "Participant"]
    assert texts == [t.text for t in typed_view.turns]
    assert "I &lt;3 it &amp; that" in vtt_path.read_text(encoding="utf-8")


STAMP = re.compile(r"^\[(\d\d):(\d\d):(\d\d)\] (.*)$")


def test_maxqda_speaker_lines_and_bracketed_timestamps(realistic, tmp_path):
    view, session_dir = realistic
    (path,) = export_session(view, ["maxqda"], tmp_path, audio_dir=session_dir)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.decode("utf-8-sig").split("\r\n")
    stamped = [(i, STAMP.match(line)) for i, line in enumerate(lines) if STAMP.match(line)]
    times = [int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3]) for _, m in stamped]
    assert times == sorted(times)
    for i, _ in stamped:  # each paragraph is under a speaker line (possibly after others)
        j = i
        while STAMP.match(lines[j]):
            j -= 1
        assert lines[j] in ("Interviewer", "Sam") and (j == 0 or lines[j - 1] == "")
    body = " ".join(m[4] for _, m in stamped)
    for turn in view.turns:
        assert turn.prompt_text in body and " ".join(turn.text.split()) in body


def test_nvivo_rows_have_equal_tabs(typed_view, realistic, tmp_path):
    for view, audio in ((typed_view, None), realistic):
        (path,) = export_session(view, ["nvivo"], tmp_path, audio_dir=audio)
        lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
        assert lines[0] == "Timespan\tSpeaker\tContent" and lines[-1] == ""
        rows = [line.split("\t") for line in lines[1:-1]]
        assert all(len(r) == 3 for r in rows)
        stamps = [r[0] for r in rows]
        assert all(re.fullmatch(r"\d\d:\d\d:\d\d", s) for s in stamps) and stamps == sorted(stamps)
        contents = " ".join(r[2] for r in rows)
        for turn in view.turns:
            assert " ".join(turn.text.split()) in contents


def test_empty_session_subtitles(empty_view, tmp_path):
    srt_path, vtt_path, mq, nv = export_session(empty_view, ["srt", "vtt", "maxqda", "nvivo"], tmp_path)
    assert list(srt.parse(srt_path.read_text())) == []
    assert webvtt.from_string(vtt_path.read_text()).captions == []
    assert nv.read_bytes().decode("utf-8-sig") == "Timespan\tSpeaker\tContent\r\n"
    assert "P-0EMP" in mq.read_text(encoding="utf-8-sig")


def test_corrected_stream_answer_stays_in_subtitles(realistic, tmp_path):
    # Researcher-led: an answer known only from the continuous recording's transcript, then corrected.
    view, session_dir = realistic
    turns = list(view.turns)
    fixed = turns[3].text.replace("sister", "sibling")
    turns[3] = turns[3].model_copy(
        update={
            "source": None,
            "audio_start": None,
            "audio_end": None,
            "corrections": [Correction(text=fixed, by="researcher")],
        }
    )
    view = view.model_copy(update={"turns": turns})
    (path,) = export_session(view, ["srt"], tmp_path, audio_dir=session_dir)
    subs = list(srt.parse(path.read_text(encoding="utf-8")))
    first = next(i for i, s in enumerate(subs) if s.content.startswith("Sam: Mostly"))
    ours = [s for s in subs[first:] if s.content.startswith("Sam: ")][: len(fixed.split(". "))]
    assert " ".join(s.content.removeprefix("Sam: ") for s in ours) == fixed  # every word, in order
    assert ours[0].start.total_seconds() == pytest.approx(turns[3].segments[0].start, abs=0.001)
    words = [w for seg in turns[3].segments for w in seg.words]
    sister = next(w for w in words if "sister" in w.word)
    cue = next(s for s in ours if "sibling" in s.content)  # the edited word keeps the time it was said
    assert cue.start.total_seconds() <= sister.start + 0.001 and cue.end.total_seconds() >= sister.end - 0.001

"""Output files (txt/json/srt), resume detection, confidence flags, and the initial prompt."""

from __future__ import annotations

import json
import os

import pytest

from interviewer.events import Segment, Word
from interviewer.transcribe import TranscriptResult, build_prompt, low_confidence
from interviewer.transcribe.outputs import is_done, output_paths, to_srt, write_outputs
from interviewer.transcribe.prompt import MAX_PROMPT_CHARS


def _result(*segments: Segment) -> TranscriptResult:
    return TranscriptResult(
        segments=list(segments), duration=5000.0, engine="faster-whisper", model="m", language="en"
    )


def _seg(start, end, text, logprob=-0.2, nsp=0.1, probs=(0.9,)):
    words = [Word(start=start, end=end, word=f" w{i}", probability=p) for i, p in enumerate(probs)]
    return Segment(start=start, end=end, text=text, avg_logprob=logprob, no_speech_prob=nsp, words=words)


def test_srt_cues_and_times():
    srt = to_srt(_result(_seg(0, 1.5, " Hello."), _seg(3661.2345, 3662, "Bye.")))
    assert srt == "1\n00:00:00,000 --> 00:00:01,500\nHello.\n\n2\n01:01:01,234 --> 01:01:02,000\nBye.\n"


def test_outputs_are_written_private_and_json_records_the_source(tmp_path):
    audio = tmp_path / "talk.wav"
    audio.write_bytes(b"pretend audio")
    paths = write_outputs(_result(_seg(0, 1, "Hi.", logprob=-1.5)), audio, tmp_path / "out" / "deep")
    assert sorted(p.name for p in paths.values()) == ["talk.json", "talk.srt", "talk.txt"]
    for p in paths.values():
        assert oct(p.stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "out").stat().st_mode & 0o777) == "0o700"
    data = json.loads(paths[".json"].read_text())
    assert data["source"] == {"file": "talk.wav", "size": 13, "mtime_ns": audio.stat().st_mtime_ns}
    assert data["segments"][0]["low_confidence"] is True and data["segments"][0]["words"][0]["word"] == " w0"
    assert paths[".txt"].read_text() == "Hi.\n"
    assert [p.name for p in paths[".txt"].parent.iterdir() if p.name.startswith(".")] == []


def test_is_done_needs_all_outputs_same_input_and_model(tmp_path):
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"x" * 10)
    assert not is_done(audio)
    write_outputs(_result(_seg(0, 1, "Hi.")), audio)
    assert is_done(audio) and is_done(audio, model="m")
    assert not is_done(audio, model="other")
    os.utime(audio, ns=(0, audio.stat().st_mtime_ns + 1_000_000))
    assert not is_done(audio)
    write_outputs(_result(_seg(0, 1, "Hi.")), audio)
    output_paths(audio)[".srt"].unlink()
    assert not is_done(audio)


def test_low_confidence_thresholds():
    assert not low_confidence(_seg(0, 1, "ok"))
    assert low_confidence(_seg(0, 1, "x", logprob=-1.01))
    assert low_confidence(_seg(0, 1, "x", nsp=0.61))
    assert low_confidence(_seg(0, 1, "x", probs=(0.9, 0.1, 0.2)))
    assert not low_confidence(_seg(0, 1, "x", probs=(0.9, 0.9, 0.9, 0.2)))
    assert not low_confidence(_seg(0, 1, "x", logprob=-1.2), logprob_threshold=-1.5)
    result = _result(_seg(0, 1, "a"), _seg(1, 2, "b", logprob=-2))
    assert [s.text for s in result.flagged()] == ["b"] and result.text == "a b"


def test_result_becomes_a_transcript_event():
    event = _result(_seg(0, 1, "Hi.")).to_event("audio/answer-3.flac", elapsed=12.5, prompt_id=3)
    assert event.type == "transcript" and event.prompt_id == 3 and event.segments[0].text == "Hi."
    assert event.engine == "faster-whisper" and event.elapsed == 12.5


def test_prompt_has_question_then_glossary():
    prompt = build_prompt(["Replika", "CBT", "replika", " "], "How did you   first use it?")
    assert prompt == "How did you first use it? Glossary: Replika, CBT."
    assert build_prompt([], None) == "" and build_prompt(["NHS"]) == "Glossary: NHS."


def test_prompt_stays_short():
    terms = [f"term{i:03d}" for i in range(500)]
    prompt = build_prompt(terms, "why " * 200)
    assert len(prompt) <= MAX_PROMPT_CHARS
    assert "term000" in prompt and "term499" not in prompt and prompt.endswith(".")
    assert prompt.index("…") < prompt.index("Glossary")


@pytest.mark.parametrize("limit", [12, 40, 100])
def test_prompt_respects_a_custom_limit(limit):
    assert (
        len(build_prompt(["alpha", "beta", "gamma", "delta"] * 10, "What happened next?", max_chars=limit))
        <= limit
    )

"""The Transcriber interface: offsets, prompts, silence, bad input, model choice, engine choice."""

from __future__ import annotations

import numpy as np
import pytest

from interviewer.errors import TranscriptionError
from interviewer.transcribe import (
    Transcriber,
    TranscriptResult,
    choose_engine,
    create_transcriber,
)
from interviewer.transcribe.audio_file import load_audio
from interviewer.transcribe.base import SAMPLE_RATE
from interviewer.transcribe.models import resolve_model

ENGINES = ("faster-whisper", "openai-whisper")


@pytest.fixture(scope="module")
def jfk(clips) -> np.ndarray:
    """The JFK clip as 16 kHz mono float32."""
    return load_audio(clips["jfk"].path)


def test_both_engines_implement_the_interface(engines):
    for name in ENGINES:
        assert isinstance(engines[name], Transcriber)
        assert engines[name].engine_name == name and engines[name].model_name == "tiny.en (built-in)"


@pytest.mark.parametrize("engine", ENGINES)
def test_offset_shifts_every_time(engine, engines, jfk):
    plain = engines[engine].transcribe(jfk)
    shifted = engines[engine].transcribe(jfk, offset=125.5)
    assert shifted.text == plain.text and shifted.offset == 125.5
    for a, b in zip(plain.segments, shifted.segments, strict=True):
        assert b.start == pytest.approx(a.start + 125.5) and b.end == pytest.approx(a.end + 125.5)
        for wa, wb in zip(a.words, b.words, strict=True):
            assert (wb.start, wb.end) == pytest.approx((wa.start + 125.5, wa.end + 125.5))


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_glossary_prompt_reaches_the_model(engine, engines, clips, normalise):
    # without a prompt tiny.en hears "chat" in this answer; the glossary makes it "chatbot"
    from interviewer.transcribe import build_prompt

    audio = load_audio(clips["answer-first-use"].path)
    plain = normalise(engines[engine].transcribe(audio).text)
    prompted = normalise(engines[engine].transcribe(audio, initial_prompt=build_prompt(["chatbot"])).text)
    assert "chatbot" not in plain.split()
    assert "chatbot" in prompted.split()


@pytest.mark.parametrize("engine", ENGINES)
def test_silence_gives_an_empty_transcript_with_a_note(engine, engines):
    result = engines[engine].transcribe(np.zeros(3 * SAMPLE_RATE, np.float32), offset=10)
    assert isinstance(result, TranscriptResult)
    assert result.segments == [] and result.text == ""
    assert result.duration == 3.0 and "silent" in result.notes[0]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("audio", "message"),
    [
        (np.zeros(0, np.float32), "empty"),
        (np.zeros((2, 16000), np.float32), "mono"),
        (np.zeros(16000, np.int16), "float"),
        (np.full(16000, np.nan, np.float32), "NaN"),
        ([0.0] * 100, "numpy array"),
    ],
)
def test_bad_audio_is_a_clear_error(engine, engines, audio, message):
    with pytest.raises(TranscriptionError, match=message):
        engines[engine].transcribe(audio)


@pytest.mark.parametrize("engine", ENGINES)
def test_other_language_on_english_only_model_is_refused(engine, engines, jfk):
    with pytest.raises(TranscriptionError, match="English-only"):
        engines[engine].transcribe(jfk[:SAMPLE_RATE], language="de")
    with pytest.raises(TranscriptionError, match="unknown language"):
        engines[engine].transcribe(jfk[:SAMPLE_RATE], language="xx")
    with pytest.raises(TranscriptionError, match="English-only"):
        engines[engine].transcribe(jfk[:SAMPLE_RATE], language="de-AT")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_guide_language_tag_with_a_region_is_understood(engine, engines, jfk):
    result = engines[engine].transcribe(jfk[: 3 * SAMPLE_RATE], language="en-GB")  # as guides write it
    assert result.segments and result.language == "en"


def test_auto_picks_faster_whisper_and_says_why():
    engine, why = choose_engine("auto")
    assert engine == "faster-whisper" and "faster" in why and "CPU" in why
    assert choose_engine("openai-whisper") == ("openai-whisper", "chosen with --engine")
    assert create_transcriber().engine_name == "faster-whisper"
    with pytest.raises(TranscriptionError, match="unknown engine"):
        choose_engine("whisper.cpp")


def test_auto_picks_openai_whisper_for_a_pt_checkpoint(engines):
    engines["openai-whisper"].load()
    checkpoint = engines["openai-whisper"].checkpoint
    engine, why = choose_engine("auto", str(checkpoint))
    assert engine == "openai-whisper" and ".pt" in why
    with pytest.raises(TranscriptionError, match="openai-whisper checkpoint"):
        create_transcriber("faster-whisper", str(checkpoint))


@pytest.mark.parametrize("engine", ENGINES)
def test_standard_name_is_passed_through_and_missing_offline_is_clear(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    transcriber = create_transcriber(engine, "base.en", allow_download=False)
    assert transcriber.choice.kind == "name" and transcriber.choice.value == "base.en"
    assert transcriber.model_name == "base.en"
    with pytest.raises(TranscriptionError, match="base.en.*not in the local cache"):
        transcriber.load()


def test_model_resolution():
    assert resolve_model(None).kind == "builtin" and resolve_model("builtin").kind == "builtin"
    assert resolve_model("small").kind == "name"
    assert resolve_model("Systran/faster-whisper-small").kind == "repo"
    with pytest.raises(TranscriptionError, match="no model at"):
        resolve_model("./models/missing")
    with pytest.raises(TranscriptionError, match="unknown model 'tiny-en'"):
        resolve_model("tiny-en")


def test_a_folder_without_model_bin_is_refused(tmp_path):
    with pytest.raises(TranscriptionError, match="no model.bin"):
        resolve_model(str(tmp_path))


def test_local_ct2_folder_works_for_faster_whisper(jfk):
    from interviewer.transcribe.models import builtin_model_dir

    folder = builtin_model_dir()
    transcriber = create_transcriber("faster-whisper", str(folder), cpu_threads=2)
    assert transcriber.choice.kind == "ct2_dir"
    assert "country" in transcriber.transcribe(jfk).text


def test_low_confidence_flags_garbled_audio(engines, jfk):
    # reversed speech sounds like speech but is no language: Whisper is unsure of what it hears
    result = engines["faster-whisper"].transcribe(jfk[::-1].copy())
    clean = engines["faster-whisper"].transcribe(jfk)
    assert clean.flagged() == []
    assert result.segments and result.flagged()


def test_english_only_models_are_known_by_name():
    from interviewer.transcribe.models import english_only

    assert english_only(None) and english_only("builtin") and english_only("base.en")
    assert not english_only("small") and not english_only("large-v3") and not english_only("/models/whisper-base")

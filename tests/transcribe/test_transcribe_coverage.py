"""No silent loss: whispered and quiet speech, the default path against plain decoding, and
every voiced stretch either transcribed or marked `[inaudible a–b s]`."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import jiwer
import numpy as np
import pytest

from interviewer.transcribe.coverage import uncovered
from interviewer.transcribe.result import low_confidence

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
MARK = re.compile(r"^\[inaudible (\d+\.\d)–(\d+\.\d) s\]$")


def _hard_speech():
    spec = importlib.util.spec_from_file_location("hard_speech", ROOT / "bench" / "hard_speech.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


hard_speech = _hard_speech()


@pytest.fixture(scope="module")
def hard(audio_dir):
    """The hard set (bench/hard_speech.py): whispered and -30 dB speech with pauses."""
    why = hard_speech.available(audio_dir)
    if why:
        pytest.skip(why)
    return hard_speech.hard_clips(audio_dir)


@pytest.fixture(scope="module")
def plain():
    """The built-in model decoded window by window (`--batch-size 0`), as the baseline."""
    from interviewer.transcribe.faster_engine import FasterWhisperEngine

    return FasterWhisperEngine(None, cpu_threads=2, batch_size=0, allow_download=False)


@pytest.fixture(scope="module")
def hard_results(hard, engines, plain):
    """(default result, plain result) for every hard clip."""
    return {c.name: (engines["faster-whisper"].transcribe(c.audio), plain.transcribe(c.audio)) for c in hard}


def errors(normalise, reference: str, text: str) -> int:
    m = jiwer.process_words(normalise(reference), normalise(text))
    return m.substitutions + m.deletions + m.insertions


@pytest.mark.parametrize("held_out", [False, True], ids=["tuning", "held-out"])
def test_default_path_no_worse_than_plain_decoding_on_hard_speech(held_out, hard, hard_results, normalise):
    clips = [c for c in hard if c.held_out == held_out]
    ours = sum(errors(normalise, c.reference, hard_results[c.name][0].text) for c in clips)
    theirs = sum(errors(normalise, c.reference, hard_results[c.name][1].text) for c in clips)
    words = sum(len(normalise(c.reference).split()) for c in clips)
    assert ours <= theirs, f"default {ours} vs plain {theirs} errors in {words} words"
    assert ours / words < 0.25  # whispered tiny.en is rough, but most of every clip is there


def test_default_path_no_worse_than_plain_decoding_on_shared_clips(clips, transcripts, plain, normalise):
    from interviewer.transcribe.audio_file import load_audio

    ours = sum(errors(normalise, c.reference, transcripts("faster-whisper", n).text) for n, c in clips.items())
    theirs = sum(
        errors(normalise, c.reference, plain.transcribe(load_audio(c.path), initial_prompt=c.prompt).text)
        for c in clips.values()
    )
    assert ours <= theirs


def test_every_sentence_of_whispered_speech_is_found(hard, hard_results, normalise):
    # the VAD used to find one of two whispered sentences: each sentence now has words in its time
    for clip in hard:
        result = hard_results[clip.name][0]
        assert not uncovered(clip.audio, result.segments), clip.name
        words = normalise(result.text).split()
        assert len(words) >= 0.75 * len(normalise(clip.reference).split()), (clip.name, result.text)


def test_voiced_audio_without_words_is_marked_inaudible(engines, plain):
    # speech, then a second and a half of loud noise that no model turns into words
    noise = (np.random.default_rng(5).standard_normal(24_000) * 0.05).astype(np.float32)
    speech = hard_speech.speak("It was fine, I guess.", "en-us") * 0.5
    audio = hard_speech.with_pauses([speech, noise], seed=3)
    noise_start = (2 * hard_speech.PAUSE_S * 16_000 + speech.size) / 16_000
    for engine in (engines["faster-whisper"], plain):
        result = engine.transcribe(audio, offset=100.0)
        assert not uncovered(audio, result.segments, offset=100.0)
        marks = [s for s in result.segments if s.inaudible]
        assert marks, [s.text for s in result.segments]
        for mark in marks:
            low, high = map(float, MARK.match(mark.text).groups())
            assert (low, high) == (round(mark.start, 1), round(mark.end, 1)) and not mark.words
            assert 100 + noise_start - 0.5 <= mark.start < mark.end <= 100 + noise_start + 1.6
            assert low_confidence(mark)  # Review flags it for checking against the audio
        assert "fine" in result.text.lower()

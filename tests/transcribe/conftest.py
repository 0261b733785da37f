"""Fixtures for the transcription tests: engines loaded once, clips with references, WER."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

# A glossary such as a guide about AI chatbots for wellbeing would carry, and the question each
# synthetic answer responds to: what the interview passes as the initial prompt.
GLOSSARY = ["chatbot", "AI", "therapist"]
QUESTIONS = {
    "answer-first-use": "When did you first use an AI chatbot, and what for?",
    "answer-short": "How did it feel to talk to the chatbot?",
    "answer-relationships": "Did you talk to the chatbot about the people in your life?",
    "answer-guardrail": "Did the chatbot ever refuse or redirect you?",
    "answer-distress": "What were the hardest moments?",
}


@dataclass(frozen=True)
class Clip:
    """A shared speech file, its reference text, and the prompt it is transcribed with."""

    name: str
    path: Path
    reference: str
    prompt: str | None


@pytest.fixture(scope="session")
def normalise():
    """Whisper's English text normaliser."""
    from whisper.normalizers import EnglishTextNormalizer

    return EnglishTextNormalizer()


@pytest.fixture(scope="session")
def clips(audio_dir: Path) -> dict[str, Clip]:
    """Every speech file with a reference: jfk.flac, nurse-answer-espeak.wav, answer-*.wav."""
    from interviewer.transcribe import build_prompt

    out = {}
    for path in sorted(audio_dir.glob("*.wav")) + [audio_dir / "jfk.flac"]:
        ref = path.with_suffix(".txt")
        if ref.is_file():
            question = QUESTIONS.get(path.stem)
            prompt = build_prompt(GLOSSARY, question) if question else None
            out[path.stem] = Clip(path.stem, path, ref.read_text(encoding="utf-8"), prompt)
    assert {"jfk", "nurse-answer-espeak", *QUESTIONS} <= set(out)
    return out


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory) -> Path:
    """A private cache for converted checkpoints, so tests never write into the user's cache."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="session")
def engines(model_cache):
    """The built-in model in each engine, loaded lazily and shared by every test."""
    from interviewer.transcribe import create_transcriber
    from interviewer.transcribe.faster_engine import FasterWhisperEngine

    return {
        "faster-whisper": create_transcriber("faster-whisper", cpu_threads=2, allow_download=False),
        "openai-whisper": create_transcriber(
            "openai-whisper", cpu_threads=2, allow_download=False, cache_dir=model_cache
        ),
        # the same weights, precision and decoding (30-s windows in turn) as openai-whisper,
        # for the identical-text check
        "faster-whisper-fp32": FasterWhisperEngine(
            None, compute_type="float32", cpu_threads=2, batch_size=0, allow_download=False
        ),
    }


@pytest.fixture(scope="session")
def transcripts(engines, clips):
    """transcripts(engine, clip) -> TranscriptResult, computed once per pair."""
    from interviewer.transcribe.audio_file import load_audio

    done: dict = {}
    audio: dict = {}

    def get(engine: str, clip: str):
        if (engine, clip) not in done:
            if clip not in audio:
                audio[clip] = load_audio(clips[clip].path)
            done[engine, clip] = engines[engine].transcribe(audio[clip], initial_prompt=clips[clip].prompt)
        return done[engine, clip]

    return get

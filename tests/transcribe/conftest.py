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


@pytest.fixture
def spoken_session(audio_dir: Path):
    """Make, in a store, a self-interview with two spoken answers and one continuous-recording segment."""
    import shutil

    from interviewer.events import AnswerEvent, Mode, PromptEvent, RecordingSegmentEvent
    from interviewer.guide import load_guide

    guide_path = Path(__file__).resolve().parents[2] / "topic_guides" / "genai-mental-health.toml"

    def make(store) -> str:
        """The new session's code."""
        guide = load_guide(guide_path)
        session = store.create(guide, guide_path, Mode.SELF)
        (_, q1), (_, q2) = guide.questions()[:2]
        for number, (question, clip) in enumerate([(q1, "answer-first-use"), (q2, "answer-guardrail")], 1):
            rel = f"audio/answer-{number:04d}.wav"
            shutil.copy(audio_dir / f"{clip}.wav", session.folder / rel)
            session.append(PromptEvent(elapsed=number * 30.0, prompt_id=number, kind="question",
                                       theme_id=guide.themes[0].id, question_id=question.id,
                                       text=question.text, reason="next main question"))
            session.append(AnswerEvent(elapsed=number * 30.0 + 20, prompt_id=number, source="spoken",
                                       audio_file=rel))
        shutil.copy(audio_dir / "jfk.flac", session.folder / "audio/rec-0001.flac")
        session.append(RecordingSegmentEvent(elapsed=90.0, audio_file="audio/rec-0001.flac", start=0.0,
                                             duration=11.0, sample_rate=44100, channels=2))
        session.close()
        return session.code

    return make

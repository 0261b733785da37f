"""Fixtures for the session-store tests: the test guide, a store in tmp, and a realistic interview."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from interviewer.events import (
    AnswerEvent,
    ConsentGiven,
    CorrectionEvent,
    CoverageEvent,
    DistressEvent,
    Mode,
    NoteEvent,
    PauseEvent,
    PromptEvent,
    Segment,
    SkipEvent,
    SupportChoice,
    TranscriptEvent,
    Word,
)
from interviewer.guide import load_guide
from interviewer.session import SessionStore

DATA = Path(__file__).parent / "data"

ANSWERS = {
    "first": "I first tried a chatbot about a year ago, late at night, when I could not sleep in Leeds.",
    "people": "Mostly I used it to talk about my sister Sarah. Sarah's number is 07700 900123 and "
    "her email is sarah.jones@example.co.uk, we live near LS6 3QW.",
    "guard": "Sometimes it would stop and tell me to speak to a professional at www.example.org.",
}
SPOKEN = "I already had a therapist called Doctor Okafor in Leeds."


@pytest.fixture(autouse=True)
def _lenient_umask():
    """Run every test under a permissive umask, so file modes are set explicitly, not inherited."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def guide_path() -> Path:
    return DATA / "chatbot-guide.toml"


@pytest.fixture
def guide(guide_path):
    return load_guide(guide_path)


@pytest.fixture
def store(tmp_path) -> SessionStore:
    return SessionStore(tmp_path / "sessions")


class FakeClock:
    """A wall clock that advances one second per reading."""

    def __init__(self, start: datetime = datetime(2024, 3, 5, 10, 0, tzinfo=timezone.utc)):
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def words_of(text: str, start: float, step: float = 0.4) -> list[Word]:
    """Whisper-style words (leading spaces) with even timings."""
    return [Word(start=start + i * step, end=start + (i + 1) * step, word=" " + w, probability=0.9)
            for i, w in enumerate(text.split())]


def interview_events() -> list:
    """A realistic self-interview: consent, typed and spoken answers, a probe, flags and notes."""
    spoken_words = words_of(SPOKEN, 40.0)
    return [
        ConsentGiven(elapsed=2, agreed=["take-part", "record"], declined=["quotes"], consent_hash="sha256:x"),
        PromptEvent(elapsed=5, prompt_id=1, kind="question", theme_id="first-use", question_id="first-time",
                    text="Tell me about the first time you used a chatbot.", reason="first main question"),
        AnswerEvent(elapsed=20, prompt_id=1, text=ANSWERS["first"], started=6),
        CoverageEvent(elapsed=20, prompt_id=1, topics=["sleep"]),
        PromptEvent(elapsed=21, prompt_id=2, kind="probe", theme_id="first-use", question_id="first-time",
                    probe_id="more", probe_kind="elaboration", text="Can you tell me more about that?",
                    reason="answer shorter than 15 words"),
        AnswerEvent(elapsed=30, prompt_id=2, text="Not really."),
        PromptEvent(elapsed=31, prompt_id=3, kind="question", theme_id="relationships", question_id="people",
                    text="Did the chatbot play a part in your relationships?", reason="next main question"),
        AnswerEvent(elapsed=50, prompt_id=3, text=ANSWERS["people"], started=32),
        CorrectionEvent(elapsed=52, prompt_id=3, text=ANSWERS["people"].replace("Mostly", "Mainly"), by="participant"),
        NoteEvent(type="note", elapsed=53, text="Mentions Sarah again later."),
        NoteEvent(type="marker", elapsed=54, label="bookmark"),
        PromptEvent(elapsed=55, prompt_id=4, kind="question", theme_id="limits", question_id="guardrails",
                    text="Were there times it would not help?", reason="next main question"),
        AnswerEvent(elapsed=70, prompt_id=4, text=ANSWERS["guard"], started=56),
        PromptEvent(elapsed=71, prompt_id=5, kind="question", theme_id="limits", question_id="hard-times",
                    text="How did you use it during the hardest times?", reason="next main question"),
        AnswerEvent(elapsed=90, prompt_id=5, source="spoken", audio_file="audio/answer-005.wav",
                    audio_start=39.5, audio_end=45.0, started=72),
        DistressEvent(elapsed=91, question_id="hard-times", trigger="phrase"),
        SupportChoice(elapsed=95, choice="continue"),
        PauseEvent(type="pause", elapsed=96),
        PauseEvent(type="resume", elapsed=100),
        SkipEvent(elapsed=101, question_id="hard-times", probe_id=None, by="participant", reason="chose to move on"),
        TranscriptEvent(elapsed=110, prompt_id=5, audio_file="audio/answer-005.wav", engine="faster-whisper",
                        model="tiny.en", language="en",
                        segments=[Segment(start=40.0, end=44.4, text=" " + SPOKEN, words=spoken_words)]),
    ]


@pytest.fixture
def filled(store, guide, guide_path, clock):
    """A completed self-interview session in the store (closed)."""
    session = store.create(guide, guide_path, Mode.SELF, pseudonym="Robin", clock=clock)
    session.extend(interview_events())
    session.close("completed")
    return session


@pytest.fixture
def texts() -> dict[str, str]:
    """The answer texts used by interview_events (typed answers by key, and 'spoken')."""
    return {**ANSWERS, "spoken": SPOKEN}

"""Fixtures for the app's headless tests: an app on fake audio, a small guide, journal readers."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from interviewer.tui.app import InterviewerApp
from interviewer.tui.config import AppConfig
from interviewer.tui.fakes import FakeRecorder, FakeTranscriber
from interviewer.tui.services import Services

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MINI_GUIDE = HERE / "data" / "mini-guide.toml"
SHIPPED_GUIDE = ROOT / "topic_guides" / "genai-mental-health.toml"


def make_app(sessions: Path, guide: Path | None = MINI_GUIDE, *, mode: str = "self", role: str = "self",
             texts: list[str] | None = None, recorder: FakeRecorder | None = None, **kwargs) -> InterviewerApp:
    """An app on fake audio writing sessions under `sessions`."""
    config = AppConfig(guide_path=guide, mode=mode, role=role, sessions_dir=sessions,
                       shipped_dir=HERE / "data", exit_on_ready=False)
    transcriber = FakeTranscriber(texts or [])
    services = Services(recorder or FakeRecorder(), lambda engine, model: transcriber)
    app = InterviewerApp(config, services, **kwargs)
    app.fake_transcriber = transcriber
    return app


async def wait_for(pilot, condition, timeout: float = 20.0) -> None:
    """Let the app run until `condition()` holds (fails the test after `timeout` seconds).

    Generous by default: a busy two-core machine can stall the app's threads for seconds.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out waiting; screen is {type(pilot.app.screen).__name__}")
        await pilot.pause(0.05)


def screen_name(app) -> str:
    """The class name of the active screen."""
    return type(app.screen).__name__


async def open_interview(pilot, consent: tuple[str, ...] | None = None) -> None:
    """From the start screen, through information and consent, to the first prompt."""
    app = pilot.app
    await wait_for(pilot, lambda: app.screen.check is not None and app.screen.check.ok)
    await pilot.press("b")
    await wait_for(pilot, lambda: screen_name(app) == "ReadingScreen")
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_name(app) == "ConsentScreen")
    statements = app.screen.statements
    keys = consent or tuple("y" if st.required else "n" for st in statements)
    await pilot.press(*keys)
    await wait_for(pilot, lambda: screen_name(app) == "ReadingScreen")
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_name(app) in ("SelfInterviewScreen", "ConductScreen"))


async def open_review(pilot) -> None:
    """From the start screen into Review of the only session, once its view is loaded."""
    app = pilot.app
    await wait_for(pilot, lambda: screen_name(app) == "StartScreen")
    await pilot.press("v")
    await wait_for(pilot, lambda: screen_name(app) == "SessionListScreen")
    await wait_for(pilot, lambda: app.screen.query_one("#sessions").row_count == 1)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_name(app) == "ReviewScreen" and app.screen.view is not None)
    await pilot.pause()


async def answer(pilot, text: str) -> None:
    """Put an answer in the box (as if typed) and press Enter."""
    pilot.app.screen.query_one("#answer").text = text
    await pilot.press("enter")


def journal(sessions: Path) -> list[dict]:
    """The events of the only session under `sessions`."""
    files = list(sessions.glob("*/journal.jsonl"))
    assert len(files) == 1, files
    lines = files[0].read_text().splitlines()[1:]
    return [json.loads(line) for line in lines]


def prompt_text(app) -> str:
    """The prompt shown on the self-interview screen ("" while another screen is on top)."""
    found = app.screen.query("#prompt")
    return str(found.first().render()) if found else ""


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    """An empty sessions folder."""
    return tmp_path / "sessions"


@pytest.fixture
def tui():
    """The helpers above, for test modules (importlib mode cannot import conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(make_app=make_app, wait_for=wait_for, screen_name=screen_name,
                           open_interview=open_interview, open_review=open_review, journal=journal, answer=answer,
                           prompt_text=prompt_text,
                           MINI_GUIDE=MINI_GUIDE, SHIPPED_GUIDE=SHIPPED_GUIDE, ROOT=ROOT)


EDITOR_RATE = 16000


def editor_signal(seconds: float, seed: int = 7):
    """Seeded noise: every stretch of it is unlike every other, so a recorded copy can be located."""
    import numpy as np

    rng = np.random.default_rng(seed)
    return (rng.standard_normal(round(seconds * EDITOR_RATE)) * 0.25).clip(-1, 1).astype(np.float32)


def make_editor_session(sessions: Path, answers: list[list[tuple[str, float, float, float]]],
                        piece: float = 10.0, preamble: list[tuple[str, float, float, float]] | None = None) -> str:
    """A finished researcher-led session: a noise recording in `piece`-second files, one prompt per
    answer, and a transcript of timed words (word, start, end, probability); returns its code.
    `preamble`: words said before the first prompt (in the recording, answering no prompt)."""
    import soundfile as sf

    from interviewer.events import (
        Mode, PromptEvent, RecordingSegmentEvent, Segment, TranscriptEvent, Word,
    )
    from interviewer.guide import load_guide
    from interviewer.session.store import SessionStore

    from datetime import UTC, datetime

    fixed = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
    session = SessionStore(sessions).create(load_guide(MINI_GUIDE), MINI_GUIDE, Mode.CONDUCT, clock=lambda: fixed)
    spoken = ([preamble] if preamble else []) + answers
    end = max(w[2] for words in spoken for w in words) + 1.0
    audio = editor_signal(end)
    events = []
    for i, words in enumerate(answers, 1):
        events.append(PromptEvent(elapsed=max(0.0, words[0][1] - 0.8), prompt_id=i, kind="question",
                                  theme_id="mornings", question_id=f"q{i}", text=f"Question number {i}?",
                                  reason="next question"))
    transcripts = []
    start, n = 0.0, 1
    while start < end:
        duration = min(piece, end - start)
        name = f"audio/rec-{n:04d}.wav"
        lo, hi = round(start * EDITOR_RATE), round((start + duration) * EDITOR_RATE)
        sf.write(str(session.folder / name), audio[lo:hi], EDITOR_RATE, subtype="PCM_16")
        events.append(RecordingSegmentEvent(elapsed=start + duration, audio_file=name, start=start,
                                            duration=duration, sample_rate=EDITOR_RATE, channels=1))
        inside = [ws for ws in spoken if start <= ws[0][1] < start + duration]
        segments = [Segment(start=ws[0][1], end=ws[-1][2], text=" ".join(w[0] for w in ws),
                            words=[Word(word=f" {w}", start=s, end=e, probability=p) for w, s, e, p in ws])
                    for ws in inside]
        transcripts.append(TranscriptEvent(elapsed=start + duration + 0.01, audio_file=name, segments=segments,
                                           engine="test", model="test"))
        start, n = start + duration, n + 1
    for event in sorted(events + transcripts, key=lambda e: e.elapsed):
        session.append(event)
    code = session.code
    session.close("completed")
    return code


def timed_words(text: str, start: float, step: float = 0.5, low: tuple[int, ...] = ()):
    """Words of `text` one `step` apart from `start`; the indexes in `low` get probability 0.2."""
    return [(w, start + i * step, start + i * step + step * 0.8, 0.2 if i in low else 0.95)
            for i, w in enumerate(text.split())]


@pytest.fixture
def editing():
    """Builders for transcript-editor tests (importlib mode cannot import conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(make_session=make_editor_session, words=timed_words, signal=editor_signal,
                           RATE=EDITOR_RATE)

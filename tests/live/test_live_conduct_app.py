"""Conduct mode with real audio: the researcher asks, the participant answers, the app listens live."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = [pytest.mark.audio, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "tui"))
from conftest import journal, make_app, open_interview, wait_for  # noqa: E402

SHIPPED_GUIDE = ROOT / "topic_guides" / "genai-mental-health.toml"
QUESTION = "To begin, could you tell me a little about yourself?"


def spoken_question(tmp_path: Path) -> np.ndarray:
    """The first question read aloud (espeak-ng), 16 kHz int16."""
    import soundfile as sf

    if shutil.which("espeak-ng") is None or shutil.which("sox") is None:
        pytest.skip("espeak-ng and sox make the interviewer's voice (apt-get install espeak-ng sox)")
    raw, out = tmp_path / "q-raw.wav", tmp_path / "q.wav"
    subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "155", "-w", str(raw), QUESTION], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    return sf.read(str(out), dtype="int16")[0]


def test_conduct_mode_hears_the_answer_live_and_labels_who_spoke(tmp_path, pulse, speech, wer, live_helpers,
                                                                   engine):
    from interviewer.guide import load_guide
    from interviewer.transcribe import build_prompt
    from interviewer.transcribe.audio_file import load_audio
    from interviewer.tui.services import real_services

    GLOSSARY = load_guide(SHIPPED_GUIDE).glossary

    answer, reference = speech("answer-first-use")
    question = spoken_question(tmp_path)
    gap = live_helpers.silence(2.0)  # the participant thinks before answering
    wav = live_helpers.write_wav(tmp_path / "talk.wav",
                                 np.concatenate([question, gap, answer, live_helpers.silence(0.5)]))
    sessions = tmp_path / "sessions"
    app = make_app(sessions, SHIPPED_GUIDE, mode="conduct", role="researcher")
    app._services = real_services()  # the real recorder, the built-in tiny.en model
    seen: dict = {}

    async def scenario():
        async with app.run_test(size=(100, 40)) as pilot:
            await open_interview(pilot)
            screen = app.screen
            await wait_for(pilot, lambda: app.model_state == "ready", timeout=120)
            await wait_for(pilot, lambda: screen.hearing.live is not None, timeout=30)
            recorder = app.services.recorder
            await wait_for(pilot, lambda: recorder._rec.level is not None, timeout=15)
            await pilot.press("a")  # asking the question now
            seen["live"] = str(screen.query_one("#conduct-live").render())
            player = pulse.play(wav)
            await asyncio.get_running_loop().run_in_executor(None, player.wait)
            await wait_for(pilot, lambda: "Heard:" in str(screen.query_one("#heard").render()), timeout=120)
            probes = lambda: str(screen.query_one("#probes").render())  # noqa: E731
            await wait_for(pilot, lambda: "words) not shorter than 15 words" in probes(), timeout=120)
            seen["probes"] = probes()  # recomputed from the words heard so far
            await pilot.press("n")  # answered
            await wait_for(pilot, lambda: any(e["type"] == "answer" for e in journal(sessions)), timeout=120)
            await wait_for(pilot, lambda: "Could you give me an example" in probes())
            seen["next probes"] = probes()
            await pilot.press("x")
            await wait_for(pilot, lambda: type(app.screen).__name__ == "StopScreen")
            await pilot.press("k")
            await wait_for(pilot, lambda: type(app.screen).__name__ == "ConductEndScreen")
            status = app.screen.query_one("#end-status")
            await wait_for(pilot, lambda: "Everything is saved" in str(status.render()), timeout=120)

    asyncio.run(scenario())
    assert seen["live"].startswith(f"Listening for the answer to the question: {QUESTION}")
    events = journal(sessions)
    saved = next(e for e in events if e["type"] == "answer")
    assert saved["source"] == "spoken"
    live = [e for e in events if e["type"] == "transcript" and e.get("utterance")]
    assert live and all(e["prompt_id"] == saved["prompt_id"] for e in live)
    segments = [s for e in live for s in e["segments"]]
    asked = " ".join(s["text"] for s in segments if s["speaker"] == "interviewer")
    answered = " ".join(s["text"] for s in segments if s["speaker"] == "participant")
    # the question (espeak's voice: tiny.en may mishear its first words) is the interviewer's,
    # and none of it is in the participant's words
    assert "a little about yourself" in asked.lower() and "chatbot" not in asked.lower(), asked
    assert "yourself" not in answered.lower(), answered
    # the recorded answer transcribed in one go: streaming costs at most one word more
    folder = next(p for p in sessions.iterdir() if p.is_dir())
    recording = np.concatenate([load_audio(f) for f in sorted((folder / "audio").glob("rec-*.wav"))])
    began = int((min(s["start"] for s in segments if s["speaker"] == "participant") - 0.3) * 16000)
    one_go = engine.transcribe(recording[max(0, began):], language="en",
                               initial_prompt=build_prompt(GLOSSARY, QUESTION)).text
    words = len(reference.split())
    for text in (answered, saved["text"]):
        assert wer(reference, text) * words <= wer(reference, one_go) * words + 1 + 1e-9, (text, one_go)
        assert wer(reference, text) <= 0.15, text
    view = json.loads((folder / "session.json").read_text())
    turn = next(t for t in view["turns"] if t["prompt_id"] == saved["prompt_id"])
    assert {s["speaker"] for s in turn["segments"]} == {"interviewer", "participant"}
    assert turn["original_text"] == answered  # the answer is the participant's words only
    # a long answer: the "shorter than 15 words" probe does not fit it, and says why
    assert "★" not in seen["probes"] and "day-to-day" not in seen["probes"]
    assert "What does a typical day look like for you?" in seen["probes"]
    # the next question's probes only, and nothing heard for it yet
    assert "typical day" not in seen["next probes"] and "(nothing heard yet)" in seen["next probes"]

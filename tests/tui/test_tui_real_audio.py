"""A spoken answer through the real path: PulseAudio -> sounddevice -> Recorder -> Whisper -> screen."""

from __future__ import annotations

import asyncio

import pytest

from interviewer.tui.services import real_services

pytestmark = [pytest.mark.audio, pytest.mark.slow]


@pytest.fixture
def pulse_server():
    """A private PulseAudio server whose null sink's monitor is this process's default input."""
    from interviewer.audio.virtual_device import private_server, unavailable

    if why := unavailable():
        pytest.skip(why)
    with private_server() as server:
        yield server


def test_spoken_distress_answer_is_heard_transcribed_and_met_with_support(sessions, tui, audio_dir, pulse_server):
    # the shipped guide: its glossary ("chatbot", ...) and the question prime Whisper, as in a study
    app = tui.make_app(sessions, tui.SHIPPED_GUIDE)
    app._services = real_services()  # the real recorder and the built-in tiny.en model
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            await tui.wait_for(pilot, lambda: app.model_state == "ready", timeout=120)
            await pilot.press("ctrl+r")
            await tui.wait_for(pilot, lambda: app.screen.voice.state == "recording", timeout=15)
            recorder = app.services.recorder
            # PortAudio's first block comes a second or two after the stream starts
            await tui.wait_for(pilot, lambda: recorder._rec.level is not None, timeout=15)
            player = pulse_server.play(audio_dir / "answer-distress.wav")
            await asyncio.get_running_loop().run_in_executor(None, player.wait)
            await pilot.pause(0.5)
            await pilot.press("ctrl+r")
            box = app.screen.query_one("#answer")
            await tui.wait_for(pilot, lambda: box.text.strip() != "", timeout=120)
            seen["heard"] = box.text
            await pilot.press("enter")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "SupportScreen", timeout=10)
            await pilot.press("4")  # stop here
            await tui.wait_for(pilot, lambda: tui.screen_name(app) in ("MemberCheckScreen", "ThanksScreen"))

    asyncio.run(scenario())
    assert "hopeless" in seen["heard"].lower() and "better off without me" in seen["heard"].lower()
    import jiwer
    from whisper.normalizers import EnglishTextNormalizer

    normalise = EnglishTextNormalizer()
    reference = (audio_dir / "answer-distress.txt").read_text(encoding="utf-8")
    # through a virtual device and a resampler: allow two words of 29 where a file gets one
    assert jiwer.wer(normalise(reference), normalise(seen["heard"])) <= 0.07
    events = tui.journal(sessions)
    answer = next(e for e in events if e["type"] == "answer")
    assert answer["source"] == "spoken"
    folder = next(p for p in sessions.iterdir() if p.is_dir())
    assert (folder / answer["audio_file"]).stat().st_size > 16000 * 2 * 5  # several seconds of audio
    transcript = next(e for e in events if e["type"] == "transcript")
    assert transcript["prompt_id"] == answer["prompt_id"] and transcript["segments"]
    assert any(e["type"] == "distress" for e in events)

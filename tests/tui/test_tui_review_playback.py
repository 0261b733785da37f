"""Review plays a researcher-led turn, or one passage of its transcript, from the continuous recording."""

from __future__ import annotations

import asyncio

import numpy as np
import soundfile as sf

from interviewer.audio.clips import PASSAGE_PAD
from interviewer.events import Mode, RecordingSegmentEvent, Segment, TranscriptEvent
from interviewer.guide import load_guide
from interviewer.session.store import SessionStore
from interviewer.tui.controller import InterviewController
from interviewer.tui.fakes import FakePlayer

RATE = 8000
ORIGIN = 0.5  # elapsed seconds at recording time 0


def _signal(frames: int, offset: int = 0) -> np.ndarray:
    return ((np.arange(offset, offset + frames) % 20011) - 10000).astype(np.int16)


def _conduct_session(sessions, guide_path, passages=None) -> tuple[str, list[float]]:
    """A stopped researcher-led session: 3 recording segments, the first answer transcribed.

    Returns the code and the recording times at which the prompts were asked.
    """
    now = [0.0]
    c = InterviewController.create(SessionStore(sessions), load_guide(guide_path), guide_path, Mode.CONDUCT,
                                   elapsed=lambda: now[0])
    c.give_consent({"take-part": True, "recording": True, "quotes": False})
    now[0] = 1.0
    c.start()  # asked at recording time 0.5
    c.session.audio_dir.mkdir(parents=True, exist_ok=True)

    def segment(i: int, start: float, duration: float) -> None:
        name = f"{c.session.audio_dir.name}/rec-{i:04d}.wav"
        data = _signal(round(duration * RATE), round(start * RATE))
        sf.write(str(c.session.folder / name), data, RATE, subtype="PCM_16")
        now[0] = ORIGIN + start + duration
        c.record(RecordingSegmentEvent(elapsed=now[0], audio_file=name, start=start, duration=duration,
                                       sample_rate=RATE, channels=1))

    segment(1, 0.0, 2.0)
    c.record(TranscriptEvent(elapsed=now[0], audio_file="audio/rec-0001.wav", engine="fake", model="fake",
                             segments=passages or [Segment(start=1.5, end=2.5, text="I get up at seven")]))
    now[0] = 3.0
    c.answer("I get up at seven", source="researcher")  # the next prompt: recording time 2.5
    segment(2, 2.0, 2.0)
    segment(3, 4.0, 1.0)
    c.stop()
    c.close()
    asked = [t.asked_at - ORIGIN for t in SessionStore(sessions).load(c.code).view.turns]
    return c.code, asked


def _expected(start: float, end: float) -> np.ndarray:
    lo, hi = round(start * RATE), round(end * RATE)
    return (_signal(hi - lo, lo) / 32768.0).astype(np.float32)


def _app_with_player(sessions, tui):
    """The app with a player that keeps what it is given."""
    app = tui.make_app(sessions)
    app.services.player = FakePlayer()
    return app, app.services.player


def test_review_plays_a_researcher_led_turn_from_the_recording_segments(sessions, tui):
    _, asked = _conduct_session(sessions, tui.MINI_GUIDE)
    assert asked == [0.5, 2.5]  # a question, then the probe that followed its answer
    app, player = _app_with_player(sessions, tui)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await tui.open_review(pilot)
            await pilot.press("space")  # the transcribed answer: 1.5-2.5 s, across rec-0001|rec-0002
            await tui.wait_for(pilot, lambda: len(player.played) == 1)
            await pilot.press("down", "space")  # not transcribed: from its prompt to the next
            await tui.wait_for(pilot, lambda: len(player.played) == 2)
            player.has_output = False
            await pilot.press("space")
            await tui.wait_for(pilot, lambda: len(player.played) == 3)
            await tui.wait_for(pilot, lambda: any("no audio output device" in n.message
                                                  for n in app._notifications))
            seen["notes"] = [n.message for n in app._notifications]
            await pilot.press("escape", "escape")

    asyncio.run(scenario())
    (first, rate1), (second, rate2) = player.played[:2]
    assert rate1 == rate2 == RATE
    np.testing.assert_array_equal(first[:, 0], _expected(1.5, 2.5))
    np.testing.assert_array_equal(second[:, 0], _expected(2.5, 5.0))  # the last prompt: to the end
    assert "Cannot play: there is no audio output device" in seen["notes"]


def test_review_steps_through_passages_and_plays_one(sessions, tui):
    passages = [Segment(start=1.5, end=2.0, text="I get up"), Segment(start=2.0, end=2.4, text="at seven")]
    _conduct_session(sessions, tui.MINI_GUIDE, passages)
    app, player = _app_with_player(sessions, tui)
    shown = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await tui.open_review(pilot)
            await pilot.press("n", "n", "n")  # stops at the last passage
            shown["detail"] = str(app.screen.query_one("#detail").render())
            await pilot.press("p", "space")
            await tui.wait_for(pilot, lambda: len(player.played) == 1)
            await pilot.press("down", "n")  # the next turn has no transcript
            await tui.wait_for(pilot, lambda: any("no transcript passages" in n.message
                                                  for n in app._notifications))
            await pilot.press("escape", "escape")

    asyncio.run(scenario())
    assert "Passage 2 of 2, 2.0–2.4 s: at seven" in shown["detail"]
    (clip, rate), = player.played
    np.testing.assert_array_equal(clip[:, 0], _expected(1.5 - PASSAGE_PAD, 2.0 + PASSAGE_PAD))

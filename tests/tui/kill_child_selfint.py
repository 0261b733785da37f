"""Child process for the no-loss test: a real recorder, a typed answer, then speaking until killed.

Answers the first prompt by typing, types a few words into the second, presses Ctrl+R and
prints "RECORDING <code>" once the microphone delivers audio; the parent then plays speech into
the virtual microphone and kills this process (SIGKILL or SIGHUP) at a moment of its choosing.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from interviewer.tui.app import InterviewerApp
from interviewer.tui.config import AppConfig
from interviewer.tui.fakes import FakeTranscriber
from interviewer.tui.real_audio import CoreRecorder
from interviewer.tui.services import Services


async def until(pilot, condition, timeout: float = 60.0) -> None:
    """Wait for a condition while the app runs (what the screen said, if it never holds)."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    shown = " | ".join(str(w.render()) for w in pilot.app.screen.query("Static"))
    raise SystemExit(f"timed out on {type(pilot.app.screen).__name__}: {shown[:1500]}")


def screen(app) -> str:
    """The active screen's class name."""
    return type(app.screen).__name__


async def main(sessions: Path, guide: Path, first: str, typed: str) -> None:
    """Type the first answer, start the second with `typed`, record, and wait to be killed."""
    config = AppConfig(guide_path=guide, sessions_dir=sessions, exit_on_ready=False)
    recorder = CoreRecorder()
    app = InterviewerApp(config, Services(recorder, lambda e, m: FakeTranscriber()))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.check is not None and app.screen.check.ok)
        await pilot.press("b")
        await until(pilot, lambda: screen(app) == "ReadingScreen")
        await pilot.press("enter")
        await until(pilot, lambda: screen(app) == "ConsentScreen")
        await pilot.press(*("y" if s.required else "n" for s in app.screen.statements))
        await until(pilot, lambda: screen(app) == "ReadingScreen")
        await pilot.press("enter")
        await until(pilot, lambda: screen(app) == "SelfInterviewScreen" and app.screen.voice is not None
                    and app.screen.voice.prompt_id is not None)
        app.screen.query_one("#answer").text = first
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.voice.prompt_id == 2)
        await pilot.press(*typed)
        await pilot.press("ctrl+r")
        await until(pilot, lambda: app.screen.voice.state == "recording")
        await until(pilot, lambda: recorder._rec is not None and recorder._rec.level is not None)
        print("RECORDING", app.controller.code, flush=True)
        await pilot.pause(600)  # speaking, until the parent ends this process


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]))

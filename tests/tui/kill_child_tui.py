"""Child process for the resume test: answer two prompts, start typing a third, then die (kill -9)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from interviewer.tui.app import InterviewerApp
from interviewer.tui.config import AppConfig
from interviewer.tui.fakes import FakeRecorder, FakeTranscriber
from interviewer.tui.services import Services


async def until(pilot, condition, timeout: float = 10.0) -> None:
    """Wait for a condition while the app runs."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise SystemExit(f"timed out on {type(pilot.app.screen).__name__}")


def prompt(app) -> str:
    """The prompt on screen, or ''."""
    found = app.screen.query("#prompt")
    return str(found.first().render()) if found else ""


async def main(sessions: Path, guide: Path) -> None:
    """Answer two prompts, type half a third answer, print the code, then SIGKILL ourselves."""
    config = AppConfig(guide_path=guide, sessions_dir=sessions, exit_on_ready=False)
    app = InterviewerApp(config, Services(FakeRecorder(), lambda e, m: FakeTranscriber()))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.check is not None and app.screen.check.ok)
        await pilot.press("b")
        await until(pilot, lambda: type(app.screen).__name__ == "ReadingScreen")
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "ConsentScreen")
        await pilot.press("y", "y", "n")
        await until(pilot, lambda: type(app.screen).__name__ == "ReadingScreen")
        await pilot.press("enter")
        await until(pilot, lambda: "morning look like" in prompt(app))
        app.screen.query_one("#answer").text = "I get up at six and go running before work every day"
        await pilot.press("enter")
        await until(pilot, lambda: "breakfast" in prompt(app))
        app.screen.query_one("#answer").text = "Porridge with honey and strong coffee most days"
        await pilot.press("enter")
        await until(pilot, lambda: "evenings" in prompt(app))
        await pilot.press(*"I usually rea")  # mid-answer...
        print(app.controller.code, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)  # ...the terminal is closed, the machine crashes


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))

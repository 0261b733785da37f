"""Resume: an interview killed mid-answer continues at the prompt it stopped on, answers intact."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

CHILD = Path(__file__).with_name("kill_child_tui.py")


def test_killed_mid_answer_resumes_at_the_right_prompt(sessions, tui):
    run = subprocess.run([sys.executable, str(CHILD), str(sessions), str(tui.MINI_GUIDE)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr[-2000:]
    code = run.stdout.strip().splitlines()[-1]
    before = tui.journal(sessions)
    assert [e["text"] for e in before if e["type"] == "answer"] == [
        "I get up at six and go running before work every day",
        "Porridge with honey and strong coffee most days"]
    assert before[-1]["type"] == "prompt" and "evenings" in before[-1]["text"]

    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            start = app.screen
            await tui.wait_for(pilot, lambda: bool(start.interrupted))
            seen["offer"] = str(start.query_one("#resume-info").render())
            await pilot.press("r")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "SelfInterviewScreen")
            await tui.wait_for(pilot, lambda: tui.prompt_text(app) != "")
            seen["prompt"] = tui.prompt_text(app)
            seen["turns"] = [t.text for t in app.controller.view().turns if t.text]
            await tui.answer(pilot, "I usually read a novel and go to bed early")
            await tui.wait_for(pilot, lambda: "sleep" in tui.prompt_text(app))
            await pilot.press("ctrl+q")

    asyncio.run(scenario())
    assert code in seen["offer"]
    assert seen["prompt"] == "How do you spend your evenings?"
    assert len(seen["turns"]) == 2
    after = tui.journal(sessions)
    assert after[: len(before)] == before  # nothing rewritten
    assert [e["type"] for e in after].count("prompt") == [e["type"] for e in before].count("prompt") + 1
    answers = [e for e in after if e["type"] == "answer"]
    assert answers[-1]["text"] == "I usually read a novel and go to bed early"
    assert answers[-1]["prompt_id"] == before[-1]["prompt_id"]
    # quitting left it resumable again
    assert "interrupted" in (next(p for p in sessions.iterdir() if p.is_dir()) / "session.json").read_text()

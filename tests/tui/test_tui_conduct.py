"""Researcher-led interviews: markers, probes, notes, the continuous recording and its transcripts."""

from __future__ import annotations

import asyncio
import json


def test_researcher_led_session_with_markers_probes_notes_and_background_transcripts(sessions, tui):
    app = tui.make_app(sessions, mode="conduct", texts=["I get up at seven", "and then I walk the dog"])
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.wait_for(pilot, lambda: app.screen.check is not None and app.screen.check.ok)
            await pilot.press("b")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ReadingScreen")
            await pilot.press("enter")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ConsentScreen")
            seen["lead"] = str(app.screen.query_one("#consent-count").render())
            await pilot.press("y", "y", "y", "enter")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ConductScreen")
            screen = app.screen
            top = lambda: str(screen.query_one("#conduct-top").render())  # noqa: E731
            await tui.wait_for(pilot, lambda: "● REC" in top())
            seen["question"] = str(screen.query_one("#conduct-question").render())
            seen["top"] = top()
            await pilot.press("a", "b", "slash", *"nervous laugh", "enter")
            await pilot.pause(1.2)  # the participant talks for a while
            app.services.recorder.close_segment()  # and the recorder closes a segment
            await tui.wait_for(pilot, lambda: "I get up" in str(screen.query_one("#heard").render()))
            await pilot.press("n")  # answered: the engine suggests a probe
            await tui.wait_for(pilot, lambda: "Probe:" in str(screen.query_one("#conduct-question").render()))
            seen["probe"] = str(screen.query_one("#conduct-question").render())
            await tui.wait_for(pilot, lambda: "your choice" in str(screen.query_one("#probes").render()))
            seen["probes"] = str(screen.query_one("#probes").render())
            await pilot.press("1")  # ask the interviewer's-choice probe instead (marked as asked)
            seen["chosen"] = str(screen.query_one("#conduct-question").render())
            await pilot.press("p", "s")  # a probe of the researcher's own, then skip
            await pilot.press("x")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "StopScreen")
            await pilot.press("k")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ConductEndScreen")
            status = app.screen.query_one("#end-status")
            await tui.wait_for(pilot, lambda: "Everything is saved" in str(status.render()))

    asyncio.run(scenario())
    assert "Read this to the participant" in seen["lead"]
    assert seen["question"] == "Question: What does a usual morning look like for you?"
    assert "Theme 1/2 Mornings 00:00 / 04:00" in seen["top"]
    assert seen["probe"].startswith("Probe: Could you tell me about yesterday morning?")
    assert "1 How do you feel about your mornings?  (your choice)" in seen["probes"]
    assert seen["chosen"] == "Probe: How do you feel about your mornings?"
    events = tui.journal(sessions)
    marks = [(e["label"], e.get("text")) for e in events if e["type"] == "marker" and e["label"] != "choice"]
    assert ("question_asked", "What does a usual morning look like for you?") in marks
    assert ("bookmark", None) in marks or ("bookmark", "") in marks
    assert [m for m in marks if m[0] == "probe_asked"] == [("probe_asked", "morning-feeling"), ("probe_asked", "own probe")]
    assert [e["text"] for e in events if e["type"] == "note"] == ["nervous laugh"]
    answer = next(e for e in events if e["type"] == "answer")
    assert answer["source"] == "researcher" and answer["text"] == "I get up at seven"
    assert any(e["type"] == "skip" and e["by"] == "researcher" for e in events)
    segments = [e for e in events if e["type"] == "recording_segment"]
    transcripts = [e for e in events if e["type"] == "transcript"]
    assert len(segments) == 2 and len(transcripts) == 2
    assert all(t.get("prompt_id") is None for t in transcripts)
    elapsed = [e["elapsed"] for e in events]
    assert elapsed == sorted(elapsed)  # every key press is time-stamped, in order
    assert elapsed[-1] > elapsed[1] > 0
    view = json.loads((next(p for p in sessions.iterdir() if p.is_dir()) / "session.json").read_text())
    assert view["meta"]["status"] == "stopped"
    heard = " ".join(s["text"] for t in view["turns"] for s in t["segments"])
    assert "I get up at seven" in heard


def test_quitting_mid_interview_keeps_the_last_recording_segment(sessions, tui):
    app = tui.make_app(sessions, mode="conduct")

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            top = app.screen.query_one("#conduct-top")
            await tui.wait_for(pilot, lambda: "● REC" in str(top.render()))
            await pilot.press("ctrl+q")  # the recorder closes its open segment as the app quits

    asyncio.run(scenario())
    events = tui.journal(sessions)
    segments = [e for e in events if e["type"] == "recording_segment"]
    assert len(segments) == 1
    folder = next(p for p in sessions.iterdir() if p.is_dir())
    assert (folder / segments[0]["audio_file"]).is_file()
    view = json.loads((folder / "session.json").read_text())
    assert view["meta"]["status"] == "interrupted"

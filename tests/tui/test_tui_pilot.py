"""Pilot rehearsals: a rating of clarity and relevance after each question, in either role."""

from __future__ import annotations

import asyncio


def test_pilot_as_participant_rates_each_question_and_may_comment_after(sessions, tui):
    app = tui.make_app(sessions, mode="pilot", role="self")

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            await tui.answer(pilot, "I get up at six and go running before work every day")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "RatingScreen")
            await pilot.press("4", "5")
            await pilot.pause(0.2)
            assert tui.screen_name(app) == "RatingScreen"  # it waits: `c` may still add a comment
            await pilot.press("enter")
            await tui.wait_for(pilot, lambda: "breakfast" in tui.prompt_text(app))
            await tui.answer(pilot, "Porridge with honey and a large mug of strong coffee")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "RatingScreen")
            await pilot.press("2", "3", "c", *"Too obvious", "enter")  # rate, then comment
            await tui.wait_for(pilot, lambda: "evenings" in tui.prompt_text(app))
            await pilot.press("ctrl+k")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "RatingScreen")
            await pilot.press("escape")  # no rating for this one
            await tui.wait_for(pilot, lambda: "sleep" in tui.prompt_text(app))

    asyncio.run(scenario())
    events = tui.journal(sessions)
    assert events[0]["mode"] == "pilot"
    assert ("pilot_role", "self") in [(e.get("label"), e.get("text")) for e in events if e["type"] == "marker"]
    ratings = [(e["question_id"], e.get("clarity"), e.get("relevance"), e.get("comment", ""))
               for e in events if e["type"] == "rating"]
    assert ratings == [("morning", 4, 5, ""), ("breakfast", 2, 3, "Too obvious")]


def test_pilot_as_researcher_rates_after_moving_on(sessions, tui):
    app = tui.make_app(sessions, mode="pilot", role="conduct")

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            await pilot.press("s")  # skip the first question: leaving it asks for a rating
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "RatingScreen")
            await pilot.press("1", "3", "enter")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ConductScreen")
            question = str(app.screen.query_one("#conduct-question").render())
            assert "breakfast" in question

    asyncio.run(scenario())
    ratings = [(e["question_id"], e["clarity"], e["relevance"]) for e in tui.journal(sessions) if e["type"] == "rating"]
    assert ratings == [("morning", 1, 3)]

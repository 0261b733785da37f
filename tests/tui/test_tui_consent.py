"""Consent: nothing starts, records or saves an answer without it."""

from __future__ import annotations

import asyncio

from textual.widgets import Button


async def _to_consent(pilot, tui):
    app = pilot.app
    await tui.wait_for(pilot, lambda: app.screen.check is not None and app.screen.check.ok)
    await pilot.press("b")
    await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ReadingScreen")
    await pilot.press("enter")
    await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ConsentScreen")


def test_refused_consent_records_nothing(sessions, tui):
    app = tui.make_app(sessions)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await _to_consent(pilot, tui)
            # a required statement refused (the optional one agreed): the interview does not start
            await pilot.press("n", "y", "y")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ReadingScreen")
            assert "will not start" in str(app.screen.query_one(".body").render())
            assert app.controller is None

    asyncio.run(scenario())
    events = tui.journal(sessions)
    assert [e["type"] for e in events] == ["session_started", "session_ended"]
    assert events[-1]["reason"] == "consent_refused"
    folder = next(p for p in sessions.iterdir() if p.is_dir())
    assert list((folder / "audio").iterdir()) == []
    assert app.services.recorder.takes == [] and app.services.recorder.current is None


def test_leaving_at_the_information_sheet_creates_no_session(sessions, tui):
    app = tui.make_app(sessions)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.wait_for(pilot, lambda: app.screen.check is not None and app.screen.check.ok)
            await pilot.press("b")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ReadingScreen")
            await pilot.press("escape")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "StartScreen")

    asyncio.run(scenario())
    assert not sessions.exists() or not [p for p in sessions.iterdir() if p.is_dir()]


def test_each_statement_is_answered_separately_with_none_preselected(sessions, tui):
    app = tui.make_app(sessions)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await _to_consent(pilot, tui)
            count = lambda: str(app.screen.query_one("#consent-count").render())  # noqa: E731
            assert not isinstance(app.focused, Button)  # neither Yes nor No is chosen for them
            assert "Statement 1 of 3" in count()
            await pilot.press("y")
            assert "Statement 2 of 3" in count()
            await pilot.press("b")  # back to the first one
            assert "Statement 1 of 3" in count()
            await pilot.press("y", "y", "n")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ReadingScreen")
            await pilot.press("enter")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "SelfInterviewScreen")

    asyncio.run(scenario())
    consent = [e for e in tui.journal(sessions) if e["type"] == "consent"]
    assert consent and consent[0]["agreed"] == ["take-part", "recording"]
    assert consent[0]["declined"] == ["quotes"]

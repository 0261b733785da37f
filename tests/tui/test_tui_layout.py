"""Layout and accessibility: everything reachable at 80x24, footer hints, monochrome (NO_COLOR)."""

from __future__ import annotations

import asyncio
import re

from interviewer.tui.screens.self_interview import SelfInterviewScreen
from interviewer.tui.screens.start import StartScreen
from interviewer.tui.screens.support import SupportScreen


def _grey(hex_colour: str) -> bool:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) <= 3


def test_no_color_renders_in_greys_only_and_support_choices_stay_on_screen(sessions, tui, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = tui.make_app(sessions, tui.SHIPPED_GUIDE)
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            await tui.answer(pilot, "Some nights I felt hopeless.")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "SupportScreen")
            await pilot.pause(0.1)
            seen["regions"] = [b.region for b in app.screen.query("#support-choices Button")]
            seen["svg"] = app.export_screenshot()

    asyncio.run(scenario())
    assert app.no_color
    # text styles and cell backgrounds (the window's decorative title-bar dots are not the app)
    colours = set(re.findall(r"fill: (#[0-9a-fA-F]{6})", seen["svg"]))
    colours |= set(re.findall(r'<rect fill="(#[0-9a-fA-F]{6})"', seen["svg"]))
    assert colours and all(_grey(c) for c in colours), sorted(c for c in colours if not _grey(c))
    assert len(seen["regions"]) == 4
    for region in seen["regions"]:  # all four choices visible without scrolling
        assert region.width > 0 and region.bottom <= 24 - 1


def test_every_action_has_a_key_shown_in_the_footer():
    for screen in (StartScreen, SelfInterviewScreen, SupportScreen):
        shown = [b for b in screen.BINDINGS if getattr(b, "show", True)]
        assert shown and all(b.description for b in shown), screen.__name__
    keys = {b.key for b in SelfInterviewScreen.BINDINGS}
    assert {"ctrl+p", "ctrl+k", "ctrl+x", "ctrl+r", "enter"} <= keys  # pause, skip, stop: one key each

"""SVG snapshots of the main screens at 80x24 and 120x40 (test guide, fixed clock, fake audio).

Update them after an intended change with `pytest tests/tui/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

FIXED_NOW = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


def _app(tui, sessions, guide, mode="self"):
    return tui.make_app(sessions, guide, mode=mode, elapsed=lambda: 0.0, now=lambda: FIXED_NOW)


async def _checked(pilot, tui):
    app = pilot.app
    await tui.wait_for(pilot, lambda: app.screen.check is not None and app.screen.check.ok)
    await tui.wait_for(pilot, lambda: "default input" in str(app.screen.query_one("#mic-line").render()))
    await pilot.pause(0.1)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_start_screen(snap_compare, tui, sessions, size):
    app = _app(tui, sessions, tui.MINI_GUIDE)
    assert snap_compare(app, terminal_size=size, run_before=lambda pilot: _checked(pilot, tui))


def test_support_step_80x24(snap_compare, tui, sessions):
    app = _app(tui, sessions, tui.MINI_GUIDE)

    async def run_before(pilot):
        await tui.open_interview(pilot)
        await tui.answer(pilot, "Some nights I felt hopeless.")
        await tui.wait_for(pilot, lambda: tui.screen_name(pilot.app) == "SupportScreen")
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_self_interview_prompt_120x40(snap_compare, tui, sessions):
    app = _app(tui, sessions, tui.MINI_GUIDE)

    async def run_before(pilot):
        await tui.open_interview(pilot)
        pilot.app.screen.query_one("#answer").cursor_blink = False  # the cursor drawn, whenever we look
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_researcher_prompter_80x24(snap_compare, tui, sessions):
    app = _app(tui, sessions, tui.MINI_GUIDE, mode="conduct")

    async def run_before(pilot):
        await tui.open_interview(pilot)
        top = pilot.app.screen.query_one("#conduct-top")
        await tui.wait_for(pilot, lambda: "● REC" in str(top.render()))
        await pilot.press("n")  # the engine suggests a probe; the interviewer's choice is listed
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def _fixed_code(monkeypatch):
    """A fixed participant code, so the end screens draw the same every time."""
    monkeypatch.setattr("interviewer.session.store.new_code", lambda taken=(): "P-7K3QX")


def test_end_screen_shows_the_code_at_the_top_80x24(snap_compare, tui, sessions, monkeypatch):
    _fixed_code(monkeypatch)
    app = _app(tui, sessions, tui.SHIPPED_GUIDE)  # long closing words and six helplines

    async def run_before(pilot):
        await tui.open_interview(pilot)
        await tui.answer(pilot, "I work in a library and like walking in the hills at weekends.")
        await tui.wait_for(pilot, lambda: pilot.app.screen.voice.prompt_id == 2)
        await pilot.press("ctrl+x")
        await tui.wait_for(pilot, lambda: tui.screen_name(pilot.app) == "StopScreen")
        await pilot.press("k")
        await tui.wait_for(pilot, lambda: tui.screen_name(pilot.app) == "MemberCheckScreen")
        await pilot.press("f")
        await tui.wait_for(pilot, lambda: tui.screen_name(pilot.app) == "ThanksScreen")
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_closing_after_stop_at_the_support_step_80x24(snap_compare, tui, sessions, monkeypatch):
    _fixed_code(monkeypatch)
    app = _app(tui, sessions, tui.MINI_GUIDE)

    async def run_before(pilot):
        await tui.open_interview(pilot)
        await tui.answer(pilot, "Some nights I felt hopeless.")
        await tui.wait_for(pilot, lambda: tui.screen_name(pilot.app) == "SupportScreen")
        await pilot.press("4")  # stop: straight to the closing words, no look back at the answers
        await tui.wait_for(pilot, lambda: tui.screen_name(pilot.app) == "ThanksScreen")
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)

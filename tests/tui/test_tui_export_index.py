"""The in-app export goes through the CLI's core path: indexed, owner-only, removed by a withdrawal."""

from __future__ import annotations

import asyncio
import stat

from interviewer.events import Mode
from interviewer.export.formats import SESSION_DEFAULTS
from interviewer.guide import load_guide
from interviewer.session.export_index import INDEX_NAME, ExportIndex
from interviewer.session.store import SessionStore
from interviewer.session.withdrawal import withdraw
from interviewer.tui.controller import InterviewController


def _finished_session(sessions, guide_path) -> str:
    """A completed self-interview with two typed answers."""
    c = InterviewController.create(SessionStore(sessions), load_guide(guide_path), guide_path, Mode.SELF)
    c.give_consent({"take-part": True, "recording": True, "quotes": False})
    c.start()
    c.answer("I get up at six and go running before work every day")
    c.answer("Porridge mostly, with honey")
    c.stop()
    c.close()
    return c.code


def test_an_in_app_export_is_indexed_and_a_withdrawal_removes_it(sessions, tui):
    code = _finished_session(sessions, tui.MINI_GUIDE)
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await tui.open_review(pilot)
            seen["held open"] = app.screen.session is not None  # Review's exclusive lock is held
            await pilot.press("x")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ExportScreen")
            await pilot.press("x")
            status = app.screen.query_one("#export-status")
            await tui.wait_for(pilot, lambda: "Written" in str(status.render()) or "Could not" in str(status.render()),
                               timeout=30)
            seen["status"] = str(status.render())
            await pilot.press("escape", "escape")

    asyncio.run(scenario())
    assert seen["held open"] and seen["status"].startswith("Written"), seen["status"]
    store = SessionStore(sessions)
    folder = store.find(code)
    written = sorted((folder / "exports").iterdir())
    assert len(written) == len(SESSION_DEFAULTS)
    assert all(p.name in seen["status"] for p in written)
    assert sorted(ExportIndex(sessions).holding(code)) == written  # the index knows every file
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)  # owner-only, as the CLI's

    withdraw(store, code)
    assert not any(p.exists() for p in written) and not folder.exists()
    assert ExportIndex(sessions).holding(code) == []
    left = sorted(p.relative_to(sessions).as_posix() for p in sessions.rglob("*") if p.is_file())
    assert left == [INDEX_NAME, f"withdrawn/{code}.json"]  # the tombstone, and an index that is empty
    assert ExportIndex(sessions).entries() == []

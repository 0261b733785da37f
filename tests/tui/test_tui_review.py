"""Review: open a finished session, see doubtful transcript passages, correct the text, export."""

from __future__ import annotations

import asyncio
import re

from interviewer.events import Mode, Segment, TranscriptEvent
from interviewer.guide import load_guide
from interviewer.session.store import SessionStore
from interviewer.tui.controller import InterviewController


def _finished_session(sessions, guide_path) -> str:
    """A completed self-interview with one typed and one spoken answer (one doubtful segment)."""
    guide = load_guide(guide_path)
    c = InterviewController.create(SessionStore(sessions), guide, guide_path, Mode.SELF)
    c.give_consent({"take-part": True, "recording": True, "quotes": False})
    c.start()
    c.answer("I get up at six and go running before work every day")
    heard = TranscriptEvent(elapsed=0.0, audio_file="audio/answer-002-1.wav", engine="fake", model="fake",
                            segments=[Segment(start=0, end=2, text="Porridge mostly,", avg_logprob=-0.2),
                                      Segment(start=2, end=3, text="with hunny", avg_logprob=-1.6)])
    c.answer("Porridge mostly, with hunny", source="spoken", transcript=heard)
    c.stop()
    c.close()
    return c.code


def test_review_highlights_doubtful_passages_corrects_and_exports(sessions, tui):
    code = _finished_session(sessions, tui.MINI_GUIDE)
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await tui.open_review(pilot)
            listing = app.screen.query_one("#turns")
            seen["items"] = [str(item.query_one("Static").render()) for item in listing.children]
            await pilot.press("down")
            seen["detail"] = str(app.screen.query_one("#detail").render())
            await pilot.press("e")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "LongTextScreen")
            box = app.screen.query_one("#text")
            assert box.cursor_location == box.document.end  # a multi-line box, the cursor after the text
            box.text = "Porridge mostly,\nwith honey"
            await pilot.press("enter")  # a new line, not a save
            assert tui.screen_name(app) == "LongTextScreen"
            box.text = "Porridge mostly, with honey"
            await pilot.press("ctrl+s")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ReviewScreen")
            await pilot.press("x")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ExportScreen")
            await pilot.press("x")
            status = app.screen.query_one("#export-status")
            await tui.wait_for(pilot, lambda: "Written" in str(status.render()), timeout=30)
            seen["exported"] = str(status.render())
            await pilot.press("escape", "escape")

    asyncio.run(scenario())
    assert seen["items"][0].startswith(" ") and seen["items"][1].startswith("?")
    assert "[?with hunny?]" in seen["detail"] and "Porridge mostly," in seen["detail"]
    events = tui.journal(sessions)
    correction = [e for e in events if e["type"] == "correction"][-1]
    assert correction == {**correction, "text": "Porridge mostly, with honey", "by": "researcher", "prompt_id": 2}
    from interviewer.export.formats import SESSION_DEFAULTS

    written = re.findall(r"\S+\.(?:md|docx|xlsx|qdpx)", seen["exported"])
    assert len(written) == len(SESSION_DEFAULTS) == 4  # the CLI's defaults, ticked
    folder = next(p for p in sessions.iterdir() if p.is_dir())
    markdown = next((folder / "exports").glob("*.md")).read_text()
    assert code in markdown and "with honey" in markdown

"""Speech recorded before the first question, corrected and checked in the editor, shown so in exports."""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path

from interviewer.events import PREAMBLE_ID
from interviewer.session.exporting import export_one
from interviewer.session.store import SessionStore

PREAMBLE = "thanks for coming Robin shall we start"
ANSWER = "I get up at seven and make coffee"


def _open_editor():
    """tests/tui/test_editor.py's way in: start screen, sessions, Review, `t` (importlib mode: load it)."""
    spec = importlib.util.spec_from_file_location("_editor_keys", Path(__file__).with_name("test_editor.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.open_editor


def test_the_preamble_is_edited_and_checked_in_the_editor_and_exported_as_corrected(sessions, tui, editing):
    code = editing.make_session(sessions, [editing.words(ANSWER, 5.0)], preamble=editing.words(PREAMBLE, 0.5))
    open_editor = _open_editor()
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_editor(pilot, tui, code)
            screen = app.screen
            seen["first rows"] = screen.area.text.split("\n")[:2]
            await pilot.press("down", "e")  # the cursor on the preamble's words
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "EditAnswerScreen")
            seen["box"] = app.screen.query_one("#answer-text").text
            app.screen.query_one("#answer-text").text = "thanks for coming [name] shall we begin"
            await pilot.press("ctrl+s")
            await tui.wait_for(pilot, lambda: "[name] shall we begin" in screen.area.text)
            await pilot.press("ctrl+home", "c")
            await tui.wait_for(pilot, lambda: str(screen.query_one("#editor-status").render()).startswith("1 of 2"))
            seen["heading"] = screen.area.text.split("\n")[0]
            await pilot.press("escape", "escape", "escape")

    asyncio.run(scenario())
    assert seen["first rows"][0].startswith("── 0:00:00 · Before the first question · preamble · unchecked")
    assert seen["first rows"][1] == f"Recording: {PREAMBLE}"
    assert seen["box"] == PREAMBLE and "✓ checked · edited" in seen["heading"]
    events = tui.journal(sessions)
    assert [(e["prompt_id"], e["text"]) for e in events if e["type"] == "correction"] == [
        (PREAMBLE_ID, "thanks for coming [name] shall we begin")]
    assert [(e["prompt_id"], e["checked"]) for e in events if e["type"] == "turn_checked"] == [(PREAMBLE_ID, True)]

    store = SessionStore(sessions)
    assert store.load(code).view.preamble_original == PREAMBLE  # the machine text is kept
    files = {p.suffix: p for p in export_one(store, code, ["md", "srt", "maxqda", "csv"])}
    for suffix in (".md", ".srt", ".txt", ".csv"):
        text = files[suffix].read_text().replace("\\[", "[").replace("\\]", "]")  # Markdown escapes them
        assert "thanks for coming [name] shall we begin" in text and "Robin" not in text, suffix
    # subtitles: the preamble's cue starts at its first word (0.5 s) and ends at its last word's end
    machine = editing.words(PREAMBLE, 0.5)
    srt = files[".srt"].read_text()
    assert "00:00:00,500 --> " in srt
    last_end = machine[-1][2]
    assert f"00:00:0{int(last_end)},{round(last_end % 1 * 1000):03d}" in srt

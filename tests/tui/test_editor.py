"""The transcript editor driven by keys: edits, find/replace, undo, check marks, jumps, labels, timings."""

from __future__ import annotations

import asyncio

from interviewer.session.retiming import corrected_words
from interviewer.session.store import SessionStore

ANSWERS = ("I get up at seven and make coffee", "Then I walk the dog around the park",
           "On weekends I sleep in until nine")


def _session(sessions, editing):
    return editing.make_session(sessions, [editing.words(ANSWERS[0], 1.0, low=(4,)),
                                           editing.words(ANSWERS[1], 9.0),
                                           editing.words(ANSWERS[2], 17.5, low=(5, 6))])


async def open_editor(pilot, tui, code):
    """From the start screen into Review of the only session, then `t` into the editor."""
    app = pilot.app
    await tui.open_review(pilot)
    await pilot.press("t")
    await tui.wait_for(pilot, lambda: tui.screen_name(app) == "EditorScreen" and app.screen.doc is not None
                       and app.screen.access == "writable")


def _corrections(tui, sessions):
    return [(e["prompt_id"], e["text"]) for e in tui.journal(sessions) if e["type"] == "correction"]


def test_editing_a_turn_replacing_and_undoing_append_corrections(sessions, tui, editing):
    code = _session(sessions, editing)
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_editor(pilot, tui, code)
            screen = app.screen
            await pilot.press("n")  # the first doubtful word: 'and' (turn 1, word 4)
            seen["low"] = screen.doc.word_at(*screen.area.cursor_location)
            await pilot.press("e")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "EditAnswerScreen")
            box = app.screen.query_one("#answer-text")
            box.text = "I get up at seven,\nthen make coffee [inaudible 0:00:04]"
            await pilot.press("ctrl+s")
            await tui.wait_for(pilot, lambda: "edited" in screen.doc.text)
            await pilot.press("ctrl+f")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "FindReplaceScreen")
            await pilot.press(*"i", "enter", *"we", "enter")  # whole word, any case: 'I' but not 'in'
            await tui.wait_for(pilot, lambda: len(_corrections(tui, sessions)) == 4)
            seen["after_replace"] = screen.doc.text
            seen["same text"] = [screen.area.text == screen.doc.text]  # rewritten in place, turn by turn
            await pilot.press("u")  # undoes the replacement in all three answers
            await tui.wait_for(pilot, lambda: len(_corrections(tui, sessions)) == 7)
            await tui.wait_for(pilot, lambda: "we get" not in screen.area.text)
            seen["same text"].append(screen.area.text == screen.doc.text)
            await pilot.press("ctrl+home", "i")
            seen["mark"] = screen.area.selected_text
            await pilot.press("escape")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ReviewScreen")
            seen["review"] = str(app.screen.query_one("#detail").render())
            await pilot.press("escape", "escape")

    asyncio.run(scenario())
    assert (seen["low"].turn, seen["low"].word) == (0, 4)
    edited = "I get up at seven,\nthen make coffee [inaudible 0:00:04]"
    assert _corrections(tui, sessions) == [
        (1, edited),
        (1, edited.replace("I get", "we get")), (2, "Then we walk the dog around the park"),
        (3, "On weekends we sleep in until nine"),
        (1, edited), (2, ANSWERS[1]), (3, ANSWERS[2]),  # the undo: each answer as it was
    ]
    assert "Participant: we get up at seven," in seen["after_replace"]
    assert seen["same text"] == [True, True]
    assert seen["mark"] == "[inaudible 0:00:04]"
    assert "then make coffee" in seen["review"]  # Review shows what the editor saved
    view = SessionStore(sessions).load(code).view
    assert view.turns[0].original_text == ANSWERS[0]  # the machine text is kept


def test_timings_after_edits_follow_the_recording(sessions, tui, editing):
    code = _session(sessions, editing)
    app = tui.make_app(sessions)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_editor(pilot, tui, code)
            await pilot.press("down", "down", "down", "down", "down", "down", "e")  # turn 2's answer
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "EditAnswerScreen")
            app.screen.query_one("#answer-text").text = "Then I take the dog round the big park"
            await pilot.press("ctrl+s")
            await tui.wait_for(pilot, lambda: len(_corrections(tui, sessions)) == 1)
            await pilot.press("escape", "escape", "escape")

    asyncio.run(scenario())
    view = SessionStore(sessions).load(code).view
    machine = {w[0]: (w[1], w[2]) for w in editing.words(ANSWERS[1], 9.0)}
    timed = {w.text: w for w in corrected_words(view.turns[1])}
    for word in ("Then", "I", "dog", "park"):  # kept: their own times in the recording
        assert (timed[word].start, timed[word].end) == machine[word] and timed[word].kept
    assert (timed["take"].start, timed["take"].end) == machine["walk"]  # replaced one for one
    assert (timed["round"].start, timed["round"].end) == machine["around"]
    big = timed["big"]  # put in between 'the' and 'park': in the pause before 'park'
    assert machine["the"][1] <= big.start <= big.end <= machine["park"][0] and not big.kept


def test_checking_turns_moves_on_and_labels_can_be_renamed(sessions, tui, editing):
    code = _session(sessions, editing)
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await open_editor(pilot, tui, code)
            screen = app.screen
            status = screen.query_one("#editor-status")
            seen["before"] = str(status.render())
            await pilot.press("c")
            await tui.wait_for(pilot, lambda: str(status.render()).startswith("1 of 3"))
            seen["cursor_turn"] = screen.doc.turn_at(screen.area.cursor_location[0])
            await pilot.press("c")
            await tui.wait_for(pilot, lambda: str(status.render()).startswith("2 of 3"))
            seen["after"] = str(status.render())
            await pilot.press("s")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "SpeakersScreen")
            app.screen.query_one("#participant-label").value = "Ana"
            await pilot.press("enter", "enter")
            await tui.wait_for(pilot, lambda: "Ana: On weekends" in screen.doc.text)
            seen["text"] = screen.doc.text
            await pilot.press("escape", "escape", "escape")

    asyncio.run(scenario())
    assert seen["before"].startswith("0 of 3 turns checked, under 1 min of audio left")
    assert seen["cursor_turn"] == 1  # checking a turn goes on to the next
    assert seen["after"].startswith("2 of 3 turns checked")
    assert seen["text"].count("✓ checked") == 2
    events = tui.journal(sessions)
    assert [(e["prompt_id"], e.get("checked", True)) for e in events if e["type"] == "turn_checked"] == [
        (1, True), (2, True)]
    assert [e["label"] for e in events if e["type"] == "speaker_label"] == ["Ana"]


def test_opened_on_its_own_it_takes_the_session_for_writing_and_read_only_when_it_is_in_use(sessions, tui, editing):
    from interviewer.tui.screens.editor import EditorScreen

    code = _session(sessions, editing)
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "StartScreen")
            app.push_screen(EditorScreen(code))
            await tui.wait_for(pilot, lambda: getattr(app.screen, "access", None) == "writable")
            await pilot.press("c")
            await tui.wait_for(pilot, lambda: str(app.screen.query_one("#editor-status").render()).startswith("1 of"))
            await pilot.press("escape")
            held = SessionStore(sessions).open(code)  # as if another window had it open
            try:
                app.push_screen(EditorScreen(code))
                await tui.wait_for(pilot, lambda: getattr(app.screen, "access", None) == "read-only")
                await pilot.press("c")
                await tui.wait_for(pilot, lambda: any("read-only" in n.message for n in app._notifications))
                seen["status"] = str(app.screen.query_one("#editor-status").render())
            finally:
                held.close()
            await pilot.press("escape")

    asyncio.run(scenario())
    assert seen["status"].startswith("1 of 3 turns checked")  # shown, but not changed
    assert [e["type"] for e in tui.journal(sessions)].count("turn_checked") == 1


def test_keys_are_rebound_from_the_command_line(sessions, tui, editing):
    import pytest

    from interviewer.cli import build_parser
    from interviewer.cli.app_cmd import build_config
    from interviewer.errors import UsageError
    from interviewer.tui.app import InterviewerApp
    from interviewer.tui.screens.editor import EditorScreen

    code = _session(sessions, editing)
    args = build_parser().parse_args(["run", "--sessions-dir", str(sessions), "--key", "editor.check=x",
                                      "--rewind-on-pause", "3"])
    config = build_config(args)
    assert (config.keymap, config.rewind_on_pause) == ({"editor.check": "x"}, 3.0)
    for bad in (["--key", "editor.check"], ["--rewind-on-pause", "5"]):
        with pytest.raises(UsageError):
            build_config(build_parser().parse_args(["run", "--sessions-dir", str(sessions), *bad]))
    app = InterviewerApp(config, tui.make_app(sessions).services)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "StartScreen")
            app.push_screen(EditorScreen(code))
            await tui.wait_for(pilot, lambda: getattr(app.screen, "access", None) == "writable")
            status = app.screen.query_one("#editor-status")
            await pilot.press("c")  # no longer bound
            await pilot.pause(0.3)
            seen["after c"] = str(status.render())
            await pilot.press("x")
            await tui.wait_for(pilot, lambda: str(status.render()).startswith("1 of"))
            seen["rewind"] = app.screen.rewind
            await pilot.press("escape")

    asyncio.run(scenario())
    assert seen["after c"].startswith("0 of 3") and seen["rewind"] == 3.0


def test_the_editor_draws_its_opening_frame_before_it_reads_the_session(sessions, tui, editing):
    from interviewer.tui.screens.editor import EditorScreen

    code = _session(sessions, editing)
    app = tui.make_app(sessions)
    first = {}

    class Watched(EditorScreen):
        """The editor, looked at when its first frame is drawn (Textual runs EditorScreen.on_mount too)."""

        def on_mount(self) -> None:
            def look() -> None:
                first["status"] = str(self.query_one("#editor-status").render())
                first["opening"] = [w for w in app.workers if w.group == "open"]
                first["text"] = self.area.text
            self.call_after_refresh(look)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "StartScreen")
            screen = Watched(code)
            app.push_screen(screen)
            await tui.wait_for(pilot, lambda: screen.access == "writable")
            first["after"] = screen.area.text
            await pilot.press("escape")

    asyncio.run(scenario())
    # the frame says what is happening; the worker that reads the journal starts only after it
    assert first["status"] == "Opening the session…" and first["opening"] == [] and first["text"] == ""
    assert ANSWERS[2] in first["after"]

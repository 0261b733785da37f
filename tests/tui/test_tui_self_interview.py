"""Self-interview through the app: typed and spoken answers, the distress step, pause, skip, stop."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Button

from interviewer.events import parse_event
from interviewer.session.derive import build_view
from interviewer.tui.fakes import FakeRecorder
from interviewer.tui.services import Level

DISTRESS_FILE = Path("audio") / "answer-distress.txt"


def test_typed_interview_through_the_shipped_guide_reaches_support_and_carries_on(sessions, tui, shared_dir):
    distress = (shared_dir / DISTRESS_FILE).read_text().strip()
    app = tui.make_app(sessions, tui.SHIPPED_GUIDE)
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            seen["first"] = tui.prompt_text(app)
            await tui.answer(pilot, "I work in a library and I like walking my dog.")
            await tui.wait_for(pilot, lambda: tui.prompt_text(app) != seen["first"])
            seen["second"] = tui.prompt_text(app)
            app.screen.query_one("#answer").text = distress
            await pilot.press("enter")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "SupportScreen")
            screen = app.screen
            seen["ack"] = str(screen.query_one(".ack").render())
            seen["resources"] = str(screen.query_one("Resources").render())
            buttons = list(screen.query("#support-choices Button"))
            seen["labels"] = [str(b.label) for b in buttons]
            seen["widths"] = {b.size.width for b in buttons}
            seen["focused"] = app.focused
            await pilot.press("3")  # carry on
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "SelfInterviewScreen")
            seen["after"] = tui.prompt_text(app)

    asyncio.run(scenario())
    assert seen["first"] == "To begin, could you tell me a little about yourself?"
    assert seen["ack"].startswith("Thank you for telling me.")
    assert "Samaritans" in seen["resources"] and "116 123" in seen["resources"]
    assert [label.split(" ", 1)[1] for label in seen["labels"]] == [
        "Pause", "Skip topic", "Carry on", "Stop"]
    assert len(seen["widths"]) == 1  # four equal choices
    assert not isinstance(seen["focused"], Button)  # none chosen for the participant
    assert seen["after"] not in (seen["second"], "")
    events = tui.journal(sessions)
    kinds = [e["type"] for e in events]
    assert kinds.count("answer") == 2 and "distress" in kinds
    assert [e["choice"] for e in events if e["type"] == "support_choice"] == ["continue"]
    assert [e["text"] for e in events if e["type"] == "answer"][1] == distress
    assert "hopeless" not in str([e for e in events if e["type"] == "distress"])
    assert kinds[-1] == "prompt" and events[-1]["text"] == seen["after"]
    assert not events[-1].get("acknowledgement")  # never a listening cue after the support step
    second = [e for e in events if e["type"] == "prompt"][1]
    cue = second.get("acknowledgement")
    assert seen["second"] == (f"{cue}\n\n{second['text']}" if cue else second["text"])


def test_spoken_answer_shows_its_transcript_and_keeps_the_correction(sessions, tui):
    app = tui.make_app(sessions, texts=["I wake up at seven an have tea"])
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            await pilot.press("ctrl+r")
            await tui.wait_for(pilot, lambda: app.screen.voice.state == "recording")
            assert app.screen.query_one("#answer-meter").display
            await pilot.press("ctrl+r")
            box = app.screen.query_one("#answer")
            await tui.wait_for(pilot, lambda: box.text != "")
            seen["heard"] = box.text
            seen["status"] = str(app.screen.query_one("#answer-status").render())
            box.text = "I wake up at seven and have tea"  # the participant corrects a word
            await pilot.press("enter")
            await tui.wait_for(pilot, lambda: tui.prompt_text(app) != "What does a usual morning look like for you?")

    asyncio.run(scenario())
    assert seen["heard"] == "I wake up at seven an have tea"
    assert "what we heard" in seen["status"]
    events = tui.journal(sessions)
    answer = next(e for e in events if e["type"] == "answer")
    assert answer["source"] == "spoken" and answer["audio_file"].startswith("audio/")
    assert (next(sessions.iterdir()) / answer["audio_file"]).is_file()
    transcript = next(e for e in events if e["type"] == "transcript")
    assert transcript["prompt_id"] == answer["prompt_id"]
    job = app.fake_transcriber.jobs[0]  # primed with the question being answered
    assert job.initial_prompt == "What does a usual morning look like for you?" and job.language == "en"
    assert transcript["segments"][0]["text"] == "I wake up at seven an have tea"
    correction = next(e for e in events if e["type"] == "correction")
    assert correction["text"] == "I wake up at seven and have tea" and correction["by"] == "participant"


def test_re_recording_asks_replace_or_add_keeps_every_take_and_silence_only_asks(sessions, tui):
    recorder = FakeRecorder(levels=[Level(-10, -20)])
    app = tui.make_app(sessions, texts=["first try", "second try", "third part"], recorder=recorder)
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            box = app.screen.query_one("#answer")
            await pilot.press("ctrl+r")
            await tui.wait_for(pilot, lambda: app.screen.voice.state == "recording")
            await pilot.press("ctrl+r")
            await tui.wait_for(pilot, lambda: box.text == "first try")
            assert box.cursor_location == box.document.end  # a correction goes after the transcript
            await pilot.press("ctrl+r")  # record again: replace or add?
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "TakeChoiceScreen")
            await pilot.press("r")
            await tui.wait_for(pilot, lambda: app.screen.voice.state == "recording")
            assert recorder.takes[0].path.exists()  # replaced, never deleted
            await pilot.pause(0.3)  # it hears speech, then a long quiet: it asks, it does not stop
            recorder.quiet = 13.0
            await tui.wait_for(pilot, lambda: "Have you finished" in str(app.screen.query_one("#answer-status").render()))
            seen["asked"] = str(app.screen.query_one("#answer-status").render())
            assert app.screen.voice.state == "recording"
            await pilot.press("enter")  # Enter finishes the take
            await tui.wait_for(pilot, lambda: box.text == "second try")
            await pilot.press("ctrl+r")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "TakeChoiceScreen")
            await pilot.press("a")
            await tui.wait_for(pilot, lambda: app.screen.voice.state == "recording")
            await pilot.press("enter")
            await tui.wait_for(pilot, lambda: box.text == "second try third part")
            await pilot.press("enter")
            await tui.wait_for(pilot, lambda: app.screen.voice.takes == [])

    asyncio.run(scenario())
    assert "keep" in seen["asked"].lower() or "carry on" in seen["asked"].lower()
    events = tui.journal(sessions)
    takes = [e for e in events if e["type"] == "take"]
    assert [t["take"] for t in takes] == [1, 2, 3] and takes[1]["replaces"] == [1] and not takes[2].get("replaces")
    assert all(t["audio_file"] and "audio_start" in t for t in takes)
    assert len([e for e in events if e["type"] == "take_ended"]) == 3
    assert all((next(sessions.iterdir()) / t["audio_file"]).is_file() for t in takes)
    answers = [e for e in events if e["type"] == "answer"]
    assert answers[0]["text"] == "second try third part" and answers[0]["source"] == "spoken"
    turn = build_view(parse_event(e) for e in events).turns[0]
    assert [t.superseded for t in turn.takes] == [True, False, False]
    assert turn.original_text == "second try third part" and not turn.corrections


def test_typing_then_speaking_keeps_the_typed_part(sessions, tui):
    app = tui.make_app(sessions, texts=["and then I have tea"])

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            box = app.screen.query_one("#answer")
            await pilot.press(*"I get up early")
            await pilot.press("ctrl+r")
            await tui.wait_for(pilot, lambda: app.screen.voice.state == "recording")
            await pilot.press("ctrl+r")
            await tui.wait_for(pilot, lambda: box.text == "I get up early and then I have tea")
            await pilot.press(*" Thanks")  # typed at once: it goes at the end
            await pilot.press("enter")
            await tui.wait_for(pilot, lambda: app.screen.voice.takes == [])

    asyncio.run(scenario())
    events = tui.journal(sessions)
    takes = [e for e in events if e["type"] == "take"]
    assert takes[0]["kind"] == "typed" and takes[0]["text"] == "I get up early"
    correction = next(e for e in events if e["type"] == "correction")
    assert correction["text"] == "I get up early and then I have tea Thanks"


def test_skip_pause_rephrase_and_typing_after_speaking(sessions, tui):
    app = tui.make_app(sessions, texts=["spoken"])
    shown = []

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            await pilot.press("ctrl+e")  # ask it another way
            shown.append(tui.prompt_text(app))
            await pilot.press("ctrl+p")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "PausedScreen")
            await pilot.press("enter")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "SelfInterviewScreen")
            shown.append(tui.prompt_text(app))
            await pilot.press("ctrl+k")  # skip: no reason asked
            await tui.wait_for(pilot, lambda: tui.prompt_text(app) != shown[-1])
            shown.append(tui.prompt_text(app))
            await tui.answer(pilot, "Toast and coffee, mostly eaten standing up.")
            await tui.wait_for(pilot, lambda: tui.prompt_text(app) != shown[-1])

    asyncio.run(scenario())
    assert shown[0] == "How do your days usually start?"
    assert shown[1] == shown[0]  # the pause kept the prompt
    assert shown[2] == "What do you usually have for breakfast?"
    kinds = [e["type"] for e in tui.journal(sessions)]
    assert kinds.count("pause") == 1 and kinds.count("resume") == 1
    skip = next(e for e in tui.journal(sessions) if e["type"] == "skip")
    assert skip["by"] == "participant" and skip["question_id"] == "morning"


def test_stop_then_member_check_then_thanks_with_the_code(sessions, tui):
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            await tui.answer(pilot, "I get up at six and go running before work every day")
            await tui.wait_for(pilot, lambda: "breakfast" in tui.prompt_text(app))
            await pilot.press(*"Porridge", "enter")
            await tui.wait_for(pilot, lambda: "evenings" in tui.prompt_text(app))
            await pilot.press("ctrl+x")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "StopScreen")
            await pilot.press("k")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "MemberCheckScreen")
            await pilot.press("down", "t")  # take back the second answer
            await pilot.press("up", "a")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "TextScreen")
            await pilot.press(*"Except on Sundays.", "enter")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "MemberCheckScreen")
            seen["line"] = str(app.screen.query_one("#t1 Static").render())
            await pilot.press("e")  # fix a typo in the whole answer, in a multi-line box
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "LongTextScreen")
            box = app.screen.query_one("#text")
            box.text = box.text.replace("six", "half past six")
            await pilot.press("ctrl+s")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "MemberCheckScreen")
            await pilot.press("f")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ThanksScreen")
            seen["thanks"] = str(app.screen.query_one("#thanks-body").render())
            seen["top"] = str(app.screen.query_one("#thanks-code").render())
            seen["code"] = app.screen.controller.code

    asyncio.run(scenario())
    assert seen["code"] in seen["top"] and "withdraw" in seen["thanks"]
    events = tui.journal(sessions)
    corrections = [(e["prompt_id"], e["text"]) for e in events if e["type"] == "correction"]
    assert corrections == [
        (2, ""), (1, "I get up at six and go running before work every day Except on Sundays."),
        (1, "I get up at half past six and go running before work every day Except on Sundays.")]
    assert "…" not in seen["line"] and "every day Except on Sundays." in seen["line"]  # whole, not cut
    ended = [e for e in events if e["type"] == "session_ended"]
    assert [e["reason"] for e in ended] == ["stopped"]
    status = (next(sessions.iterdir()) / "session.json").read_text()
    assert '"status": "stopped"' in status


def test_stop_and_withdraw_deletes_what_was_said(sessions, tui):
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            await tui.answer(pilot, "I get up at six and go running before work every day")
            await tui.wait_for(pilot, lambda: "breakfast" in tui.prompt_text(app))
            await pilot.press("ctrl+x")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "StopScreen")
            await pilot.press("w")  # withdrawal asks once more, in plain words
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "WithdrawScreen")
            seen["asked"] = " ".join(str(w.render()) for w in app.screen.query("Static"))
            await pilot.press("escape")  # going back deletes nothing
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "SelfInterviewScreen")
            assert [p for p in sessions.iterdir() if p.is_dir() and p.name != "withdrawn"]
            await pilot.press("ctrl+x")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "StopScreen")
            await pilot.press("w")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "WithdrawScreen")
            await pilot.press("d")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ThanksScreen")
            seen["thanks"] = str(app.screen.query_one("#thanks-body").render())
            seen["code"] = app.screen.controller.code

    asyncio.run(scenario())
    assert "recordings" in seen["asked"] and "cannot be undone" in seen["asked"] and seen["code"] in seen["asked"]
    assert "deleted" in seen["thanks"]
    assert [p for p in sessions.iterdir() if p.is_dir() and p.name != "withdrawn"] == []
    assert (sessions / "withdrawn" / f"{seen['code']}.json").is_file()


def test_enter_right_after_fast_typing_sends_the_whole_answer(sessions, tui):
    """Keys that arrive in one burst (a fast typist, tmux send-keys) are all in the answer sent."""
    from textual import events

    app = tui.make_app(sessions)
    text = "I get up at six and go running before work every single day of the week"

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            first = tui.prompt_text(app)
            for ch in text:  # posted without waiting, as a terminal delivers a burst of input
                app.post_message(events.Key("space" if ch == " " else ch, ch))
            app.post_message(events.Key("enter", "\r"))
            await tui.wait_for(pilot, lambda: tui.prompt_text(app) != first)

    asyncio.run(scenario())
    assert [e["text"] for e in tui.journal(sessions) if e["type"] == "answer"] == [text]


def test_progress_drafts_and_a_question_without_other_words(sessions, tui):
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.open_interview(pilot)
            seen["progress"] = str(app.screen.query_one("#progress").render())
            await tui.answer(pilot, "I get up at six and go running before work every day")
            await tui.wait_for(pilot, lambda: "breakfast" in tui.prompt_text(app))
            seen["progress2"] = str(app.screen.query_one("#progress").render())
            await pilot.press(*"Toast and")
            await tui.wait_for(pilot, lambda: any(e["type"] == "draft" for e in tui.journal(sessions)))
            await pilot.press("ctrl+e")  # this question has no other wording
            await pilot.pause(0.1)
            seen["status"] = str(app.screen.query_one("#answer-status").render())
            seen["box"] = app.screen.query_one("#answer").text

    asyncio.run(scenario())
    assert seen["progress"] == "Theme 1 of 2 · question 1 of 4 · 0 of 10 min"
    assert seen["progress2"].startswith("Theme 1 of 2 · question 2 of 4")
    assert "no other words" in seen["status"]
    assert seen["box"] == "Toast and"  # asking again keeps what was typed
    draft = next(e for e in tui.journal(sessions) if e["type"] == "draft")
    assert draft["text"] == "Toast and"

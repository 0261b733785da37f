"""Review: fix who spoke a passage of a researcher-led interview with one key; journalled, shown at once."""

from __future__ import annotations

import asyncio

from interviewer.events import AnswerEvent, Mode, PromptEvent, Segment, TranscriptEvent
from interviewer.guide import load_guide
from interviewer.session.store import SessionStore

NUDGE = "Right, go on."


def _conduct_session(sessions, guide_path, mode: Mode = Mode.CONDUCT) -> str:
    """A finished researcher-led session: one question, three live utterances all tagged the participant's."""
    guide = load_guide(guide_path)
    session = SessionStore(sessions).create(guide, guide_path, mode)
    session.append(PromptEvent(elapsed=1.0, prompt_id=1, kind="question", theme_id="mornings",
                               question_id="morning", text="Tell me about your mornings.", reason="first question"))
    for n, (start, text) in enumerate([(4.0, "I get up at six."), (7.0, NUDGE), (10.0, "Then I run.")], 1):
        session.append(TranscriptEvent(
            elapsed=start + 2, prompt_id=1, audio_file="audio/live", utterance=n, engine="fake", model="fake",
            segments=[Segment(start=start, end=start + 1.5, text=text, speaker="participant", avg_logprob=-0.1)]))
    session.append(AnswerEvent(elapsed=13.0, prompt_id=1, text="", source="spoken"))
    code = session.code
    session.close("completed")
    return code


def _footer(app) -> list[str]:
    return [key.description for key in app.screen.query("FooterKey")]


def test_s_gives_the_selected_passage_to_the_other_speaker(sessions, tui):
    code = _conduct_session(sessions, tui.MINI_GUIDE)
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(110, 30)) as pilot:
            await tui.open_review(pilot)
            detail = app.screen.query_one("#detail")
            seen["footer"] = _footer(app)
            seen["before"] = str(detail.render())
            await pilot.press("s")  # no passage selected yet: nothing is journalled
            await pilot.press("n", "n")
            await pilot.press("s")
            seen["fixed"] = str(detail.render())
            seen["answer"] = app.screen.view.turns[0].text
            await pilot.press("s")  # and back again: the latest fix wins
            seen["back"] = str(detail.render())
            await pilot.press("escape", "escape")

    asyncio.run(scenario())
    assert "Fix speaker" in seen["footer"]
    assert "Participant: I get up at six. Right, go on. Then I run." in seen["before"]
    assert "Participant: I get up at six. \nInterviewer: Right, go on. \nParticipant: Then I run." in seen["fixed"]
    assert f"Passage 2 of 3, 7.0–8.5 s: {NUDGE} (Interviewer speaking;" in seen["fixed"]
    assert seen["answer"] == "I get up at six. Then I run."
    assert f"Passage 2 of 3, 7.0–8.5 s: {NUDGE} (Participant speaking;" in seen["back"]
    fixes = [e for e in tui.journal(sessions) if e["type"] == "segment_speaker"]
    assert [(e["start"], e["end"], e["speaker"]) for e in fixes] == [(7.0, 8.5, "interviewer"),
                                                                     (7.0, 8.5, "participant")]
    record = SessionStore(sessions).load(code)  # read back from the journal: fixed, then fixed back
    assert [s.speaker for s in record.view.turns[0].segments] == ["participant"] * 3


def test_a_self_interview_has_no_speaker_key(sessions, tui):
    _conduct_session(sessions, tui.MINI_GUIDE, Mode.SELF)
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(110, 30)) as pilot:
            await tui.open_review(pilot)
            seen["footer"] = _footer(app)
            await pilot.press("n", "s")
            await pilot.press("escape", "escape")

    asyncio.run(scenario())
    assert "Fix speaker" not in seen["footer"] and "Next passage" in seen["footer"]
    assert not [e for e in tui.journal(sessions) if e["type"] == "segment_speaker"]

"""A kit session keeps the participant's transcript on import and can be re-transcribed with another model."""

from __future__ import annotations

import asyncio
import json

import pytest

from interviewer.cli import main

pytestmark = pytest.mark.slow

TYPED = ["Breakfast is usually porridge with honey and a sliced banana, eaten standing up",
         "In the evening I walk along the canal towpath with my neighbour and her old dog",
         "Weekends feel slower because I visit the market and cook a long lunch for friends",
         "I would add that routines matter to me because they keep my week calm and steady"]


def test_imported_kit_session_is_re_transcribed_with_the_built_in_model(tmp_path, kit_file, keys, kit_tools,
                                                                        audio_dir):
    participant, sealed_dir = tmp_path / "p" / "sessions", tmp_path / "p" / "Documents"
    heard = "It was fine I guess"  # what the participant's (fake) model made of it
    app = kit_tools.join_app(kit_file, participant, sealed_dir, texts=[heard])

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await kit_tools.through_consent(pilot)
            await kit_tools.speak_fake(pilot, heard)
            await kit_tools.type_answers(pilot, TYPED)
            await pilot.press("y")
            await kit_tools.wait_for(pilot, lambda: kit_tools.screen(app) == "ThanksScreen")

    asyncio.run(scenario())
    research = tmp_path / "research"
    sealed = next(sealed_dir.glob("*.sealed-interview"))
    assert main(["sessions", "import", str(sealed), "--identity", str(keys[1]), "--sessions-dir", str(research)]) == 0
    folder = next(p for p in research.iterdir() if not p.name.startswith("."))
    code = folder.name.rsplit("_", 1)[1]
    journal = folder / "journal.jsonl"
    spoken = next(e for e in map(json.loads, journal.read_text().splitlines()[1:]) if e["type"] == "answer")
    # the fake recorder wrote silence: put the speech in its place, as a real recording would hold it
    (folder / spoken["audio_file"]).write_bytes((audio_dir / "answer-first-use.wav").read_bytes())
    assert main(["transcribe", code, "--sessions-dir", str(research)]) == 0  # already transcribed: kept
    assert sum(json.loads(line)["type"] == "transcript" for line in journal.read_text().splitlines()[1:]) == 1
    assert main(["transcribe", code, "--force", "--sessions-dir", str(research)]) == 0
    transcripts = [e for e in map(json.loads, journal.read_text().splitlines()[1:]) if e["type"] == "transcript"]
    assert [t["model"] for t in transcripts][0] == "fake" and len(transcripts) == 2
    assert transcripts[1]["model"] != "fake"
    from interviewer.session.store import SessionStore

    turn = next(t for t in SessionStore(research).load(code).view.turns if t.source == "spoken")
    text = " ".join(s.text for s in turn.segments).lower()
    assert "worrying me about work" in text  # the newer transcript is the one shown
    assert "worrying me about work" in turn.text.lower()  # uncorrected speech: its text is the transcript
    assert transcripts[0]["segments"][0]["text"] == heard  # the participant-side one is kept in the journal

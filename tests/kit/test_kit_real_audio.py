"""A kit session with a spoken answer through the real path: PulseAudio → Recorder → Whisper → sealed."""

from __future__ import annotations

import asyncio
import json

import pytest

from interviewer.cli import main
from interviewer.tui.services import real_services

pytestmark = [pytest.mark.audio, pytest.mark.slow]

TYPED = ["Breakfast is usually porridge with honey and a sliced banana, eaten standing up",
         "In the evening I walk along the canal towpath with my neighbour and her old dog",
         "Weekends feel slower because I visit the market and cook a long lunch for friends",
         "I would add that routines matter to me because they keep my week calm and steady"]


def test_spoken_answer_in_a_kit_is_sealed_with_its_audio_and_transcript(tmp_path, keys, kit_tools, audio_dir,
                                                                        pulse_server):
    kits = tmp_path / "kits"
    assert main(["study", "kit", str(kit_tools.MINI_GUIDE), "--recipient", str(keys[0]), "--out", str(kits),
                 "--contact", kit_tools.CONTACT]) == 0  # the built-in model: always there, offline
    participant, sealed_dir = tmp_path / "p" / "sessions", tmp_path / "p" / "Documents"
    app = kit_tools.join_app(kits / "mini-study.interviewkit", participant, sealed_dir, services=real_services())
    tools, seen = kit_tools, {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await tools.through_consent(pilot)
            await tools.wait_for(pilot, lambda: app.model_state == "ready", timeout=120)
            await pilot.press("ctrl+r")
            await tools.wait_for(pilot, lambda: app.screen.voice.state == "recording", timeout=15)
            await tools.wait_for(pilot, lambda: app.services.recorder._rec.level is not None, timeout=15)
            player = pulse_server.play(audio_dir / "answer-first-use.wav")
            await asyncio.get_running_loop().run_in_executor(None, player.wait)
            await pilot.pause(0.5)
            await pilot.press("ctrl+r")
            box = app.screen.query_one("#answer")
            await tools.wait_for(pilot, lambda: box.text.strip() != "", timeout=120)
            seen["heard"] = box.text
            await pilot.press("enter")
            await tools.type_answers(pilot, TYPED)
            await pilot.press("y")
            await tools.wait_for(pilot, lambda: tools.screen(app) == "ThanksScreen")

    asyncio.run(scenario())
    import jiwer
    from whisper.normalizers import EnglishTextNormalizer

    normalise = EnglishTextNormalizer()
    reference = (audio_dir / "answer-first-use.txt").read_text(encoding="utf-8")
    # tiny.en through a virtual device, unprimed (the small guide has no glossary): ~4 words of 48
    assert jiwer.wer(normalise(reference), normalise(seen["heard"])) <= 0.15
    assert not list(participant.iterdir())
    sealed = next(sealed_dir.glob("*.sealed-interview"))
    research = tmp_path / "research"
    assert main(["sessions", "import", str(sealed), "--identity", str(keys[1]), "--sessions-dir", str(research)]) == 0
    folder = next(p for p in research.iterdir() if not p.name.startswith("."))
    events = [json.loads(line) for line in (folder / "journal.jsonl").read_text().splitlines()[1:]]
    spoken = next(e for e in events if e["type"] == "answer")
    assert spoken["source"] == "spoken" and spoken["text"] == seen["heard"]
    assert (folder / spoken["audio_file"]).stat().st_size > 16000 * 2 * 5  # seconds of speech came back
    transcript = next(e for e in events if e["type"] == "transcript")
    assert transcript["prompt_id"] == spoken["prompt_id"] and transcript["segments"]

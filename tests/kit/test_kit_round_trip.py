"""keygen → kit → join (Pilot: spoken and typed answers) → sealed file → import elsewhere → export."""

from __future__ import annotations

import asyncio
import json
import secrets
import stat
import tempfile
import time
from pathlib import Path

import pytest

from interviewer.cli import main


def _answers(token: str) -> list[str]:
    """Answers long enough that no probe asks for more; each carries the run's unique token."""
    return [f"Every morning I brew {token} coffee slowly and read the paper by the window for an hour",
            f"Breakfast is usually porridge with {token} honey and a sliced banana, eaten standing up",
            f"In the evening I walk along the canal towpath with {token} my neighbour and her old dog",
            f"Weekends feel slower because I visit the {token} market and cook a long lunch for friends",
            f"I would add that routines matter to me because {token} they keep my week calm and steady",
            # spares, should a probe ask for more on a slow run: unused ones are never typed
            f"Mostly I notice the light in the kitchen and the {token} sound of the kettle each morning",
            f"Nothing else comes to mind now, thank you for asking {token} about my ordinary days here"]


def test_keys_are_private_and_the_kit_holds_only_the_public_half(keys, kit_file):
    public, private = keys
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert "pub" in public.name
    text = kit_file.read_text()
    assert "AGE-SECRET-KEY" not in text and private.read_text().split()[-1] not in text
    recipient = public.read_text().split()[-1]
    assert f'recipient = "{recipient}"' in text
    assert 'mode = "self"' in text and 'model = "tiny.en"' in text and "expires = \"2099-12-31\"" in text
    invitation = (kit_file.parent / "mini-study-invitation.txt").read_text()
    for needed in ("macOS:", "Windows:", "Linux:", "join mini-study.interviewkit", "e-mail", "31 December 2099"):
        assert needed in invitation


def test_join_seal_import_export_and_nothing_plain_left_behind(tmp_path, kit_file, keys, kit_tools, monkeypatch):
    token = "zq" + secrets.token_hex(4)
    answers = _answers(token)
    spoken = answers[0]
    typed = answers[1:]
    participant, sealed_dir = tmp_path / "participant" / "sessions", tmp_path / "participant" / "Documents"
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    system_tmp = Path(tempfile.gettempdir())
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))  # whatever the app puts in temp lands here
    import interviewer.tui.screens.kit_start as kit_start

    monkeypatch.setattr(kit_start, "MIC_TEST_SECONDS", 0.5)
    started = time.time() - 1
    app = kit_tools.join_app(kit_file, participant, sealed_dir, texts=[spoken])
    tools, seen = kit_tools, {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await tools.wait_for(pilot, lambda: tools.screen(app) == "KitStartScreen")
            seen["start"] = str(app.screen.query_one("#kit-info").render())
            await pilot.press("t")  # the microphone check
            status = app.screen.query_one("#mic-status")
            await tools.wait_for(pilot, lambda: "could hear you" in str(status.render()))
            await tools.through_consent(pilot)
            await tools.speak_fake(pilot, spoken)  # the first answer is spoken
            await tools.type_answers(pilot, typed)
            seen["seal"] = str(app.screen.query_one("#seal-body").render())
            seen["focused"] = app.focused.id
            await pilot.press("enter")  # the default: delete the plain copy
            await tools.wait_for(pilot, lambda: tools.screen(app) == "ThanksScreen")
            seen["thanks"] = str(app.screen.query_one("#thanks-body").render())

    asyncio.run(scenario())
    assert "Everyday routines" in seen["start"] and kit_tools.CONTACT in seen["start"]
    sealed = list(sealed_dir.glob("*.sealed-interview"))
    assert len(sealed) == 1
    assert str(sealed[0]) in seen["seal"] and "e-mail" in seen["seal"] and kit_tools.CONTACT in seen["seal"]
    assert seen["focused"] == "delete"
    assert str(sealed[0]) in seen["thanks"] and "has been deleted" in seen["thanks"]

    # nothing the participant said remains in plain text on their side
    assert not list(participant.iterdir())  # the session folder is gone, and no tombstone: not withdrawn
    scanned = kit_tools.files_under(participant, sealed_dir, private_tmp)
    scanned += kit_tools.files_under(system_tmp, since=started)
    leaks = [p for p in scanned if token.encode() in _read(p)]
    assert not leaks
    assert len(scanned) >= 1  # the sealed file itself was scanned

    # the researcher imports it into a different sessions directory, then exports it
    research = tmp_path / "research" / "sessions"
    assert main(["sessions", "import", str(sealed[0]), "--identity", str(keys[1]),
                 "--sessions-dir", str(research)]) == 0
    folders = [p for p in research.iterdir() if not p.name.startswith(".")]
    assert [f.name for f in folders] == [sealed[0].name.removesuffix(".sealed-interview")]
    folder = folders[0]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.rglob("*") if p.is_file())
    events = [json.loads(line) for line in (folder / "journal.jsonl").read_text().splitlines()[1:]]
    given = [e for e in events if e["type"] == "answer"]
    assert [e["text"] for e in given] == answers[:len(given)] and len(given) >= 4
    assert given[0]["source"] == "spoken" and (folder / given[0]["audio_file"]).stat().st_size > 44
    assert any(e["type"] == "transcript" for e in events)  # the participant-side transcript is kept
    assert events[-1]["type"] == "session_ended" and events[-1]["reason"] == "completed"
    from interviewer.session.store import SessionStore
    from interviewer.transcribe.session_jobs import pending_jobs

    record = SessionStore(research).load(folder.name)
    assert [len(x) if isinstance(x, list) else x for x in pending_jobs(record)] == [0, 1]  # kept as is
    again, _ = pending_jobs(record, final_model="base")  # `transcribe CODE --final base`: a better model
    assert [job.audio_file for job in again] == [given[0]["audio_file"]]
    out = tmp_path / "exports"
    assert main(["sessions", "export", folder.name.rsplit("_", 1)[1], "--format", "md", "--out", str(out),
                 "--sessions-dir", str(research)]) == 0
    markdown = "\n".join(p.read_text() for p in out.rglob("*.md"))
    assert token in markdown and "porridge" in markdown and "What does a usual morning look like for you?" in markdown


def test_withdrawing_in_a_kit_seals_nothing_and_deletes_everything(tmp_path, kit_file, kit_tools):
    token = "wd" + secrets.token_hex(4)
    participant, sealed_dir = tmp_path / "p" / "sessions", tmp_path / "p" / "Documents"
    app = kit_tools.join_app(kit_file, participant, sealed_dir)
    tools = kit_tools

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await tools.through_consent(pilot)
            app.screen.query_one("#answer").text = f"My mornings start with {token} tea and the radio news"
            await pilot.press("enter")
            await pilot.pause(0.3)
            await pilot.press("ctrl+x")
            await tools.wait_for(pilot, lambda: tools.screen(app) == "StopScreen")
            app.screen.dismiss("withdraw")
            await tools.wait_for(pilot, lambda: tools.screen(app) == "WithdrawScreen")  # asked once more
            await pilot.press("d")
            await tools.wait_for(pilot, lambda: tools.screen(app) == "ThanksScreen")

    asyncio.run(scenario())
    assert not sealed_dir.exists() or not list(sealed_dir.iterdir())
    assert [p.name for p in participant.iterdir()] == ["withdrawn"]
    assert not [p for p in kit_tools.files_under(participant) if token.encode() in p.read_bytes()]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes() if path.stat().st_size < 50_000_000 else b""
    except OSError:
        return b""


@pytest.mark.parametrize("keep", [False, True])
def test_rehearse_a_kit_seals_it_as_join_would(tmp_path, kit_file, keys, keep, capsys):
    answers = tmp_path / "answers.txt"
    answers.write_text("\n".join(_answers("rehearsal")) + "\n")
    plain, sealed = tmp_path / "plain", tmp_path / "sealed"
    argv = ["rehearse", "--kit", str(kit_file), "--answers", str(answers), "--sealed-out", str(sealed),
            "--sessions-dir", str(plain)] + (["--keep"] if keep else [])
    assert main(argv) == 0
    files = list(sealed.glob("*.sealed-interview"))
    assert len(files) == 1 and f"as {files[0]}" in capsys.readouterr().out.replace("\n", "")
    left = [p for p in plain.iterdir()] if plain.exists() else []
    assert len(left) == (1 if keep else 0)
    research = tmp_path / "research"
    assert main(["sessions", "import", str(files[0]), "--identity", str(keys[1]),
                 "--sessions-dir", str(research)]) == 0
    assert main(["sessions", "list", "--sessions-dir", str(research)]) == 0
    assert "completed" in capsys.readouterr().out


def test_an_interrupted_kit_session_resumes_and_is_then_sealed(tmp_path, kit_file, keys, kit_tools):
    participant, sealed_dir = tmp_path / "p" / "sessions", tmp_path / "p" / "Documents"
    answers = _answers("resumed")
    tools, seen = kit_tools, {}
    first = kit_tools.join_app(kit_file, participant, sealed_dir)

    async def interrupted():
        async with first.run_test(size=(100, 30)) as pilot:
            await tools.through_consent(pilot)
            first.screen.query_one("#answer").text = answers[0]
            await pilot.press("enter")
            await tools.wait_for(pilot, lambda: "breakfast" in str(first.screen.query_one("#prompt").render()))
            await pilot.press("ctrl+q")

    asyncio.run(interrupted())
    again = kit_tools.join_app(kit_file, participant, sealed_dir)

    async def resumed():
        async with again.run_test(size=(100, 30)) as pilot:
            await tools.wait_for(pilot, lambda: tools.screen(again) == "KitStartScreen"
                                 and bool(again.screen.interrupted))
            seen["offer"] = str(again.screen.query_one("#resume-info").render())
            await pilot.press("r")
            await tools.wait_for(pilot, lambda: tools.screen(again) == "SelfInterviewScreen")
            seen["prompt"] = str(again.screen.query_one("#prompt").render())
            await tools.type_answers(pilot, answers[1:])
            await pilot.press("n")  # keep the plain copy this time
            await tools.wait_for(pilot, lambda: tools.screen(again) == "ThanksScreen")
            seen["thanks"] = str(again.screen.query_one("#thanks-body").render())

    asyncio.run(resumed())
    assert "interrupted" in seen["offer"] and "breakfast" in seen["prompt"]
    assert "A plain copy stays in" in seen["thanks"]
    assert len([p for p in participant.iterdir() if p.is_dir()]) == 1  # kept, as asked
    sealed = next(sealed_dir.glob("*.sealed-interview"))
    research = tmp_path / "research"
    assert main(["sessions", "import", str(sealed), "--identity", str(keys[1]), "--sessions-dir", str(research)]) == 0
    folder = next(p for p in research.iterdir() if not p.name.startswith("."))
    texts = [json.loads(line).get("text") for line in (folder / "journal.jsonl").read_text().splitlines()[1:]
             if json.loads(line)["type"] == "answer"]
    assert texts[0] == answers[0] and texts[1] == answers[1]


def test_when_sealing_fails_nothing_is_deleted_and_the_screen_says_why(tmp_path, kit_file, kit_tools):
    participant = tmp_path / "p" / "sessions"
    blocked = tmp_path / "p" / "not-a-folder"
    blocked.parent.mkdir()
    blocked.write_text("a file where the sealed file's folder should be")
    app = kit_tools.join_app(kit_file, participant, blocked)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await kit_tools.through_consent(pilot)
            app.screen.query_one("#answer").text = _answers("kept")[0]
            await pilot.press("enter")
            await pilot.pause(0.3)
            await pilot.press("ctrl+x")
            await kit_tools.wait_for(pilot, lambda: kit_tools.screen(app) == "StopScreen")
            app.screen.dismiss("stop")
            await kit_tools.wait_for(pilot, lambda: kit_tools.screen(app) == "MemberCheckScreen")
            await pilot.press("f")
            await kit_tools.wait_for(pilot, lambda: kit_tools.screen(app) == "ThanksScreen")
            seen["thanks"] = str(app.screen.query_one("#thanks-body").render())

    asyncio.run(scenario())
    folders = [p for p in participant.iterdir() if p.is_dir()]
    assert len(folders) == 1 and "could not be sealed" in seen["thanks"] and str(folders[0]) in seen["thanks"]
    assert kit_tools.CONTACT in seen["thanks"]


def test_a_finished_interview_left_on_the_computer_can_be_sealed_again(tmp_path, kit_file, kit_tools):
    from interviewer.kit.kitfile import read_kit
    from interviewer.kit.rehearsal import rehearse_kit

    participant, sealed_dir = tmp_path / "p" / "sessions", tmp_path / "p" / "Documents"
    first = rehearse_kit(read_kit(kit_file), _answers("again"), participant, sealed_dir, keep=True)
    first.sealed.unlink()  # say the file was lost before it was sent
    app = kit_tools.join_app(kit_file, participant, sealed_dir)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await kit_tools.wait_for(pilot, lambda: kit_tools.screen(app) == "KitStartScreen"
                                     and bool(app.screen.unsealed))
            seen["offer"] = str(app.screen.query_one("#resume-info").render())
            await pilot.press("s")
            await kit_tools.wait_for(pilot, lambda: kit_tools.screen(app) == "SealScreen" and app.screen.sealed)
            await pilot.press("y")
            await kit_tools.wait_for(pilot, lambda: kit_tools.screen(app) == "ThanksScreen")
            seen["thanks"] = str(app.screen.query_one("#thanks-body").render())

    asyncio.run(scenario())
    assert first.code in seen["offer"] and "seal it" in seen["offer"]
    assert first.code in seen["thanks"] and "has been deleted" in seen["thanks"]
    assert [p.name for p in sealed_dir.iterdir()] == [first.sealed.name]
    assert not list(participant.iterdir())

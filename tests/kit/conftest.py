"""Fixtures for the study-kit tests: a key pair, a kit of the small test guide, an app joined to it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from interviewer.cli import main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MINI_GUIDE = ROOT / "tests" / "tui" / "data" / "mini-guide.toml"
CONTACT = "Dr A. Researcher, a.researcher@example.org"


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    """(public, private) key files made by `study keygen`."""
    assert main(["study", "keygen", "--out", str(tmp_path / "keys")]) == 0
    return tmp_path / "keys" / "research-team.pub.txt", tmp_path / "keys" / "research-team.key"


@pytest.fixture
def kit_file(tmp_path: Path, keys) -> Path:
    """A kit of the small test guide made by `study kit`."""
    assert main(["study", "kit", str(MINI_GUIDE), "--recipient", str(keys[0]), "--out", str(tmp_path / "kits"),
                 "--contact", CONTACT, "--expires", "2099-12-31", "--model", "tiny.en"]) == 0
    return tmp_path / "kits" / "mini-study.interviewkit"


def join_app(kit: Path, sessions: Path, sealed: Path, texts: list[str] | None = None, services=None):
    """The app as `interviewer join KIT` builds it, on fake audio unless `services` are given."""
    from interviewer.cli import build_parser
    from interviewer.cli.join_cmd import build_config
    from interviewer.tui.app import InterviewerApp
    from interviewer.tui.fakes import FakeRecorder, FakeTranscriber
    from interviewer.tui.services import Services

    args = build_parser().parse_args(["join", str(kit), "--sessions-dir", str(sessions),
                                      "--sealed-out", str(sealed)])
    transcriber = FakeTranscriber(texts or [])
    app = InterviewerApp(build_config(args), services or Services(FakeRecorder(), lambda e, m: transcriber))
    app.fake_transcriber = transcriber
    return app


async def wait_for(pilot, condition, timeout: float = 30.0) -> None:
    """Let the app run until `condition()` holds (generous: the machine is shared)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            prompt = pilot.app.screen.query("#prompt")
            shown = f", prompt {str(prompt.first().render())!r}" if prompt else ""
            raise AssertionError(f"timed out waiting; screen is {type(pilot.app.screen).__name__}{shown}")
        await pilot.pause(0.05)


def screen(app) -> str:
    """The class name of the active screen."""
    return type(app.screen).__name__


async def through_consent(pilot) -> None:
    """From the kit's start screen, past the information sheet and consent, to the first prompt."""
    app = pilot.app
    await wait_for(pilot, lambda: screen(app) == "KitStartScreen")
    await pilot.press("b")
    await wait_for(pilot, lambda: screen(app) == "ReadingScreen")
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen(app) == "ConsentScreen")
    await pilot.press(*("y" for _ in app.screen.statements))
    await wait_for(pilot, lambda: screen(app) == "ReadingScreen")
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen(app) == "SelfInterviewScreen")


async def type_answers(pilot, answers: list[str]) -> None:
    """Type answers until the interview ends, then finish the look back and wait for the sealed file."""
    app = pilot.app
    for text in answers:
        await wait_for(pilot, lambda: screen(app) != "SelfInterviewScreen"
                       or app.screen.query_one("#answer").text == "")
        if screen(app) != "SelfInterviewScreen":
            break
        app.screen.query_one("#answer").text = text
        await pilot.press("enter")
        await pilot.pause(0.2)
    await wait_for(pilot, lambda: screen(app) == "MemberCheckScreen")
    await pilot.press("f")
    await wait_for(pilot, lambda: screen(app) == "SealScreen" and app.screen.sealed is not None, timeout=60)


async def speak_fake(pilot, heard: str) -> None:
    """Record an answer on the fake recorder; wait for its (scripted) transcript and send it."""
    app = pilot.app
    await pilot.press("ctrl+r")
    await wait_for(pilot, lambda: app.screen.voice.state == "recording")
    await pilot.press("ctrl+r")
    box = app.screen.query_one("#answer")
    await wait_for(pilot, lambda: box.text == heard)
    await pilot.press("enter")


def files_under(*roots: Path, since: float = 0.0) -> list[Path]:
    """Every plain file under the roots changed since `since` (links are not followed)."""
    found = []
    for root in roots:
        if root.is_dir():
            for path in root.rglob("*"):
                try:
                    if path.is_file() and not path.is_symlink() and path.stat().st_mtime >= since:
                        found.append(path)
                except OSError:
                    continue
    return found


@pytest.fixture
def kit_tools():
    """The helpers above, for test modules (importlib mode cannot import conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(join_app=join_app, wait_for=wait_for, screen=screen, through_consent=through_consent,
                           type_answers=type_answers, speak_fake=speak_fake, files_under=files_under, MINI_GUIDE=MINI_GUIDE, CONTACT=CONTACT)


@pytest.fixture
def pulse_server():
    """A private PulseAudio server whose null sink's monitor is this process's default input."""
    from interviewer.audio.virtual_device import private_server, unavailable

    if why := unavailable():
        pytest.skip(why)
    with private_server() as server:
        yield server

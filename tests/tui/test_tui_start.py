"""The start screen and the `run` command: guides checked first, problems shown, clear CLI errors."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from interviewer.cli import build_parser
from interviewer.cli.app_cmd import build_config, default_guide
from interviewer.errors import UsageError


def test_a_broken_guide_shows_its_problems_and_cannot_begin(sessions, tui, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('[study]\nid = "x"\ntitle = "T"\nversion = "1"\n\n[information]\nsheet = \n')
    app = tui.make_app(sessions, broken)
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.wait_for(pilot, lambda: app.screen.check is not None)
            seen["status"] = str(app.screen.query_one("#guide-status").render())
            await pilot.press("b")
            await pilot.pause(0.2)
            seen["screen"] = tui.screen_name(app)

    asyncio.run(scenario())
    assert "cannot be used" in seen["status"] and "broken.toml:7" in seen["status"]
    assert "Traceback" not in seen["status"]
    assert seen["screen"] == "StartScreen"
    assert not sessions.exists()


def test_choosing_mode_and_guide_from_the_lists(sessions, tui):
    app = tui.make_app(sessions, None)
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.2)
            await pilot.press("g")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ChoiceScreen")
            await pilot.press("enter")  # the first shipped guide (the test folder's mini guide)
            await tui.wait_for(pilot, lambda: app.screen.check is not None and app.screen.check.ok)
            await pilot.press("m")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ChoiceScreen")
            await pilot.press("down", "down", "down", "enter")  # pilot, as the researcher
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "StartScreen")
            seen["mode"] = str(app.screen.query_one("#mode-line").render())

    asyncio.run(scenario())
    assert app.config.guide_path == tui.MINI_GUIDE
    assert (app.config.mode, app.config.role) == ("pilot", "conduct")
    assert "as the researcher" in seen["mode"]


def test_run_help_has_examples_and_bad_paths_are_one_line_errors(tmp_path):
    assert "run" in build_parser().format_help()
    out = subprocess.run([sys.executable, "-m", "interviewer", "run", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "examples:" in out.stdout and "--resume CODE" in out.stdout
    missing = subprocess.run([sys.executable, "-m", "interviewer", "run", str(tmp_path / "nope.toml")],
                             capture_output=True, text=True)
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines() == [f"interviewer: no such guide file: {tmp_path / 'nope.toml'}"]


def test_config_defaults_to_the_shipped_guide(tui):
    args = build_parser().parse_args(["run", "--mode", "conduct", "--device", "3"])
    config = build_config(args)
    assert config.guide_path == default_guide() == tui.SHIPPED_GUIDE
    assert (config.mode, config.device, config.model) == ("conduct", 3, "builtin")


def test_microphone_test_shows_a_live_level_and_a_verdict(sessions, tui, monkeypatch):
    from interviewer.tui.screens import start

    monkeypatch.setattr(start, "MIC_TEST_SECONDS", 3.0)  # long enough to look at on a busy machine
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.2)
            await pilot.press("t")
            meter = app.screen.query_one("#mic-meter")
            await tui.wait_for(pilot, lambda: "dB" in str(meter.render()))
            seen["during"] = (meter.display, str(meter.render()))
            await tui.wait_for(pilot, lambda: "hear you" in str(app.screen.query_one("#mic-status").render()))
            seen["after"] = meter.display

    asyncio.run(scenario())
    assert seen["during"][0] and "-24 dB" in seen["during"][1]
    assert seen["after"] is False
    assert app.services.recorder.metering is False and app.services.recorder.takes == []


def test_sessions_dir_comes_from_the_environment_when_not_given(monkeypatch, tmp_path):
    from interviewer.session.location import default_sessions_dir

    monkeypatch.setenv("INTERVIEWER_SESSIONS_DIR", str(tmp_path / "elsewhere"))
    config = build_config(build_parser().parse_args(["run"]))
    assert config.sessions_dir == default_sessions_dir() == tmp_path / "elsewhere"
    (tmp_path / "file").write_text("x")
    with pytest.raises(UsageError, match="not a folder"):
        build_config(build_parser().parse_args(["run", "--sessions-dir", str(tmp_path / "file")]))


def test_a_bad_resume_code_is_refused_before_the_app_opens(tmp_path):
    from interviewer.errors import SessionError

    for code, why in (("not-a-code", "is not a participant code"), ("P-7K3QX", "no session P-7K3QX")):
        args = build_parser().parse_args(["run", "--resume", code, "--sessions-dir", str(tmp_path)])
        with pytest.raises(SessionError, match=why):
            build_config(args)


def test_an_english_only_model_for_a_guide_in_another_language_is_pointed_out(sessions, tui, tmp_path):
    german = tmp_path / "mini-de.toml"
    german.write_text(tui.MINI_GUIDE.read_text().replace('[study]\n', '[study]\nlanguage = "de"\n', 1))
    seen = {}
    for name, guide in (("de", german), ("en", tui.MINI_GUIDE)):
        app = tui.make_app(sessions, guide)

        async def scenario(app=app, name=name):
            async with app.run_test(size=(100, 30)) as pilot:
                await tui.wait_for(pilot, lambda: app.screen.check is not None and app.screen.check.ok)
                await pilot.pause(0.1)
                seen[name] = str(app.screen.query_one("#model-line").render())

        asyncio.run(scenario())
    assert "the guide is in 'de' and this model knows English only" in seen["de"]
    assert "English only" not in seen["en"]


def test_a_broken_guide_chosen_after_a_good_one_is_named_beside_its_own_error(sessions, tui, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('[study]\nid = "x"\ntitle = "T"\nversion = "1"\n\n[information]\nsheet = \n')
    app = tui.make_app(sessions, tui.MINI_GUIDE)
    seen = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await tui.wait_for(pilot, lambda: app.screen.check is not None and app.screen.check.ok)
            app.screen.check_guide(str(broken))  # as choosing it from the list does
            await tui.wait_for(pilot, lambda: app.screen.check is not None and not app.screen.check.ok)
            seen["line"] = str(app.screen.query_one("#guide-line").render())
            seen["status"] = str(app.screen.query_one("#guide-status").render())

    asyncio.run(scenario())
    assert "broken.toml" in seen["line"] and "mini-guide" not in seen["line"]
    assert "cannot be used" in seen["status"]

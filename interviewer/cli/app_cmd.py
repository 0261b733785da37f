"""Command 'run': open the terminal app (also what plain `interviewer` does)."""

from __future__ import annotations

import argparse
from pathlib import Path

from interviewer.cli.common import add_command
from interviewer.errors import UsageError

DEFAULT_GUIDE = "genai-mental-health.toml"
MODES = ("self", "conduct", "pilot")

DESCRIPTION = """\
Open the interview app. Choose a topic guide, the mode, the microphone and the transcription
model on the start screen, or resume an interrupted session. Modes:
  self      a participant alone: information sheet, consent, one question at a time
  conduct   researcher-led: one continuous recording, prompts, probes and markers
  pilot     rehearse a guide and rate each question's clarity and relevance
Everything stays on this machine: audio, transcripts and sessions are written under
--sessions-dir, and models are only loaded from local files."""

EXAMPLES = """\
  interviewer                                   the shipped guide, choices on the start screen
  interviewer run my-study.toml --mode conduct  a researcher-led interview with your guide
  interviewer run --mode pilot --model tiny.en  rehearse the shipped guide with a small model
  interviewer run --resume P-7K3QX              continue an interrupted session
  interviewer run --sessions-dir ~/study/sessions --device 2"""


def shipped_guides_dir() -> Path | None:
    """Return the `topic_guides/` folder of this checkout (None when not installed from one)."""
    folder = Path(__file__).resolve().parent.parent.parent / "topic_guides"
    return folder if folder.is_dir() else None


def default_guide() -> Path | None:
    """Return the shipped study guide, if this checkout has it."""
    folder = shipped_guides_dir()
    path = folder / DEFAULT_GUIDE if folder else None
    return path if path and path.is_file() else None


def register(sub) -> None:
    """Register the `run` command."""
    p = add_command(sub, "run", help="open the interview app (the default command)",
                    description=DESCRIPTION, examples=EXAMPLES)
    p.add_argument("guide", nargs="?", metavar="GUIDE", type=Path,
                   help="topic guide file (default: the shipped genai-mental-health guide)")
    p.add_argument("--mode", choices=MODES, default="self", help="who runs the interview (default: self)")
    p.add_argument("--sessions-dir", type=Path, default=None, metavar="DIR",
                   help="where sessions are saved (default: $INTERVIEWER_SESSIONS_DIR, else ./sessions)")
    p.add_argument("--model", default=None, metavar="M",
                   help="Whisper model: a name (tiny.en, base.en...) in the local cache, a local folder, "
                        "or 'builtin' (default: the built-in tiny.en)")
    p.add_argument("--engine", default=None, choices=("auto", "faster-whisper", "openai-whisper"),
                   help="transcription engine (default: auto, faster-whisper when it can run)")
    p.add_argument("--device", default=None, metavar="N",
                   help="input device index or name (default: the system's default input)")
    p.add_argument("--resume", default=None, metavar="CODE",
                   help="resume the interrupted session with this participant code")
    p.add_argument("--key", action="append", default=[], metavar="ID=KEYS",
                   help="rebind a key of the transcript editor, e.g. editor.play=f5 or editor.back=q,escape "
                        "(ids: editor.play, back, forward, slower, faster, edit, check, next_low, next_mark, "
                        "undo, replace, speakers, swap, back_out); repeatable")
    p.add_argument("--rewind-on-pause", type=float, default=2.0, metavar="S",
                   help="seconds the transcript editor steps back when playback is paused, 1-3 (default 2)")
    p.set_defaults(func=run)


def _device(value: str | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value.strip().isdigit() else value


def _keymap(pairs: list[str]) -> dict[str, str]:
    """`ID=KEYS` arguments as a Textual keymap (UsageError for a malformed one)."""
    keymap = {}
    for pair in pairs:
        name, _, keys = pair.partition("=")
        if not name.strip() or not keys.strip():
            raise UsageError(f"--key wants ID=KEYS, e.g. editor.play=f5 (got {pair!r})")
        keymap[name.strip()] = keys.strip()
    return keymap


def build_config(args: argparse.Namespace):
    """Turn the parsed arguments into the app's configuration (checks the guide path exists)."""
    from interviewer.tui.config import DEFAULT_ENGINE, DEFAULT_MODEL, AppConfig

    from interviewer.cli.common import complete_interrupted, utf8_path

    guide = utf8_path(args.guide, "guide")
    if guide is not None and not guide.is_file():
        raise UsageError(f"no such guide file: {guide}")
    from interviewer.session.location import default_sessions_dir

    sessions = utf8_path(default_sessions_dir(args.sessions_dir), "sessions dir")
    if sessions.exists() and not sessions.is_dir():
        raise UsageError(f"--sessions-dir is not a folder: {sessions}")
    complete_interrupted(sessions)
    if args.resume is not None:
        _check_resume(sessions, args.resume)
    if not 1.0 <= args.rewind_on_pause <= 3.0:
        raise UsageError(f"--rewind-on-pause must be between 1 and 3 seconds (got {args.rewind_on_pause:g})")
    if args.model is not None:
        from interviewer.transcribe.installed import locate

        locate(args.model)  # a model not on this computer is a one-line error now, never a download
    return AppConfig(
        guide_path=guide if guide is not None else default_guide(),
        mode=args.mode,
        sessions_dir=sessions,
        model=args.model or DEFAULT_MODEL,
        engine=args.engine or DEFAULT_ENGINE,
        device=_device(args.device),
        resume=args.resume,
        shipped_dir=shipped_guides_dir(),
        keymap=_keymap(args.key),
        rewind_on_pause=args.rewind_on_pause,
    )


def _check_resume(sessions: Path, code: str) -> None:
    """Refuse a --resume code that names no session, before the app opens (SessionError)."""
    from interviewer.session.store import SessionStore

    SessionStore(sessions).find(code)


def run(args: argparse.Namespace) -> int:
    """Run the app until the user quits; return its exit status."""
    return run_app(build_config(args))


def run_app(config) -> int:
    """Run the app on a configuration (the start screen's, or a kit's) and return its exit status."""
    from interviewer.tui.app import InterviewerApp

    app = InterviewerApp(config)
    try:
        app.run()
    finally:
        # after a crash inside the app too: queued answers reach the journal, the device closes
        app.shutdown()
    if config.exit_on_ready and app.ready_at is not None:
        print(f"ready_at={app.ready_at:.6f}")
    return int(app.return_code or 0)

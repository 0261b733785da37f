"""Command 'join': a participant opens a study kit and takes its self-interview."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from pathlib import Path

from interviewer.cli.common import add_command

DESCRIPTION = """\
Take part in a study from its kit (the .interviewkit file the research team sent). The app opens
straight into the study's self-interview: a microphone check, the information sheet and consent,
then one question at a time. When you finish, your answers and recordings are sealed in one
encrypted file that only the research team can open; the last screen says where it is and how to
send it, and offers to delete the plain copy on this computer. If the interview is interrupted,
run the same command again to carry on. Nothing is sent anywhere by the app itself."""

EXAMPLES = """\
  interviewer join my-study.interviewkit
  interviewer join my-study.interviewkit --sealed-out ~/Desktop"""


def register(sub) -> None:
    """Register the `join` command."""
    p = add_command(sub, "join", help="take part in a study from its kit (participants)",
                    description=DESCRIPTION, examples=EXAMPLES)
    p.add_argument("kit", metavar="KIT", type=Path, help="the study kit file (.interviewkit)")
    p.add_argument("--sessions-dir", type=Path, default=None, metavar="DIR",
                   help="where the interview is kept while it runs (default: this kit's folder in your "
                        "user data folder)")
    p.add_argument("--sealed-out", type=Path, default=None, metavar="DIR",
                   help="where the sealed file is written (default: your Documents folder)")
    p.add_argument("--device", default=None, metavar="N", help="input device index or name")
    p.set_defaults(func=run)


def default_dirs(kit) -> tuple[Path, Path]:
    """The kit's sessions folder in the user data folder, and the Documents folder for sealed files."""
    import platformdirs

    sessions = Path(platformdirs.user_data_dir("interviewer")) / "kits" / kit.kit_id
    documents = Path(platformdirs.user_documents_dir() or Path.home())
    return sessions, documents


def build_config(args: argparse.Namespace):
    """Read the kit and its guide, refuse an expired kit with nothing to resume; return the app's config."""
    from interviewer.cli.app_cmd import _device
    from interviewer.kit.kitfile import read_kit
    from interviewer.kit.rehearsal import refuse_expired
    from interviewer.session.store import SessionStore
    from interviewer.tui.config import AppConfig

    kit = read_kit(args.kit)
    guide = kit.load_guide()
    sessions, documents = default_dirs(kit)
    sessions = args.sessions_dir or sessions
    if not SessionStore(sessions).interrupted():  # an interview begun in time may be finished
        refuse_expired(kit, datetime.now(timezone.utc))
    return AppConfig(guide_path=None, mode="self", sessions_dir=sessions, model=kit.model,
                     engine=kit.engine, device=_device(args.device), kit=kit, kit_guide=guide,
                     sealed_out=args.sealed_out or documents)


def run(args: argparse.Namespace) -> int:
    """Run the app on the kit until the participant closes it."""
    from interviewer.cli.app_cmd import run_app

    return run_app(build_config(args))

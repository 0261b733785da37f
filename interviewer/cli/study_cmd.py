"""Command group 'study' (keygen, kit) and 'sessions import': the researcher's side of a kit."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from interviewer.cli.common import add_command, add_group, add_sessions_dir, open_store
from interviewer.errors import UsageError

GROUP_DESCRIPTION = """\
Self-interviews at a distance. Make the research team's key pair once (keygen), then a study kit
(kit): one file holding the guide, the mode, the model, the contact and the team's public key.
Participants run `interviewer join KIT`; their answers come back as one encrypted file that
`interviewer sessions import FILE --identity KEY` adds to the sessions directory."""

GROUP_EXAMPLES = """\
  interviewer study keygen --out ~/study/keys
  interviewer study kit my-guide.toml --recipient ~/study/keys/research-team.pub.txt \\
      --contact "Dr A. Researcher, a.researcher@example.ac.uk" --expires 2027-06-30 --out kits/
  interviewer rehearse --kit kits/my-study.interviewkit --answers answers.txt --sealed-out /tmp/try
  interviewer sessions import ~/Downloads/*.sealed-interview --identity ~/study/keys/research-team.key
"""


def register(sub) -> None:
    """Register `interviewer study` and its commands."""
    cmds = add_group(sub, "study", help="make a key pair and study kits for self-interviews at a distance",
                     description=GROUP_DESCRIPTION, examples=GROUP_EXAMPLES, dest="study_command")
    p = add_command(cmds, "keygen", help="make the research team's age key pair",
                    description=_wrap("Write research-team.pub.txt (the public key: put it in kits) and "
                    "research-team.key (the private key, owner-only: it opens every sealed session; "
                    "keep it safe and never send it). Never overwrites."),
                    examples="  interviewer study keygen --out ~/study/keys\n")
    p.add_argument("--out", metavar="DIR", type=Path, required=True, help="folder for the two key files")
    p.set_defaults(func=run_keygen)
    p = add_command(cmds, "kit", help="write a study kit for participants",
                    description=_wrap("Check GUIDE with --strict, then write STUDY.interviewkit into --out: the guide, "
                    "the mode (self), the model, the contact, the expiry date and the public key. The "
                    "kit holds no private key and no participant data; e-mail it or put it on a web page. "
                    "STUDY-invitation.txt beside it is text for the invitation: how to install the app on "
                    "macOS, Windows and Linux, how to join, and how to send the sealed file back."),
                    examples="  interviewer study kit my-guide.toml --recipient keys/research-team.pub.txt \\\n"
                    "      --contact a.researcher@example.ac.uk --out kits/\n")
    p.add_argument("guide", metavar="GUIDE", type=Path, help="topic guide (must pass `guide check --strict`)")
    p.add_argument("--recipient", metavar="PUB", type=Path, required=True, help="the public key file")
    p.add_argument("--out", metavar="DIR", type=Path, required=True, help="folder to write the kit into")
    p.add_argument("--contact", required=True, help="who participants contact for questions and withdrawal")
    p.add_argument("--expires", metavar="YYYY-MM-DD", type=_date, default=None,
                   help="the last day a session may be started (default: never expires)")
    p.add_argument("--model", default="builtin", metavar="M",
                   help="Whisper model participants transcribe with (default: builtin, tiny.en)")
    p.add_argument("--send", metavar="TEXT", default=None,
                   help="how participants send the sealed file back (default: e-mail it to --contact)")
    p.set_defaults(func=run_kit)


def _wrap(text: str) -> str:
    """A long description as lines of a width the other commands' help uses."""
    import textwrap

    return textwrap.fill(text, 95)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run_keygen(args) -> int:
    """Write a new key pair."""
    from interviewer.kit.keys import generate

    files = generate(args.out)
    print(f"public key:  {files.public}  (goes into kits)\nprivate key: {files.private}  "
          "(owner-only; keep it safe: it opens every sealed session)")
    return 0


def run_kit(args) -> int:
    """Check the guide strictly, then write the kit."""
    from interviewer.kit.keys import read_recipient
    from interviewer.kit.kitfile import build_kit, invitation_text, write_kit

    if args.expires is not None and args.expires < date.today():
        raise UsageError(f"--expires {args.expires} is in the past")
    kit = build_kit(args.guide, read_recipient(args.recipient), contact=args.contact, expires=args.expires,
                    model=args.model, send_instructions=args.send)
    path = write_kit(kit, args.out)
    invitation = path.with_name(f"{kit.study_id}-invitation.txt")
    if not invitation.exists():
        from interviewer.fileio import atomic_write

        atomic_write(invitation, invitation_text(kit, path.name), mode=0o644)
    until = f", open until {kit.expires}" if kit.expires else ""
    print(f"wrote {path} ({kit.study_title}{until})\nparticipants run:  interviewer join {path.name}\n"
          f"text for the invitation (install on macOS, Windows, Linux; sending back): {invitation}")
    return 0


def add_import(cmds) -> None:
    """Register `sessions import` on the sessions group."""
    p = add_command(cmds, "import", help="add sealed sessions returned by participants",
                    description=_wrap("Decrypt each sealed file with the research team's private key, verify the "
                    "SHA-256 of every file in it, and add the sessions to the sessions directory. Damaged, "
                    "truncated, altered, duplicated, wrong-key or expired-kit files are refused with one line "
                    "each, and then nothing is imported. Imported sessions are listed, transcribed and "
                    "exported like any other (a transcript made on the participant's computer is kept; "
                    "`interviewer transcribe CODE --model M --force` adds a better one)."),
                    examples="  interviewer sessions import returns/*.sealed-interview --identity keys/research-team.key\n")
    add_sessions_dir(p)
    p.add_argument("files", nargs="+", metavar="FILE", type=Path, help="sealed session files")
    p.add_argument("--identity", metavar="KEY", type=Path, required=True, help="the private key file")
    p.set_defaults(func=run_import)


def run_import(args) -> int:
    """Import every file, or none."""
    from interviewer.kit.importing import import_sealed
    from interviewer.kit.keys import read_identity

    store = open_store(args)
    for folder in import_sealed(args.files, read_identity(args.identity), store.root):
        print(f"imported {folder.name} into {store.root}")
    return 0


def run_kit_rehearsal(args) -> int:
    """`rehearse --kit`: the kit's interview on scripted answers, sealed as `join` would seal it."""
    from rich.console import Console

    from interviewer.cli.rehearse_cmd import RehearsalView, read_answers
    from interviewer.kit.kitfile import read_kit
    from interviewer.kit.rehearsal import rehearse_kit

    if args.answers is None or args.sealed_out is None:
        raise UsageError("--kit needs --answers FILE and --sealed-out DIR")
    kit = read_kit(args.kit)
    answers = read_answers(args.answers)
    console = Console(highlight=False, soft_wrap=True)
    view = RehearsalView(console)
    view.header(kit.load_guide())
    done = rehearse_kit(kit, answers, open_store(args).root, args.sealed_out, keep=args.keep,
                        on_event=view.event, on_step=view.step, pace=args.pace)
    view.footer(done.result)
    if done.sealed is None:
        console.print(f"Withdrawn: session {done.code} was deleted and nothing was sealed.")
    else:
        console.print(f"Sealed session {done.code} as {done.sealed}")
    return 0

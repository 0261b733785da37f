"""Command group 'sessions': list, show, export, redact, withdraw, purge and import saved sessions."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from interviewer.cli.common import add_command, add_group, add_sessions_dir, open_store, utf8_path
from interviewer.errors import UsageError

GROUP_DESCRIPTION = """\
Work with saved interview sessions. Each session is a folder under the sessions directory
(--sessions-dir, else $INTERVIEWER_SESSIONS_DIR, else ./sessions) named DATE_STUDY_CODE, where
CODE is the participant's random code (like P-7K3QX). See docs/session-format.md."""

GROUP_EXAMPLES = """\
  interviewer sessions list
  interviewer sessions show P-7K3QX
  interviewer sessions export P-7K3QX --format md xlsx qdpx
  interviewer sessions export --all --out ~/study/exports
  interviewer sessions redact P-7K3QX --deny Sarah=[SISTER] --deny Leeds=[CITY]
  interviewer sessions withdraw P-7K3QX
  interviewer sessions purge --before 2024-01-01
  interviewer sessions import P-7K3QX.sealed-interview --identity keys/research-team.key
"""


def register(sub) -> None:
    """Register `interviewer sessions` and its commands."""
    cmds = add_group(sub, "sessions", help="list, show, export, redact, withdraw, purge or import sessions",
                     description=GROUP_DESCRIPTION, examples=GROUP_EXAMPLES, dest="sessions_command")
    from interviewer.cli.study_cmd import add_import

    for build in (_list, _show, _export, _redact, _withdraw, _purge, add_import):
        build(cmds)


def _warn(lines: list[str]) -> None:
    for line in lines:
        print(f"interviewer: warning: {line}", file=sys.stderr)


def _console():
    from rich.console import Console

    return Console(highlight=False)


def _list(cmds) -> None:
    p = add_command(cmds, "list", help="a table of every session and its status",
                    description="List every session: code, study and guide version, mode, status (completed, "
                    "stopped, in progress, or interrupted: ended without finishing and resumable), start, "
                    "duration, number of turns and whether the speech is transcribed.",
                    examples="  interviewer sessions list\n  interviewer sessions list --interrupted\n"
                    "  interviewer sessions list --sessions-dir ~/study/sessions\n")
    add_sessions_dir(p)
    p.add_argument("--interrupted", action="store_true", help="only sessions that can be resumed")
    p.set_defaults(func=run_list)


def run_list(args) -> int:
    """Print the sessions table."""
    from interviewer.session.render import sessions_plain, sessions_table

    store = open_store(args)
    summaries = store.interrupted() if args.interrupted else store.list()
    for s in summaries:
        _warn([f"{s.code}: {w}" for w in s.warnings] + ([f"{s.code}: {s.problem}"] if s.problem else []))
    if not summaries:
        print(f"no sessions in {store.root}", file=sys.stderr)
        return 0
    if sys.stdout.isatty():
        _console().print(sessions_table(summaries))
    else:
        sys.stdout.write(sessions_plain(summaries))  # a pipe or a log gets every value whole
    return 0


def _show(cmds) -> None:
    p = add_command(cmds, "show", help="print a session as a readable transcript",
                    description="Print the interview as a transcript: theme headings, each prompt and answer "
                    "with times, corrections marked beside the original, notes and markers, skips, pauses, "
                    "and distress flags (shown as flags; the words that raised them are not repeated).",
                    examples="  interviewer sessions show P-7K3QX\n"
                    "  interviewer sessions show P-7K3QX --redacted | less -R\n")
    add_sessions_dir(p)
    p.add_argument("code", metavar="CODE", help="participant code (or the session folder name)")
    p.add_argument("--redacted", action="store_true", help="show the redacted copy (see `redact`)")
    p.set_defaults(func=run_show)


def run_show(args) -> int:
    """Print one session's transcript."""
    from interviewer.session.redact import load_redacted
    from interviewer.session.render import print_transcript

    store = open_store(args)
    record = store.load(args.code)
    _warn(record.warnings)
    view = load_redacted(record.folder, record.view.last_seq, store.root) if args.redacted else record.view
    from interviewer.cli.terminal import terminal_safe

    print_transcript(terminal_safe(view), _console())
    return 0


def _export(cmds) -> None:
    from interviewer.export.formats import SESSION_DEFAULTS, STUDY_DEFAULTS

    p = add_command(cmds, "export", help="write transcripts, coding sheets, subtitles, REFI-QDA projects",
                    description="Export one session (CODE) into its exports/ folder, or with --all every "
                    "session, study by study, into <sessions dir>/exports/<study>/ (open sessions are "
                    "skipped). --redacted exports the redacted copy made by `redact` (never with audio); a "
                    "study whose deny.toml sets redacted_exports_only = true is always exported that way.\n"
                    f"Defaults: {' '.join(SESSION_DEFAULTS)} for one session; {' '.join(STUDY_DEFAULTS)} "
                    "(and pilot, for pilot sessions) for --all. --list-formats names them all.",
                    examples="  interviewer sessions export P-7K3QX\n"
                    "  interviewer sessions export P-7K3QX --format srt vtt --out ~/subtitles\n"
                    "  interviewer sessions export --all --format xlsx matrix\n"
                    "  interviewer sessions export --all --redacted --study chatbot-wellbeing\n")
    add_sessions_dir(p)
    p.add_argument("code", nargs="?", metavar="CODE", help="participant code (omit with --all)")
    p.add_argument("--all", action="store_true", help="every session, with study-wide files")
    p.add_argument("--study", metavar="ID", help="with --all: only this study")
    p.add_argument("--format", nargs="+", metavar="F", dest="formats", help="formats to write")
    p.add_argument("--out", type=Path, metavar="DIR", help="write here instead of the default folder")
    p.add_argument("--redacted", action="store_true", help="export the redacted copy only")
    p.add_argument("--sheet-unit", choices=("segment", "sentence"), default="segment",
                   help="coding-sheet rows: one per answer segment (default) or per sentence")
    p.add_argument("--list-formats", action="store_true", help="print the formats and exit")
    p.set_defaults(func=run_export)


def run_export(args) -> int:
    """Export one session or all of them."""
    from interviewer.session.exporting import export_all, export_one

    if args.list_formats:
        from interviewer.export import FORMATS

        for name, description in FORMATS.items():
            print(f"{name:8} {description}")
        return 0
    if args.all == bool(args.code):
        raise UsageError("give a participant CODE or --all (not both)")
    if args.study and not args.all:
        raise UsageError("--study goes with --all")
    utf8_path(args.out, "--out")
    store = open_store(args)
    if args.all:
        result = export_all(store, args.formats, args.out, redacted=args.redacted, study=args.study,
                            sheet_unit=args.sheet_unit)
        _warn([f"skipped {line}" for line in result.skipped])
        files = result.files
    else:
        files = export_one(store, args.code, args.formats, args.out, redacted=args.redacted,
                           sheet_unit=args.sheet_unit)
    for path in files:
        print(path)
    return 0


def _redact(cmds) -> None:
    p = add_command(cmds, "redact", help="write a pseudonymised copy of a session",
                    description="Write a redacted copy of the session (redacted/session.json) and a replacement "
                    "log (redacted/replacements.jsonl: where each replacement was made, by offsets, never the "
                    "original words). Names and places come from the study's deny-list in "
                    "<sessions dir>/deny.toml, from --deny-file, and from --deny (remembered for this "
                    "session); e-mail addresses, phone numbers, URLs and postcodes are always replaced. "
                    "The original journal is never changed; re-run it any time.",
                    examples="  interviewer sessions redact P-7K3QX\n"
                    "  interviewer sessions redact P-7K3QX --deny Sarah=[SISTER] --deny \"St Mary's=[HOSPITAL]\"\n"
                    "  interviewer sessions redact P-7K3QX --deny-file names.toml\n")
    add_sessions_dir(p)
    p.add_argument("code", metavar="CODE", help="participant code")
    p.add_argument("--deny", action="append", default=[], metavar="NAME=REPLACEMENT",
                   help="a name or place and its replacement (repeatable)")
    p.add_argument("--deny-file", type=Path, metavar="FILE", help="TOML or JSON table of NAME = REPLACEMENT")
    p.set_defaults(func=run_redact)


def run_redact(args) -> int:
    """Redact one session."""
    from interviewer.session.denylist import parse_deny_args
    from interviewer.session.redact import redact_session

    result = redact_session(open_store(args), args.code, parse_deny_args(args.deny), args.deny_file)
    print(f"{result.replacements} replacements ({result.deny_entries} deny-list entries)")
    print(result.session_json)
    print(result.log)
    return 0


def _withdraw(cmds) -> None:
    p = add_command(cmds, "withdraw", help="delete every file of a participant, leaving a tombstone",
                    description="Withdraw a participant: delete their session folder (journal, audio, "
                    "transcripts, redacted copy, exports), every export that holds their data wherever it "
                    "was written (study-wide files included: re-run `export --all` afterwards), their "
                    "export-index entries and any stray file under the sessions dir naming their code. Only "
                    "withdrawn/CODE.json remains: the code, the time and how many files were removed.",
                    examples="  interviewer sessions withdraw P-7K3QX\n  interviewer sessions withdraw P-7K3QX --yes\n")
    add_sessions_dir(p)
    p.add_argument("code", metavar="CODE", help="participant code")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=run_withdraw)


def run_withdraw(args) -> int:
    """Withdraw one participant."""
    from interviewer.session.retention import withdraw

    store = open_store(args)
    folder = store.find(args.code)
    _confirm(args.yes, f"Delete every file of {folder.name} (cannot be undone)?")
    tombstone, removal = withdraw(store, folder.name)
    counts = ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in tombstone.removed.items() if n)
    print(f"withdrew {tombstone.code}: removed {counts or 'nothing'}")
    _warn([f"{tombstone.code} is mentioned in another session's file (kept): {p}" for p in removal.mentioned_in]
          + removal.warnings)
    return 0


def _purge(cmds) -> None:
    p = add_command(cmds, "purge", help="delete sessions started before a date (retention)",
                    description="Delete every session that started before DATE (local date, YYYY-MM-DD), with "
                    "its indexed exports, and tombstones written before DATE. Open sessions are skipped.",
                    examples="  interviewer sessions purge --before 2024-01-01\n"
                    "  interviewer sessions purge --before 2024-01-01 --yes   # in a scheduled job\n")
    add_sessions_dir(p)
    p.add_argument("--before", required=True, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=run_purge)


def run_purge(args) -> int:
    """Apply a retention date."""
    from interviewer.session.retention import describe, purge, purge_candidates

    try:
        before = date.fromisoformat(args.before)
    except ValueError:
        raise UsageError(f"--before {args.before!r}: expected a date like 2024-01-31") from None
    store = open_store(args)
    doomed = purge_candidates(store, before)
    names = ", ".join(describe(s) for s in doomed) or "none"
    _confirm(args.yes, f"Delete {len(doomed)} session(s) started before {before} ({names}) and older tombstones?")
    report = purge(store, before, only={s.code for s in doomed})
    print(f"purged {len(report.sessions)} session(s) ({report.files} files) and {report.tombstones} tombstone(s)")
    for code in report.sessions:
        print(f"  {next((describe(s) for s in doomed if s.code == code), code)}")
    _warn([f"skipped open session {code}" for code in report.skipped_open] + report.warnings)
    return 0


def _confirm(yes: bool, question: str) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise UsageError("refusing to delete without confirmation: add --yes")
    if input(f"{question} [y/N] ").strip().lower() not in ("y", "yes"):
        raise UsageError("cancelled; nothing was deleted")

"""Command 'rehearse': run a guide with scripted answers and print how the interview unfolds."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterator
from pathlib import Path

from interviewer.cli.common import add_command, add_sessions_dir, open_store, utf8_path
from interviewer.errors import UsageError

MAX_PACE = 3600  # simulated seconds per answer: an hour is already far past any guide's budget

DESCRIPTION_HEAD = """\
See exactly how a topic guide behaves before piloting it with people: which probes fire and
why, where branches go, what coverage skips or marks, what time drops, and when the distress
check opens the support step. Answers come from FILE, one line per prompt (a blank line is an
empty answer), or from the terminal with --interactive. Lines starting with ':' are actions:
"""

DESCRIPTION_TAIL = """
'::text' is an answer that starts with ':'. When the answers run out before the end, the
interview is stopped there. Rehearsal time is simulated (10 s per prompt plus 150 words a
minute of answer, or --pace seconds per answer), so runs are reproducible and time budgets
can be tried out."""

EXAMPLES = """\
  interviewer rehearse topic_guides/genai-mental-health.toml --answers answers.txt
  interviewer rehearse my-guide.toml --interactive
  interviewer rehearse my-guide.toml --answers answers.txt --pace 240   see what time drops
  printf 'It was fine.\\n:skip\\n:stop\\n' | interviewer rehearse my-guide.toml --answers -
  interviewer rehearse --kit my-study.interviewkit --answers answers.txt --sealed-out /tmp/try"""


def _description() -> str:
    from interviewer.engine.directives import DIRECTIVES

    lines = [f"  :{name:<11} {text}" for name, text in DIRECTIVES.items()]
    return DESCRIPTION_HEAD + "\n".join(lines) + "\n" + DESCRIPTION_TAIL


def register(sub) -> None:
    """Register the `rehearse` command."""
    p = add_command(
        sub,
        "rehearse",
        help="run a guide with scripted answers and show each decision",
        description=_description(),
        examples=EXAMPLES,
    )
    p.add_argument("guide", metavar="GUIDE", type=Path, nargs="?", help="topic guide file (TOML)")
    p.add_argument("--kit", metavar="KIT", type=Path, default=None,
                   help="rehearse a study kit instead of a guide: the result is sealed as `join` would seal it")
    p.add_argument("--sealed-out", metavar="DIR", type=Path, default=None,
                   help="with --kit: where the sealed session is written")
    p.add_argument("--keep", action="store_true", help="with --kit: keep the plain session after sealing")
    p.add_argument("--answers", metavar="FILE", help="answers, one line per prompt ('-' for stdin)")
    p.add_argument("--interactive", action="store_true", help="type the answers at the terminal")
    p.add_argument(
        "--pace",
        type=float,
        metavar="SECONDS",
        default=None,
        help="simulated seconds per answer (default: estimated from its length)",
    )
    p.add_argument("--no-save", action="store_true", help="do not keep the rehearsal as a pilot session")
    add_sessions_dir(p, "where pilot sessions are saved")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Rehearse the guide and print the interview as it unfolds."""
    from rich.console import Console

    from interviewer.engine.rehearsal import run_rehearsal
    from interviewer.guide.loader import load_guide

    if args.pace is not None and not (math.isfinite(args.pace) and args.pace >= 0):
        raise UsageError("--pace must be a number of seconds, zero or more")
    if args.pace is not None and args.pace > MAX_PACE:
        raise UsageError(f"--pace {args.pace:g}: at most {MAX_PACE} seconds per answer")
    if args.kit is not None:
        if args.guide is not None or args.interactive:
            raise UsageError("--kit takes no GUIDE and no --interactive")
        from interviewer.cli.study_cmd import run_kit_rehearsal

        return run_kit_rehearsal(args)
    if args.guide is None:
        raise UsageError("give a GUIDE file (or --kit KIT)")
    utf8_path(args.guide, "guide")
    if (args.answers is None) == (not args.interactive):
        raise UsageError("give either --answers FILE or --interactive")
    guide = load_guide(args.guide)
    console = Console(highlight=False, soft_wrap=True)
    answers = _interactive(console) if args.interactive else read_answers(args.answers)
    session = None if args.no_save else _pilot_session(guide, args)  # a bad --sessions-dir fails first
    view = RehearsalView(console, echo_answers=not args.interactive)  # typed answers are on screen already
    view.header(guide)
    on_event = view.event if session is None else _both(view.event, session.append)
    try:
        result = run_rehearsal(guide, answers, on_event=on_event, on_step=view.step, pace=args.pace)
    except BaseException:
        if session is not None:
            _discard(session)
        raise
    if session is not None:
        session.close()
    view.footer(result)
    if session is not None:
        console.print(f"Saved as pilot session [bold]{session.code}[/bold] in {session.folder}")
    return 0


def _pilot_session(guide, args):
    """Create the pilot session that keeps this rehearsal (the engine's events are its journal)."""
    from interviewer.events import Mode

    return open_store(args).create(guide, args.guide, Mode.PILOT)


def _discard(session) -> None:
    """Remove a pilot session whose rehearsal failed: half a rehearsal is no pilot data."""
    from interviewer.session.removal import remove_tree

    session.release()
    remove_tree(session.folder)


def _both(first, second):
    def call(ev) -> None:
        second(ev)
        first(ev)

    return call


def read_answers(name: str) -> list[str]:
    """The lines of an answers file ('-' for stdin); UsageError when it cannot be read."""
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"no such answers file: {name}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"answers file is not UTF-8 text: {name} (byte {exc.start})") from None
    except OSError as exc:
        raise UsageError(f"cannot read answers file {name}: {exc.strerror or exc}") from None
    return text.splitlines()


def _flat(text: str) -> str:
    """Return text on one line (guide texts may be multi-line TOML strings)."""
    return " ".join(text.split())


def _interactive(console) -> Iterator[str]:
    console.print("[dim]Type each answer and press Enter; ':stop' or Ctrl-D ends.[/dim]")
    while True:
        try:
            yield console.input("[bold]> [/bold]")
        except EOFError:
            return


class RehearsalView:
    """Prints a rehearsal as it unfolds: each prompt with its reason, and every engine decision."""

    def __init__(self, console, echo_answers: bool = True):
        self.console = console
        self.echo_answers = echo_answers
        self._titles: dict[str, str] = {}
        self._theme: str | None = None

    def header(self, guide) -> None:
        """Print which guide is rehearsed."""
        study = guide.study
        self._titles = {t.id: t.title for t in guide.themes}
        planned = guide.planned_minutes()
        length = f", planned {planned:g} min" if planned else ""
        self.console.print(
            f"[bold]Rehearsing[/bold] {_esc(study.title)} (version {_esc(study.version)}{length})"
        )

    def event(self, ev) -> None:
        """Print one engine event."""
        if ev.type == "prompt" and ev.theme_id != self._theme:
            self._theme = ev.theme_id
            title = self._titles.get(ev.theme_id, ev.theme_id)
            self.console.print(f"\n[bold]== Theme: {_esc(title)} ({ev.theme_id})[/bold]")
        render = _RENDER.get(ev.type)
        if ev.type == "answer" and not self.echo_answers:
            return
        if render is not None:
            self.console.print(render(ev))

    def step(self, step) -> None:
        """Print a support step in full (prompts are printed from their events)."""
        from interviewer.engine import SupportStep

        if not isinstance(step, SupportStep):
            return
        out = self.console.print
        out("\n    [bold red]support step[/bold red]")
        out(f"    {_esc(_flat(step.acknowledgement))}")
        out(f"    {_esc(step.automated_notice)}")
        for r in step.resources:
            contact = " · ".join(x for x in (r.phone, r.text, r.url, r.hours) if x)
            out(f"      - {_esc(r.name)}{': ' + _esc(contact) if contact else ''}")
        out(f"    options: {' / '.join(step.options)} (no default)")

    def footer(self, result) -> None:
        """Print how the rehearsal ended and what it covered."""
        iv = result.interview
        prompts = [e for e in iv.events if e.type == "prompt" and e.wording == "main"]
        probes = sum(1 for e in prompts if e.kind == "probe")
        if result.ran_out:
            self.console.print(
                "[yellow]The answers ran out before the end, so the interview was stopped there.[/yellow]"
            )
        if result.unused:
            self.console.print(f"[yellow]{result.unused} answer line(s) left unused after the end.[/yellow]")
        covered = ", ".join(sorted(iv.covered)) or "none"
        self.console.print(
            f"{_count(len(prompts) - probes, 'question')} and {_count(probes, 'probe')} in"
            f" {result.elapsed / 60:.1f} simulated minutes; topics covered: {_esc(covered)}"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _where(ev) -> str:
    return f"{ev.question_id}/{ev.probe_id}" if ev.probe_id else ev.question_id


def _prompt(ev) -> str:
    what = f"{_where(ev)} ({ev.probe_kind})" if ev.kind == "probe" else ev.question_id
    again = "" if ev.wording == "main" else f" [dim]({ev.wording})[/dim]"
    touched = " [yellow]already touched on[/yellow]" if ev.already_touched else ""
    ack = f"    [italic]{_esc(_flat(ev.acknowledgement))}[/italic]\n" if ev.acknowledgement else ""
    return (
        f"\n[bold cyan]{ev.prompt_id:>3}[/bold cyan] [bold]{ev.kind}[/bold] {_esc(what)}{again}{touched}\n"
        f"{ack}    {_esc(_flat(ev.text))}\n"
        f"    [dim]why: {_esc(ev.reason)}[/dim]"
    )


def _answer(ev) -> str:
    return f"    [green]>[/green] {_esc(_flat(ev.text)) if ev.text.strip() else '[dim](no answer)[/dim]'}"


def _distress(ev) -> str:
    how = "an 'I need a break' signal" if ev.trigger == "signal" else "a distress phrase"
    return f"    [red]! distress check at {ev.question_id}: {how} -> support step[/red]"


def _esc(text: str) -> str:
    """Guide or answer text as printable markup: '[' literal, control characters shown, not run."""
    from rich.markup import escape

    from interviewer.cli.terminal import escape_controls

    return escape(escape_controls(text))


# One formatter per engine event type; user and guide text is escaped so '[' prints as is.
_RENDER = {
    "prompt": _prompt,
    "answer": _answer,
    "coverage": lambda ev: f"    [dim]· covered: {_esc(', '.join(ev.topics))}[/dim]",
    "skip": lambda ev: f"    [yellow]· skipped {_esc(_where(ev))} (by {ev.by}): {_esc(ev.reason)}[/yellow]",
    "drop": lambda ev: f"    [yellow]· dropped {_esc(_where(ev))}: {_esc(ev.reason)}[/yellow]",
    "branch": lambda ev: f"    [magenta]· branch {ev.from_question} -> {ev.to}: {_esc(ev.reason)}[/magenta]",
    "distress": _distress,
    "support_choice": lambda ev: f"    [dim]· support choice: {ev.choice}[/dim]",
    "pause": lambda ev: "    [dim]· paused[/dim]",
    "resume": lambda ev: "    [dim]· resumed[/dim]",
    "note": lambda ev: f"    [dim]· note: {_esc(ev.text)}[/dim]",
    "marker": lambda ev: f"    [dim]· marker: {_esc(ev.text)}[/dim]",
    "session_ended": lambda ev: f"\n[bold]Interview ended: {ev.reason}[/bold]",
}

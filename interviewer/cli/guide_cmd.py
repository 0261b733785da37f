"""Command group 'guide': check, show, export and start topic guides."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from interviewer.cli.common import add_command, add_group, utf8_path
from interviewer.errors import UsageError

GROUP_DESCRIPTION = """\
Work with topic guides: the TOML files that hold a study's themes, questions, probes and
consent text. Check a guide before every pilot, print it for an ethics submission, or start
a new one from a commented starter."""


def register(sub) -> None:
    """Register `interviewer guide` and its commands."""
    cmds = add_group(sub, "guide", help="check, show, export or start a topic guide",
                     description=GROUP_DESCRIPTION, dest="guide_command", examples=(
                         "  interviewer guide check topic_guides/*.toml --strict\n"
                         "  interviewer guide show topic_guides/genai-mental-health.toml\n"
                         "  interviewer guide export topic_guides/commuting.toml --format html --out guide.html\n"
                         "  interviewer guide new \"my study\" --out topic_guides\n"))
    _register_check(cmds)
    _register_show(cmds)
    _register_export(cmds)
    _register_new(cmds)


def _register_check(cmds) -> None:
    p = add_command(cmds, "check", help="find errors and weak questions in guides",
                    description="Check topic guides: TOML syntax (and nesting depth); every schema error at once, with\n"
                    "its line and a 'did you mean'; regular expressions (RE2); ids, branches, cycles, unreachable\n"
                    "questions and topics; {match} placeholders and their fallbacks; control characters; TODOs\n"
                    "left from `guide new`; and question quality after Kallio et al. (2016): closed,\n"
                    "double-barrelled, leading, long, advice-giving; acknowledgements that praise or advise.\n\n"
                    "Each problem is one line FILE:LINE:COL: error|warning: message.\n"
                    "Exit status: 0 when every guide passes, 2 on any error (or any warning under --strict).",
                    examples="  interviewer guide check topic_guides/*.toml\n"
                    "  interviewer guide check my-study.toml --strict   # warnings fail too (use before a pilot)\n")
    p.add_argument("files", nargs="+", metavar="FILE", help="topic guide TOML files")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.set_defaults(func=run_check)


def _register_show(cmds) -> None:
    p = add_command(cmds, "show", help="print a guide as a tree with triggers and time budgets",
                    description="Print a guide as a tree: themes with minutes, questions, probes with their kind\n"
                    "and trigger in words, branches, and the total planned time.",
                    examples="  interviewer guide show topic_guides/genai-mental-health.toml\n"
                    "  interviewer guide show my-study.toml | less -R\n")
    p.add_argument("file", metavar="FILE", help="topic guide TOML file")
    p.set_defaults(func=run_show)


def _register_export(cmds) -> None:
    p = add_command(cmds, "export", help="write a printable guide (Markdown or HTML)",
                    description="Write a clean printable guide for an ethics submission or a human interviewer:\n"
                    "metadata, information sheet, consent statements, themes, questions and probes with\n"
                    "triggers in plain words, branches, support resources and glossary. HTML is one\n"
                    "self-contained file with print styles.",
                    examples="  interviewer guide export my-study.toml --format md > guide.md\n"
                    "  interviewer guide export my-study.toml --format html --out ethics/guide.html\n")
    p.add_argument("file", metavar="FILE", help="topic guide TOML file")
    p.add_argument("--format", choices=("md", "html"), default="md", help="output format (default: md)")
    p.add_argument("--out", metavar="PATH", help="write here (replacing it) instead of to standard output")
    p.set_defaults(func=run_export)


def _register_new(cmds) -> None:
    p = add_command(cmds, "new", help="write a commented starter guide",
                    description="Write NAME.toml: a commented starter guide (warm-up, a main theme, closing;\n"
                    "consent, support, topics, probes) that passes `guide check`; each TODO left in it is a\n"
                    "warning, so `guide check --strict` passes once they are all replaced. Never overwrites.",
                    examples="  interviewer guide new \"sleep and screens\"          # writes sleep-and-screens.toml\n"
                    "  interviewer guide new pilot --out topic_guides\n")
    p.add_argument("name", metavar="NAME", help="study name; the file is NAME.toml (lowercase, dashes)")
    p.add_argument("--out", metavar="DIR", default=".", help="folder to write into (default: here)")
    p.set_defaults(func=run_new)


def run_check(args: argparse.Namespace) -> int:
    """Check each file; print one line per problem and a summary; 2 if any fails."""
    from interviewer.guide.check import check_guide

    failed = 0
    for file in args.files:
        report = check_guide(file)
        shown = report.strict() if args.strict else report
        for problem in shown.sorted():
            print(problem.format())
        errors, warnings = len(shown.errors), len(shown.warnings)
        if errors:
            failed += 1
            note = " (warnings count as errors under --strict)" if args.strict and report.warnings else ""
            print(f"{file}: failed: {_count(errors, 'error')}{note}")
        elif warnings:
            print(f"{file}: ok with {_count(warnings, 'warning')}")
        else:
            guide = report.guide
            print(f"{file}: ok ({_count(len(guide.themes), 'theme')}, {_count(len(guide.questions()), 'question')},"
                  f" {guide.content_hash[:19]}…)")
    if len(args.files) > 1:
        print(f"checked {_count(len(args.files), 'guide')}: " + (f"{failed} failed" if failed else "all passed"))
    return 2 if failed else 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run_show(args: argparse.Namespace) -> int:
    """Print the guide as a rich tree."""
    from rich.console import Console

    from interviewer.guide.loader import load_guide
    from interviewer.guide.tree import guide_tree

    Console().print(guide_tree(load_guide(args.file)))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Render the guide as Markdown or HTML to stdout or --out."""
    from interviewer.guide.loader import load_guide

    utf8_path(args.out, "--out")
    if args.out is not None and _same_file(args.out, args.file):
        raise UsageError(f"--out {args.out} is the guide itself; choose another file (nothing was written)")
    guide = load_guide(args.file)
    if args.format == "html":
        from interviewer.guide.export_html import to_html as render
    else:
        from interviewer.guide.export_md import to_markdown as render
    text = render(guide)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    from interviewer.guide.files import write_text_atomic

    written = write_text_atomic(args.out, text, overwrite=True)
    print(f"wrote {written}", file=sys.stderr)
    return 0


def _same_file(a, b) -> bool:
    """True when two paths name one file (also through links or different spellings)."""
    a, b = Path(a), Path(b)
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def run_new(args: argparse.Namespace) -> int:
    """Write a starter guide; refuse to overwrite."""
    from interviewer.guide.files import write_text_atomic
    from interviewer.guide.starter import starter_guide

    file, text = starter_guide(args.name)
    path = write_text_atomic(Path(args.out) / file, text, overwrite=False)
    print(f"wrote {path}\nnext: edit it, then run  interviewer guide check {path} --strict")
    return 0

"""Broken guides through `interviewer guide check`: the exact problem lines and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.cli import main

# Line numbers matter: the broken cases below edit this text line by line.
BASE = """\
[study]
id = "broken"
title = "Broken guides"
version = "1"

[information]
sheet = "About the study."

[[information.consent]]
id = "agree"
text = "I agree to take part."

[topics]
work = ["job", "office"]

[[themes]]
id = "warm-up"
title = "Warm-up"

[[themes.questions]]
id = "intro"
text = "Tell me about yourself."
covers = ["work"]

[[themes.questions.probes]]
id = "more"
text = "Could you tell me more?"
when = { shorter_than = 10 }

[[themes]]
id = "main"
title = "Main"

[[themes.questions]]
id = "day"
text = "What does a typical day look like for you?"
"""


def edit(lines: dict[int, str] | None = None, drop: range | None = None, append: str = "") -> str:
    """Return BASE with 1-based lines replaced, a range of lines removed, and text appended."""
    out = BASE.splitlines()
    for number, text in (lines or {}).items():
        out[number - 1] = text
    if drop is not None:
        out = [line for n, line in enumerate(out, 1) if n not in drop]
    return "\n".join(out) + "\n" + append


def branch(goto: str, when: str = '{ mentions_any = ["weekend"] }') -> str:
    """A branch from the last question ('day'); it lands on lines 38-40."""
    return f'\n[[themes.questions.branches]]\nwhen = {when}\ngoto = "{goto}"\n'


KINDS = "elaboration, example, clarification, feeling, meaning, contrast, echo, completion, evidence"
ID_RULE = "use lowercase letters, digits, '-' and '_', starting with a letter or digit"

# name: (guide text, the exact problem lines, with F for the file name)
CASES: dict[str, tuple[str, list[str]]] = {
    "bad-toml": (edit({28: "when = { shorter_than = }"}), [
        "F:28:25: error: TOML syntax: invalid value"]),
    "unknown-key": (edit({22: 'txt = "Tell me about yourself."'}), [
        "F:20:1: error: themes[0].questions[0].text: required key 'text' is missing",
        "F:22:1: error: themes[0].questions[0].txt: unknown key 'txt' (did you mean 'text'?)"]),
    "unknown-table": (edit({1: "[stduy]"}), [
        "F:1:1: error: stduy: unknown key 'stduy' (did you mean 'study'?)",
        "F:1:1: error: study: required key 'study' is missing"]),
    "wrong-type": (edit({28: 'when = { shorter_than = "ten" }'}), [
        "F:28:10: error: themes[0].questions[0].probes[0].when.shorter_than: expected a whole number, got 'ten'"]),
    "wrong-bool": (edit({24: 'required = "yes"'}), [
        "F:24:1: error: themes[0].questions[0].required: expected true or false, got 'yes'"]),
    "wrong-list": (edit({28: 'when = { not = { mentions_any = "x" } }'}), [
        "F:28:18: error: themes[0].questions[0].probes[0].when.not.mentions_any: expected a list [ ... ], got 'x'"]),
    "duplicate-question": (edit({35: 'id = "intro"'}), [
        "F:35:1: error: duplicate question id 'intro' (ids must be unique)"]),
    "duplicate-probe": (edit({29: '[[themes.questions.probes]]\nid = "more"\ntext = "What else?"'}), [
        "F:30:1: error: duplicate probe id 'more' in question 'intro' (ids must be unique)"]),
    "theme-question-same-id": (edit({35: 'id = "main"'}), [
        "F:31:1: error: 'main' is both a theme id and a question id; branches could not tell which one they go to"]),
    "dangling-branch": (edit(append=branch("itnro")), [
        "F:40:1: error: question 'day': branch goes to 'itnro', which is neither a question, a theme nor 'end' "
        "(did you mean 'intro'?)"]),
    "cycle": (edit(append=branch("warm-up")), [
        "F:40:1: error: question 'day': branch back to 'warm-up' makes a cycle: intro → day → intro "
        "(the interview could repeat these questions forever)"]),
    "cannot-end": (edit(append=branch("intro", "{ always = true }")), [
        "F:16:1: error: the interview cannot end: every path from the first question loops back without "
        "reaching the last question or a branch to 'end'",
        "F:40:1: error: question 'day': branch back to 'intro' makes a cycle: intro → day → intro "
        "(the interview could repeat these questions forever)"]),
    "empty-theme": (edit(drop=range(34, 37)), [
        "F:30:1: error: themes[1].questions: theme 'main' has no questions: add at least one "
        "[[themes.questions]] under it"]),
    "probe-budget-below-zero": (edit({24: "probe_budget = -1"}), [
        "F:24:1: error: themes[0].questions[0].probe_budget: a probe budget cannot be below zero, got -1"]),
    "bad-regex": (edit({28: 'when = { matches = "(unclosed" }'}), [
        "F:28:10: error: themes[0].questions[0].probes[0].when.matches: invalid regular expression "
        "'(unclosed' (missing ): (unclosed); patterns use RE2 syntax, which has no backreferences and no "
        "lookaround"]),
    "regex-re2-cannot-compile": (edit({28: r"when = { matches = '(\w+) \1' }"}), [
        "F:28:10: error: themes[0].questions[0].probes[0].when.matches: invalid regular expression "
        "'(\\w+) \\1' (invalid escape sequence: \\1); patterns use RE2 syntax, which has no "
        "backreferences and no lookaround"]),
    "unknown-topic": (edit({23: 'covers = ["wrok"]'}), [
        "F:14:1: warning: topic 'work' is never used: no question covers it and no probe or condition refers to it",
        "F:23:11: error: question 'intro': unknown topic 'wrok' (did you mean 'work'?); define it under "
        "[topics] with its keywords"]),
    "two-tests-in-one-condition": (edit({28: 'when = { shorter_than = 10, mentions_any = ["x"] }'}), [
        "F:28:1: error: themes[0].questions[0].probes[0].when: a condition needs exactly one test, found 2: "
        "shorter_than, mentions_any (combine tests with all = [...] or any = [...])"]),
    "empty-condition": (edit({28: "when = {}"}), [
        "F:28:1: error: themes[0].questions[0].probes[0].when: a condition needs exactly one test, found none "
        "(e.g. { shorter_than = 15 } or { always = true })"]),
    "missing-consent": (edit(drop=range(9, 12)), [
        "F:6:1: error: information.consent: no consent statements: add at least one [[information.consent]] "
        "with an id and text"]),
    "bad-probe-kind": (edit({29: 'kind = "elaborate"'}), [
        f"F:29:1: error: themes[0].questions[0].probes[0].kind: 'elaborate' is not a valid probe kind "
        f"(did you mean 'elaboration'?); choose one of: {KINDS}"]),
    "bad-id": (edit({17: 'id = "Warm Up"'}), [f"F:17:1: error: themes[0].id: 'Warm Up' is not a valid id: {ID_RULE}"]),
    "reserved-id": (edit({35: 'id = "end"'}), [
        "F:35:1: error: 'end' is reserved (a branch to it ends the interview); choose another id"]),
    "topic-without-keywords": (edit({14: "work = []"}), [
        "F:14:1: error: topics.work: topic 'work' has no keywords: list at least one word or phrase that shows it"]),
    "format-version": ("format = 2\n" + BASE, [
        "F:1:1: error: format: unsupported format version 2: this program reads format 1"]),
    "nested-condition": (edit({28: 'when = { any = [{ shorter_than = 10 }, { longer_than = -1 }] }'}), [
        "F:28:42: error: themes[0].questions[0].probes[0].when.any[1].longer_than: must be at least 0, got -1"]),
    "list-written-as-table": (edit(append='\n[support]\nname = "Samaritans"\n'), [
        "F:38:1: error: support: expected a list, got a table (write [[support]] for each item, not [...])"]),
    "infinite-minutes": (edit({19: "minutes = inf"}), ["F:19:1: error: themes[0].minutes: must be a finite number"]),
    # issue 16: nesting that would exhaust the recursion limit is one located line
    "nested-401-brackets": (edit({28: "when = { shorter_than = 10 }\nx = " + "[" * 401 + "]" * 401}), [
        "F:29:69: error: TOML nested more than 64 levels deep (a guide needs far fewer; is a bracket or a "
        "dotted key repeated?)"]),
    "nested-100000-brackets": (edit({28: "when = " + "{ not = " * 100_000 + "{ always = true }" + " }" * 100_000}), [
        "F:28:520: error: TOML nested more than 64 levels deep (a guide needs far fewer; is a bracket or a "
        "dotted key repeated?)"]),
    "nested-500-dotted-keys": (edit({28: "when." + "not." * 500 + "always = true"}), [
        "F:28:1: error: TOML nested more than 64 levels deep (a guide needs far fewer; is a bracket or a "
        "dotted key repeated?)"]),
    # control characters (escaped: TOML refuses raw ones) would break the XML exports
    "control-character": (edit({27: 'text = "Could you tell me \\u001b[31mmore?"'}), [
        "F:27:1: error: themes[0].questions[0].probes[0].text: control character U+001B (escape) at character "
        "19; remove it (only line breaks and tabs are allowed in guide text, and exports to XML formats "
        "cannot hold it)"]),
    "bell-in-a-topic-keyword": (edit({14: 'work = ["job", "off\\u0007ice"]'}), [
        "F:14:16: error: topics.work[1]: control character U+0007 (bell) at character 4; remove it (only line "
        "breaks and tabs are allowed in guide text, and exports to XML formats cannot hold it)"]),
    # {match} placeholders
    "unknown-placeholder": (edit({27: 'text = "You said {mach}. What did you mean?"'}), [
        "F:27:1: error: probe 'more' of question 'intro': unknown placeholder '{mach}' in its text (known: "
        "{match}; write {{ and }} for a brace)"]),
    "lone-brace": (edit({27: 'text = "You said {match. What did you mean?"'}), [
        "F:27:1: error: probe 'more' of question 'intro': a lone brace in its text (known: {match}; write {{ "
        "and }} for a brace)"]),
    "match-without-text-trigger": (edit({27: 'text = "You said “{match}”. What did you mean?"\nfallback = "What '
                                          'did you mean?"'}), [
        "F:27:1: error: probe 'more' of question 'intro': its text quotes {match}, but its trigger has no test "
        "of what was said to quote (mentions_any, matches or covered, not inside 'not')"]),
    "match-inside-not-only": (edit({27: 'text = "You said “{match}”. Why?"\nfallback = "Why?"',
                                    28: 'when = { not = { mentions_any = ["fine"] } }'}), [
        "F:27:1: error: probe 'more' of question 'intro': its text quotes {match}, but its trigger has no test "
        "of what was said to quote (mentions_any, matches or covered, not inside 'not')"]),
    "match-without-fallback": (edit({27: 'text = "You said “{match}”. Why?"',
                                     28: 'when = { mentions_any = ["fine"] }'}), [
        "F:27:1: error: probe 'more' of question 'intro': its text quotes {match} but it has no fallback text "
        "for when there is nothing to quote (add fallback = \"...\")"]),
    "placeholder-in-a-question": (edit({22: 'text = "Tell me about {match}."'}), [
        "F:22:1: error: question 'intro': placeholder '{match}' is only filled in a probe's text; write the "
        "words out here"]),
    "scope-on-always": (edit({28: 'when = { always = true, scope = "answer" }'}), [
        "F:28:1: error: themes[0].questions[0].probes[0].when: scope has no effect on always (it applies to "
        "tests of what was said)"]),
    "unknown-scope": (edit({28: 'when = { shorter_than = 10, scope = "everything" }'}), [
        "F:28:29: error: themes[0].questions[0].probes[0].when.scope: 'everything' is not a valid value; "
        "choose one of: answer, question, interview"]),
}


def _check(capsys, path: Path, *extra: str) -> tuple[int, list[str]]:
    code = main(["guide", "check", str(path), *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out.splitlines()


def test_base_guide_is_valid(tmp_path, capsys):
    path = tmp_path / "base.toml"
    path.write_text(BASE)
    code, lines = _check(capsys, path, "--strict")
    assert code == 0, lines
    assert lines[0].startswith(f"{path}: ok (2 themes, 2 questions, sha256:")


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_guide_exact_lines(name, tmp_path, capsys):
    text, expected = CASES[name]
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    code, lines = _check(capsys, path)
    assert code == 2
    assert lines[:-1] == [line.replace("F:", f"{path}:", 1) for line in expected]
    errors = sum(1 for line in expected if ": error: " in line)
    assert lines[-1] == f"{path}: failed: {errors} error{'s' if errors != 1 else ''}"


def test_unreachable_question_is_a_warning_and_fails_under_strict(tmp_path, capsys):
    path = tmp_path / "unreachable.toml"
    path.write_text(edit({29: '[[themes.questions.branches]]\nwhen = { always = true }\ngoto = "end"'}))
    warning = (f"{path}:37:1: warning: question 'day' can never be asked: no path from the first question "
               "reaches it (an unconditional branch jumps over it)")
    code, lines = _check(capsys, path)
    assert (code, lines) == (0, [warning, f"{path}: ok with 1 warning"])
    code, lines = _check(capsys, path, "--strict")
    assert code == 2
    assert lines == [warning.replace(": warning: ", ": error: "),
                     f"{path}: failed: 1 error (warnings count as errors under --strict)"]


def test_unreadable_and_non_utf8_files(tmp_path, capsys):
    missing = tmp_path / "missing.toml"
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'[study]\nid = "\xff"\n')
    code, lines = _check(capsys, missing, str(binary))
    assert code == 2
    assert lines == [f"{missing}: error: cannot read: No such file or directory", f"{missing}: failed: 1 error",
                     f"{binary}: error: not UTF-8 text (bad byte at offset 14)", f"{binary}: failed: 1 error",
                     "checked 2 guides: 2 failed"]


def test_real_cli_reports_every_broken_guide_without_traceback(tmp_path):
    paths = []
    for name, (text, _) in sorted(CASES.items()):
        path = tmp_path / f"{name}.toml"
        path.write_text(text)
        paths.append(path)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run([sys.executable, "-m", "interviewer", "guide", "check", *map(str, paths)],
                          check=False, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    for name, (_, expected) in CASES.items():
        for line in expected:
            assert line.replace("F:", f"{tmp_path / name}.toml:", 1) in proc.stdout.splitlines()
    assert proc.stdout.splitlines()[-1] == f"checked {len(CASES)} guides: {len(CASES)} failed"


def test_show_and_export_refuse_a_broken_guide_with_the_error_lines(tmp_path, capsys):
    path = tmp_path / "cycle.toml"
    path.write_text(CASES["cycle"][0])
    for command in (["show", str(path)], ["export", str(path), "--format", "html"]):
        assert main(["guide", *command]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.splitlines() == [CASES["cycle"][1][0].replace("F:", f"{path}:", 1)]

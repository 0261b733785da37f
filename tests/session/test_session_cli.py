"""`interviewer sessions ...`: list, show, export, redact, withdraw, purge through the real parser."""

from __future__ import annotations

import pytest

from interviewer.cli import main
from interviewer.events import Mode


@pytest.fixture(autouse=True)
def _wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_status_and_transcription(capsys, store, filled, guide, guide_path):
    broken = store.create(guide, guide_path, Mode.CONDUCT)
    broken.close()
    code, out, err = run(capsys, "sessions", "list", "--sessions-dir", str(store.root))
    assert code == 0 and err == ""
    assert "study chatbot-wellbeing v1.2" in out
    row = next(line for line in out.splitlines() if filled.code in line)
    assert "self" in row and "completed" in row and "1:50" in row and " 5 " in row and "yes" in row
    assert "interrupted" in next(line for line in out.splitlines() if broken.code in line)
    code, out, _ = run(capsys, "sessions", "list", "--interrupted", "--sessions-dir", str(store.root))
    assert broken.code in out and filled.code not in out


def test_list_reads_the_environment_variable(capsys, monkeypatch, store, filled):
    monkeypatch.setenv("INTERVIEWER_SESSIONS_DIR", str(store.root))
    assert filled.code in run(capsys, "sessions", "list")[1]


def test_show_prints_a_readable_transcript(capsys, store, filled, texts):
    code, out, err = run(capsys, "sessions", "show", filled.code, "--sessions-dir", str(store.root))
    assert code == 0 and err == ""
    for expected in ("First use", "Relationships", "Limits", "Interviewer", "Participant",
                     "Tell me about the first time", "corrected by participant", "Mainly I used it",
                     "note: Mentions Sarah", "marker bookmark", "distress flag (phrase) during hard-times",
                     "skipped hard-times (by participant)", "paused", "Robin", "agreed: take-part, record"):
        assert expected in " ".join(out.split()), expected
    assert out.index("First use") < out.index("Relationships") < out.index("Limits")


def test_export_redact_and_redacted_export(capsys, store, filled, tmp_path):
    root = str(store.root)
    code, out, _ = run(capsys, "sessions", "export", filled.code, "--format", "md", "csv", "--sessions-dir", root)
    assert code == 0 and [p.rsplit("/", 1)[1] for p in out.split()] == [f"{filled.code}.md", f"{filled.code}-coding.csv"]
    code, _, err = run(capsys, "sessions", "export", filled.code, "--redacted", "--format", "md", "--sessions-dir", root)
    assert code == 2 and "no redacted copy" in err and len(err.splitlines()) == 1
    code, out, _ = run(capsys, "sessions", "redact", filled.code, "--deny", "Sarah=[SISTER]", "--sessions-dir", root)
    assert code == 0 and "replacements" in out
    code, out, _ = run(capsys, "sessions", "export", filled.code, "--redacted", "--format", "md", "--sessions-dir", root)
    redacted_md = open(out.split()[0]).read()
    assert "/exports/redacted/" in out and "SISTER" in redacted_md and "Sarah" not in redacted_md
    code, out, _ = run(capsys, "sessions", "show", filled.code, "--redacted", "--sessions-dir", root)
    assert "Sarah" not in out and "[SISTER]" in out


def test_study_setting_forces_redacted_exports(capsys, store, filled):
    root = str(store.root)
    (store.root / "deny.toml").write_text('[chatbot-wellbeing]\nLeeds = "[CITY]"\n'
                                          '[chatbot-wellbeing.settings]\nredacted_exports_only = true\n')
    code, _, err = run(capsys, "sessions", "export", "--all", "--format", "md", "--sessions-dir", root)
    assert code == 2 and "no redacted copy" in err
    assert run(capsys, "sessions", "redact", filled.code, "--sessions-dir", root)[0] == 0
    code, out, _ = run(capsys, "sessions", "export", "--all", "--format", "md", "matrix", "--sessions-dir", root)
    assert code == 0
    for path in out.split():
        assert "/redacted/" in path and "Leeds" not in open(path, "rb").read().decode("utf-8", "replace")


def test_export_all_skips_open_sessions(capsys, store, filled, guide, guide_path):
    live = store.create(guide, guide_path, Mode.SELF)
    code, out, err = run(capsys, "sessions", "export", "--all", "--format", "md", "--sessions-dir", str(store.root))
    assert code == 0 and f"skipped {live.code}: still open" in err and filled.code in out
    live.close()


@pytest.mark.parametrize("argv, message", [
    (["sessions", "show", "P-22222"], "interviewer: no session P-22222 in "),
    (["sessions", "show", "nobody"], "interviewer: 'nobody' is not a participant code"),
    (["sessions", "export"], "interviewer: give a participant CODE or --all (not both)"),
    (["sessions", "export", "--all", "--format", "pdf"], "interviewer: unknown export format 'pdf'"),
    (["sessions", "purge", "--before", "last year", "--yes"], "interviewer: --before 'last year': expected a date"),
    (["sessions", "redact", "P-22222", "--deny", "Sarah"], "interviewer: --deny 'Sarah': expected NAME=REPLACEMENT"),
])
def test_bad_input_is_one_clear_line(capsys, store, filled, argv, message):
    code, _, err = run(capsys, *argv, "--sessions-dir", str(store.root))
    assert code == 2 and err.startswith(message) and len(err.splitlines()) == 1


def test_withdraw_and_purge_need_confirmation(capsys, monkeypatch, store, filled):
    root = str(store.root)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = run(capsys, "sessions", "withdraw", filled.code, "--sessions-dir", root)
    assert code == 2 and "add --yes" in err and store.find(filled.code)
    code, out, _ = run(capsys, "sessions", "withdraw", filled.code, "--yes", "--sessions-dir", root)
    assert code == 0 and out.startswith(f"withdrew {filled.code}: removed ")
    assert [p.name for p in store.root.rglob("*") if p.is_file()] == [f"{filled.code}.json"]
    code, out, _ = run(capsys, "sessions", "purge", "--before", "2999-01-01", "--yes", "--sessions-dir", root)
    assert code == 0 and "1 tombstone(s)" in out


def test_every_command_has_help_with_examples(capsys):
    for command in ("list", "show", "export", "redact", "withdraw", "purge"):
        with pytest.raises(SystemExit):
            main(["sessions", command, "--help"])
        out = capsys.readouterr().out
        assert "examples:" in out and "--sessions-dir" in out, command


def test_sheet_by_sentence(capsys, store, filled):
    root = str(store.root)
    by = {}
    for unit in ("segment", "sentence"):
        code, out, _ = run(capsys, "sessions", "export", filled.code, "--format", "csv", "--sheet-unit", unit,
                           "--sessions-dir", root)
        assert code == 0
        by[unit] = open(out.split()[0], encoding="utf-8").read().count("\n")
    assert by["sentence"] > by["segment"]

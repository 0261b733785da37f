"""`guide new` writes a starter that passes check and never overwrites; the content hash."""

from __future__ import annotations

import pytest

from interviewer.cli import main
from interviewer.guide.check import check_guide, check_guide_text
from interviewer.guide.starter import starter_guide


def test_new_writes_a_private_starter_that_passes_check_until_strict(tmp_path, capsys):
    out = tmp_path / "guides"
    assert main(["guide", "new", "Sleep & Screens", "--out", str(out)]) == 0
    path = out / "sleep-screens.toml"
    assert capsys.readouterr().out.splitlines()[0] == f"wrote {path}"
    assert path.stat().st_mode & 0o777 == 0o600
    assert out.stat().st_mode & 0o777 == 0o700
    report = check_guide(path)
    assert report.errors == [] and report.guide is not None
    assert report.guide.study.id == "sleep-screens" and report.guide.study.title == "Sleep & Screens"
    text = path.read_text()
    assert "# " in text and "TODO" in text
    # every TODO left in a value is a warning at its line, so --strict fails until all are replaced
    assert {p.code for p in report.problems} == {"todo"}
    assert [p.message.split(":")[0] for p in report.problems] == [
        "study.authors[0]", "study.description", "study.eligibility[0]", "information.sheet",
        "information.withdrawal", "themes[1].title", "themes[1].questions[0].text", "themes[1].questions[1].text"]
    capsys.readouterr()
    assert main(["guide", "check", "--strict", str(path)]) == 2
    assert "error: study.authors[0]: still says TODO" in capsys.readouterr().out
    done = "\n".join(line for line in text.replace("TODO: ", "").splitlines())
    assert check_guide_text(done, "done.toml").problems == []


def test_new_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "pilot.toml"
    path.write_text("mine")
    assert main(["guide", "new", "pilot", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"interviewer: {path} already exists; choose another name or move it away first\n"
    assert path.read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["pilot.toml"]  # no temp file left behind


def test_new_needs_a_usable_name(tmp_path, capsys):
    assert main(["guide", "new", "!!!", "--out", str(tmp_path)]) == 2
    assert "cannot make a guide id from '!!!'" in capsys.readouterr().err


@pytest.mark.parametrize("name", ['quote " and \\ backslash', "Ünïcode stüdy", "x" * 80])
def test_starter_survives_awkward_names(name):
    file, text = starter_guide(name)
    report = check_guide_text(text, file)
    assert {p.code for p in report.problems} == {"todo"}, [p.format() for p in report.problems]
    assert report.guide.study.title == name


GUIDE = """\
# a comment
[study]
id = "h"
title = "Hash"
version = "1"

[information]
sheet = "Sheet."

[[information.consent]]
id = "agree"
text = "I agree."

[[themes]]
id = "t"
title = "T"

[[themes.questions]]
id = "q"
text = "What happened?"
when_unused = 1
"""


def test_content_hash_ignores_comments_layout_and_defaults_but_not_values():
    base = GUIDE.replace("when_unused = 1\n", "")
    reformatted = (base.replace("# a comment\n", "")
                   .replace('[study]\nid = "h"\ntitle = "Hash"\nversion = "1"\n',
                            "# moved and inline\nstudy = { version = '1', title = 'Hash', id = 'h' }\n")
                   .replace('text = "What happened?"', 'text = "What happened?"   # same value\nrequired = true'))
    first, second = check_guide_text(base).guide, check_guide_text(reformatted).guide
    assert first.content_hash == second.content_hash
    assert first.content_hash.startswith("sha256:") and len(first.content_hash) == 7 + 64
    changed = check_guide_text(base.replace("What happened?", "What happened next?")).guide
    assert changed.content_hash != first.content_hash
    assert changed.consent_hash == first.consent_hash


def test_help_has_examples(capsys):
    for command in (["guide"], ["guide", "check"], ["guide", "show"], ["guide", "export"], ["guide", "new"]):
        with pytest.raises(SystemExit) as info:
            main([*command, "--help"])
        assert info.value.code == 0
        out = capsys.readouterr().out
        assert "examples:\n  interviewer guide" in out


def test_guide_without_a_command_prints_help_and_fails(capsys):
    assert main(["guide"]) == 2
    assert "check" in capsys.readouterr().err

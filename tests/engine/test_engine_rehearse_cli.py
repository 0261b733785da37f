"""`interviewer rehearse` end to end on the shipped guides, including the distress path."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.engine.rehearsal import parse_line, run_rehearsal
from interviewer.errors import UsageError
from interviewer.guide.loader import load_guide

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "topic_guides").glob("*.toml"))
GENAI = ROOT / "topic_guides" / "genai-mental-health.toml"
CALM = "I used it a few times in the evening to think things through, and it was useful to me overall."


def rehearse(tmp_path, capsys, guide: Path, lines: list[str], *extra: str) -> tuple[int, str, str]:
    answers = tmp_path / "answers.txt"
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["rehearse", str(guide), "--answers", str(answers), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def prompt_lines(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if re.match(r"^\s+\d+ (question|probe) ", line)]


@pytest.mark.skipif(not SHIPPED, reason="no shipped guides in topic_guides/")
@pytest.mark.parametrize("guide", SHIPPED, ids=[g.name for g in SHIPPED])
def test_every_shipped_guide_runs_to_the_end(tmp_path, capsys, guide):
    code, out, err = rehearse(tmp_path, capsys, guide, [CALM] * 120)
    assert (code, err) == (0, "")
    assert "Interview ended: completed" in out
    assert "left unused after the end" in out
    first = prompt_lines(out)[0]
    assert re.fullmatch(r"1 question \S+", first)
    assert "== Theme: " in out
    assert "why: first main question" in out


def _story(audio_dir: Path) -> list[str]:
    read = lambda name: (audio_dir / f"answer-{name}.txt").read_text(encoding="utf-8").strip()  # noqa: E731
    return [
        read("short"),
        read("first-use"),
        read("short"),
        read("relationships"),
        read("guardrail"),
        read("distress"),
    ]


@pytest.mark.skipif(not GENAI.is_file(), reason="shipped guide not present")
def test_distress_answer_reaches_the_support_step_and_continues(tmp_path, capsys, audio_dir):
    lines = _story(audio_dir) + [":continue"] + [CALM] * 80
    code, out, err = rehearse(tmp_path, capsys, GENAI, lines)
    assert (code, err) == (0, "")
    before, after = out.split("! distress check at ", 1)
    assert "support step" in after and "no one is watching this live" in after
    assert "options: pause / skip_topic / continue / stop (no default)" in after
    assert "Samaritans" in after
    assert after.index("· support choice: continue") < after.index("why:")  # the next prompt comes after
    assert "Interview ended: completed" in after
    # The same run through the API: the flag never quotes the answer, and the next step is a prompt.
    events = []
    result = run_rehearsal(load_guide(GENAI), lines, on_event=events.append)
    assert events == result.interview.events
    flagged = [i for i, e in enumerate(events) if e.type == "distress"]
    assert len(flagged) == 1
    flag = events[flagged[0]]
    assert set(flag.model_dump(exclude_none=True)) == {"elapsed", "type", "question_id", "trigger"}
    assert flag.trigger == "phrase"
    following = [e.type for e in events[flagged[0] + 1 :]][:2]
    assert following == ["support_choice", "prompt"]


@pytest.mark.skipif(not GENAI.is_file(), reason="shipped guide not present")
def test_skip_topic_at_the_support_step_moves_to_the_next_theme(tmp_path, capsys, audio_dir):
    lines = _story(audio_dir) + [":skip_topic"] + [CALM] * 3
    result = run_rehearsal(load_guide(GENAI), lines)
    events = result.interview.events
    at = next(i for i, e in enumerate(events) if e.type == "distress")
    theme_of = {q.id: t.id for t, q in load_guide(GENAI).questions()}
    distressed_theme = theme_of[events[at].question_id]
    next_at = next(i for i in range(at, len(events)) if events[i].type == "prompt")
    skips = [e for e in events[at:next_at] if e.type == "skip"]
    assert skips and all(e.by == "participant" and distressed_theme in e.reason for e in skips)
    assert {e.question_id for e in skips} >= {q for q, t in theme_of.items() if t == distressed_theme} - {
        e.question_id for e in events[:at] if e.type == "prompt"
    }
    next_prompt = events[next_at]
    assert next_prompt.theme_id != distressed_theme
    assert next_prompt.reason.startswith("next theme: the rest of theme")
    assert result.ran_out


def test_directives_and_their_errors(tmp_path, capsys, guide_of):
    guide = tmp_path / "g.toml"
    guide.write_text(SMALL, encoding="utf-8")
    code, out, err = rehearse(
        tmp_path, capsys, guide, [":rephrase", "short", ":skip", ":note tick", ":withdraw", "extra"]
    )
    assert (code, err) == (0, "")
    assert prompt_lines(out) == [
        "1 question q1",
        "1 question q1 (alternative)",
        "2 probe q1/more (elaboration)",
        "3 question q2",
    ]
    assert "· skipped q1/more (by participant): skipped by the participant" in out
    assert "· note: tick" in out and "Interview ended: withdrawn" in out
    assert "1 answer line(s) left unused" in out
    code, out, err = rehearse(tmp_path, capsys, guide, ["fine", ":continue"])
    assert code == 2 and err.strip() == "interviewer: answers line 2: no support step is open"
    code, out, err = rehearse(tmp_path, capsys, guide, [":bogus"])
    assert code == 2 and err.startswith(
        "interviewer: answers line 1: unknown directive ':bogus' (known: :skip,"
    )
    code, out, err = rehearse(tmp_path, capsys, guide, [":break", ":pause", "::colon answer"])
    assert "· paused" in out and "· resumed" in out and "> :colon answer" in out


def test_stdin_interactive_and_usage_errors(tmp_path, capsys, monkeypatch):
    guide = tmp_path / "g.toml"
    guide.write_text(SMALL, encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough answer here\n:stop\n"))
    assert main(["rehearse", str(guide), "--answers", "-"]) == 0
    assert "Interview ended: stopped" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough answer here\n"))
    assert main(["rehearse", str(guide), "--interactive", "--no-save"]) == 0
    out = capsys.readouterr().out
    assert "3 question q2" not in out and "2 question q2" in out and "answers ran out" in out
    assert main(["rehearse", str(guide)]) == 2
    assert capsys.readouterr().err.strip() == "interviewer: give either --answers FILE or --interactive"
    assert main(["rehearse", str(guide), "--answers", str(tmp_path / "none.txt")]) == 2
    assert "no such answers file" in capsys.readouterr().err
    assert main(["rehearse", str(tmp_path / "missing.toml"), "--answers", "-"]) == 2
    assert re.search(r"missing\.toml.*cannot read", capsys.readouterr().err)


def test_help_lists_directives_and_examples(capsys):
    with pytest.raises(SystemExit):
        main(["rehearse", "--help"])
    out = capsys.readouterr().out
    for word in (
        ":skip",
        ":repeat",
        ":rephrase",
        ":break",
        ":pause",
        ":continue",
        ":skip_topic",
        ":stop",
        "examples:",
    ):
        assert word in out


def test_parse_line():
    assert parse_line("::x\n", 1).kind == "answer" and parse_line("::x", 1).text == ":x"
    assert (parse_line(":note hello there", 3).kind, parse_line(":note hello there", 3).text) == (
        "note",
        "hello there",
    )
    assert parse_line("", 1).text == ""
    with pytest.raises(UsageError, match="answers line 4: ':choose' needs a probe id"):
        parse_line(":choose", 4)


SMALL = """
[study]
id = "small"
title = "Small"
version = "1"

[information]
sheet = "x"

[[information.consent]]
id = "c"
text = "ok"

[[themes]]
id = "t"
title = "T"

[[themes.questions]]
id = "q1"
text = "First?"
alternative = "First, differently?"

[[themes.questions.probes]]
id = "more"
text = "More?"
when = { shorter_than = 4 }

[[themes.questions]]
id = "q2"
text = "Second?"
"""


@pytest.mark.parametrize("pace", ["nan", "inf", "-1"])
def test_a_pace_that_is_not_a_time_is_one_line_and_saves_nothing(tmp_path, capsys, pace):
    sessions = tmp_path / "sessions"
    code, out, err = rehearse(tmp_path, capsys, GENAI, [CALM], "--pace", pace, "--sessions-dir", str(sessions))
    assert code == 2 and out == ""
    assert err == "interviewer: --pace must be a number of seconds, zero or more\n"
    assert not sessions.exists()


def test_an_unusable_sessions_dir_is_one_line_before_any_output(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for where in (blocker, blocker / "sessions"):
        code, out, err = rehearse(tmp_path, capsys, GENAI, [CALM], "--sessions-dir", str(where))
        assert code == 1 and out == ""
        assert err.startswith(f"interviewer: {where}") and len(err.splitlines()) == 1 and "Traceback" not in err


REMEMBERED = [
    "I work in a library in the city and I like walking by the river at weekends with my dog.",
    "Technology is everywhere for me, my phone, my laptop at work, and the catalogue system every single day.",
    "My first chatbot was ChatGPT, what I didn't like was the long bullet point lists it gave me every time.",
    "Less anxiety, mostly, and someone to talk to late at night when everything felt too loud and I could not sleep.",
    "It was the middle of the night and I needed something to talk to, it felt safe and private and always there.",
    "About twenty conversations over a few months, most of them in the evening.",
    "The bot listened and I felt understood.",
    "I would type out what happened that day and it would ask me questions back, for about half an hour.",
    "The bot listened and I felt understood, which I had not expected at all from a computer program.",
]


def test_rehearse_shows_what_the_interviewer_remembered(tmp_path, capsys):
    code, out, err = rehearse(tmp_path, capsys, GENAI, REMEMBERED, "--no-save")
    assert code == 0 and err == ""
    # said under an earlier question, so not asked again: the skip and its words are shown
    assert ("· skipped likes/not-liked (by engine): probe 'not-liked' not asked: already said in the interview "
            "so far: 'didn't like' (\"didn't like\")") in out
    # the probe quotes the participant's own word
    assert "You said “understood”. What was that like for you?" in out
    # a probe weighs everything said on its question: the probe's answer mentioned anxiety
    assert "first-experiences/how-it-began" not in out
    # acknowledgements before main questions, never the same one twice in a theme
    lines = out.splitlines()
    acks = [lines[i + 1].strip() for i, line in enumerate(lines) if re.match(r"^\s+\d+ question ", line)]
    assert acks[1:4] == ["Thank you.", "Thank you for explaining.", "I see."]
    assert not lines[lines.index(next(x for x in lines if "probe likes/understood" in x)) + 1].strip().startswith(
        "Thank")

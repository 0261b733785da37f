"""Fault injection: kill -9 at every kind of point of withdraw and export, withdraw racing an export,
and symlink and path attacks. The promise under test: a withdrawn participant leaves no trace,
whatever happened, and nothing is read or written through a link out of the sessions dir."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.errors import SessionError
from interviewer.events import AnswerEvent, Mode, PromptEvent
from interviewer.session.exporting import export_one
from interviewer.session.lock import SessionLock
from interviewer.session.redact import redact_session
from interviewer.session.retention import withdraw

CHILD = Path(__file__).with_name("fault_child.py")
ROOT = Path(__file__).resolve().parents[2]
POINTS = 12  # kill points tried per test (spread over the whole run, ends included)


def _holders(where: list[Path], needles: list[bytes]) -> list[Path]:
    """Files (hidden and temp ones too) whose name or bytes, or a zip member's, contain a needle."""
    found = []
    for top in where:
        for folder, _, names in os.walk(top):
            for name in names:
                path = Path(folder, name)
                if path.is_symlink() or not path.is_file() or "withdrawn" in path.parts:
                    continue
                data = path.read_bytes()
                blobs = [name.encode(), data]
                if zipfile.is_zipfile(path):
                    with zipfile.ZipFile(path) as archive:
                        blobs += [archive.read(n) for n in archive.namelist()]
                if any(n in b for n in needles for b in blobs):
                    found.append(path)
    return found


def _needles(code: str, texts: dict[str, str]) -> list[bytes]:
    words = texts["first"].split()
    return [code.encode(), " ".join(words[2:6]).encode()]


def _setup(tmp_path: Path, name: str, make_filled) -> tuple[Path, Path, str]:
    """A sessions dir with one interviewed participant, exported inside and outside it, plus audio."""
    root, out = tmp_path / name / "sessions", tmp_path / name / "out"
    session = make_filled(root)
    for i in range(6):
        (session.folder / "audio" / f"seg-{i:04d}.wav").write_bytes(os.urandom(256))
    from interviewer.session.store import SessionStore

    store = SessionStore(root)
    export_one(store, session.code, ["md", "csv"])
    export_one(store, session.code, ["md", "docx", "xlsx"], out)
    return root, out, session.code


def _child(kill_at: int, argv: list[str], countfile: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(CHILD), str(kill_at), str(countfile), "--", *argv],
                          env=env, capture_output=True, text=True, timeout=120)


def _points(total: int, rng: random.Random) -> list[int]:
    """Kill points: the first and last step and random ones between (all of them if few)."""
    if total <= POINTS:
        return list(range(1, total + 1))
    return sorted({1, total, *rng.sample(range(2, total), POINTS - 2)})


@pytest.fixture
def make_filled(guide, guide_path, clock):
    from tests.session.conftest import interview_events

    def make(root: Path):
        from interviewer.session.store import SessionStore

        session = SessionStore(root).create(guide, guide_path, Mode.SELF, clock=clock)
        session.extend(interview_events())
        session.close("completed")
        return session

    return make


@pytest.mark.slow
def test_kill_nine_anywhere_in_withdraw_is_completed_by_the_next_command(tmp_path, make_filled, texts):
    rng = random.Random(os.environ.get("FAULT_SEED", random.randrange(1 << 30)))
    root, out, code = _setup(tmp_path, "count", make_filled)
    counted = _child(0, ["sessions", "withdraw", code, "--yes", "--sessions-dir", str(root)], tmp_path / "n")
    assert counted.returncode == 0, counted.stderr
    total = int((tmp_path / "n").read_text())
    for kill_at in _points(total, rng):
        root, out, code = _setup(tmp_path, f"k{kill_at}", make_filled)
        needles = _needles(code, texts)
        run = _child(kill_at, ["sessions", "withdraw", code, "--yes", "--sessions-dir", str(root)],
                     tmp_path / f"n{kill_at}")
        assert run.returncode == -9, f"step {kill_at} of {total}: not killed ({run.stderr})"
        assert main(["sessions", "list", "--sessions-dir", str(root)]) == 0  # the next command, any command
        tomb = root / "withdrawn" / f"{code}.json"
        if tomb.exists():  # withdrawal had begun: it must now be complete
            assert json.loads(tomb.read_text())["status"] == "withdrawn", f"step {kill_at}"
            assert _holders([root, out], needles) == [], f"killed at step {kill_at} of {total}"
            assert not list(root.glob(".removing-*"))
        else:  # killed before it began: everything is still there and still found by a withdrawal
            assert main(["sessions", "withdraw", code, "--yes", "--sessions-dir", str(root)]) == 0
            assert _holders([root, out], needles) == [], f"killed at step {kill_at} of {total}"


@pytest.mark.slow
def test_kill_nine_anywhere_in_export_leaves_nothing_withdraw_cannot_find(tmp_path, make_filled, texts):
    rng = random.Random(os.environ.get("FAULT_SEED", random.randrange(1 << 30)))
    formats = ["md", "docx", "xlsx", "csv", "srt", "qdpx"]

    def export(root: Path, out: Path, code: str) -> list[str]:
        return ["sessions", "export", code, "--format", *formats, "--out", str(out), "--sessions-dir", str(root)]

    root = tmp_path / "count" / "sessions"
    code = make_filled(root).code
    assert _child(0, export(root, tmp_path / "count" / "x", code), tmp_path / "n").returncode == 0
    total = int((tmp_path / "n").read_text())
    for kill_at in _points(total, rng):
        root, out = tmp_path / f"k{kill_at}" / "sessions", tmp_path / f"k{kill_at}" / "fresh-out"
        code = make_filled(root).code
        run = _child(kill_at, export(root, out, code), tmp_path / f"n{kill_at}")
        assert run.returncode == -9, f"step {kill_at} of {total}: not killed ({run.stderr})"
        assert main(["sessions", "withdraw", code, "--yes", "--sessions-dir", str(root)]) == 0
        assert _holders([root, out], _needles(code, texts)) == [], f"export killed at step {kill_at} of {total}"


def _long_session(store, guide, guide_path, turns: int = 600):
    session = store.create(guide, guide_path, Mode.SELF)
    events = []
    for i in range(1, turns + 1):
        events.append(PromptEvent(elapsed=i * 10, prompt_id=i, kind="question", theme_id="limits",
                                  question_id="guardrails", text=f"Question {i}?", reason="test"))
        events.append(AnswerEvent(elapsed=i * 10 + 5, prompt_id=i, text=f"My sister Sarah said so, turn {i}."))
    session.extend(events)
    session.close("completed")
    return session


@pytest.mark.slow
def test_withdraw_during_an_export_waits_for_it_and_leaves_nothing(store, guide, guide_path, tmp_path):
    session = _long_session(store, guide, guide_path)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    export = subprocess.Popen(
        [sys.executable, "-m", "interviewer", "sessions", "export", session.code, "--format", "md", "docx",
         "xlsx", "csv", "--out", str(out), "--sessions-dir", str(store.root)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (out / f"{session.code}.md").exists():  # the export is under way, more files to come
        assert export.poll() is None, export.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.005)
    try:
        withdraw(store, session.code)  # waits for the export (up to 30 s)
    finally:
        export.communicate(timeout=120)
    assert _holders([store.root, out], [session.code.encode(), b"My sister Sarah"]) == []


def test_a_leftover_removing_folder_of_an_older_version_is_finished(store, filled, tmp_path, texts):
    out = tmp_path / "out"
    export_one(store, filled.code, ["md"], out)
    os.rename(filled.folder, store.root / ".removing-3f2a9c1b7d4e")  # where an old withdraw was killed
    assert main(["sessions", "list", "--sessions-dir", str(store.root)]) == 0
    assert _holders([store.root, out], _needles(filled.code, texts)) == []
    assert not list(store.root.glob(".removing-*"))
    assert (store.root / "withdrawn" / f"{filled.code}.json").exists()


def test_a_symlinked_lock_file_never_writes_its_target(store, filled, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (filled.folder / "session.lock").symlink_to(victim)
    again = store.open(filled.code)
    again.close()
    export_one(store, filled.code, ["md"])
    assert victim.read_text() == "precious\n"


def test_a_symlinked_redacted_folder_is_refused(store, filled, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (filled.folder / "redacted").symlink_to(outside)
    with pytest.raises(SessionError, match="symbolic link"):
        redact_session(store, filled.code)
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("bad", ["../../secret.wav", "/etc/passwd", "audio/../../x.wav"])
def test_audio_paths_leaving_the_session_are_refused_on_read(store, filled, bad):
    journal = filled.folder / "journal.jsonl"
    lines = journal.read_text().splitlines()
    spoken = next(i for i, line in enumerate(lines) if '"audio_file"' in line)
    record = json.loads(lines[spoken])
    record["audio_file"] = bad
    lines[spoken] = json.dumps(record)
    journal.write_text("\n".join(lines) + "\n")
    with pytest.raises(SessionError, match="leaves the session folder"):
        store.load(filled.code)


def test_a_symlinked_session_folder_is_listed_and_withdrawn(store, filled, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = elsewhere / filled.folder.name
    os.rename(filled.folder, moved)
    filled.folder.symlink_to(moved)
    assert main(["sessions", "list", "--sessions-dir", str(store.root)]) == 0
    captured = capsys.readouterr()
    assert filled.code in captured.out and "symbolic link" in captured.err
    assert main(["sessions", "withdraw", filled.code, "--yes", "--sessions-dir", str(store.root)]) == 0
    assert not moved.exists() and not filled.folder.is_symlink()
    assert (store.root / "withdrawn" / f"{filled.code}.json").exists()


def test_an_export_cannot_start_while_withdraw_holds_the_session(store, filled):
    lock = SessionLock.acquire(filled.folder, filled.code)  # what withdraw holds while it deletes
    try:
        with pytest.raises(SessionError, match="another process"):
            export_one(store, filled.code, ["md"])
    finally:
        lock.release()
    assert not (filled.folder / "exports" / f"{filled.code}.md").exists()


def test_a_session_link_to_some_other_folder_removes_only_the_link(store, filled, tmp_path, capsys):
    other = tmp_path / "not-a-session"
    other.mkdir()
    (other / "keep.txt").write_text("someone else's file\n")
    os.rename(filled.folder, tmp_path / "moved")
    filled.folder.symlink_to(other)
    assert main(["sessions", "withdraw", filled.code, "--yes", "--sessions-dir", str(store.root)]) == 0
    assert "only the link was removed" in capsys.readouterr().err
    assert (other / "keep.txt").exists() and not filled.folder.is_symlink()
    assert json.loads((store.root / "withdrawn" / f"{filled.code}.json").read_text())["status"] == "withdrawn"


@pytest.mark.slow
def test_kill_nine_anywhere_in_rehearse_leaves_only_readable_or_removable_sessions(tmp_path):
    rng = random.Random(os.environ.get("FAULT_SEED", random.randrange(1 << 30)))
    guide = ROOT / "topic_guides" / "commuting.toml"
    answers = tmp_path / "answers.txt"
    answers.write_text("I cycle to work, it takes about twenty minutes each way.\n" * 12, encoding="utf-8")

    def rehearse(root: Path) -> list[str]:
        return ["rehearse", str(guide), "--answers", str(answers), "--sessions-dir", str(root)]

    counted = _child(0, rehearse(tmp_path / "count"), tmp_path / "n")
    assert counted.returncode == 0, counted.stderr
    total = int((tmp_path / "n").read_text())
    for kill_at in _points(total, rng):
        root = tmp_path / f"k{kill_at}"
        run = _child(kill_at, rehearse(root), tmp_path / f"n{kill_at}")
        assert run.returncode == -9, f"step {kill_at} of {total}: not killed ({run.stderr})"
        assert main(["sessions", "list", "--sessions-dir", str(root)]) == 0, f"step {kill_at}"
        from interviewer.session.store import SessionStore

        store = SessionStore(root)
        for summary in store.list():  # every session left is whole enough to show and export
            assert summary.started_at is not None, f"step {kill_at}: {summary.folder.name} unreadable"
            assert main(["sessions", "show", summary.code, "--sessions-dir", str(root)]) == 0
        # nothing half-made survives a purge of what is older than tomorrow
        assert main(["sessions", "purge", "--before", "2999-01-01", "--yes", "--sessions-dir", str(root)]) == 0
        assert not [p for p in root.iterdir() if p.name != "withdrawn"], f"step {kill_at}"


@pytest.mark.slow
def test_kill_nine_anywhere_in_transcribe_leaves_whole_outputs_or_none(tmp_path, audio_dir):
    rng = random.Random(os.environ.get("FAULT_SEED", random.randrange(1 << 30)))
    clip = audio_dir / "answer-short.wav"

    def transcribe(out: Path) -> list[str]:
        return ["transcribe", str(clip), "--out", str(out), "--force"]

    counted = _child(0, transcribe(tmp_path / "count"), tmp_path / "n")
    assert counted.returncode == 0, counted.stderr
    whole = {p.name: p.read_bytes() for p in (tmp_path / "count").iterdir()}
    total = int((tmp_path / "n").read_text())
    for kill_at in _points(total, rng)[:4]:  # each run loads the model: a few points are enough
        out = tmp_path / f"k{kill_at}"
        run = _child(kill_at, transcribe(out), tmp_path / f"n{kill_at}")
        assert run.returncode == -9, f"step {kill_at} of {total}: not killed ({run.stderr})"
        for path in (out.iterdir() if out.exists() else []):
            if path.name in whole:  # an output that exists is complete: atomic writes
                assert path.read_bytes().decode("utf-8").strip(), path
        rerun = _child(0, transcribe(out), tmp_path / f"r{kill_at}")
        assert rerun.returncode == 0, rerun.stderr
        assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == set(whole)

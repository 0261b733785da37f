"""The session folder: layout, modes, journal lines, thread-safe appends, status, resume and lookup."""

from __future__ import annotations

import json
import stat
import threading

import pytest

from interviewer.errors import SessionError
from interviewer.events import AnswerEvent, Mode, NoteEvent, PromptEvent, SessionEnded, SessionStarted
from interviewer.guide import load_guide
from interviewer.session import SessionView, default_sessions_dir
from interviewer.session.codes import ALPHABET, CODE_RE, normalise_code, parse_folder_name


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_create_lays_out_a_private_self_contained_folder(store, guide, guide_path, clock):
    session = store.create(guide, guide_path, Mode.SELF, clock=clock)
    day, study, code = parse_folder_name(session.folder.name)
    assert (study, code) == ("chatbot-wellbeing", session.code)
    assert str(day) == "2024-03-05" and CODE_RE.match(code)
    assert {p.name for p in session.folder.iterdir()} == {
        "journal.jsonl", "session.json", "guide.toml", "audio", "exports", "session.lock"}
    for path in [store.root, session.folder, session.audio_dir, session.exports_dir]:
        assert _mode(path) == 0o700, path
    for path in session.folder.iterdir():
        if path.is_file():
            assert _mode(path) == 0o600, path
    # The guide is copied byte for byte (comments too) and hashes to the recorded value.
    assert (session.folder / "guide.toml").read_bytes() == guide_path.read_bytes()
    assert load_guide(session.folder / "guide.toml").content_hash == session.view.meta.guide_hash
    session.close()
    assert not (session.folder / "session.lock").exists()


def test_guide_without_file_is_written_from_the_model(store, guide, clock):
    session = store.create(guide, None, Mode.PILOT, clock=clock)
    assert load_guide(session.folder / "guide.toml").content_hash == guide.content_hash
    session.close()
    assert store.load(session.code).warnings == []


def test_journal_lines_have_header_seq_and_time(store, guide, guide_path, clock):
    session = store.create(guide, guide_path, Mode.PILOT, interviewer="AR", clock=clock)
    stored = session.append(PromptEvent(elapsed=3, prompt_id=1, kind="question", theme_id="first-use",
                                        question_id="first-time", text="Q?", reason="first"))
    assert stored.seq == 2 and stored.at is not None
    lines = (session.folder / "journal.jsonl").read_text().splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "interviewer-journal" and header["schema_version"] == 1
    first, second = json.loads(lines[1]), json.loads(lines[2])
    assert first["type"] == "session_started" and first["seq"] == 1 and first["participant_code"] == session.code
    assert second == json.loads(stored.model_dump_json(exclude_none=True))
    session.close()


def test_appends_from_many_threads_are_all_kept_in_order(store, guide, guide_path):
    session = store.create(guide, guide_path, Mode.CONDUCT, snapshot_interval=0.05)

    def write(tag):
        for i in range(40):
            session.append(NoteEvent(type="note", elapsed=i, text=f"{tag}-{i}"))

    threads = [threading.Thread(target=write, args=(t,)) for t in "abcd"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    session.close()
    record = store.load(session.code)
    assert [e.seq for e in record.events] == list(range(1, 162))
    texts = [e.text for e in record.events if isinstance(e, NoteEvent)]
    assert sorted(texts) == sorted(f"{t}-{i}" for t in "abcd" for i in range(40))
    for tag in "abcd":  # each thread's own order survives
        mine = [t for t in texts if t.startswith(tag)]
        assert mine == [f"{tag}-{i}" for i in range(40)]


def test_status_in_progress_interrupted_completed(store, guide, guide_path, clock):
    session = store.create(guide, guide_path, Mode.SELF, clock=clock)
    assert store.load(session.code).view.meta.status == "in_progress"
    assert [s.status for s in store.list()] == ["in_progress"]
    session.close()  # no reason: left resumable
    assert store.load(session.code).view.meta.status == "interrupted"
    assert [s.code for s in store.interrupted()] == [session.code]
    snap = SessionView.model_validate_json((session.folder / "session.json").read_bytes())
    assert snap.meta.status == "interrupted"
    again = store.open(session.code, clock=clock)
    assert store.interrupted() == []
    again.close("completed")
    record = store.load(session.code)
    assert record.view.meta.status == "completed" and record.view.meta.ended_at is not None
    assert isinstance(record.events[-1], SessionEnded)
    assert SessionView.model_validate_json((session.folder / "session.json").read_bytes()) == record.view


def test_resume_continues_the_journal_and_refuses_a_second_writer(store, guide, guide_path):
    session = store.create(guide, guide_path, Mode.SELF)
    with pytest.raises(SessionError, match="open in another process"):
        store.open(session.code)
    session.append(PromptEvent(elapsed=1, prompt_id=1, kind="question", theme_id="first-use",
                               question_id="first-time", text="Q?", reason="first"))
    session.close()
    with store.open(session.code.lower()) as resumed:
        assert resumed.elapsed() >= 1
        stored = resumed.append(AnswerEvent(elapsed=4, prompt_id=1, text="An answer."))
        assert stored.seq == 3
        assert resumed.view.turns[0].text == "An answer."
    with pytest.raises(SessionError, match="closed"):
        resumed.append(AnswerEvent(elapsed=5, prompt_id=1, text="late"))


def test_stale_lock_file_reads_as_interrupted(store, guide, guide_path):
    session = store.create(guide, guide_path, Mode.SELF)
    session.close()
    (session.folder / "session.lock").write_text('{"pid": 999999, "host": "x"}')
    assert store.load(session.code).view.meta.status == "interrupted"
    store.open(session.code).close("stopped")
    assert store.load(session.code).view.meta.status == "stopped"


def test_find_accepts_code_forms_and_reports_unknown(store, filled):
    code = filled.code
    for form in (code, code.lower(), code[2:], filled.folder.name):
        assert store.find(form) == filled.folder
    with pytest.raises(SessionError, match="no session P-"):
        store.find("P-22222")
    with pytest.raises(SessionError, match="not a participant code"):
        store.find("Sarah Jones")


def test_codes_are_unique_and_unambiguous(store, guide, guide_path):
    codes = set()
    for _ in range(5):
        s = store.create(guide, guide_path, Mode.PILOT)
        s.close()
        codes.add(s.code)
    assert len(codes) == 5 and all(CODE_RE.match(c) for c in codes)
    assert not set("01ILOU") & set(ALPHABET)
    assert normalise_code(" p-7k3qx ") == "P-7K3QX" and normalise_code("P-7K3Q0") is None


def test_sessions_dir_default_and_env(monkeypatch, tmp_path):
    monkeypatch.delenv("INTERVIEWER_SESSIONS_DIR", raising=False)
    assert str(default_sessions_dir()) == "sessions"
    monkeypatch.setenv("INTERVIEWER_SESSIONS_DIR", str(tmp_path))
    assert default_sessions_dir() == tmp_path
    assert default_sessions_dir(tmp_path / "x") == tmp_path / "x"


def test_pilot_rehearsal_needs_only_create_and_append(store, guide, guide_path):
    """What `interviewer rehearse` does: create a pilot session and append the engine's events."""
    session = store.create(guide, guide_path, Mode.PILOT)
    session.append(PromptEvent(elapsed=0.5, prompt_id=1, kind="question", theme_id="first-use",
                               question_id="first-time", text="Q?", reason="first"))
    session.append(AnswerEvent(elapsed=1, prompt_id=1, text="typed"))
    session.close("completed")
    [summary] = store.list()
    assert (summary.mode, summary.status, summary.turns, summary.transcription) == (Mode.PILOT, "completed", 1, "n/a")


def test_unreadable_session_is_listed_not_fatal(store, filled, guide, guide_path):
    other = store.create(guide, guide_path, Mode.SELF)
    other.close()
    journal = other.folder / "journal.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(lines[0] + b"{broken\n" + lines[1])
    statuses = {s.code: s for s in store.list()}
    assert statuses[filled.code].status == "completed"
    assert statuses[other.code].status == "unreadable"
    assert "journal.jsonl:2: invalid JSON" in statuses[other.code].problem


def test_first_event_must_be_session_started(store, filled):
    record = store.load(filled.code)
    assert isinstance(record.events[0], SessionStarted)
    journal = filled.folder / "journal.jsonl"
    lines = journal.read_text().splitlines(keepends=True)
    journal.write_text(lines[0] + lines[2].replace('"seq":2', '"seq":1'))
    with pytest.raises(SessionError, match="first event is not session_started"):
        store.load(filled.code)

"""Loading journals: torn last lines, corruption, newer versions refused, v0 upgraded by migration."""

from __future__ import annotations

import json
import os

import pytest

from interviewer.errors import SessionError
from interviewer.events import AnswerEvent, Mode, PromptEvent
from interviewer.session.journal import read_journal
from interviewer.session.migrations import JOURNAL_SCHEMA_VERSION, MIGRATIONS, v0_to_v1


def _journal(session):
    return session.folder / "journal.jsonl"


def _snapshot_of_folder(folder):
    return {p.name: (p.read_bytes() if p.is_file() else None, p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_torn_last_line_is_dropped_with_a_warning_and_cut_on_resume(store, filled):
    journal = _journal(filled)
    whole = journal.read_bytes()
    count = len(store.load(filled.code).events)
    extra = AnswerEvent(elapsed=200, prompt_id=1, text="x" * 50, seq=count + 1).model_dump_json(exclude_none=True)
    for cut in (1, 10, len(extra) - 1):
        journal.write_bytes(whole + extra[:cut].encode())
        record = store.load(filled.code)
        assert len(record.events) == count
        assert any("dropped an incomplete last line" in w for w in record.warnings)
        assert journal.read_bytes() == whole + extra[:cut].encode()  # loading never writes
    with store.open(filled.code) as session:
        assert journal.read_bytes() == whole  # the torn tail is cut before appending
        assert (filled.folder / "journal.jsonl.torn").read_bytes() == extra[: len(extra) - 1].encode()
        session.append(AnswerEvent(elapsed=201, prompt_id=1, text="after the crash"))
    record = store.load(filled.code)
    assert record.warnings == [] and record.events[-1].text == "after the crash"


def test_complete_last_line_without_newline_is_kept(store, filled):
    journal = _journal(filled)
    data = journal.read_bytes()
    journal.write_bytes(data.rstrip(b"\n"))
    count = len(store.load(filled.code).events)
    assert count == data.count(b"\n") - 1 and store.load(filled.code).warnings == []
    with store.open(filled.code) as session:
        session.append(AnswerEvent(elapsed=300, prompt_id=1, text="next line"))
    assert len(store.load(filled.code).events) == count + 1


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda lines: lines.__setitem__(3, b'{"type": "answer", \n'), r"journal.jsonl:4: invalid JSON"),
        (lambda lines: lines.__setitem__(3, lines[3].replace(b'"prompt_id":1,', b"")),
         r"journal.jsonl:4: invalid event: prompt_id: Field required"),
        (lambda lines: lines.__setitem__(3, lines[3].replace(b'"type":"prompt"', b'"type":"gossip"')),
         r"journal.jsonl:4: invalid event: .*gossip"),
        (lambda lines: lines.__setitem__(4, lines[4].replace(b'"seq":4', b'"seq":9')),
         r"journal.jsonl:5: invalid event: seq is 9, expected 4"),
        (lambda lines: lines.__setitem__(3, b"[1, 2]\n"), r"journal.jsonl:4: invalid record: not a JSON object"),
        (lambda lines: lines.__setitem__(0, b'{"no": "header"}\n'), r"journal.jsonl:1: not an interviewer journal"),
    ],
)
def test_other_corruption_is_refused_with_the_line(store, filled, damage, message):
    journal = _journal(filled)
    lines = journal.read_bytes().splitlines(keepends=True)
    damage(lines)
    journal.write_bytes(b"".join(lines))
    before = _snapshot_of_folder(filled.folder)
    with pytest.raises(SessionError, match=message):
        store.load(filled.code)
    with pytest.raises(SessionError, match=message):
        store.open(filled.code)
    assert _snapshot_of_folder(filled.folder) == before


def test_empty_journal_is_refused(store, filled):
    _journal(filled).write_bytes(b"")
    with pytest.raises(SessionError, match="empty"):
        store.load(filled.code)


def test_newer_schema_is_refused_without_touching_anything(store, filled):
    journal = _journal(filled)
    lines = journal.read_bytes().splitlines(keepends=True)
    header = json.loads(lines[0])
    header["schema_version"] = JOURNAL_SCHEMA_VERSION + 1
    journal.write_bytes(json.dumps(header).encode() + b"\n" + b"".join(lines[1:]) + b'{"future": true}\n')
    before = _snapshot_of_folder(filled.folder)
    for action in (store.load, store.open):
        with pytest.raises(SessionError, match="schema version 2 is newer than this program supports"):
            action(filled.code)
    assert _snapshot_of_folder(filled.folder) == before
    assert not (filled.folder / "session.lock").exists()


def test_newer_snapshot_is_not_overwritten(store, filled):
    snap = filled.folder / "session.json"
    data = json.loads(snap.read_text())
    data["schema_version"] = 99
    snap.write_text(json.dumps(data))
    before = _snapshot_of_folder(filled.folder)
    with pytest.raises(SessionError, match="session.json: schema version 99 is newer"):
        store.open(filled.code)
    assert _snapshot_of_folder(filled.folder) == before


# The prototype's layout (schema 0): no header; `event`, `t`, Unix `ts`; other key names.
V0_LINES = [
    {"event": "session_started", "t": 0, "ts": 1700000000.0, "guide": "chatbot-wellbeing", "guide_version": "1.0",
     "hash": "sha256:old", "mode": "interview", "participant": "P-ABCDE"},
    {"event": "question", "t": 4.0, "ts": 1700000004.0, "prompt_id": 1, "kind": "question", "theme_id": "first-use",
     "question_id": "first-time", "text": "Tell me about the first time.", "reason": "first main question"},
    {"event": "answer", "t": 9.5, "ts": 1700000009.5, "prompt_id": 1, "answer": "It was late at night."},
    {"event": "end", "t": 10.0, "ts": 1700000010.0, "reason": "completed"},
]


def test_v0_to_v1_migration_maps_every_record():
    upgraded = v0_to_v1([dict(r) for r in V0_LINES])
    assert [r["seq"] for r in upgraded] == [1, 2, 3, 4]
    assert upgraded[0]["mode"] == "conduct" and upgraded[0]["guide_id"] == "chatbot-wellbeing"
    assert upgraded[0]["participant_code"] == "P-ABCDE" and upgraded[0]["guide_hash"] == "sha256:old"
    assert upgraded[1]["type"] == "prompt" and upgraded[1]["elapsed"] == 4.0
    assert upgraded[2]["text"] == "It was late at night." and "answer" not in upgraded[2]
    assert upgraded[3]["type"] == "session_ended"
    assert upgraded[0]["at"].startswith("2023-11-14T22:13:20")
    assert set(MIGRATIONS) == set(range(JOURNAL_SCHEMA_VERSION))


def _write_v0(store, guide_path):
    folder = store.root / "2023-11-14_chatbot-wellbeing_P-ABCDE"
    (folder / "audio").mkdir(parents=True)
    (folder / "journal.jsonl").write_text("".join(json.dumps(r) + "\n" for r in V0_LINES))
    (folder / "guide.toml").write_bytes(guide_path.read_bytes())
    return folder


def test_v0_session_loads_in_memory_and_upgrades_with_a_backup_on_open(store, guide_path):
    folder = _write_v0(store, guide_path)
    original = (folder / "journal.jsonl").read_bytes()
    record = store.load("P-ABCDE")
    assert record.journal_version == 0 and record.view.meta.mode == Mode.CONDUCT
    assert record.view.turns[0].text == "It was late at night." and record.view.meta.status == "completed"
    assert (folder / "journal.jsonl").read_bytes() == original  # reading never rewrites
    with store.open("P-ABCDE") as session:
        assert any("upgraded from schema version 0" in w for w in session.warnings)
        session.append(PromptEvent(elapsed=11, prompt_id=2, kind="question", theme_id="limits",
                                   question_id="guardrails", text="Q2?", reason="resumed"))
    assert (folder / "journal.v0.jsonl.bak").read_bytes() == original
    upgraded = read_journal(folder / "journal.jsonl")
    assert upgraded.version == JOURNAL_SCHEMA_VERSION and [e.seq for e in upgraded.events] == [1, 2, 3, 4, 5]
    assert oct(os.stat(folder / "journal.v0.jsonl.bak").st_mode & 0o777) == "0o600"


def test_v0_with_a_bad_record_names_the_original_line(store, guide_path):
    folder = _write_v0(store, guide_path)
    lines = (folder / "journal.jsonl").read_text().splitlines(keepends=True)
    lines[2] = json.dumps({"event": "answer", "t": "soon", "ts": 1700000009.5, "prompt_id": 1}) + "\n"
    (folder / "journal.jsonl").write_text("".join(lines))
    with pytest.raises(SessionError, match=r"journal.jsonl:3: invalid event: elapsed"):
        store.load("P-ABCDE")


def test_the_fast_read_gives_what_the_line_by_line_read_gives(store, filled):
    from interviewer.session.journal import _read_checked, _read_current, _split_lines

    path = _journal(filled)
    data = path.read_bytes()
    fast = _read_current(path, data, _split_lines(data))
    careful = _read_checked(path, data, _split_lines(data))
    assert fast is not None and len(fast.events) > 10
    assert fast.events == careful.events and fast.header == careful.header
    assert (fast.good_length, fast.needs_newline, fast.torn) == (careful.good_length, careful.needs_newline, b"")
    # a torn tail is not for the fast path: it leaves it to the careful one, which says what was cut
    assert _read_current(path, data + b'{"type": "ans', _split_lines(data + b'{"type": "ans')) is None


def test_the_collector_is_paused_while_reading_and_back_after_nested_pauses():
    import gc

    from interviewer.collector import collector_paused

    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()

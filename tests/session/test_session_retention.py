"""Withdrawal leaves only a tombstone; retention purges old sessions; exports are indexed per code."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime, timezone

import pytest

from interviewer.errors import SessionError
from interviewer.events import Mode
from interviewer.session.export_index import ExportIndex
from interviewer.session.exporting import export_all, export_one
from interviewer.session.retention import purge, withdraw


def _contents(path):
    """Every byte string a search should look at: the file, and each member of a zip (docx, xlsx, qdpx)."""
    data = path.read_bytes()
    yield path.name.encode(), data
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                yield name.encode(), archive.read(name)


def _holders(root, needles):
    """Files under root whose name or bytes contain any needle (case-insensitive)."""
    found = set()
    for path in root.rglob("*"):
        if path.is_file():
            for name, data in _contents(path):
                if any(n.lower() in (name + data).lower() for n in needles):
                    found.add(path)
    return found


def _phrases(texts):
    """Four-word phrases from the participant's answers."""
    out = []
    for text in texts.values():
        words = text.split()
        out += [" ".join(words[i:i + 4]).encode() for i in range(0, len(words) - 4, 3)]
    return out


def test_withdraw_leaves_only_a_tombstone(store, filled, guide, guide_path, texts, tmp_path, clock):
    other = store.create(guide, guide_path, Mode.SELF, clock=clock)
    other.close("completed")
    elsewhere = tmp_path / "desktop"
    export_one(store, filled.code, ["md", "docx", "xlsx", "qdpx"])
    outside = export_one(store, filled.code, ["md", "csv"], elsewhere)
    study_files = export_all(store, ["md", "xlsx", "matrix", "qdpx"]).files
    (store.root / "stray-notes.txt").write_text(f"{filled.code} seemed tired")
    code = filled.code
    needles = [code.encode()] + _phrases(texts)
    assert len(_holders(store.root, needles)) > 10  # the search finds the data before withdrawal

    tombstone, removal = withdraw(store, code.lower())

    tomb = store.root / "withdrawn" / f"{code}.json"
    assert _holders(store.root, needles) == {tomb}
    assert _holders(store.root, _phrases(texts)) == set()
    assert not any(p.exists() for p in outside)
    assert json.loads(tomb.read_text())["code"] == code and tomb.stat().st_mode & 0o777 == 0o600
    assert tombstone.removed["audio_files"] == 0 and tombstone.removed["export_files"] == 4
    assert tombstone.removed["indexed_exports"] >= len(outside) + 3 and tombstone.removed["other_files"] == 1
    assert removal.mentioned_in == []
    # The other participant keeps their session and their per-session study exports; the index no longer names the code.
    assert store.load(other.code).view.meta.status == "completed"
    assert any(other.code in p.name and p.exists() for p in study_files)
    assert all(code not in json.dumps(e) for e in ExportIndex(store.root).entries())
    with pytest.raises(SessionError, match="no session"):
        store.find(code)
    assert code in store.taken_codes()  # a withdrawn code is never handed out again


def test_withdraw_refuses_an_open_session_and_keeps_other_sessions_files(store, guide, guide_path, filled):
    live = store.create(guide, guide_path, Mode.SELF)
    with pytest.raises(SessionError, match="open in another process"):
        withdraw(store, live.code)
    from interviewer.events import NoteEvent

    live.append(NoteEvent(type="note", elapsed=3, text=f"reminded me of {filled.code}"))
    live.close()
    _, removal = withdraw(store, filled.code)
    assert removal.mentioned_in == [live.folder / "journal.jsonl", live.folder / "session.json"]
    assert store.load(live.code).events[-1].text.endswith(filled.code)  # never deleted here


def test_purge_removes_sessions_and_tombstones_before_the_date(store, guide, guide_path):
    def at(day):
        return lambda: datetime(2023, 1, day, 12, tzinfo=timezone.utc)

    old = store.create(guide, guide_path, Mode.SELF, clock=at(2))
    old.close("completed")
    withdrawn = store.create(guide, guide_path, Mode.SELF, clock=at(3))
    withdrawn.close("completed")
    withdraw(store, withdrawn.code, clock=at(3))
    kept = store.create(guide, guide_path, Mode.SELF, clock=at(20))
    kept.close("completed")
    live = store.create(guide, guide_path, Mode.SELF, clock=at(1))
    export_one(store, old.code, ["md"], store.root / "shared-exports")

    report = purge(store, date(2023, 1, 10))

    assert report.sessions == [old.code] and report.skipped_open == [live.code] and report.tombstones == 1
    assert {s.code for s in store.list()} == {kept.code, live.code}
    assert not (store.root / "shared-exports" / f"{old.code}.md").exists()
    assert not list((store.root / "withdrawn").iterdir())
    live.close()

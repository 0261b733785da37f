"""Failures while writing: a full disk mid-append, a failed snapshot, a create or open that breaks."""

from __future__ import annotations

import errno
import os

import pytest

from interviewer.cli import main
from interviewer.events import Mode, NoteEvent
from interviewer.session import journal as journal_module
from interviewer.session import session as session_module
from interviewer.session import store as store_module
from interviewer.session.lock import lock_state


def _disk_full_after_half(fd, payload):
    os.write(fd, payload[: len(payload) // 2])
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_failed_append_leaves_no_partial_line_for_later_ones_to_bury(store, guide, guide_path, monkeypatch):
    session = store.create(guide, guide_path, Mode.SELF)
    with monkeypatch.context() as patch:
        patch.setattr(journal_module, "append_durably", _disk_full_after_half)
        with pytest.raises(OSError, match="No space left"):
            session.append(NoteEvent(type="note", elapsed=1, text="lost to the full disk"))
    session.append(NoteEvent(type="note", elapsed=2, text="space again"))
    session.close("completed")
    record = store.load(session.code)  # a partial line in the middle would be refused here
    assert [e.type for e in record.events] == ["session_started", "note", "session_ended"]
    assert record.events[1].text == "space again" and record.events[1].seq == 2
    assert record.warnings == []


def test_a_failed_snapshot_does_not_make_a_durable_append_look_failed(store, guide, guide_path, monkeypatch):
    session = store.create(guide, guide_path, Mode.SELF, snapshot_interval=0)
    with monkeypatch.context() as patch:
        def no_room(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        patch.setattr(session_module, "atomic_write", no_room)
        stored = session.append(NoteEvent(type="note", elapsed=1, text="kept"))
    assert stored.seq == 2
    session.close("completed")
    record = store.load(session.code)
    assert [e.type for e in record.events] == ["session_started", "note", "session_ended"]
    assert record.view.last_seq == 3


def test_a_create_that_fails_leaves_no_half_folder_and_no_lock(store, guide, guide_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    for target, name in ((store_module, "write_guide_copy"), (store_module.JournalWriter, "create")):
        with monkeypatch.context() as patch:
            patch.setattr(target, name, broken)
            with pytest.raises(OSError, match="Input/output"):
                store.create(guide, guide_path, Mode.SELF)
        assert list(store.root.iterdir()) == [], name
    assert store.create(guide, guide_path, Mode.SELF).closed is False


def test_an_open_whose_snapshot_fails_lets_go_of_the_lock(store, guide, guide_path, monkeypatch):
    first = store.create(guide, guide_path, Mode.SELF)
    first.close()
    with monkeypatch.context() as patch:
        def no_room(self, status=None):
            raise OSError(errno.ENOSPC, "No space left on device")

        patch.setattr(session_module.Session, "snapshot", no_room)
        with pytest.raises(OSError):
            store.open(first.code)
    assert lock_state(first.folder) != "live"
    again = store.open(first.code)  # would say "open in another process" if the lock had leaked
    again.close()


def test_export_into_a_file_is_one_line_not_a_traceback(capsys, store, filled, tmp_path):
    blocker = tmp_path / "exports.txt"
    blocker.write_text("a file, not a folder")
    code = main(["sessions", "export", filled.code, "--out", str(blocker), "--sessions-dir", str(store.root)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err == f"interviewer: {blocker}: exists and is not a folder\n"


def test_exports_recorded_at_the_same_time_all_reach_the_index(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from interviewer.session.export_index import ExportIndex

    def record(worker: int) -> None:
        index = ExportIndex(tmp_path)  # one per worker, as separate export commands would have
        for i in range(25):
            index.record({tmp_path / f"w{worker}-{i}.md": [f"P-2222{worker}"]})

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(record, range(4)))
    assert len(ExportIndex(tmp_path).entries()) == 100, "an export missing from the index escapes withdrawal"

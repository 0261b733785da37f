"""interviewer.fileio: atomic replacement, owner-only modes whatever the umask, durable appends."""

from __future__ import annotations

import os
import stat

import pytest

from interviewer.fileio import append_durably, atomic_write, make_private_dir, open_append, remove_stale_temps


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_atomic_write_replaces_with_owner_only_mode_and_leaves_no_temp(tmp_path):
    target = tmp_path / "session.json"
    target.write_text("old")
    os.chmod(target, 0o644)
    atomic_write(target, '{"new": true}')
    assert target.read_text() == '{"new": true}' and _mode(target) == 0o600
    atomic_write(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session.json"]


def test_atomic_write_failure_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "session.json"
    atomic_write(target, "old")

    def boom(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, "new")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["session.json"]


def test_private_dirs_and_appends_ignore_the_umask(tmp_path):
    old = os.umask(0)
    try:
        folder = make_private_dir(tmp_path / "a" / "b" / "c")
        fd = open_append(folder / "journal.jsonl")
        append_durably(fd, b"one\n")
        append_durably(fd, b"two\n")
        os.close(fd)
    finally:
        os.umask(old)
    for path in (tmp_path / "a", tmp_path / "a" / "b", folder):
        assert _mode(path) == 0o700
    assert _mode(folder / "journal.jsonl") == 0o600 and (folder / "journal.jsonl").read_bytes() == b"one\ntwo\n"


def test_stale_temps_are_removed(tmp_path):
    (tmp_path / ".session.json.abc123.tmp").write_text("half")
    (tmp_path / ".other.json.x.tmp").write_text("keep")
    assert remove_stale_temps(tmp_path, "session.json") == 1
    assert [p.name for p in tmp_path.iterdir()] == [".other.json.x.tmp"]

"""The portable OS layer: locks exclude each other across processes, shared locks coexist."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from interviewer import portable

HOLD = """
import os, sys, time
from interviewer import portable
fd = os.open(sys.argv[1], os.O_RDWR)
portable.lock_fd(fd, shared=sys.argv[2] == "shared")
print("held", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def holder(tmp_path):
    """Start a process that holds a lock on a file until its stdin closes."""
    started = []

    def start(path, mode):
        proc = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(path), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        assert proc.stdout.readline().strip() == "held"
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stdin.close()
        proc.wait(timeout=10)


def test_exclusive_lock_is_busy_for_another_process(tmp_path, holder):
    path = tmp_path / "lock"
    path.write_bytes(b"")
    holder(path, "exclusive")
    fd = os.open(path, os.O_RDWR)
    try:
        with pytest.raises(portable.LockBusy):
            portable.lock_fd(fd, shared=True)
    finally:
        os.close(fd)


def test_shared_locks_coexist_and_exclude_a_writer(tmp_path, holder):
    path = tmp_path / "lock"
    path.write_bytes(b"")
    holder(path, "shared")
    fd = os.open(path, os.O_RDWR)
    try:
        portable.lock_fd(fd, shared=True)  # a second reader is welcome
        portable.unlock_fd(fd)
        with pytest.raises(portable.LockBusy):
            portable.lock_fd(fd, shared=False)
    finally:
        os.close(fd)


def test_fsync_dir_and_restrict(tmp_path):
    portable.fsync_dir(tmp_path)
    fd = os.open(tmp_path / "f", os.O_CREAT | os.O_WRONLY, 0o666)
    try:
        portable.restrict_fd(fd, 0o600)
    finally:
        os.close(fd)
    assert (tmp_path / "f").stat().st_mode & 0o777 == 0o600

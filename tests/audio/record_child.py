"""A recording child process for the kill -9 tests: records until killed.

usage: record_child.py SESSION_DIR HEARTBEAT generated|device SEGMENT_SECONDS

Writes HEARTBEAT (atomically) with the monotonic time the recording started, once the first
block is on its way to disk, then keeps it updated with the position.
"""

from __future__ import annotations

import os
import sys
import threading
import time

from interviewer.audio.recorder import Recorder
from interviewer.audio.source import GeneratedSource


def beat(path: str, started: float, position: float) -> None:
    """Replace the heartbeat file with `started position`."""
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        fh.write(f"{started} {position}\n")
    os.replace(tmp, path)


def main() -> None:
    """Record from the chosen source and beat until killed."""
    session, heartbeat, kind, segment = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    first = threading.Event()
    started = [0.0]

    def on_block(block, rate):
        if not first.is_set():
            # The first block's audio began one block length before it arrived.
            started[0] = time.monotonic() - len(block) / rate
            first.set()

    source = GeneratedSource(48000, 1, 2400) if kind == "generated" else None
    rec = Recorder(session, source=source, segment_seconds=segment, reserve_bytes=0,
                   min_free_seconds=1, on_block=on_block, sample_rate=48000)
    rec.start()
    first.wait(10)
    while True:
        beat(heartbeat, started[0], rec.position)
        time.sleep(0.05)


if __name__ == "__main__":
    main()

"""Child process for the kill -9 test: forks writers that append to a session until killed.

Protocol on stdin/stdout, one line each: `run CODE ACKFILE TAG` forks a writer and answers its
pid; `reap PID` waits for it and answers its wait status. Forking from this already-imported
process keeps each run at a few milliseconds of start-up instead of a fresh interpreter's.
A writer reopens the session (resume), then appends events for ever; after each append has
returned (written and fsynced) it records `SEQ TAG-N` in ACKFILE with a single write.
"""

from __future__ import annotations

import os
import random
import sys
import traceback

from interviewer.events import AnswerEvent, NoteEvent, PromptEvent
from interviewer.session.store import SessionStore


def writer(root: str, code: str, ackfile: str, tag: str) -> None:
    """Append events (snapshot after each) until killed."""
    acks = os.open(ackfile, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    session = SessionStore(root).open(code, snapshot_interval=0)
    rng = random.Random(tag)
    for n in range(1, 100_000):
        seq = len(session.events) + 1
        if n % 4 == 0:
            event = PromptEvent(elapsed=session.elapsed(), prompt_id=seq, kind="question", theme_id="limits",
                                question_id="guardrails", text=f"{tag}-{n}", reason="kill test")
        elif n % 4 == 1 and n > 1:
            event = AnswerEvent(elapsed=session.elapsed(), prompt_id=seq - 1, text=f"{tag}-{n}")
        else:
            event = NoteEvent(type="note", elapsed=session.elapsed(), text=f"{tag}-{n} " + "x" * rng.randint(0, 1000))
        stored = session.append(event)
        os.write(acks, f"{stored.seq} {tag}-{n}\n".encode())


def main() -> None:
    """Serve run/reap requests until stdin closes."""
    root = sys.argv[1]
    for line in sys.stdin:
        command, *args = line.split()
        if command == "run":
            pid = os.fork()
            if pid == 0:
                try:
                    writer(root, *args)
                except BaseException:
                    traceback.print_exc()
                    os._exit(1)
                os._exit(0)
            print(pid, flush=True)
        elif command == "reap":
            _, status = os.waitpid(int(args[0]), 0)
            print(status, flush=True)


if __name__ == "__main__":
    main()

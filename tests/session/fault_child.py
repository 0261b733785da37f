"""Child process for the fault-injection tests: run one `interviewer` command and kill -9 itself
at the Nth file-system step (an unlink, rmdir, rename, replace or fsync), as a crash would.

    python fault_child.py N COUNTFILE -- ARGV...

N = 0 runs the command to the end and writes how many steps it took to COUNTFILE.
"""

from __future__ import annotations

import os
import signal
import sys

STEPS = ("unlink", "rmdir", "rename", "replace", "fsync")


def install(kill_at: int) -> list[int]:
    """Wrap the os functions a deletion or an atomic write goes through; return the step counter."""
    counter = [0]
    for name in STEPS:
        real = getattr(os, name)

        def step(*args, _real=real, **kwargs):
            counter[0] += 1
            if counter[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return _real(*args, **kwargs)

        setattr(os, name, step)
    return counter


def main() -> int:
    """Run the command under the wrappers."""
    kill_at, countfile = int(sys.argv[1]), sys.argv[2]
    argv = sys.argv[sys.argv.index("--") + 1:]
    counter = install(kill_at)
    from interviewer.cli import main as cli

    try:
        code = cli(argv)
    finally:
        with open(countfile, "w") as out:
            out.write(str(counter[0]))
    return code


if __name__ == "__main__":
    sys.exit(main())

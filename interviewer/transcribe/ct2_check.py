"""Check that a CTranslate2 model.bin is whole before anything loads it (a header walk, no weights read)."""

from __future__ import annotations

import os
import struct
from pathlib import Path

from interviewer.errors import TranscriptionError


class _Header:
    """Reads the header fields of a model.bin, seeking past each variable's bytes."""

    def __init__(self, fh, size: int, name: str):
        self.fh, self.size, self.name = fh, size, name

    def unpack(self, fmt: str, what: str):
        n = struct.calcsize("<" + fmt)
        data = self.fh.read(n)
        if len(data) != n:
            raise TranscriptionError(f"model file {self.name} is incomplete: it ends inside {what}")
        return struct.unpack("<" + fmt, data)[0]

    def string(self, what: str) -> str:
        length = self.unpack("H", what)
        data = self.fh.read(length)
        if len(data) != length:
            raise TranscriptionError(f"model file {self.name} is incomplete: it ends inside {what}")
        return data[:-1].decode("utf-8", errors="replace")


def check_complete(model_bin: Path) -> None:
    """Raise a one-line TranscriptionError when a CTranslate2 model.bin stops before its last
    variable (a model split into parts with one missing, or a cut-off copy)."""
    model_bin = Path(model_bin)
    try:
        size = model_bin.stat().st_size
        with open(model_bin, "rb") as fh:
            _walk(_Header(fh, size, str(model_bin)))
    except OSError as exc:
        raise TranscriptionError(f"cannot read model file {model_bin}: {exc}") from None


def _walk(h: _Header) -> None:
    """Follow version, spec, revision and every variable's size to the aliases at the end."""
    h.unpack("I", "the header")
    h.string("the header")
    h.unpack("I", "the header")
    count = h.unpack("I", "the header")
    for index in range(count):
        name = h.string(f"variable {index + 1} of {count}")
        rank = h.unpack("B", name)
        for _ in range(rank):
            h.unpack("I", name)
        h.unpack("B", name)
        nbytes = h.unpack("I", name)
        end = h.fh.tell() + nbytes
        if end > h.size:
            raise TranscriptionError(
                f"model file {h.name} is incomplete: its {h.size:,} bytes end inside {name} "
                f"(variable {index + 1} of {count}, {end - h.size:,} bytes short); this model "
                "cannot load, get a complete copy"
            )
        h.fh.seek(nbytes, os.SEEK_CUR)
    for index in range(h.unpack("I", "the aliases")):
        h.string("the aliases")
        h.string("the aliases")

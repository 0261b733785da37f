"""The sessions directory's index of export files and the participant codes each one holds.

Withdrawal and retention use it to find every export of a participant, wherever it was written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from interviewer import portable
from interviewer.errors import SessionError
from interviewer.fileio import atomic_write, make_private_dir

INDEX_NAME = "exports-index.json"


class ExportIndex:
    """Export files and their participant codes, kept in `<sessions dir>/exports-index.json`."""

    def __init__(self, root: Path):
        self.root = root
        self.path = root / INDEX_NAME

    def entries(self) -> list[dict]:
        """Return every entry: {'path', 'codes', 'at'}."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            raise SessionError(f"{self.path}: unreadable export index: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("exports"), list):
            raise SessionError(f"{self.path}: unreadable export index: no 'exports' list")
        return data["exports"]

    def record(self, files: dict[Path, list[str]]) -> None:
        """Note which participants' data each file holds (replacing older entries for the same files)."""
        now = _now()
        new = {self._key(p): {"path": self._key(p), "codes": sorted(set(c)), "at": now} for p, c in files.items()}
        with self._locked():
            kept = [e for e in self.entries() if e["path"] not in new]
            self._write(kept + list(new.values()))

    def holding(self, code: str) -> list[Path]:
        """Return the files of the entries that hold `code` (absolute paths); nothing changes."""
        with self._locked():
            return [self.resolve(e["path"]) for e in self.entries() if code in e.get("codes", [])]

    def forget(self, code: str) -> None:
        """Remove the entries that hold `code` (once their files are deleted)."""
        with self._locked():
            entries = self.entries()
            kept = [e for e in entries if code not in e.get("codes", [])]
            if len(kept) != len(entries):
                self._write(kept)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise read-modify-write of the index across threads and processes."""
        # Two exports at once must not drop each other's entries: a later withdrawal would miss
        # files that hold the participant's data.
        make_private_dir(self.root)
        # The lock is on the sessions folder itself, so it leaves no file behind to explain.
        with portable.locked_dir(self.root):
            yield

    def resolve(self, key: str) -> Path:
        """Turn a stored path (relative to the sessions dir, or absolute) into a path."""
        path = Path(key)
        return path if path.is_absolute() else self.root / path

    def _key(self, path: Path) -> str:
        path = Path(path).absolute()
        try:
            return path.relative_to(self.root.absolute()).as_posix()
        except ValueError:
            return str(path)

    def _write(self, entries: list[dict]) -> None:
        make_private_dir(self.root)
        atomic_write(self.path, json.dumps({"exports": entries}, indent=1, ensure_ascii=False) + "\n")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")

"""The research team's age key pair: make it, and read the public or the private half."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from interviewer import portable
from interviewer.errors import KitError
from interviewer.fileio import make_private_dir

PUBLIC_NAME = "research-team.pub.txt"
PRIVATE_NAME = "research-team.key"
PUBLIC_PREFIX = "age1"
PRIVATE_PREFIX = "AGE-SECRET-KEY-1"


@dataclass(frozen=True)
class KeyFiles:
    """Where a new key pair was written, and the public key itself."""

    public: Path
    private: Path
    recipient: str


def generate(out_dir: str | os.PathLike) -> KeyFiles:
    """Write a new key pair into `out_dir`: the public key readable, the private one 0600; never overwrites."""
    import pyrage

    folder = make_private_dir(out_dir)
    public, private = folder / PUBLIC_NAME, folder / PRIVATE_NAME
    for path in (public, private):
        if path.exists():
            raise KitError(f"{path} already exists; a key pair is never overwritten")
    identity = pyrage.x25519.Identity.generate()
    recipient = str(identity.to_public())
    _write_new(private, f"# interviewer research-team private key: keep it safe, never share it\n"
                        f"# public key: {recipient}\n{identity}\n", 0o600)
    _write_new(public, f"# interviewer research-team public key: put it in study kits\n{recipient}\n", 0o644)
    return KeyFiles(public, private, recipient)


def _write_new(path: Path, text: str, mode: int) -> None:
    """Create `path` exclusively with `mode` from the start (no moment at a wider mode), fsynced."""
    from interviewer.fileio import fsync_dir, write_all

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        if hasattr(os, "fchmod"):
            portable.restrict_fd(fd, mode)  # the umask may have narrowed or widened it
        write_all(fd, text.encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(path.parent)


def _key_line(path: Path, prefix: str, what: str) -> str:
    """The one line of a key file that starts with `prefix` (comments and blank lines ignored)."""
    try:
        text = Path(path).read_text(encoding="ascii")
    except FileNotFoundError:
        raise KitError(f"{path}: no such {what} file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KitError(f"{path}: cannot read the {what}: {getattr(exc, 'strerror', None) or exc}") from None
    found = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if len(found) != 1 or not found[0].startswith(prefix):
        other = PRIVATE_PREFIX if prefix == PUBLIC_PREFIX else PUBLIC_PREFIX
        hint = f" (it holds a {'private' if other == PRIVATE_PREFIX else 'public'} key)" if any(
            line.startswith(other) for line in found) else ""
        raise KitError(f"{path}: not an age {what} (one line starting {prefix}…){hint}")
    return found[0]


def read_recipient(path: str | os.PathLike) -> str:
    """The age public key (age1…) in a public-key file; refuses a private key."""
    import pyrage

    line = _key_line(Path(path), PUBLIC_PREFIX, "public key")
    try:
        pyrage.x25519.Recipient.from_str(line)
    except pyrage.RecipientError:
        raise KitError(f"{path}: not a valid age public key") from None
    return line


def parse_recipient(text: str, where: str):
    """Turn an age public key string into a pyrage recipient (KitError naming `where` if invalid)."""
    import pyrage

    try:
        return pyrage.x25519.Recipient.from_str(text)
    except pyrage.RecipientError:
        raise KitError(f"{where}: not a valid age public key") from None


def read_identity(path: str | os.PathLike):
    """The age private key in a key file, as a pyrage identity."""
    import pyrage

    line = _key_line(Path(path), PRIVATE_PREFIX, "private key")
    try:
        return pyrage.x25519.Identity.from_str(line)
    except pyrage.IdentityError:
        raise KitError(f"{path}: not a valid age private key") from None

"""The sealed file's envelope: one plain line (format, size, SHA-256) and then the age ciphertext.

The line lets an import tell a truncated file from an altered one before decrypting; the rest is a
standard age file (`tail -n +2 FILE | age -d -i KEY` opens it with the age tool too).
"""

from __future__ import annotations

import hashlib
import re

from interviewer.errors import KitError

MAGIC = b"interviewer-sealed-session/v1"
SEALED_SUFFIX = ".sealed-interview"
_HEADER = re.compile(rb"^interviewer-sealed-session/v1 (\d{1,15}) ([0-9a-f]{64})\n")


def wrap(ciphertext: bytes) -> bytes:
    """Prefix age ciphertext with the envelope line."""
    digest = hashlib.sha256(ciphertext).hexdigest()
    return MAGIC + f" {len(ciphertext)} {digest}\n".encode("ascii") + ciphertext


def unwrap(data: bytes, name: str) -> bytes:
    """Return the ciphertext of a sealed file; KitError if it is not one, is truncated or was altered."""
    match = _HEADER.match(data[:200])
    if match is None:
        if data.startswith(MAGIC[:20]) and b"\n" not in data[:200]:
            raise KitError(f"{name}: truncated: the file ends inside its first line; ask for it again")
        raise KitError(f"{name}: not a sealed interview session")
    size, digest = int(match.group(1)), match.group(2).decode("ascii")
    body = data[match.end():]
    if len(body) < size:
        raise KitError(f"{name}: truncated: {len(body)} of {size} bytes arrived; ask for the file again")
    if len(body) > size or hashlib.sha256(body).hexdigest() != digest:
        raise KitError(f"{name}: damaged or altered: its checksum does not match")
    return body

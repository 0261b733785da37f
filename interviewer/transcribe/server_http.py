"""HTTP for the server engine (standard library only): multipart upload, JSON reply, retries with backoff."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

from interviewer.errors import TranscriptionError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def endpoint(server_url: str, path: str = "audio/transcriptions") -> str:
    """The URL of an OpenAI-style endpoint under a server given as host, host/v1 or the endpoint."""
    url = server_url.rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise TranscriptionError(f"--server-url {server_url!r} is not an http:// or https:// address")
    for tail in ("/v1/audio/transcriptions", "/v1/models", "/v1"):
        if url.endswith(tail):
            url = url[: -len(tail)]
            break
    return f"{url}/v1/{path}"


def multipart(fields: list[tuple[str, str]], file_field: str, filename: str, data: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body and its Content-Type."""
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, value in fields:
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    out += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        "Content-Type: audio/wav\r\n\r\n"
    ).encode()
    out += data + f"\r\n--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


class Retrying:
    """Sends a request, retrying connection errors and 429/5xx with exponential backoff."""

    def __init__(self, server_url: str, *, tries: int = 5, backoff: float = 0.5, timeout: float = 600.0,
                 sleep: Callable[[float], None] = time.sleep):
        self.server_url, self.tries, self.backoff, self.timeout, self.sleep = server_url, tries, backoff, timeout, sleep

    def json(self, request: urllib.request.Request) -> dict:
        """The decoded JSON reply; a one-line TranscriptionError once the tries are spent."""
        last = ""
        for attempt in range(self.tries):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                    return json.loads(reply.read().decode("utf-8"))
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRY_STATUSES:
                    raise TranscriptionError(
                        f"the transcription server at {self.server_url} refused the request "
                        f"(HTTP {exc.code}: {_reason(exc)})"
                    ) from None
                last = f"HTTP {exc.code}: {_reason(exc)}"
            except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError) as exc:
                last = str(getattr(exc, "reason", exc)) or type(exc).__name__
                if isinstance(getattr(exc, "reason", None), socket.gaierror):
                    break  # a name that does not resolve will not resolve on retry
            except ValueError:
                raise TranscriptionError(
                    f"the transcription server at {self.server_url} did not answer in JSON; "
                    "is it an OpenAI-compatible /v1/audio/transcriptions server?"
                ) from None
        raise TranscriptionError(
            f"the transcription server at {self.server_url} is unreachable or failing ({last}) after "
            f"{attempt + 1} tries; check --server-url and that the server is running; the recordings are untouched"
        )


def _reason(exc: urllib.error.HTTPError) -> str:
    """The server's own error message, if it sent one, else the status reason."""
    try:
        body = json.loads(exc.read().decode("utf-8", errors="replace"))
        message = body.get("error", body.get("detail", ""))
        message = message.get("message", message) if isinstance(message, dict) else message
        return str(message or exc.reason)[:200]
    except (ValueError, AttributeError, OSError):
        return str(exc.reason)

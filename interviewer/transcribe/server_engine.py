"""The server engine: audio sent to an OpenAI-compatible /v1/audio/transcriptions on the group's own machine.

Audio leaves this computer, so it is never chosen automatically: the user asks for it with
`--engine server --server-url URL`, and a session is sent only when its guide names that server
in `settings.transcription_server`. Several recordings are in flight at once (a bounded pool);
connection errors and 5xx replies are retried with backoff; results come back as the same
TranscriptResult the local engines give, so session transcription resumes the same way.
"""

from __future__ import annotations

import io
import threading
import urllib.request
import wave
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import numpy as np

from interviewer.errors import TranscriptionError
from interviewer.transcribe.base import SAMPLE_RATE, EngineBase, make_segment
from interviewer.transcribe.server_http import Retrying, endpoint, multipart

DEFAULT_SERVER_MODEL = "whisper-1"  # OpenAI's name; self-hosted servers map it to their default
DEFAULT_IN_FLIGHT = 4


def leaves_machine_warning(server_url: str) -> str:
    """The warning, in words, shown before any audio is sent."""
    host = urlsplit(server_url).netloc or server_url
    plain = " over an unencrypted (http) connection" if server_url.startswith("http:") and not _local(host) else ""
    return (f"audio leaves this machine: each recording is sent to the transcription server at {host}{plain}; "
            "only use a server your study's ethics approval and data agreements cover")


def _local(host: str) -> bool:
    return host.split(":")[0] in ("127.0.0.1", "localhost", "[::1]")


def check_server_allowed(guide, server_url: str) -> None:
    """Refuse to send a session's audio unless its guide allows this server (settings.transcription_server)."""
    allowed = guide.settings.transcription_server if guide is not None else None
    if not allowed:
        raise TranscriptionError(
            f"the study does not allow sending its audio to a server: set settings.transcription_server = "
            f'"{server_url}" in the guide to allow it, or transcribe on this machine'
        )
    if endpoint(allowed) != endpoint(server_url):
        raise TranscriptionError(
            f"the study allows sending audio only to {allowed}, not to {server_url}"
        )


def wav_bytes(audio: np.ndarray) -> bytes:
    """16-bit PCM WAV of 16 kHz mono float audio (what every such server reads)."""
    pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).round().astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def _language(value) -> str | None:
    """A code from the reply's language: servers send 'en' or OpenAI's 'english'."""
    if not value:
        return None
    value = str(value).lower()
    if len(value) <= 3:
        return value
    from faster_whisper.tokenizer import _LANGUAGE_CODES
    from whisper.tokenizer import TO_LANGUAGE_CODE

    code = TO_LANGUAGE_CODE.get(value)
    return code if code in _LANGUAGE_CODES else value


def segments_from_reply(reply: dict, offset: float, duration: float) -> list:
    """Our Segments from a verbose_json reply; top-level words go to the segment holding them."""
    raw = reply.get("segments") or []
    loose = sorted(reply.get("words") or [], key=lambda w: w.get("start", 0.0))
    out = []
    for index, seg in enumerate(raw):
        end = raw[index + 1]["start"] if index + 1 < len(raw) else float("inf")
        words = seg.get("words")
        if words is None:
            words = [w for w in loose if seg["start"] <= (w["start"] + w["end"]) / 2 < max(end, seg["end"])]
        out.append(make_segment(
            seg["start"], seg["end"], seg.get("text", ""), seg.get("avg_logprob"), seg.get("no_speech_prob"),
            [(w["start"], w["end"], w["word"], w.get("probability")) for w in words], offset, duration,
        ))  # fmt: skip
    return out


class ServerEngine(EngineBase):
    """Transcriber that posts each recording to an OpenAI-compatible server, several at a time."""

    engine_name = "server"
    is_multilingual = True  # the server's model decides; it reports the language it heard

    def __init__(self, server_url: str, model: str | None = None, *, max_in_flight: int = DEFAULT_IN_FLIGHT,
                 tries: int = 5, backoff: float = 0.5, timeout: float = 600.0):
        if max_in_flight < 1:
            raise TranscriptionError(f"at least one recording must be in flight, not {max_in_flight}")
        self.server_url = server_url
        self.url = endpoint(server_url)
        self.model_name = model or DEFAULT_SERVER_MODEL
        self.max_in_flight = max_in_flight
        self.http = Retrying(server_url, tries=tries, backoff=backoff, timeout=timeout)
        # bounds the requests at the server over every caller: files, groups and sessions in threads
        self._slots = threading.BoundedSemaphore(max_in_flight)
        self._checked = False
        self._lock = threading.Lock()

    def load(self) -> None:
        """Check once that the server answers (GET /v1/models), so a wrong URL fails before any work."""
        with self._lock:
            if not self._checked:
                probe = Retrying(self.server_url, tries=self.http.tries, backoff=self.http.backoff, timeout=30.0)
                try:
                    probe.json(urllib.request.Request(endpoint(self.server_url, "models")))
                except TranscriptionError as exc:
                    if "refused the request (HTTP 404" not in str(exc):  # a server without the listing
                        raise
                self._checked = True

    def _check_language(self, language: str | None) -> None:
        """The server's model decides which languages it knows."""

    def _decode(self, audio, language, initial_prompt, word_timestamps, offset, duration, progress):
        """Send one recording and turn the reply into segments."""
        fields = [("model", self.model_name), ("response_format", "verbose_json"), ("temperature", "0"),
                  ("timestamp_granularities[]", "segment")]
        if word_timestamps:
            fields.append(("timestamp_granularities[]", "word"))
        if language:
            fields.append(("language", language))
        if initial_prompt:
            fields.append(("prompt", initial_prompt))
        body, content_type = multipart(fields, "file", "audio.wav", wav_bytes(audio))
        request = urllib.request.Request(self.url, data=body, method="POST", headers={"Content-Type": content_type})
        with self._slots:
            reply = self.http.json(request)
        if not isinstance(reply, dict) or "segments" not in reply:
            raise TranscriptionError(
                f"the transcription server at {self.server_url} sent no segments; it must support "
                "response_format=verbose_json"
            )
        if progress:
            progress(duration)
        return segments_from_reply(reply, offset, duration), _language(reply.get("language")) or language

    def _decode_many(self, audios, language, initial_prompt, word_timestamps, offsets, durations, progress):
        """Up to `max_in_flight` recordings at the server at once; results in the given order."""
        done, lock = [0.0], threading.Lock()

        def one(index: int):
            out = self._decode(audios[index], language, initial_prompt, word_timestamps, offsets[index],
                               durations[index], None)
            if progress:
                with lock:
                    done[0] += durations[index]
                    progress(done[0])
            return out

        with ThreadPoolExecutor(max_workers=min(self.max_in_flight, len(audios)) or 1) as pool:
            return list(pool.map(one, range(len(audios))))

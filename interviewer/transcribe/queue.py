"""Background transcription: one low-priority worker thread transcribes each job as it arrives.

Jobs (an answer's audio, or a closed segment of a continuous recording) are transcribed in the
order submitted and each result is handed to `on_result(job, TranscriptEvent)`, on the worker
thread, so the session store can append it. The worker lowers its own scheduling priority
(Linux: per thread, via `os.setpriority` on its native thread id) before it loads the model, so
the engine's compute threads, which it creates, inherit the lower priority too; the recorder's
threads keep theirs. Hand the queue an engine that is not loaded yet (call `preload()` instead
of `load()`), or its compute threads keep the priority of the thread that loaded it. Both
engines release the GIL while they compute; our per-segment Python work is a few milliseconds.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interviewer.errors import InterviewerError, TranscriptionError
from interviewer.events import TranscriptEvent
from interviewer.transcribe.base import Transcriber

log = logging.getLogger(__name__)
# Enough for the recorder's threads (niceness 0) to win every contest for a core, while the
# worker still gets a fair share (about a third of a nice-0 thread's) next to other busy programs.
DEFAULT_NICENESS = 5


@dataclass(frozen=True, eq=False)
class TranscriptionJob:
    """One piece of audio to transcribe, with where it sits in the session."""

    audio_file: str  # relative to the session folder; recorded in the event
    audio: np.ndarray | None = None  # 16 kHz mono float32; None: read `path`
    path: Path | None = None
    offset: float = 0.0  # seconds into the session recording where this audio starts
    prompt_id: int | None = None
    initial_prompt: str | None = None
    language: str | None = None


ResultCallback = Callable[[TranscriptionJob, TranscriptEvent], None]
ErrorCallback = Callable[[TranscriptionJob, InterviewerError], None]


def lower_thread_priority(increment: int) -> int | None:
    """Raise the calling thread's niceness by `increment` (Linux only); return the new value."""
    if increment <= 0 or not sys.platform.startswith("linux"):
        return None
    tid = threading.get_native_id()
    try:
        # on Linux PRIO_PROCESS with a thread id applies to that thread alone
        target = min(19, os.getpriority(os.PRIO_PROCESS, tid) + increment)
        os.setpriority(os.PRIO_PROCESS, tid, target)
        return os.getpriority(os.PRIO_PROCESS, tid)
    except OSError:
        return None


def _log_error(job: TranscriptionJob, error: InterviewerError) -> None:
    log.warning("transcription of %s failed: %s", job.audio_file, error)


class TranscriptionQueue:
    """A FIFO of transcription jobs served by one background worker thread."""

    def __init__(
        self,
        transcriber: Transcriber,
        on_result: ResultCallback,
        *,
        on_error: ErrorCallback = _log_error,
        clock: Callable[[], float] | None = None,
        niceness: int = DEFAULT_NICENESS,
    ):
        self.transcriber = transcriber
        self.on_result, self.on_error = on_result, on_error
        started = time.monotonic()
        # `elapsed` of the events: the session's clock when given, else time since creation
        self.clock = clock or (lambda: time.monotonic() - started)
        self.niceness = niceness
        self.worker_nice: int | None = None
        self.worker_tid: int | None = None
        self._jobs: deque[TranscriptionJob | None] = deque()
        self._cond = threading.Condition()
        self._submitted = self._finished = 0
        self._closed = False
        self._want_load = False
        self._thread = threading.Thread(target=self._run, name="transcription", daemon=True)
        self._thread.start()

    def submit(self, job: TranscriptionJob) -> None:
        """Queue a job; it is transcribed as soon as the worker is free."""
        if job.audio is None and job.path is None:
            raise TranscriptionError(f"job for {job.audio_file} has neither audio nor a path")
        with self._cond:
            if self._closed:
                raise TranscriptionError("the transcription queue is closed")
            self._jobs.append(job)
            self._submitted += 1
            self._cond.notify_all()

    def preload(self) -> None:
        """Load the model in the background now, so the first answer does not wait for it."""
        with self._cond:
            self._want_load = True
            self._cond.notify_all()

    @property
    def pending(self) -> int:
        """Jobs submitted but not yet delivered."""
        with self._cond:
            return self._submitted - self._finished

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until every submitted job is delivered; False if `timeout` ran out first."""
        with self._cond:
            return self._cond.wait_for(lambda: self._finished >= self._submitted, timeout)

    def close(self, timeout: float | None = None) -> bool:
        """Finish the queued jobs, then stop the worker; False if it did not stop in time."""
        with self._cond:
            if not self._closed:
                self._closed = True
                self._jobs.append(None)
                self._cond.notify_all()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _next(self) -> TranscriptionJob | None:
        with self._cond:
            self._cond.wait_for(lambda: self._jobs or self._want_load)
            if self._want_load and not self._jobs:
                self._want_load = False
                return _LOAD
            return self._jobs.popleft()

    def _run(self) -> None:
        self.worker_tid = threading.get_native_id()
        self.worker_nice = lower_thread_priority(self.niceness)
        while (job := self._next()) is not None:
            if job is _LOAD:
                self._load_quietly()
                continue
            try:
                self._process(job)
            finally:
                with self._cond:
                    self._finished += 1
                    self._cond.notify_all()

    def _load_quietly(self) -> None:
        """Preload; a failure is reported again, per job, when jobs arrive."""
        try:
            self.transcriber.load()
        except InterviewerError as exc:
            log.warning("could not preload the transcription model: %s", exc)

    def _process(self, job: TranscriptionJob) -> None:
        try:
            event = self._transcribe(job)
        except InterviewerError as exc:
            self._report(self.on_error, job, exc)
            return
        except MemoryError:
            self._report(
                self.on_error, job, TranscriptionError(f"out of memory transcribing {job.audio_file}")
            )
            return
        except Exception as exc:  # an engine bug must not stop the answers after this one
            log.exception("unexpected failure transcribing %s", job.audio_file)
            self._report(
                self.on_error, job, TranscriptionError(f"transcribing {job.audio_file} failed: {exc}")
            )
            return
        self._report(self.on_result, job, event)

    def _transcribe(self, job: TranscriptionJob) -> TranscriptEvent:
        from interviewer.transcribe.audio_file import load_audio

        audio = job.audio if job.audio is not None else load_audio(job.path)
        result = self.transcriber.transcribe(
            audio, language=job.language, initial_prompt=job.initial_prompt, offset=job.offset
        )
        return result.to_event(job.audio_file, elapsed=self.clock(), prompt_id=job.prompt_id)

    @staticmethod
    def _report(callback, job, payload) -> None:
        try:
            callback(job, payload)
        except Exception:  # a faulty callback must not kill the worker and lose later answers
            log.exception("transcription callback failed for %s", job.audio_file)


_LOAD = TranscriptionJob(audio_file="<preload>")

"""The core recorder and transcription queue behind the screens' small interfaces.

Everything heavy (numpy, sounddevice, Whisper) is imported here on first use, never at start-up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from interviewer.tui.services import Device, EventSink, Level, Take, TranscriptJob

MIC_TEST_SECONDS = 8.0


class CoreRecorder:
    """`interviewer.audio.Recorder`: answers style for self-interviews, session style for conduct."""

    def __init__(self, device: int | str | None = None):
        self.device = device
        self._rec = None
        self._level = Level()
        self._started: float | None = None
        self.meter_message: str | None = None
        self._meter_thread: threading.Thread | None = None
        self.answer_listener = None  # (tap, recording second) of the answer being recorded, if asked

    def devices(self) -> list[Device]:
        """List input devices (an AudioError says why there are none)."""
        from interviewer.audio.devices import list_input_devices

        return [Device(d.index, d.name, d.is_default) for d in list_input_devices()]

    def use_device(self, device) -> None:
        """Record from this device from the next recording on."""
        self.device = device

    def open_meter(self, device) -> None:
        """Record a few seconds into memory, updating the level; the verdict lands in meter_message."""
        self.device, self.meter_message = device, None
        if self._meter_thread is not None and self._meter_thread.is_alive():
            return
        self._meter_thread = threading.Thread(target=self._mic_test, daemon=True)
        self._meter_thread.start()

    def _mic_test(self) -> None:
        from interviewer.audio.miccheck import assess, record

        try:
            audio, rate = record(self.device, MIC_TEST_SECONDS - 1, on_level=self._on_level)
            self.meter_message = assess(audio, rate).message
        except Exception as exc:
            self.meter_message = f"The microphone could not be used: {exc}"

    def _on_level(self, reading) -> None:
        self._level = Level(reading.peak_dbfs, reading.rms_dbfs)

    def close_meter(self) -> None:
        """The mic test ends by itself; forget its level."""
        self._level = Level()

    def level(self) -> Level:
        """The latest reading, from the recorder when recording, else from the mic test."""
        reading = self._rec.level if self._rec is not None else None
        if reading is not None:
            return Level(reading.peak_dbfs, reading.rms_dbfs)
        return self._level

    def silent_for(self) -> float:
        """Seconds of quiet, from the recorder's silence detector."""
        return self._rec.silent_for if self._rec is not None else 0.0

    def _open(self, session_dir: Path, style: str, on_event: EventSink | None,
              elapsed: Callable[[], float] | None):
        from interviewer.audio.recorder import Recorder

        if self._rec is None:
            self._rec = Recorder(session_dir, device=self.device, style=style, on_event=on_event,
                                 elapsed=elapsed).start()
        return self._rec

    def start_answer(self, audio_dir: Path, name: str, elapsed: float, listen: bool = False) -> str:
        """Open the device once per interview, then mark the start of an answer; return its file.

        The answer's file is placed at `elapsed` on the session clock, so takes recorded across
        pauses, resumes and restarts of the device share one timeline with the journal. With
        `listen`, `answer_listener` is then a tap on the recording and the recording second the
        answer starts at (the tap is made first, so it hears the answer's first frame).
        """
        rec = self._open(Path(audio_dir).parent, "answers", None, None)
        _first_block(rec)  # the take then starts now on the session clock, not when the device opened
        audio_file = rec.next_answer_file
        tap = rec.tap() if listen else None
        try:
            begin = rec.start_answer()
        except Exception:
            if tap is not None:
                rec.untap(tap)
            raise
        self.answer_listener = (tap, begin) if tap is not None else None
        self._started = elapsed
        return audio_file

    def untap(self, tap) -> None:
        """Stop feeding a listener made by `tap` or `start_answer(listen=True)`."""
        if self._rec is not None:
            self._rec.untap(tap)
        else:
            tap.close()

    def stop_answer(self) -> Take:
        """Mark the end of the answer; return its file once it is on disk."""
        clip = self._rec.stop_answer()
        folder = self._rec.session_dir
        started = self._started or 0.0
        return Take(path=folder / clip.audio_file, audio_file=clip.audio_file, duration=clip.duration,
                    started=started, start=started, end=started + (clip.end - clip.start))

    def start_continuous(self, audio_dir: Path, on_event: EventSink, elapsed: Callable[[], float]) -> None:
        """Start the one recording of a researcher-led interview."""
        self._open(Path(audio_dir).parent, "session", on_event, elapsed)

    def tap(self):
        """A listener on the recording for live transcription (an `audio.tap.BlockTap`), or None."""
        return self._rec.tap() if self._rec is not None else None

    def recording_position(self) -> float | None:
        """Seconds recorded so far, or None."""
        return self._rec.position if self._rec is not None else None

    def stop(self) -> None:
        """Close the device and the files."""
        rec, self._rec = self._rec, None
        if rec is not None:
            rec.stop()


def _first_block(rec, timeout: float = 3.0) -> None:
    """Wait (briefly) until a just-opened input delivers its first block of audio."""
    import time

    deadline = time.monotonic() + timeout
    while rec.level is None and time.monotonic() < deadline:
        time.sleep(0.02)


class _Serialised:
    """An engine whose load and transcribe never overlap (the app preloads on another thread)."""

    def __init__(self, engine):
        self.engine = engine
        self.engine_name, self.model_name = engine.engine_name, engine.model_name
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the model (once; a concurrent transcribe waits)."""
        with self._lock:
            self.engine.load()

    def transcribe(self, audio, **kwargs):
        """Transcribe (waits for a load in progress)."""
        with self._lock:
            return self.engine.transcribe(audio, **kwargs)

    def transcribe_many(self, audios, **kwargs):
        """Transcribe several recordings (waits for a load in progress)."""
        with self._lock:
            return self.engine.transcribe_many(audios, **kwargs)


class CoreTranscriber:
    """A `TranscriptionQueue` over a local model (downloads are never allowed)."""

    def __init__(self, engine: str, model: str):
        self.engine, self.model = engine, model
        self.label = f"{engine} {model}"
        self._queue = None
        self._callbacks: dict[int, tuple[TranscriptJob, Callable]] = {}
        self._lock = threading.Lock()

    def _ensure(self):
        with self._lock:
            if self._queue is None:
                from interviewer.transcribe import TranscriptionQueue, create_transcriber
                from interviewer.transcribe.installed import locate

                choice = locate(None if self.model == "builtin" else self.model)  # never a download
                engine = _Serialised(create_transcriber(self.engine, choice, allow_download=False))
                self._queue = TranscriptionQueue(engine, self._result, on_error=self._error)
            return self._queue

    def load(self) -> None:
        """Load the model now (slow: called from a worker thread), at the queue's lower priority.

        The engine's compute threads are created while loading and inherit that thread's
        priority, so loading on the caller's (pooled, normal-priority) thread would let
        transcription compete with the recorder; a short-lived niced thread loads it instead.
        """
        from interviewer.transcribe.queue import lower_thread_priority

        queue = self._ensure()
        failed: list[BaseException] = []

        def load() -> None:
            lower_thread_priority(queue.niceness)
            try:
                queue.transcriber.load()
            except BaseException as exc:  # re-raised on the caller's thread
                failed.append(exc)

        thread = threading.Thread(target=load, name="model-load", daemon=True)
        thread.start()
        thread.join()
        if failed:
            raise failed[0]

    def live_engine(self):
        """The engine itself, for live transcription (its calls never overlap the queue's)."""
        return self._ensure().transcriber

    def submit(self, job: TranscriptJob, on_done: Callable) -> None:
        """Queue the job; `on_done(job, event, error)` runs on the transcription thread."""
        from interviewer.transcribe import TranscriptionJob

        core = TranscriptionJob(audio_file=job.audio_file, path=job.path, offset=job.offset,
                                prompt_id=job.prompt_id, language=job.language,
                                initial_prompt=job.initial_prompt)
        self._callbacks[id(core)] = (job, on_done)
        self._ensure().submit(core)

    def _result(self, core, event) -> None:
        job, on_done = self._callbacks.pop(id(core))
        on_done(job, event, None)

    def _error(self, core, error) -> None:
        job, on_done = self._callbacks.pop(id(core))
        on_done(job, None, str(error))

    def close(self) -> None:
        """Stop the worker in the background: the UI never waits for the jobs still queued."""
        if self._queue is not None:
            threading.Thread(target=self._queue.close, daemon=True).start()

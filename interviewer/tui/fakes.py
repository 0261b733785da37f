"""Stand-ins for the recorder, the transcriber and the player: for UI tests and demos without audio."""

from __future__ import annotations

import threading
import wave
from collections import deque
from collections.abc import Callable
from pathlib import Path

from interviewer.tui.services import Device, Level, Take, TranscriptJob

SAMPLE_RATE = 16_000


def write_silence(path: Path, seconds: float) -> None:
    """Write a mono 16-bit WAV of silence (a fake recording)."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(b"\0\0" * int(SAMPLE_RATE * seconds))


class FakeRecorder:
    """Pretends to record: writes short silent WAV files and reports scripted levels."""

    def __init__(self, levels: list[Level] | None = None, take_seconds: float = 1.0,
                 devices: list[Device] | None = None):
        self.levels = deque(levels or [Level(-12.0, -24.0)])
        self.take_seconds = take_seconds
        self._devices = devices if devices is not None else [Device(0, "Fake microphone", True)]
        self.metering = False
        self.current: tuple[Path, str, float] | None = None
        self.takes: list[Take] = []
        self.continuous: Path | None = None
        self.quiet = 0.0

    def devices(self) -> list[Device]:
        """Return the scripted devices."""
        return list(self._devices)

    def use_device(self, device) -> None:
        """Remember the chosen device."""
        self.device = device

    def open_meter(self, device) -> None:
        """Start the fake meter."""
        self.metering = True

    def close_meter(self) -> None:
        """Stop the fake meter."""
        self.metering = False

    def level(self) -> Level:
        """Return the next scripted level (the last one repeats)."""
        return self.levels.popleft() if len(self.levels) > 1 else self.levels[0]

    def silent_for(self) -> float:
        """Return the scripted silence length."""
        return self.quiet

    def start_answer(self, audio_dir: Path, name: str, elapsed: float) -> str:
        """Begin a fake take."""
        self.current = (Path(audio_dir) / name, f"{Path(audio_dir).name}/{name}", elapsed)
        return self.current[1]

    def stop_answer(self) -> Take:
        """Write the fake take as silence and return it."""
        if self.current is None:
            raise RuntimeError("not recording")
        path, rel, started = self.current
        self.current = None
        write_silence(path, self.take_seconds)
        take = Take(path=path, audio_file=rel, duration=self.take_seconds, started=started,
                    start=started, end=started + self.take_seconds)
        self.takes.append(take)
        return take

    def start_continuous(self, audio_dir: Path, on_event, elapsed) -> None:
        """Begin a fake continuous recording; `close_segment()` (and `stop()`) emit segments."""
        self.continuous, self._on_event, self._elapsed = Path(audio_dir), on_event, elapsed
        self._recorded, self._segments, self._began = 0.0, 0, elapsed()

    def close_segment(self, seconds: float | None = None) -> None:
        """Close a segment of the continuous recording as the real recorder would."""
        from interviewer.events import RecordingSegmentEvent

        if self.continuous is None:
            return
        # by default a segment holds everything since the last one, as a real recording would
        seconds = seconds or max(0.1, self._elapsed() - self._began - self._recorded)
        self._segments += 1
        name = f"rec-{self._segments:04d}.wav"
        write_silence(self.continuous / name, seconds)
        event = RecordingSegmentEvent(elapsed=self._elapsed(), audio_file=f"{self.continuous.name}/{name}",
                                      start=self._recorded, duration=seconds, sample_rate=SAMPLE_RATE,
                                      channels=1)
        self._recorded += seconds
        self._on_event(event)

    def recording_position(self) -> float | None:
        """Seconds "recorded" so far in continuous mode."""
        return self._recorded if self.continuous is not None else None

    def stop(self) -> None:
        """Stop everything (a continuous recording closes its last segment)."""
        if self.continuous is not None:
            self.close_segment()
        self.current, self.continuous, self.metering = None, None, False


class FakeTranscriber:
    """Returns scripted texts, one per submitted job, from a background thread."""

    def __init__(self, texts: list[str] | None = None, avg_logprob: float = -0.2,
                 engine: str = "fake", model: str = "fake"):
        self.texts = deque(texts or [])
        self.avg_logprob = avg_logprob
        self.engine, self.model = engine, model
        self.label = f"{engine} {model}"
        self.loaded = threading.Event()
        self.jobs: list[TranscriptJob] = []

    def load(self) -> None:
        """Pretend to load a model."""
        self.loaded.set()

    def submit(self, job: TranscriptJob, on_done: Callable) -> None:
        """Answer the job with the next scripted text from another thread."""
        self.jobs.append(job)
        text = self.texts.popleft() if self.texts else ""
        threading.Thread(target=self._finish, args=(job, text, on_done), daemon=True).start()

    def _finish(self, job: TranscriptJob, text: str, on_done: Callable) -> None:
        from interviewer.events import Segment, TranscriptEvent

        segments = [Segment(start=job.offset, end=job.offset + 1.0, text=text,
                            avg_logprob=self.avg_logprob)] if text else []
        event = TranscriptEvent(elapsed=0.0, prompt_id=job.prompt_id, audio_file=job.audio_file,
                                segments=segments, engine=self.engine, model=self.model,
                                language="en")
        on_done(job, event, None)

    def close(self) -> None:
        """Nothing to stop."""


class FakePlayer:
    """Keeps what it was asked to play instead of playing it; `has_output=False` acts deviceless."""

    def __init__(self, has_output: bool = True):
        self.has_output = has_output
        self.played: list[tuple] = []  # (audio, rate), in order
        self.done = threading.Event()

    def __call__(self, audio, rate: int) -> bool:
        """Record the clip; report whether an output device "exists"."""
        self.played.append((audio, rate))
        self.done.set()
        return self.has_output

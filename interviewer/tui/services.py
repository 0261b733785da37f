"""What the screens need from audio and transcription, so they do not care which is real.

Screens talk to a `RecorderService` and a `TranscriberService`. `real_services()` wraps the
core's recorder and transcription queue (imported lazily: heavy libraries never load on the
start path); `interviewer.tui.fakes` has stand-ins for tests and machines without audio.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from interviewer.events import BaseEvent, TranscriptEvent

EventSink = Callable[["BaseEvent"], None]
TranscriptDone = Callable[["TranscriptJob", "TranscriptEvent | None", "str | None"], None]


@dataclass(frozen=True)
class Level:
    """One level reading in dBFS (-120 is silence)."""

    peak: float = -120.0
    rms: float = -120.0


@dataclass(frozen=True)
class Take:
    """One recorded take of a spoken answer (times on the session clock)."""

    path: Path
    audio_file: str  # relative to the session folder
    duration: float
    started: float  # elapsed seconds when recording began
    start: float | None = None  # seconds into a continuous recording, when there is one
    end: float | None = None


@dataclass(frozen=True)
class Device:
    """An input device the participant can choose."""

    index: int | str | None
    name: str
    default: bool = False


@dataclass
class TranscriptJob:
    """Audio to transcribe, and what to attach the result to.

    The fields of the core's `TranscriptionJob`, without importing it: its module loads numpy,
    which the start screen must not wait for.
    """

    path: Path
    audio_file: str
    prompt_id: int | None = None
    offset: float = 0.0
    language: str | None = None
    initial_prompt: str | None = None


class RecorderService(Protocol):
    """Records spoken answers (self-interview) or one continuous recording (conduct)."""

    def devices(self) -> list[Device]:
        """Return the input devices; an empty list when there are none."""

    def use_device(self, device: int | str | None) -> None:
        """Record from this device from now on (None: the default input)."""

    def open_meter(self, device: int | str | None) -> None:
        """Start listening for the level meter only, saving nothing (raises AudioError)."""

    def close_meter(self) -> None:
        """Stop the level-only listening."""

    def level(self) -> Level:
        """Return the latest level reading."""

    def silent_for(self) -> float:
        """Seconds the input has been quiet (0 while there is sound)."""

    def start_answer(self, audio_dir: Path, name: str, elapsed: float) -> str:
        """Begin recording one answer at session time `elapsed`; return its file, relative to the
        session folder (`audio_dir/name` unless the recorder names its own files; raises AudioError)."""

    def stop_answer(self) -> Take:
        """Finish the answer being recorded and return it."""

    def start_continuous(self, audio_dir: Path, on_event: EventSink, elapsed: Callable[[], float]) -> None:
        """Begin the one continuous recording of a researcher-led interview."""

    def recording_position(self) -> float | None:
        """Seconds recorded so far in continuous mode (None when not recording)."""

    def stop(self) -> None:
        """Stop everything and close the device; safe to call twice."""


class TranscriberService(Protocol):
    """Transcribes in the background and reports each result through a callback."""

    label: str

    def load(self) -> None:
        """Load the model (slow: call from a worker thread)."""

    def submit(self, job: TranscriptJob, on_done: TranscriptDone) -> None:
        """Queue a job; `on_done(job, event, error)` is called from a background thread."""

    def close(self) -> None:
        """Stop the background work; pending jobs are dropped."""


def play_on_output(audio, rate: int) -> bool:
    """Play audio on the default output device; False when there is none (loads sounddevice)."""
    from interviewer.audio.miccheck import play_back

    return play_back(audio, rate)


@dataclass
class Services:
    """The recorder, transcriber and player one app run uses."""

    recorder: RecorderService
    transcriber_factory: Callable[[str, str], TranscriberService]
    # (audio float32 frames x channels, rate) -> False when there is no output device
    player: Callable[[Any, int], bool] = play_on_output


def real_services() -> Services:
    """The core's recorder and transcriber, wrapped for the screens (imports nothing heavy)."""
    from interviewer.tui.real_audio import CoreRecorder, CoreTranscriber

    return Services(recorder=CoreRecorder(), transcriber_factory=CoreTranscriber)

"""One spoken answer's life: record, stop (by key or after silence), transcribe, review, re-record.

Device work and transcription run on threads; results come back as messages to the screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from interviewer.tui.messages import RecorderChanged, TranscriptReady
from interviewer.tui.services import RecorderService, Take, TranscriptJob

AUTO_STOP_SECONDS = 3.0  # quiet this long after speaking ends the recording by itself
SPEECH_DBFS = -45.0


class VoiceAnswer:
    """Tracks the take for the current prompt; the screen calls it and renders its state."""

    def __init__(self, recorder: RecorderService, transcriber: Callable[[], object],
                 audio_dir: Path, post: Callable, elapsed: Callable[[], float], language: str | None = None,
                 glossary: list[str] | None = None):
        self.recorder = recorder
        self.transcriber = transcriber
        self.audio_dir = Path(audio_dir)
        self.post = post
        self.elapsed = elapsed
        self.language = language
        self.glossary = glossary or []
        self.question = ""  # the prompt being answered: with the glossary, it primes Whisper
        self.state = "idle"  # idle, starting, recording, stopping, transcribing, review
        self.take: Take | None = None
        self.transcript = None
        self.heard = ""
        self.spoke = False
        self.prompt_id: int | None = None
        self._count = 0
        self.late: set[Path] = set()  # takes sent before their transcript came

    def reset(self, prompt_id: int, question: str = "") -> None:
        """A new prompt: forget the previous take (it was sent or discarded)."""
        self.prompt_id, self.take, self.transcript, self.heard = prompt_id, None, None, ""
        self.question = question
        self.state, self.spoke = "idle", False

    def start(self) -> None:
        """Begin recording (a previous take of this prompt is discarded: a re-record)."""
        if self.state in ("starting", "recording", "stopping"):
            return
        self.discard()
        self._count += 1
        name = f"answer-{self.prompt_id:03d}-{self._count}.wav"
        self.state, self.spoke = "starting", False
        self._thread(self._start, name, self.elapsed())

    def _start(self, name: str, started: float) -> None:
        try:
            self.audio_dir.mkdir(parents=True, exist_ok=True)
            self.recorder.start_answer(self.audio_dir, name, started)
        except Exception as exc:  # AudioError above all: the participant can still type
            self.post(RecorderChanged("failed", error=str(exc)))
        else:
            self.post(RecorderChanged("recording"))

    def stop(self) -> None:
        """Finish the take; its transcript follows."""
        if self.state not in ("recording", "starting"):
            return
        self.state = "stopping"
        self._thread(self._stop)

    def _stop(self) -> None:
        try:
            take = self.recorder.stop_answer()
        except Exception as exc:
            self.post(RecorderChanged("failed", error=str(exc)))
        else:
            self.post(RecorderChanged("stopped", take=take))

    def tick(self) -> bool:
        """Called a few times a second while recording; True when silence should stop it."""
        if self.state != "recording":
            return False
        if self.recorder.level().rms > SPEECH_DBFS:
            self.spoke = True
        return self.spoke and self.recorder.silent_for() >= AUTO_STOP_SECONDS

    def recorded(self, take: Take) -> None:
        """The take is on disk: send it for transcription."""
        from interviewer.transcribe.prompt import build_prompt

        self.take, self.state = take, "transcribing"
        job = TranscriptJob(path=take.path, audio_file=take.audio_file, prompt_id=self.prompt_id,
                            language=self.language,
                            initial_prompt=build_prompt(self.glossary, self.question) or None)
        try:
            self.transcriber().submit(job, lambda j, ev, err: self.post(TranscriptReady(j, ev, err)))
        except Exception as exc:
            self.post(TranscriptReady(job, None, str(exc)))

    def failed(self) -> None:
        """Recording could not start or finish."""
        self.state = "idle" if self.take is None else "review"

    def transcribed(self, message: TranscriptReady) -> str:
        """Take a transcript: 'current' (show it), 'late' (record it) or 'stale' (a discarded take)."""
        job = message.job
        if self.take is not None and job.path == self.take.path:
            self.transcript = message.event
            self.heard = " ".join(s.text.strip() for s in message.event.segments if s.text.strip()) \
                if message.event is not None else ""
            self.state = "review"
            return "current"
        if job.path in self.late:
            self.late.discard(job.path)
            return "late"
        return "stale"

    def sent(self) -> None:
        """The answer was sent; a transcript still on its way is recorded when it comes."""
        if self.take is not None and self.transcript is None:
            self.late.add(self.take.path)
        self.take, self.transcript, self.state = None, None, "idle"

    def discard(self) -> None:
        """Throw away the current take (re-record): the participant chose not to use it."""
        if self.take is not None:
            try:
                self.take.path.unlink()
            except OSError:
                pass
        self.take, self.transcript, self.heard = None, None, ""

    @staticmethod
    def _thread(fn, *args) -> None:
        threading.Thread(target=fn, args=args, daemon=True).start()

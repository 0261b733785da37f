"""One answer's takes: record, stop (by key), transcribe, show; nothing recorded is ever deleted.

Every take is journalled when it starts (file and start on the session clock) and again when it
ends, so a crash mid-answer leaves a take that resume repairs. While a take is recorded it is
heard as it is spoken (`interviewer.live.take`): live text comes back as it is said, and the
take's transcript a moment after it ends; when live listening is not available or missed
anything, the take's file is transcribed instead. Device work and transcription run on threads;
results come back as messages to the screen.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from interviewer.events import TakeEnded, TakeStarted
from interviewer.tui.messages import LiveHeard, RecorderChanged, TranscriptReady
from interviewer.tui.services import RecorderService, TranscriptJob

log = logging.getLogger(__name__)

FINISHED_CHECK_SECONDS = 12.0  # quiet this long while recording: gently ask whether they are done
SPEECH_DBFS = -45.0


@dataclass
class TakeInfo:
    """What the screen knows of one take of the current answer."""

    take: int
    kind: str  # "typed" or "spoken"
    started: float
    text: str = ""
    audio_file: str | None = None
    path: Path | None = None
    start: float | None = None
    end: float | None = None
    transcribed: bool = False
    superseded: bool = False
    replaces: list[int] = field(default_factory=list)
    prompt_id: int | None = None
    duration: float = 0.0
    live: object | None = None  # the `LiveTake` hearing it while it is recorded


class VoiceAnswer:
    """Tracks the takes of the current prompt; the screen calls it and renders its state."""

    def __init__(self, recorder: RecorderService, transcriber: Callable[[], object],
                 audio_dir: Path, post: Callable, elapsed: Callable[[], float], language: str | None = None,
                 glossary: list[str] | None = None, journal: Callable | None = None,
                 finished_check: float = FINISHED_CHECK_SECONDS, listen: bool = True):
        self.recorder = recorder
        self.transcriber = transcriber
        self.audio_dir = Path(audio_dir)
        self.post = post
        self.elapsed = elapsed
        self.language = language
        self.glossary = glossary or []
        self.journal = journal or (lambda event: None)
        self.finished_check = finished_check
        self.listen = listen  # hear takes as they are spoken, where recorder and engine allow
        self.question = ""  # the prompt being answered: with the glossary, it primes Whisper
        self.state = "idle"  # idle, starting, recording, stopping, transcribing, review
        self.takes: list[TakeInfo] = []
        self.recording: TakeInfo | None = None
        self.spoke = False
        self.asked_finished = False
        self.stop_pending = False  # a stop asked for while the microphone was still opening
        self.prompt_id: int | None = None
        self._pending: dict[Path, int | None] = {}  # take files awaiting a transcript -> prompt

    # -- the current prompt -------------------------------------------------------------------

    def reset(self, prompt_id: int, question: str = "", takes: list[TakeInfo] | None = None) -> None:
        """A new prompt (or the same one after a resume, with the takes it already has)."""
        self.prompt_id, self.question = prompt_id, question
        self.takes = list(takes or [])
        self.recording, self.spoke, self.asked_finished = None, False, False
        waiting = any(t.kind == "spoken" and not t.transcribed and not t.superseded for t in self.takes)
        self.state = "transcribing" if waiting else ("review" if self.takes else "idle")

    def active(self) -> list[TakeInfo]:
        """The takes the answer is made of (superseded ones are kept, not used)."""
        return [t for t in self.takes if not t.superseded]

    def joined(self) -> str:
        """The answer's text as its takes give it (typed text and transcripts, in order)."""
        return " ".join(t.text.strip() for t in self.active() if t.text.strip())

    @property
    def spoken(self) -> bool:
        """True when a recording is part of the answer."""
        return any(t.kind == "spoken" for t in self.active())

    @property
    def waiting(self) -> bool:
        """True while a take of this answer still waits for its transcript."""
        return any(t.kind == "spoken" and not t.transcribed for t in self.active())

    def _number(self) -> int:
        return max((t.take for t in self.takes), default=0) + 1

    def keep_typed(self, text: str) -> TakeInfo:
        """Journal text typed before speaking as a take of its own."""
        info = TakeInfo(take=self._number(), kind="typed", started=self.elapsed(), text=text.strip(),
                        transcribed=True)
        self.takes.append(info)
        self.journal(TakeStarted(elapsed=info.started, prompt_id=self.prompt_id, take=info.take,
                                 kind="typed", text=info.text))
        return info

    # -- recording ----------------------------------------------------------------------------

    def start(self, replace: bool = False) -> None:
        """Begin a new take; `replace` marks the takes so far superseded (their audio stays)."""
        if self.state in ("starting", "recording", "stopping"):
            return
        replaces = [t.take for t in self.active()] if replace else []
        info = TakeInfo(take=self._number(), kind="spoken", started=self.elapsed(), replaces=replaces,
                        prompt_id=self.prompt_id)
        self.recording, self.state, self.spoke, self.asked_finished = info, "starting", False, False
        self.stop_pending = False
        name = f"answer-{self.prompt_id:03d}-{info.take}.wav"
        self._thread(self._start, info, name)

    def _start(self, info: TakeInfo, name: str) -> None:
        engine = self._live_engine()
        try:
            self.audio_dir.mkdir(parents=True, exist_ok=True)
            extra = {"listen": True} if engine is not None else {}
            info.audio_file = self.recorder.start_answer(self.audio_dir, name, info.started, **extra)
        except Exception as exc:  # AudioError above all: the participant can still type
            self.post(RecorderChanged("failed", error=str(exc)))
            return
        # the file's first frame is (about) now: the device may have taken a moment to open
        info.start, info.path = self.elapsed(), self.audio_dir.parent / info.audio_file
        # journalled before a single frame is written: a kill from here on leaves a take to repair
        self.journal(TakeStarted(elapsed=info.started, prompt_id=info.prompt_id, take=info.take, kind="spoken",
                                 audio_file=info.audio_file, audio_start=info.start, replaces=info.replaces))
        if engine is not None:
            info.live = self._hear(info, engine)
        self.post(RecorderChanged("recording", take=info))

    def _live_engine(self):
        """The engine to hear takes with as they are spoken, or None (then each file is transcribed)."""
        if not self.listen or not hasattr(self.recorder, "answer_listener"):
            return None
        try:
            engine_of = getattr(self.transcriber(), "live_engine", None)
            return engine_of() if engine_of is not None else None
        except Exception as exc:  # no model here: the file is transcribed, and says why
            log.info("live listening unavailable: %s", exc)
            return None

    def _hear(self, info: TakeInfo, engine):
        """Listen to the take being recorded (None when it cannot be heard live)."""
        from interviewer.live.take import LiveTake

        listener, self.recorder.answer_listener = self.recorder.answer_listener, None
        if listener is None:
            return None
        tap, begin = listener
        try:
            return LiveTake(engine, tap, begin, on_text=lambda text: self.post(LiveHeard(info.take, text)),
                            question=self.question, prompt_id=info.prompt_id, language=self.language,
                            glossary=self.glossary)
        except Exception as exc:  # e.g. the VAD cannot load: the file is transcribed instead
            log.warning("live listening failed to start: %s", exc)
            self.recorder.untap(tap)
            return None

    def began(self, info: TakeInfo) -> None:
        """The recording is running: the take joins the answer (replacing earlier ones if asked)."""
        for take in self.takes:
            if take.take in info.replaces:
                take.superseded = True
        self.takes.append(info)
        self.state = "recording"
        if self.stop_pending:
            self.stop_pending = False
            self.stop()

    def stop(self) -> None:
        """Finish the take; its transcript follows."""
        if self.state == "starting":  # stopped as soon as the microphone is open (see began)
            self.stop_pending = True
            return
        if self.state != "recording":
            return
        self.state = "stopping"
        self._thread(self._stop, self.recording)

    def _stop(self, info: TakeInfo) -> None:
        try:
            take = self.recorder.stop_answer()
        except Exception as exc:
            if info.live is not None:
                info.live.close()
                self.recorder.untap(info.live.tap)
                info.live = None
            self.post(RecorderChanged("failed", error=str(exc)))
            return
        info.path, info.duration = take.path, take.duration
        info.end = (info.start or 0.0) + take.duration
        self.journal(TakeEnded(elapsed=self.elapsed(), prompt_id=info.prompt_id, take=info.take,
                               audio_end=info.end, duration=take.duration))
        self.post(RecorderChanged("stopped", take=info))

    def tick(self) -> bool:
        """Called a few times a second while recording; True once to ask whether they have finished."""
        if self.state != "recording":
            return False
        if self.recorder.level().rms > SPEECH_DBFS:
            self.spoke, self.asked_finished = True, False
        if self.spoke and not self.asked_finished and self.recorder.silent_for() >= self.finished_check:
            self.asked_finished = True
            return True
        return False

    def recorded(self, info: TakeInfo) -> None:
        """The take is on disk: send it for transcription (under the prompt it answers)."""
        if info is self.recording:
            self.recording = None
            self.state = "transcribing"
        live, info.live = info.live, None
        if live is not None:
            self._pending[Path(info.path)] = info.prompt_id
            self._thread(self._finish_live, info, live)
        else:
            self.transcribe(info.path, info.audio_file, info.start or 0.0, info.prompt_id)

    def _finish_live(self, info: TakeInfo, live) -> None:
        """In a thread: the take's streamed transcript, or (when it missed anything) its file's."""
        offset = info.start or 0.0
        try:
            result = live.finish(live.begin + info.duration, Path(info.path), offset)
        except Exception as exc:
            log.warning("live transcript of %s failed (%s): transcribing the file", info.audio_file, exc)
            result = None
        finally:
            self.recorder.untap(live.tap)
        if result is None:
            self.transcribe(info.path, info.audio_file, offset, info.prompt_id, live.question)
            return
        job = TranscriptJob(path=Path(info.path), audio_file=info.audio_file, prompt_id=info.prompt_id,
                            offset=offset, language=self.language)
        event = result.to_event(info.audio_file, elapsed=self.elapsed(), prompt_id=info.prompt_id)
        self.post(TranscriptReady(job, event, None))

    def transcribe(self, path: Path, audio_file: str, offset: float, prompt_id: int | None,
                   question: str | None = None) -> None:
        """Queue a take's file; segment times come back on the session clock (`offset` + file time)."""
        from interviewer.transcribe.prompt import build_prompt

        self._pending[Path(path)] = prompt_id
        job = TranscriptJob(path=Path(path), audio_file=audio_file, prompt_id=prompt_id, offset=offset,
                            language=self.language,
                            initial_prompt=build_prompt(self.glossary, question or self.question) or None)
        try:
            self.transcriber().submit(job, lambda j, ev, err: self.post(TranscriptReady(j, ev, err)))
        except Exception as exc:
            self.post(TranscriptReady(job, None, str(exc)))

    def failed(self) -> None:
        """Recording could not start or finish."""
        self.recording, self.stop_pending = None, False
        self.state = "review" if self.takes else "idle"

    def transcribed(self, message: TranscriptReady) -> str:
        """Take a transcript: 'current' (a take of the prompt on screen) or 'earlier' (one sent)."""
        job = message.job
        self._pending.pop(Path(job.path), None)
        info = next((t for t in self.takes if t.path is not None and Path(t.path) == Path(job.path)), None)
        if info is None or job.prompt_id != self.prompt_id:
            return "earlier"
        info.transcribed = True
        info.text = " ".join(s.text.strip() for s in message.event.segments if s.text.strip()) \
            if message.event is not None else ""
        if self.state == "transcribing" and not self.waiting:
            self.state = "review"
        return "current"

    def sent(self) -> None:
        """The answer was sent; transcripts still on their way are journalled when they come."""
        self.takes, self.recording, self.state = [], None, "idle"

    @staticmethod
    def _thread(fn, *args) -> None:
        threading.Thread(target=fn, args=args, daemon=True).start()

"""Streaming transcription: utterances cut as audio arrives, each transcribed as soon as it ends.

Three threads meet here. The recorder's writer only offers copies of blocks to a `BlockTap`.
A reader thread feeds them to the `UtteranceCutter` (VAD, a few milliseconds a second of
audio). One low-priority worker transcribes each ended utterance, primed with the prompt that
was live and the glossary, and journals it as a `TranscriptEvent`; when it has nothing else to
do it transcribes the utterance in progress, so partial text keeps up with the speaker.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from interviewer.audio.tap import BlockTap
from interviewer.errors import InterviewerError, TranscriptionError
from interviewer.events import TranscriptEvent
from interviewer.live.cutter import CutSettings, Utterance, UtteranceCutter
from interviewer.live.speakers import Mark, Marks, Speaker, by_channels
from interviewer.live.vad import RATE
from interviewer.transcribe.base import Transcriber
from interviewer.transcribe.prompt import build_prompt
from interviewer.transcribe.queue import DEFAULT_NICENESS, lower_thread_priority

log = logging.getLogger(__name__)
# An utterance that follows another within this many seconds is primed with its last words too.
CONTEXT_GAP = 5.0
CONTEXT_CHARS = 200


@dataclass(frozen=True)
class LiveSettings:
    """How utterances are cut and how often the one in progress is transcribed (0: never)."""

    cut: CutSettings = field(default_factory=CutSettings)
    partial_every: float = 1.0
    min_partial: float = 1.0  # seconds of an utterance before its first partial text
    niceness: int = DEFAULT_NICENESS


@dataclass(frozen=True)
class LiveText:
    """Text heard: a partial guess at the utterance in progress, or an utterance's final text."""

    kind: Literal["partial", "final"]
    utterance: int
    start: float  # recording seconds
    end: float  # the audio this text covers reaches here
    text: str
    prompt_id: int | None
    speaker: Speaker | None
    event: TranscriptEvent | None = None  # the journalled event, for a final


class LiveTranscriber:
    """Feed it the recording; it reports `LiveText`s and journals each utterance's transcript."""

    def __init__(self, transcriber: Transcriber, *, on_text: Callable[[LiveText], None],
                 journal: Callable[[TranscriptEvent], None] | None = None,
                 on_error: Callable[[InterviewerError], None] | None = None,
                 language: str | None = None, glossary: Iterable[str] = (),
                 clock: Callable[[], float] | None = None, audio_file: str = "recording",
                 settings: LiveSettings | None = None, interviewer_channel: int = 0):
        self.transcriber, self.settings = transcriber, settings or LiveSettings()
        self._on_text, self._journal, self._on_error = on_text, journal, on_error
        self.language, self.glossary = language, list(glossary)
        started = time.monotonic()
        self.clock = clock or (lambda: time.monotonic() - started)
        self.audio_file, self.interviewer_channel = audio_file, interviewer_channel
        self.marks = Marks()
        self.finals: list[LiveText] = []
        self._cutter = UtteranceCutter(self.settings.cut)
        self._lock = threading.Lock()  # the cutter: fed by the reader, read by the worker
        self._cond = threading.Condition()
        self._jobs: deque[Utterance] = deque()
        self._submitted = self._done = 0
        self._answer_at = 0.0
        self._fed = 0.0  # recording second the blocks fed reach (the resampler holds back a little)
        self._partial_of: tuple[int, float] = (0, 0.0)  # (utterance, seconds) last given a partial
        self._last_partial: tuple[int, float, float, object] | None = None  # index, start, end, result
        self._decode_seconds = 0.0  # how long decoding takes now (a moving average)
        self._closed = False
        self._reader: threading.Thread | None = None
        self._worker = threading.Thread(target=self._run, name="live-transcription", daemon=True)
        self._worker.start()

    # -- marks and answers ------------------------------------------------------------------
    @property
    def position(self) -> float:
        """Recording seconds fed so far."""
        return self._cutter.position

    def mark(self, prompt_id: int | None, prompt_text: str | None, speaker: Speaker,
             at: float | None = None, asking: float = 0.0) -> None:
        """From `at` (default: now) speech belongs to this prompt and, with one microphone, to
        `speaker`, except speech starting in the first `asking` seconds (the question being asked)."""
        at = self.position if at is None else at
        self.marks.add(Mark(at, prompt_id, prompt_text, speaker, at + asking if asking > 0 else None))

    def start(self, prompt: str | None = None, prompt_id: int | None = None, at: float | None = None) -> None:
        """A new answer begins: the participant's speech from now on answers `prompt`."""
        at = self.position if at is None else at
        self.mark(prompt_id, prompt, "participant", at)
        self._answer_at = at

    # -- audio in -----------------------------------------------------------------------------
    def feed(self, block: np.ndarray, rate: int, position: float) -> None:
        """Add a recorded block (int16 or float, frames x channels) starting at `position` seconds."""
        with self._lock:
            ended = self._cutter.feed(block, rate, position)
            self._fed = max(self._fed, position + len(block) / rate)
        for utterance in ended:
            self._submit(utterance)
        if self._cutter.speaking and self.settings.partial_every > 0:
            with self._cond:
                self._cond.notify_all()

    def listen(self, tap: BlockTap) -> None:
        """Feed every block from a recorder's tap, on a reader thread, until the tap closes."""
        def read() -> None:
            while (block := tap.get()) is not None:
                self.feed(block.audio, block.rate, block.position)

        self._reader = threading.Thread(target=read, name="live-reader", daemon=True)
        self._reader.start()

    def finish(self, until: float | None = None, timeout: float = 60.0) -> str:
        """The answer is over: once audio up to `until` is in, cut, wait for every text, return it."""
        deadline = time.monotonic() + timeout
        if until is not None:  # the blocks up to `until` may still be on their way from the writer
            arrived_by = min(deadline, time.monotonic() + 2.0)
            # blocks in, not the cutter's position: its resampler keeps back a few tens of ms,
            # which once made a take wait out the full two seconds
            while self._fed < until - 0.02 and time.monotonic() < arrived_by:
                time.sleep(0.01)
        with self._lock:
            last = self._cutter.flush(until)
        if last is not None:
            self._submit(last)
        with self._cond:
            self._cond.wait_for(lambda: self._done >= self._submitted, max(0.0, deadline - time.monotonic()))
        return self.answer_text()

    @property
    def pending(self) -> int:
        """Utterances ended but not yet transcribed."""
        with self._cond:
            return self._submitted - self._done

    def answer_text(self) -> str:
        """The text of the current answer: its utterances' final texts joined."""
        return " ".join(t.text for t in self.finals if (t.start + t.end) / 2 >= self._answer_at and t.text)

    def text_for(self, prompt_id: int, speaker: Speaker | None = None) -> str:
        """Everything heard for one prompt so far (from one speaker, when given)."""
        return " ".join(t.text for t in self.finals
                        if t.prompt_id == prompt_id and t.text and speaker in (None, t.speaker))

    def close(self, timeout: float = 60.0) -> None:
        """Transcribe what is queued, then stop the worker."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._worker.join(timeout)

    # -- worker ---------------------------------------------------------------------------------
    def _submit(self, utterance: Utterance) -> None:
        with self._cond:
            self._jobs.append(utterance)
            self._submitted += 1
            self._cond.notify_all()

    def _run(self) -> None:
        lower_thread_priority(self.settings.niceness)
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._jobs or self._closed or self._partial_due(),
                                    self.settings.partial_every or None)
                if self._closed and not self._jobs:
                    return
                job = self._jobs.popleft() if self._jobs else None
            try:
                if job is not None:
                    self._final(job)
                elif self._partial_due():
                    self._partial()
            except InterviewerError as exc:
                self._failed(exc)
            except Exception as exc:  # an engine bug must not stop the utterances after this one
                log.exception("live transcription failed")
                self._failed(TranscriptionError(f"live transcription failed: {exc}"))
            finally:
                if job is not None:
                    with self._cond:
                        self._done += 1
                        self._cond.notify_all()

    def _failed(self, exc: InterviewerError) -> None:
        log.warning("live transcription: %s", exc)
        if self._on_error is not None:
            self._on_error(exc)

    def _prompt_for(self, mark: Mark | None, start: float) -> str | None:
        """The question and glossary, then the words just before (as Whisper primes its windows)."""
        prompt = build_prompt(self.glossary, mark.prompt_text if mark else None)
        last = self.finals[-1] if self.finals else None
        if last is not None and start - last.end < CONTEXT_GAP and last.text:
            prompt = f"{prompt} {last.text[-CONTEXT_CHARS:]}".strip()
        return prompt or None

    def _final(self, u: Utterance) -> None:
        mark = self.marks.at((u.start + u.end) / 2)
        speaker = by_channels(u.channel_rms, self.interviewer_channel) or (mark.speaker_for(u.start) if mark else None)
        result = self._reusable(u) or self._decode(u.audio, u.start, self.marks.at(u.start))
        segments = [s.model_copy(update={"speaker": speaker}) for s in result.segments]
        prompt_id = mark.prompt_id if mark else None
        event = result.model_copy(update={"segments": segments}).to_event(
            self.audio_file, elapsed=self.clock(), prompt_id=prompt_id
        ).model_copy(update={"utterance": u.index})
        if self._journal is not None:
            self._journal(event)
        text = LiveText("final", u.index, u.start, u.end, result.text, prompt_id, speaker, event)
        self.finals.append(text)
        self._emit(text)

    def _decode(self, audio: np.ndarray, start: float, mark: Mark | None):
        began = time.monotonic()
        result = self.transcriber.transcribe(audio, language=self.language, offset=start,
                                             initial_prompt=self._prompt_for(mark, start))
        self._decode_seconds = 0.7 * self._decode_seconds + 0.3 * (time.monotonic() - began)
        return result

    def _reusable(self, u: Utterance):
        """The last partial's result when it already heard all of this utterance's speech."""
        last, self._last_partial = self._last_partial, None
        if last is not None and last[:2] == (u.index, u.start) and last[2] >= u.speech_end + 0.05:
            return last[3]
        return None

    def _partial_due(self) -> bool:
        start = self._cutter.started_at
        if self.settings.partial_every <= 0 or start is None:
            return False
        index, seconds = self._partial_of
        length = self._cutter.position - start
        if length < self.settings.min_partial:
            return False
        # partials take at most about half the worker's time, however slow decoding is today
        every = max(self.settings.partial_every, 2 * self._decode_seconds)
        return index != self._cutter.count + 1 or length - seconds >= every

    def _partial(self) -> None:
        with self._lock:
            index, snapshot = self._cutter.count + 1, self._cutter.in_progress()
        if snapshot is None:
            return
        start, audio = snapshot
        self._partial_of = (index, len(audio) / RATE)
        mark = self.marks.at(start)
        # the same decoding as a final (word timings cost next to nothing), so a partial that
        # heard the whole utterance becomes its final text without decoding it again
        result = self._decode(audio, start, mark)
        end = start + len(audio) / RATE
        self._last_partial = (index, start, end, result)
        with self._lock:
            ended = self._cutter.count >= index
        if not ended and result.text:  # an ended utterance's final text is on its way
            speaker = mark.speaker_for(start) if mark else None
            self._emit(LiveText("partial", index, start, end, result.text,
                                mark.prompt_id if mark else None, speaker))

    def _emit(self, text: LiveText) -> None:
        try:
            self._on_text(text)
        except Exception:  # a broken listener must not stop transcription
            log.exception("live text listener failed")

"""One self-interview take heard while it is spoken: live text as it goes, its transcript as it ends.

The take's own file stays the record. The streamed text becomes the take's transcript only when
the tap missed no audio and every utterance was transcribed; the file is then checked for voiced
stretches no utterance took (speech too soft for the VAD), which are decoded on their own or
marked inaudible, exactly as a transcript of the whole file is checked. Otherwise `finish`
returns None and the caller transcribes the file as before.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from interviewer.audio.tap import BlockTap
from interviewer.events import Segment
from interviewer.live.transcriber import LiveSettings, LiveText, LiveTranscriber
from interviewer.transcribe.prompt import build_prompt
from interviewer.transcribe.result import TranscriptResult

log = logging.getLogger(__name__)
# An utterance's words may reach this far past the key press (its padding); later ones are not
# in the take's file and are left out.
END_SLACK = 0.05


def shifted(seg: Segment, by: float, end: float | None = None) -> Segment | None:
    """The segment moved by `by` seconds, words past `end` (in the new time) left out; None if empty."""
    words = [w.model_copy(update={"start": w.start + by, "end": w.end + by}) for w in seg.words]
    if end is not None:
        words = [w for w in words if (w.start + w.end) / 2 <= end + END_SLACK]
        if seg.words and not words:
            return None
        if seg.words and len(words) < len(seg.words):
            text = "".join(w.word for w in words).strip()
            return seg.model_copy(update={"start": seg.start + by, "end": min(seg.end + by, words[-1].end),
                                          "text": text, "words": words})
        if not seg.words and (seg.start + seg.end) / 2 + by > end + END_SLACK:
            return None
    return seg.model_copy(update={"start": seg.start + by, "end": seg.end + by, "words": words})


class LiveTake:
    """Streams the blocks of one take, from recording second `begin`, into a `LiveTranscriber`."""

    def __init__(self, engine, tap: BlockTap, begin: float, *, on_text: Callable[[str], None],
                 question: str | None = None, prompt_id: int | None = None, language: str | None = None,
                 glossary: Iterable[str] = (), settings: LiveSettings | None = None):
        self.engine, self.tap, self.begin = engine, tap, begin
        self.language, self.glossary, self.question = language, list(glossary), question
        self._on_text = on_text
        self._errors: list[Exception] = []
        self._end: float | None = None
        self.live = LiveTranscriber(engine, on_text=self._heard, on_error=self._errors.append,
                                    language=language, glossary=self.glossary, settings=settings)
        self.live.start(question, prompt_id, at=begin)
        self._reader = threading.Thread(target=self._read, name="take-listener", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        """Feed the take's part of each block: the tap also hears the moments around the take."""
        while (block := self.tap.get()) is not None:
            audio, position, rate = block.audio, block.position, block.rate
            skip = max(0, round((self.begin - position) * rate))
            if self._end is not None:
                audio = audio[: max(0, round((self._end - position) * rate))]
            if skip >= len(audio):
                continue
            self.live.feed(audio[skip:], rate, position + skip / rate)

    def _heard(self, text: LiveText) -> None:
        """Everything heard so far: the utterances' final texts, then the guess at the one in progress."""
        said = [t.text for t in self.live.finals if t.text]
        if text.kind == "partial":
            said.append(text.text)
        self._on_text(" ".join(s.strip() for s in said if s.strip()))

    def finish(self, end: float, path: Path, offset: float, timeout: float = 600.0) -> TranscriptResult | None:
        """The take ended at recording second `end`: its transcript on the session clock (the file
        begins at `offset`), or None when the streamed text cannot be trusted to be complete."""
        self._end = end
        try:
            self.live.finish(until=end, timeout=timeout)
        finally:
            self.close()
        if self._errors or self.tap.missed_frames or self.live.pending:
            log.info("take at %.1f s: live text incomplete (%d errors, %d frames missed); transcribing the file",
                     self.begin, len(self._errors), self.tap.missed_frames)
            return None
        return self._checked(path, offset, end - self.begin)

    def _checked(self, path: Path, offset: float, duration: float) -> TranscriptResult:
        """The streamed segments in file time, with what the file's voiced stretches add."""
        from interviewer.transcribe.audio_file import load_audio
        from interviewer.transcribe.coverage import fill_gaps

        segments = [moved for t in self.live.finals if t.event is not None for s in t.event.segments
                    if (moved := shifted(s.model_copy(update={"speaker": None}), -self.begin, duration))]
        prompt = build_prompt(self.glossary, self.question) or None

        def redo(audio, at: float) -> list[Segment]:
            return self.engine.transcribe(audio, language=self.language, offset=at, initial_prompt=prompt).segments

        segments = fill_gaps(load_audio(path), segments, 0.0, redo)
        language = next((t.event.language for t in self.live.finals if t.event is not None), self.language)
        return TranscriptResult(segments=[shifted(s, offset) for s in segments], language=language,
                                duration=duration, offset=offset, engine=self.engine.engine_name,
                                model=self.engine.model_name)

    def close(self) -> None:
        """Stop listening: the reader ends and the worker finishes what is queued."""
        self.tap.close()
        self._reader.join(5.0)
        self.live.close()

"""What a transcription returns: timed segments with confidence, and how to flag doubtful ones."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from interviewer.events import Segment, TranscriptEvent

# Whisper's own decoding thresholds (openai-whisper's `logprob_threshold` and
# `no_speech_threshold` defaults): below -1.0 mean token log-probability the decoder itself
# treats a window as failed, and above 0.6 no-speech probability the window is likely silence
# or noise, so any text there may be hallucinated. Either way a person should check the audio.
LOGPROB_THRESHOLD = -1.0
NO_SPEECH_THRESHOLD = 0.6
# A word the model gave under 40 % probability is worth a look, but only counts with others.
WORD_PROBABILITY_THRESHOLD = 0.4
LOW_WORD_SHARE = 0.3


def low_confidence(
    segment: Segment,
    *,
    logprob_threshold: float = LOGPROB_THRESHOLD,
    no_speech_threshold: float = NO_SPEECH_THRESHOLD,
    word_probability_threshold: float = WORD_PROBABILITY_THRESHOLD,
) -> bool:
    """True when a segment should be checked against the audio.

    Flagged when its mean token log-probability is below `logprob_threshold` (-1.0), or its
    no-speech probability is above `no_speech_threshold` (0.6), or more than 30 % of its words
    have a probability below `word_probability_threshold` (0.4), or it marks voiced audio that
    could not be transcribed.
    """
    if segment.inaudible:
        return True
    if segment.avg_logprob is not None and segment.avg_logprob < logprob_threshold:
        return True
    if segment.no_speech_prob is not None and segment.no_speech_prob > no_speech_threshold:
        return True
    probs = [w.probability for w in segment.words if w.probability is not None]
    if probs:
        low = sum(1 for p in probs if p < word_probability_threshold)
        return low / len(probs) > LOW_WORD_SHARE
    return False


class TranscriptResult(BaseModel):
    """Segments (times in seconds, already shifted by the offset) and how they were produced."""

    model_config = ConfigDict(extra="forbid")

    segments: list[Segment] = Field(default_factory=list)
    language: str | None = None
    duration: float = Field(ge=0, description="Seconds of audio transcribed.")
    offset: float = 0.0
    engine: str
    model: str
    processing_seconds: float = 0.0
    notes: list[str] = Field(default_factory=list, description="Why a result is empty, etc.")

    @property
    def text(self) -> str:
        """The whole transcript as one string."""
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())

    @property
    def real_time_factor(self) -> float:
        """Processing seconds per second of audio (lower is faster)."""
        return self.processing_seconds / self.duration if self.duration else 0.0

    def flagged(self, **thresholds: float) -> list[Segment]:
        """The segments `low_confidence` flags (same keyword thresholds)."""
        return [s for s in self.segments if low_confidence(s, **thresholds)]

    def to_event(
        self, audio_file: str, *, elapsed: float, prompt_id: int | None = None, stage: str = "live"
    ) -> TranscriptEvent:
        """The journal event for this result (`stage` "final" for a re-transcription pass)."""
        return TranscriptEvent(
            elapsed=elapsed,
            prompt_id=prompt_id,
            audio_file=audio_file,
            segments=self.segments,
            engine=self.engine,
            model=self.model,
            language=self.language,
            stage=stage,
        )

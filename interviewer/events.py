"""The event vocabulary shared by the engine, the recorder, the transcriber and the session journal.

Every event carries `elapsed` (seconds since the session started, from a monotonic clock) and
`type`. The session journal appends them in order, adding `seq` and the wall-clock `at`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

EVENT_SCHEMA_VERSION = 1
# The prompt id of the speech recorded before the first prompt (a conduct session's preamble):
# prompts count from 1, so a correction or check mark for 0 is the preamble's.
PREAMBLE_ID = 0


class Mode(StrEnum):
    """Who is running the interview."""

    CONDUCT = "conduct"  # researcher-led, one continuous recording
    PILOT = "pilot"  # a rehearsal of the guide, with ratings per question
    SELF = "self"  # a participant alone, self-interviewing


class BaseEvent(BaseModel):
    """Fields every event has."""

    model_config = ConfigDict(extra="forbid")

    elapsed: float = Field(ge=0, allow_inf_nan=False, description="Seconds since the session started.")
    seq: int | None = Field(default=None, description="Journal position, set when appended.")
    at: datetime | None = Field(default=None, description="Wall-clock time, set when appended.")


class SessionStarted(BaseEvent):
    """A session was created for a guide."""

    type: Literal["session_started"] = "session_started"
    guide_id: str
    guide_version: str
    guide_hash: str
    guide_path: str | None = None
    mode: Mode
    participant_code: str
    pseudonym: str | None = None
    interviewer: str | None = None


class ConsentGiven(BaseEvent):
    """The participant agreed to these consent statements (each separately)."""

    type: Literal["consent"] = "consent"
    agreed: list[str]
    declined: list[str] = Field(default_factory=list)
    consent_hash: str


class PromptEvent(BaseEvent):
    """The interviewer asked something: a main question or a probe."""

    type: Literal["prompt"] = "prompt"
    prompt_id: int = Field(description="Ordinal of this prompt in the interview, from 1.")
    kind: Literal["question", "probe"]
    theme_id: str
    question_id: str
    probe_id: str | None = None
    probe_kind: str | None = None
    text: str
    wording: Literal["main", "alternative", "repeat"] = "main"
    reason: str
    already_touched: bool = Field(default=False, description="Its topics were covered earlier.")
    acknowledgement: str | None = Field(default=None, description="A listening cue said before the text.")


class AnswerEvent(BaseEvent):
    """An answer to a prompt: typed text and/or a span of audio."""

    type: Literal["answer"] = "answer"
    prompt_id: int
    text: str = ""
    source: Literal["typed", "spoken", "researcher"] = "typed"
    audio_file: str | None = Field(default=None, description="Relative to the session folder.")
    audio_start: float | None = Field(default=None, description="Seconds into the recording.")
    audio_end: float | None = None
    started: float | None = Field(default=None, description="Elapsed seconds when answering began.")


class Word(BaseModel):
    """A word with its timing (seconds into the recording) and probability."""

    model_config = ConfigDict(extra="forbid")
    start: float
    end: float
    word: str
    probability: float | None = None


class Segment(BaseModel):
    """A transcript segment with timing (seconds into the recording) and confidence."""

    model_config = ConfigDict(extra="forbid")
    start: float
    end: float
    text: str
    avg_logprob: float | None = None
    no_speech_prob: float | None = None
    words: list[Word] = Field(default_factory=list)
    inaudible: bool = Field(
        default=False, description="Voiced audio that could not be transcribed; `text` is the mark."
    )
    speaker: Literal["interviewer", "participant"] | None = Field(
        default=None, description="Who spoke, where known (live transcription in conduct mode)."
    )


class TranscriptEvent(BaseEvent):
    """Transcription of an answer's audio, or of a recording segment in conduct mode."""

    type: Literal["transcript"] = "transcript"
    prompt_id: int | None = Field(default=None, description="The answer's prompt, if per answer.")
    audio_file: str
    segments: list[Segment]
    engine: str
    model: str
    language: str | None = None
    stage: Literal["live", "final"] = Field(
        default="live",
        description="live: the first transcript (fast model); final: a re-transcription with a more "
        "accurate model, which the session view and exports use over any live one.",
    )
    utterance: int | None = Field(
        default=None, description="Live transcription: the utterance's number; each one adds to the text."
    )


class CorrectionEvent(BaseEvent):
    """A corrected text for an answer, kept beside the original."""

    type: Literal["correction"] = "correction"
    prompt_id: int = Field(ge=0, description="The answer's prompt; 0 (PREAMBLE_ID): the speech before the first.")
    text: str
    by: Literal["participant", "researcher"]


class TurnCheckedEvent(BaseEvent):
    """A researcher marked a turn's transcript as checked against the audio (or unmarked it)."""

    type: Literal["turn_checked"] = "turn_checked"
    prompt_id: int = Field(ge=0, description="The turn's prompt; 0 (PREAMBLE_ID): the speech before the first.")
    checked: bool = True


class SpeakerLabelEvent(BaseEvent):
    """A researcher named a speaker role in the transcript (renaming or swapping labels)."""

    type: Literal["speaker_label"] = "speaker_label"
    role: Literal["interviewer", "participant"]
    label: str = Field(min_length=1)


class SegmentSpeakerEvent(BaseEvent):
    """A researcher fixed who spoke one transcript passage; the latest fix of a passage wins.

    The span is the passage's start and end on the session clock (recording seconds, as in
    `Segment`); a segment whose midpoint falls inside it takes this speaker, so a re-transcription
    that moves a boundary slightly keeps the fix.
    """

    type: Literal["segment_speaker"] = "segment_speaker"
    start: float = Field(allow_inf_nan=False, description="Where the passage begins (recording seconds).")
    end: float = Field(allow_inf_nan=False, description="Where it ends; not before `start`.")
    speaker: Literal["interviewer", "participant"]

    @model_validator(mode="after")
    def _ordered(self) -> SegmentSpeakerEvent:
        if self.end < self.start:
            raise ValueError(f"the passage ends ({self.end}) before it starts ({self.start})")
        return self


class TakeStarted(BaseEvent):
    """A take of an answer began; journalled at once, so a crash mid-answer still leaves it.

    A typed take carries the text typed before the participant switched to speaking; a spoken
    take names its audio file and where it starts on the session clock (the recording's time).
    """

    type: Literal["take"] = "take"
    prompt_id: int
    take: int = Field(ge=1, description="Ordinal of the take within its prompt, from 1.")
    kind: Literal["typed", "spoken"]
    text: str = ""
    audio_file: str | None = Field(default=None, description="Relative to the session folder.")
    audio_start: float | None = Field(default=None, description="Seconds into the session recording.")
    replaces: list[int] = Field(default_factory=list, description="Takes this one supersedes.")


class TakeEnded(BaseEvent):
    """A spoken take's recording finished (or was repaired after a crash)."""

    type: Literal["take_ended"] = "take_ended"
    prompt_id: int
    take: int = Field(ge=1)
    audio_end: float | None = Field(default=None, description="Seconds into the session recording.")
    duration: float = Field(ge=0)
    repaired: bool = Field(default=False, description="Recovered after the app was closed or killed.")


class AnswerDraft(BaseEvent):
    """Text typed into an answer but not sent yet, saved as it is typed (restored on resume)."""

    type: Literal["draft"] = "draft"
    prompt_id: int
    text: str


class CoverageEvent(BaseEvent):
    """An answer covered these topics."""

    type: Literal["coverage"] = "coverage"
    prompt_id: int
    topics: list[str]


class SkipEvent(BaseEvent):
    """A question or probe was skipped, by a person or by the engine (with why)."""

    type: Literal["skip"] = "skip"
    question_id: str
    probe_id: str | None = None
    by: Literal["participant", "researcher", "engine"]
    reason: str


class BranchEvent(BaseEvent):
    """The guide routed the interview elsewhere."""

    type: Literal["branch"] = "branch"
    from_question: str
    to: str
    reason: str


class DropEvent(BaseEvent):
    """Optional material dropped because the interview ran over time."""

    type: Literal["drop"] = "drop"
    question_id: str
    probe_id: str | None = None
    reason: str


class DistressEvent(BaseEvent):
    """The distress check fired: a flag for the researcher, never quoting the answer."""

    type: Literal["distress"] = "distress"
    question_id: str | None
    trigger: Literal["phrase", "signal"]


class SupportChoice(BaseEvent):
    """What the participant chose at a support step."""

    type: Literal["support_choice"] = "support_choice"
    choice: Literal["pause", "skip_topic", "continue", "stop"]


class PauseEvent(BaseEvent):
    """The interview was paused or resumed."""

    type: Literal["pause", "resume"]


class NoteEvent(BaseEvent):
    """A researcher's note or a time-stamped marker (bookmark, question asked, probe asked)."""

    type: Literal["note", "marker"]
    text: str = ""
    label: str | None = None
    question_id: str | None = None


class RatingEvent(BaseEvent):
    """A pilot tester's feedback on a question."""

    type: Literal["rating"] = "rating"
    question_id: str
    clarity: int | None = Field(default=None, ge=1, le=5)
    relevance: int | None = Field(default=None, ge=1, le=5)
    comment: str = ""


class RecordingSegmentEvent(BaseEvent):
    """A closed, fsynced audio segment of the session recording."""

    type: Literal["recording_segment"] = "recording_segment"
    audio_file: str
    start: float = Field(description="Seconds into the whole recording where it begins.")
    duration: float
    sample_rate: int
    channels: int


class GapEvent(BaseEvent):
    """Audio that was lost (overflow, stalled device, full disk), with its position."""

    type: Literal["gap"] = "gap"
    position: float
    duration: float
    reason: str


class SessionEnded(BaseEvent):
    """The interview finished, was stopped, or the participant withdrew."""

    type: Literal["session_ended"] = "session_ended"
    reason: Literal["completed", "stopped", "withdrawn", "consent_refused"]


Event = Annotated[
    Union[
        SessionStarted,
        ConsentGiven,
        PromptEvent,
        AnswerEvent,
        TranscriptEvent,
        CorrectionEvent,
        TurnCheckedEvent,
        SpeakerLabelEvent,
        SegmentSpeakerEvent,
        TakeStarted,
        TakeEnded,
        AnswerDraft,
        CoverageEvent,
        SkipEvent,
        BranchEvent,
        DropEvent,
        DistressEvent,
        SupportChoice,
        PauseEvent,
        NoteEvent,
        RatingEvent,
        RecordingSegmentEvent,
        GapEvent,
        SessionEnded,
    ],
    Field(discriminator="type"),
]

_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(data: dict | str | bytes) -> Event:
    """Validate a dict or JSON text as one of the event types."""
    if isinstance(data, (str, bytes)):
        return _ADAPTER.validate_json(data)
    return _ADAPTER.validate_python(data)


def dump_event(event: BaseEvent) -> str:
    """Serialise an event as one line of compact JSON (no None fields)."""
    return event.model_dump_json(exclude_none=True)

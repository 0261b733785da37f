"""What a recording produced: the summary of a whole recording, and one answer's clip."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from interviewer.audio.repair import RepairResult
from interviewer.events import GapEvent


class AnswerClip(BaseModel):
    """One answer's audio: its file and where it lies in the recording."""

    model_config = ConfigDict(extra="forbid")

    audio_file: str = Field(description="Relative to the session folder; holds the start.")
    files: list[str] = Field(description="Every file the answer spans, in order.")
    start: float = Field(description="Seconds into the recording.")
    end: float
    file_offset: float = Field(description="Seconds into `audio_file` where the answer starts.")
    gaps: list[GapEvent] = Field(default_factory=list)

    @property
    def duration(self) -> float:
        """Length of the answer in seconds."""
        return self.end - self.start


class RecordingSummary(BaseModel):
    """What was saved: files, seconds, losses, and why the recording stopped."""

    model_config = ConfigDict(extra="forbid")

    files: list[str] = Field(description="Closed, fsynced WAV files, relative to the session.")
    seconds: float
    sample_rate: int
    channels: int
    gaps: list[GapEvent] = Field(default_factory=list)
    dropped_blocks: int = 0
    overflows: int = 0
    stopped_reason: str = "stopped"
    repaired: list[RepairResult] = Field(default_factory=list)

    def describe(self) -> str:
        """One plain sentence for the user about what was saved."""
        mins, secs = divmod(round(self.seconds), 60)
        text = f"Saved {mins} min {secs} s of audio in {len(self.files)} file(s)"
        if self.gaps:
            lost = sum(g.duration for g in self.gaps)
            text += f"; {len(self.gaps)} gap(s) ({lost:.1f} s) are marked in the journal"
        if self.stopped_reason != "stopped":
            text += f"; recording stopped: {self.stopped_reason}"
        return text + "."

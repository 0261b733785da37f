"""Live transcription: the recording cut into utterances as it arrives, each transcribed at once."""

from interviewer.live.cutter import CutSettings, Utterance, UtteranceCutter
from interviewer.live.speakers import Mark, Marks, Speaker, asking_seconds, by_channels
from interviewer.live.transcriber import LiveSettings, LiveText, LiveTranscriber

__all__ = [
    "CutSettings", "LiveSettings", "LiveText", "LiveTranscriber", "Mark", "Marks", "Speaker",
    "Utterance", "UtteranceCutter", "asking_seconds", "by_channels",
]

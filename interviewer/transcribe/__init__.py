"""Local transcription with Whisper: two engines behind one interface, files, and a background queue.

Nothing here imports torch, whisper, faster_whisper or ctranslate2 until a model is loaded.
"""

from interviewer.transcribe.base import SAMPLE_RATE, Transcriber
from interviewer.transcribe.factory import ENGINES, choose_engine, create_transcriber
from interviewer.transcribe.prompt import build_prompt
from interviewer.transcribe.queue import TranscriptionJob, TranscriptionQueue
from interviewer.transcribe.result import TranscriptResult, low_confidence

__all__ = [
    "ENGINES",
    "SAMPLE_RATE",
    "Transcriber",
    "TranscriptResult",
    "TranscriptionJob",
    "TranscriptionQueue",
    "build_prompt",
    "choose_engine",
    "create_transcriber",
    "low_confidence",
]

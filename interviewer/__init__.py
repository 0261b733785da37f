"""interviewer: a semi-structured interview bot for qualitative research."""

from interviewer.telemetry import disable_telemetry

# Before anything can import onnxruntime (faster-whisper's VAD): it phones home otherwise.
disable_telemetry()

__version__ = "0.1.0"

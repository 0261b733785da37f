"""Speech probability for each 32 ms of audio as it arrives: Silero VAD, run frame by frame.

faster-whisper ships the Silero model (ONNX); its own helper runs it over a whole recording.
Here the model's recurrent state and the 64-sample context are carried from call to call, so
feeding audio in pieces gives the same probabilities as running it over the whole at once.
"""

from __future__ import annotations

import numpy as np

from interviewer.errors import AudioError

RATE = 16_000
FRAME = 512  # samples per probability (32 ms), what the model was trained on
CONTEXT = 64


class StreamingVad:
    """Feed 16 kHz mono float32 audio in any pieces; get one speech probability per frame."""

    def __init__(self):
        try:
            from faster_whisper.vad import get_vad_model
        except ImportError as exc:
            raise AudioError(f"live transcription needs faster-whisper's VAD ({exc})") from None
        self._session = get_vad_model().session
        self._pending = np.zeros(0, np.float32)
        self.reset()

    def reset(self) -> None:
        """Forget the state (the next audio is taken as a fresh start)."""
        self._h = np.zeros((1, 1, 128), np.float32)
        self._c = np.zeros((1, 1, 128), np.float32)
        self._context = np.zeros(CONTEXT, np.float32)
        self._pending = np.zeros(0, np.float32)

    def feed(self, audio: np.ndarray) -> np.ndarray:
        """Probabilities (0..1) for every whole frame completed by this audio."""
        audio = np.concatenate([self._pending, audio.astype(np.float32, copy=False)])
        whole = len(audio) // FRAME * FRAME
        self._pending = audio[whole:]
        if whole == 0:
            return np.zeros(0, np.float32)
        frames = audio[:whole].reshape(-1, FRAME)
        contexts = np.vstack([self._context[None, :], frames[:-1, -CONTEXT:]])
        batch = np.concatenate([contexts, frames], axis=1)
        self._context = frames[-1, -CONTEXT:].copy()
        out, self._h, self._c = self._session.run(None, {"input": batch, "h": self._h, "c": self._c})
        return np.asarray(out, np.float32).reshape(-1)

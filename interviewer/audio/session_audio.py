"""A session's audio read from any moment on, in the session's time base, piece by piece.

A researcher-led session is one recording; a self-interview is one file per answer, each at its
`audio_start`. Reading past the end of one answer's file goes on at the start of the next.
"""

from __future__ import annotations

from pathlib import Path

from interviewer.audio.clips import Clip, file_clip, recording_clip, recording_end
from interviewer.errors import AudioError
from interviewer.session.view import SessionView


class SessionAudio:
    """Reads stretches of one session's audio; `read` returns None past the end."""

    def __init__(self, view: SessionView, folder: Path):
        self.view, self.folder = view, Path(folder)
        self._files = sorted(
            ((t.audio_start or 0.0, t.audio_file) for t in view.turns if t.audio_file and not view.recording),
            key=lambda f: f[0],
        )
        self._cache: dict[str, Clip] = {}

    @property
    def end(self) -> float:
        """Where the session's audio ends."""
        if self.view.recording:
            return recording_end(self.view)
        if not self._files:
            return 0.0
        start, name = self._files[-1]
        return start + self._file(name).duration

    def read(self, start: float, seconds: float) -> Clip | None:
        """Up to `seconds` of audio from `start` (or from the next audio after it); None at the end."""
        if self.view.recording:
            end = min(start + seconds, recording_end(self.view))
            return recording_clip(self.view, self.folder, start, end) if end > start else None
        for base, name in self._files:
            clip = self._file(name)
            if base + clip.duration <= start:
                continue
            lo = max(0, round((start - base) * clip.rate))
            hi = min(len(clip.audio), lo + round(seconds * clip.rate))
            if hi > lo:
                return Clip(clip.audio[lo:hi], clip.rate, base + lo / clip.rate)
        return None

    def _file(self, name: str) -> Clip:
        if name not in self._cache:
            try:
                self._cache[name] = file_clip(self.folder / name)
            except AudioError:
                self._cache[name] = Clip(_silence(), 16000, 0.0)  # a missing answer file plays as nothing
        return self._cache[name]


def _silence():
    import numpy as np

    return np.zeros((0, 1), dtype=np.float32)

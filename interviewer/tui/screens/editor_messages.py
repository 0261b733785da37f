"""Messages the transcript editor's workers post back to its screen."""

from __future__ import annotations

from textual.message import Message


class Loaded(Message):
    """The worker opened the session (or says why not)."""

    def __init__(self, editor=None, layout=None, player=None, title: str = "", error: str | None = None):
        super().__init__()
        self.editor, self.layout, self.player, self.title = editor, layout, player, title
        self.error = error


class Changed(Message):
    """An edit was saved: the new layout, and a line to show."""

    def __init__(self, layout, note: str | None = None, error: str | None = None):
        super().__init__()
        self.layout, self.note, self.error = layout, note, error


class PlayerStopped(Message):
    """A worker stopped the stream at `position` (recording seconds); `error` if it failed."""

    def __init__(self, position: float | None, error: str | None = None):
        super().__init__()
        self.position, self.error = position, error


class PlayerStarted(Message):
    """A worker started the stream (or could not: `error`)."""

    def __init__(self, error: str | None = None):
        super().__init__()
        self.error = error

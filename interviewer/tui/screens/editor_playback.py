"""The editor's playback keys: play/pause from the cursor, rewind on pause, skip, speed, follow.

Starting and stopping the stream (reading and stretching audio) runs in thread workers; a
timer on the UI thread only reads the player's clock and moves the highlight.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.tui.screens.editor_messages import PlayerStarted, PlayerStopped

SPEEDS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)
SKIP = 5.0
FOLLOW_EVERY = 0.05  # seconds between highlight updates


@dataclass
class Resume:
    """Where the next play starts when the cursor has not moved since the pause."""

    position: float
    cursor: tuple[int, int]


class PlaybackMixin:
    """Mixed into the editor screen: needs `self.player`, `self.area`, `self.doc`."""

    speed = 1.0
    resume: Resume | None = None
    playing = False  # asked to play (the stream may still be starting)
    streaming = False  # the stream has started
    rewind = 2.0

    def action_play_pause(self) -> None:
        """Play from the cursor's word, or pause (rewinding a little, to hear it again on resume)."""
        if self.player is None:
            return
        if self.playing:
            self._stop_in_worker(rewind=True)
        else:
            self._start_in_worker(self._play_from())

    def _play_from(self) -> float:
        cursor = self.area.cursor_location
        if self.resume is not None and self.resume.cursor == cursor:
            return self.resume.position
        place = self.doc.word_at(*cursor) if self.doc else None
        if place is not None:
            return place.time
        turn = self.editor.turns[self.doc.turn_at(cursor[0])] if self.doc and self.editor.turns else None
        return turn.start if turn else 0.0

    def action_skip(self, seconds: float) -> None:
        """Skip forwards or back (5 s by default), playing or not."""
        if self.player is None:
            return
        target = max(0.0, (self.player.position if self.playing else self._play_from()) + seconds)
        if self.playing:
            self._start_in_worker(target)
        else:
            self._set_resume(target)

    def action_speed(self, step: int) -> None:
        """Slower or faster (0.5–2×, pitch kept); a playing stream goes on at the new speed."""
        at = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - self.speed))
        self.speed = SPEEDS[min(max(at + step, 0), len(SPEEDS) - 1)]
        if self.playing and self.player is not None:
            self._start_in_worker(self.player.position)
        self.show_status()

    def _start_in_worker(self, position: float) -> None:
        player, speed = self.player, self.speed
        self.playing, self.streaming = True, False

        def start() -> None:
            try:
                player.start(position, speed)
            except Exception as exc:  # no output device, unreadable audio: say so, keep editing
                self.post_message(PlayerStarted(str(exc) or type(exc).__name__))
            else:
                self.post_message(PlayerStarted())

        self.run_worker(start, thread=True, group="player", exit_on_error=False)

    def _stop_in_worker(self, rewind: bool) -> None:
        player = self.player
        self.playing = self.streaming = False

        def stop() -> None:
            try:
                position = player.stop()
            except Exception as exc:
                self.post_message(PlayerStopped(None, str(exc)))
            else:
                self.post_message(PlayerStopped(max(0.0, position - (self.rewind if rewind else 0.0))))

        self.run_worker(stop, thread=True, group="player", exit_on_error=False)

    def on_player_started(self, message: PlayerStarted) -> None:
        """Report a stream that did not start."""
        if message.error:
            self.playing = False
            self.notify(f"Cannot play: {message.error}", severity="warning")
        else:
            self.streaming = True
        self.show_status()

    def on_player_stopped(self, message: PlayerStopped) -> None:
        """Put the cursor (and the next play) where the rewound pause left off."""
        if message.error:
            self.notify(f"Playback: {message.error}", severity="warning")
        elif message.position is not None:
            self._set_resume(message.position)
        self.area.play_at(None)
        self.show_status()

    def _set_resume(self, position: float) -> None:
        place = self.doc.word_at_time(position) if self.doc else None
        if place is not None:
            self.area.move_cursor((place.row, place.col))
        self.resume = Resume(position, self.area.cursor_location)
        self.show_status()

    def follow(self) -> None:
        """Timer: highlight the word being heard; notice the end of the audio."""
        player = self.player
        if not self.playing or player is None or self.doc is None:
            return
        if self.streaming and player.finished.is_set():
            self.playing = self.streaming = False
            self._set_resume(player.position)
            self.area.play_at(None)
            return
        self.area.play_at(self.doc.word_at_time(player.position))
        self.show_status()

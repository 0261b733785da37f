"""The start screens' microphone test: a few seconds of live level on a meter, then a plain verdict."""

from __future__ import annotations

from textual.widgets import Static

from interviewer.tui.widgets.meter import LevelMeter

HEARD_DBFS = -45.0  # a peak above this during the test: someone was heard


class MicTest:
    """Drives a screen's `#mic-meter` and `#mic-status`: nothing is recorded or saved."""

    def __init__(self, screen):
        self.screen = screen
        self._timer = None
        self._loudest = -120.0

    def start(self, seconds: float) -> None:
        """Open the microphone for `seconds` and show its level (one test at a time)."""
        if self._timer is not None:
            return
        app = self.screen.app
        status = self.screen.query_one("#mic-status", Static)
        recorder = app.services.recorder
        try:
            recorder.open_meter(app.config.device)
        except Exception as exc:  # AudioError, or no PortAudio: answers can still be typed
            status.update(f"The microphone could not be opened: {exc}")
            return
        meter = self.screen.query_one("#mic-meter", LevelMeter)
        meter.source, meter.display, self._loudest = recorder.level, True, -120.0
        status.update("Say a few words… the bar should move when you speak.")
        self._timer = self.screen.set_interval(0.1, self._track_loudest)
        self.screen.set_timer(seconds, self._end)

    def _track_loudest(self) -> None:
        self._loudest = max(self._loudest, self.screen.query_one("#mic-meter", LevelMeter).level.peak)

    def _end(self) -> None:
        recorder = self.screen.app.services.recorder
        recorder.close_meter()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.screen.query_one("#mic-meter").display = False
        verdict = getattr(recorder, "meter_message", None)
        self.screen.query_one("#mic-status", Static).update(verdict or (
            f"✓ We could hear you (loudest {self._loudest:.0f} dB)." if self._loudest > HEARD_DBFS
            else "Nothing was heard. Check the microphone, or answer by typing."))

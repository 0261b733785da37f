"""A live input level meter (RMS bar with the peak, in dBFS) fed by a polled callable."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from interviewer.tui.services import Level

FLOOR = -60.0  # dBFS shown as an empty bar; quieter than a room


def bar(level: Level, width: int) -> Text:
    """Render a level as a bar of `width` cells, the peak as a marker, and the value."""
    label = f" {max(level.rms, -99):4.0f} dB" if level.rms > -120 else "  quiet"
    loud = " too loud" if level.peak > -1.0 else ""
    cells = max(4, width - len(label) - len(loud))
    fill = round(cells * min(1.0, max(0.0, (level.rms - FLOOR) / -FLOOR)))
    peak = round(cells * min(1.0, max(0.0, (level.peak - FLOOR) / -FLOOR)))
    out = Text()
    out.append("█" * fill, style="bold")
    if peak > fill:
        out.append("·" * (peak - fill - 1) + "│", style="dim")
    out.append("·" * (cells - max(fill, peak)), style="dim")
    out.append(label)
    out.append(loud, style="bold reverse")
    return out


class LevelMeter(Widget):
    """Polls `source()` ten times a second while shown and draws the level."""

    DEFAULT_CSS = "LevelMeter { height: 1; width: 1fr; }"
    level: reactive[Level] = reactive(Level(), always_update=True)

    def __init__(self, source: Callable[[], Level] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.source = source
        self._timer = None

    def on_mount(self) -> None:
        """Start polling."""
        self._timer = self.set_interval(0.1, self._poll)

    def _poll(self) -> None:
        if self.source is not None and self.display:
            try:
                self.level = self.source()
            except Exception:  # a vanished device shows as silence; the owner reports the error
                self.level = Level()

    def render(self) -> Text:
        """Draw the bar at the widget's width."""
        return bar(self.level, self.size.width or 40)

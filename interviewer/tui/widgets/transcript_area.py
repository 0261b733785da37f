"""The whole transcript as one read-only, scrollable text: headings, doubtful words, the word playing.

A `TextArea` gives the cursor, wrapping and scrolling that only draws what is on screen; its
highlight map (normally filled by tree-sitter) is filled from the layout instead.
"""

from __future__ import annotations

from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme

from interviewer.editing.layout import INAUDIBLE, Layout, Place

THEME = TextAreaTheme(
    name="transcript",
    syntax_styles={
        "heading": Style(color="cyan", bold=True),
        "checked": Style(color="green", bold=True),
        "low": Style(color="yellow", underline=True),
        "mark": Style(color="red", bold=True),
        "playing": Style(color="black", bgcolor="yellow", bold=True),
    },
)


PATCH_AT_MOST = 20  # turns rewritten in place after an edit; more (a relabelling) reloads the text


def _changed_turns(old: Layout | None, new: Layout) -> list[int] | None:
    """Indexes of the turns whose rows differ (None when the turns themselves changed)."""
    if old is None or len(old.turn_rows) != len(new.turn_rows):
        return None
    old_rows, new_rows = old.text.split("\n"), new.text.split("\n")
    return [i for i, ((h0, _, l0), (h1, _, l1)) in enumerate(zip(old.turn_rows, new.turn_rows))
            if old_rows[h0:l0 + 1] != new_rows[h1:l1 + 1]]


class TranscriptArea(TextArea):
    """Read-only transcript text that shows confidence and follows playback."""

    BINDINGS = [
        Binding("ctrl+home", "document_edge(False)", "Start", show=False),
        Binding("ctrl+end", "document_edge(True)", "End", show=False),
    ]

    doc: Layout | None = None
    playing: Place | None = None

    def __init__(self, **kwargs):
        super().__init__("", read_only=True, soft_wrap=True, show_line_numbers=False, **kwargs)
        self.register_theme(THEME)
        self.theme = "transcript"

    def show(self, layout: Layout) -> None:
        """Show a new layout, keeping the cursor where it was (only changed turns are rewritten)."""
        cursor = self.cursor_location
        old, self.doc = self.doc, layout
        self.playing = None
        changed = _changed_turns(old, layout)
        if changed is None or len(changed) > PATCH_AT_MOST:
            self.load_text(layout.text)
        else:
            old_rows, new_rows = old.text.split("\n"), layout.text.split("\n")
            for i in reversed(changed):  # from the bottom up, so the rows above stay where they are
                (head, _, last), (new_head, _, new_last) = old.turn_rows[i], layout.turn_rows[i]
                self.replace("\n".join(new_rows[new_head:new_last + 1]), (head, 0), (last, len(old_rows[last])),
                             maintain_selection_offset=False)
            self.history.clear()
            self._build_highlight_map()
        row = min(cursor[0], self.document.line_count - 1)
        self.move_cursor((row, min(cursor[1], len(self.document.get_line(row)))))

    def action_document_edge(self, end: bool) -> None:
        """Go to the start or the end of the transcript."""
        self.move_cursor(self.document.end if end else (0, 0))

    def _build_highlight_map(self) -> None:
        """Highlights from the layout (byte columns, as TextArea wants them)."""
        self._line_cache.clear()
        self._highlights.clear()
        layout = self.doc
        if layout is None:
            return
        for head, _first, _last in layout.turn_rows:
            line = self.document.get_line(head)
            self._highlights[head].append((0, None, "checked" if "✓" in line else "heading"))
        for place in layout.places:
            if place.low:
                self._add(place.row, place.col, place.end, "low")
        for match in INAUDIBLE.finditer(layout.text):
            row, col = layout.location(match.start())
            self._add(row, col, col + match.end() - match.start(), "mark")
        if self.playing is not None:
            self._add(self.playing.row, self.playing.col, self.playing.end, "playing")

    def _add(self, row: int, col: int, end: int, name: str) -> None:
        line = self.document.get_line(row)
        start_b = len(line[:col].encode())
        self._highlights[row].append((start_b, start_b + len(line[col:end].encode()), name))

    def play_at(self, place: Place | None) -> None:
        """Highlight the word being played and keep it in view."""
        if place == self.playing:
            return
        old, self.playing = self.playing, place
        if old is not None:
            self._highlights[old.row] = [h for h in self._highlights[old.row] if h[2] != "playing"]
        if place is not None:
            self._add(place.row, place.col, place.end, "playing")
            x, y = self.wrapped_document.location_to_offset((place.row, place.col))
            self.scroll_to_region(Region(0, y, 1, 1), animate=False, immediate=True)
        self._line_cache.clear()
        self.refresh()

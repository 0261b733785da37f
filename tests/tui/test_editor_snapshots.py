"""SVG snapshots of the transcript editor at 80x24 and 120x40: doubtful words, an edit, a check mark,
the word playing.

Update them after an intended change with
`pytest tests/tui/test_editor_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from interviewer.editing import TranscriptEditor
from interviewer.session.store import SessionStore
from interviewer.tui.screens.editor import EditorScreen

FIXED_NOW = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


def _session(sessions, editing) -> str:
    code = editing.make_session(sessions, [
        editing.words("I get up at seven and make coffee before anyone else is awake", 1.0, low=(4, 5)),
        editing.words("Then I walk the dog around the park and sometimes I stop at the bakery", 9.5),
        editing.words("On weekends I sleep in until nine unless the neighbours are drilling", 18.0, low=(10,)),
    ])
    session = SessionStore(sessions).open(code, clock=lambda: FIXED_NOW)
    editor = TranscriptEditor(session)
    editor.edit(2, "Then I walk the dog round the park, and sometimes I stop at the [inaudible 0:00:15]")
    editor.set_checked(1)
    session.close()
    return code


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_transcript_editor(snap_compare, tui, editing, sessions, size, monkeypatch):
    monkeypatch.setattr("interviewer.session.store.new_code", lambda taken=(): "P-7K3QX")  # codes are random
    code = _session(sessions, editing)
    app = tui.make_app(sessions, elapsed=lambda: 0.0, now=lambda: FIXED_NOW)

    async def run_before(pilot):
        await tui.wait_for(pilot, lambda: tui.screen_name(app) == "StartScreen")
        app.push_screen(EditorScreen(code))
        await tui.wait_for(pilot, lambda: tui.screen_name(app) == "EditorScreen" and app.screen.doc is not None)
        screen = app.screen
        screen.area.cursor_blink = False
        await pilot.press("n")  # the first doubtful passage
        screen.area.play_at(screen.doc.word_at_time(11.0))  # as while playing turn 2 at 0:00:11
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=size, run_before=run_before)

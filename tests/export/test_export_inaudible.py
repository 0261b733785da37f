"""A voiced stretch the transcriber could not turn into words shows as `[inaudible a–b s]` in the
transcripts and as its own row of the coding sheet."""

from __future__ import annotations

import csv
import io
import re

from interviewer.events import Segment
from interviewer.export import export_session
from interviewer.transcribe.coverage import inaudible_segment


def with_mark(view):
    """The view with an inaudible stretch after the first spoken, uncorrected answer."""
    turns = list(view.turns)
    i = next(i for i, t in enumerate(turns) if t.segments and not t.corrections)
    turn = turns[i]
    end = max(s.end for s in turn.segments)
    mark = inaudible_segment(end + 0.4, end + 2.6)
    segments = [*turn.segments, mark]
    text = " ".join(s.text.strip() for s in segments)  # as the journal's view is derived
    turns[i] = turn.model_copy(update={"segments": segments, "original_text": text})
    return view.model_copy(update={"turns": turns}), mark


def test_inaudible_mark_in_sheet_and_transcript(realistic, tmp_path):
    view, session_dir = realistic
    view, mark = with_mark(view)
    assert isinstance(mark, Segment) and mark.inaudible and re.fullmatch(r"\[inaudible \d+\.\d–\d+\.\d s\]", mark.text)
    sheet, md = export_session(view, ["csv", "md"], tmp_path, audio_dir=session_dir)
    rows = list(csv.DictReader(io.StringIO(sheet.read_bytes().decode("utf-8-sig"), newline="")))
    assert [r["text"] for r in rows if "inaudible" in r["text"]] == [mark.text]
    assert mark.text in re.sub(r"\\(.)", r"\1", md.read_text(encoding="utf-8"))

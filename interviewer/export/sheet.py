"""Coding sheet: one row per answer segment (or per sentence), with empty codes and memo columns.

What the motivating study did in Excel. Rows follow the interview: each prompt (speaker
Interviewer) and then its answer, split into the transcript's segments when the answer was
spoken and not corrected, else one row per answer. With `unit="sentence"` every answer is split
into sentences; a sentence's times come from the word timings where the words are known, else
they are spread over the answer in proportion to its length (an estimate).

`lines` gives the row's line numbers in the Markdown and Word transcripts (the same numbering),
and `memos` starts with the researcher's notes and markers made while that row was under way, so
a coder sees them beside the words they were about.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from interviewer.export.common import clean_text, clock, prompt_kind, session_label
from interviewer.export.tables import csv_bytes, xlsx_bytes
from interviewer.export.timeline import Clock, Cue, build_cues
from interviewer.export.transcript import Utterance, build_transcript
from interviewer.session.view import SessionView

COLUMNS = (
    "session",
    "participant",
    "row",
    "lines",
    "theme",
    "question_id",
    "prompt_kind",
    "speaker",
    "start",
    "end",
    "text",
    "codes",
    "memos",
)
WIDTHS = {
    "session": 24,
    "participant": 12,
    "row": 6,
    "lines": 9,
    "theme": 18,
    "question_id": 16,
    "prompt_kind": 16,
    "speaker": 13,
    "start": 11,
    "end": 11,
    "text": 70,
    "codes": 30,
    "memos": 40,
}
UNITS = ("segment", "sentence")

# A sentence ends at . ! ? … (Latin, CJK full-width) followed by space or the end of the text.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[。！？])")


def coding_rows(view: SessionView, unit: str = "segment") -> list[list[object]]:
    """The sheet's rows for one session (without the header)."""
    clock_ = Clock(view)
    rows: list[list[object]] = []
    starts: list[float] = []
    session, code = session_label(view.meta), view.meta.code
    lines = _line_numbers(view, clock_)
    for cue in build_cues(view, clock_):
        pieces = [(cue.start, cue.end, cue.text)]
        if unit == "sentence" and cue.role == "answer":
            pieces = _sentences(cue)
        turn = cue.turn
        where = (
            [turn.theme_title or turn.theme_id, turn.question_id, prompt_kind(turn)]
            if turn
            else ["", "", "preamble"]
        )
        numbers = lines.get((id(turn), cue.role), "")
        for start, end, text in pieces:
            starts.append(start)
            rows.append(
                [
                    session,
                    code,
                    len(rows) + 1,
                    numbers,
                    *where,
                    cue.speaker,
                    clock(start, tenths=True),
                    clock(end, tenths=True),
                    text,
                    "",
                    "",
                ]
            )
    _attach_notes(view, clock_, rows, starts)
    return rows


def _line_numbers(view: SessionView, clock_: Clock) -> dict[tuple[int, str], str]:
    """(id of turn, role) -> "12" or "12–15": where it stands in the md/docx transcript."""
    spans: dict[tuple[int, str], tuple[int, int]] = {}
    for block in build_transcript(view, clock_).blocks:
        if isinstance(block, Utterance):  # an answer may be several blocks (speaker runs)
            key = (id(block.turn), block.role)
            first = spans[key][0] if key in spans else block.first_line
            spans[key] = (first, block.last_line)
    return {key: str(a) if a == b else f"{a}–{b}" for key, (a, b) in spans.items()}


def _attach_notes(view: SessionView, clock_: Clock, rows: list[list[object]], starts: list[float]) -> None:
    """Put each note and marker in the memos of the row under way when it was made."""
    if not rows:
        return
    memo = COLUMNS.index("memos")
    for note in view.notes:
        at = clock_.at(note.elapsed)
        i = max(bisect.bisect_right(starts, at) - 1, 0)
        what = "note" if note.type == "note" else "marker"
        body = " — ".join(p for p in (note.label, note.text) if p) or what
        entry = clean_text(f"[{clock(at)}] {what}: {body}")
        rows[i][memo] = f"{rows[i][memo]}\n{entry}" if rows[i][memo] else entry


def split_sentences(text: str) -> list[str]:
    """Split text into sentences (Latin and CJK end marks); never returns empty pieces."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _sentences(cue: Cue) -> list[tuple[float, float, str]]:
    sentences = split_sentences(cue.text)
    if len(sentences) <= 1:
        return [(cue.start, cue.end, cue.text)]
    words = _words_for(cue)
    if words is not None:
        timed, i = [], 0
        for sentence in sentences:
            count = len(sentence.split())
            chunk = words[i : i + count] or words[-1:]
            timed.append((chunk[0][0], chunk[-1][1], sentence))
            i += count
        return timed
    total = sum(len(s) for s in sentences) or 1
    span, at, out = cue.end - cue.start, cue.start, []
    for sentence in sentences:
        end = at + span * len(sentence) / total
        out.append((at, end, sentence))
        at = end
    return out


def _words_for(cue: Cue) -> list[tuple[float, float]] | None:
    """Word times of this cue's segment when they line up one-to-one with its words."""
    turn = cue.turn
    if turn is None or turn.corrections:
        return None
    for seg in turn.segments:
        if seg.text.strip() == cue.text and seg.words and len(seg.words) == len(cue.text.split()):
            return [(w.start, w.end) for w in seg.words]
    return None


def sheet_csv(rows: Sequence[Sequence[object]]) -> bytes:
    """The coding sheet as CSV bytes."""
    return csv_bytes(COLUMNS, rows)


def sheet_xlsx(rows: Sequence[Sequence[object]], title: str = "Coding") -> bytes:
    """The coding sheet as .xlsx bytes."""
    return xlsx_bytes([(title, COLUMNS, rows, WIDTHS)])

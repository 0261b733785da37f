"""Coding sheets: CSV (UTF-8 with BOM, RFC 4180) and .xlsx, per segment and per sentence."""

from __future__ import annotations

import re

import csv
import io

import openpyxl
import pytest

from interviewer.errors import UsageError
from interviewer.export import export_session
from interviewer.export.sheet import COLUMNS, split_sentences


def read_csv(path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def seconds(stamp: str) -> float:
    h, m, s = stamp.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def test_csv_sheet_has_one_row_per_segment(realistic, tmp_path):
    view, session_dir = realistic
    (path,) = export_session(view, ["csv"], tmp_path, audio_dir=session_dir)
    assert path.name == "P-7K3Q-coding.csv"
    rows = read_csv(path)
    assert list(rows[0]) == list(COLUMNS)
    assert {r["question_id"] for r in rows} == {t.question_id for t in view.turns}
    assert all(r["codes"] == "" for r in rows)
    memos = [r["memos"] for r in rows if r["memos"]]
    assert sum(m.count("\n") + 1 for m in memos) == len(view.notes)  # every note and marker, once
    assert any("marker: bookmark — quote for the paper" in m for m in memos)
    md = (export_session(view, ["md"], tmp_path / "md")[0]).read_text(encoding="utf-8")
    for r in rows:  # the row's lines in the md transcript hold its words
        first, _, last = r["lines"].partition("–")
        numbered = {int(m.group(1)): m.group(2) for m in re.finditer(r"^`\s*(\d+)` (.*?)\s*$", md, re.M)}
        span = " ".join(numbered[n] for n in range(int(first), int(last or first) + 1))
        assert r["text"].split()[0].strip("*_") in span.replace("\\", "")
    assert all(r["participant"] == "P-7K3Q" and r["session"].endswith("_P-7K3Q") for r in rows)
    starts = [seconds(r["start"]) for r in rows]
    assert starts == sorted(starts)
    assert all(seconds(r["end"]) >= seconds(r["start"]) for r in rows)
    people = view.turns[3]
    answer_rows = [
        r
        for r in rows
        if r["question_id"] == "people" and r["speaker"] == "Sam" and r["prompt_kind"] == "question"
    ]
    assert [r["text"] for r in answer_rows] == [s.text.strip() for s in people.segments]
    assert [seconds(r["start"]) for r in answer_rows] == pytest.approx(
        [s.start for s in people.segments], abs=0.06
    )
    corrected = [
        r
        for r in rows
        if r["question_id"] == "first-use" and r["speaker"] == "Sam" and r["prompt_kind"] == "question"
    ]
    assert " ".join(r["text"] for r in corrected) == view.turns[0].text  # the corrected answer, by sentence
    assert [r["prompt_kind"] for r in rows if r["speaker"] == "Interviewer"][:2] == [
        "question",
        "probe: example",
    ]
    typed = [r for r in rows if r["question_id"] == "frequency" and r["speaker"] == "Sam"]
    assert typed[0]["text"] == view.turns[2].text and "café ☕" in typed[0]["text"]
    assert [int(r["row"]) for r in rows] == list(range(1, len(rows) + 1))


def test_csv_keeps_quotes_newlines_and_defuses_formulas(typed_view, tmp_path):
    (path,) = export_session(typed_view, ["csv"], tmp_path)
    answers = [r["text"] for r in read_csv(path) if r["speaker"] == "Participant"]
    expected = [t.text for t in typed_view.turns]
    assert answers[0] == expected[0]  # quotes, é and emoji survive
    assert answers[1] == "'" + expected[1] and "\n" in answers[1]  # =SUM… would run as a formula
    assert answers[2] == "'" + expected[2] and answers[3] == "'" + expected[3]


def test_xlsx_sheet_layout_and_values(typed_view, tmp_path):
    csv_path, xlsx_path = export_session(typed_view, ["csv", "xlsx"], tmp_path)
    book = openpyxl.load_workbook(xlsx_path)
    ws = book.active
    header = [c.value for c in ws[1]]
    assert header == list(COLUMNS) and all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:M{ws.max_row}"
    text_col = header.index("text") + 1
    assert ws.cell(row=2, column=text_col).alignment.wrap_text
    assert ws.column_dimensions["K"].width >= 60
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    answers = [row[text_col - 1] for row in values if row[header.index("speaker")] == "Participant"]
    assert answers == [t.text for t in typed_view.turns]  # exact text, formulas stay text
    formula_cell = next(c for c in ws[f"K2:K{ws.max_row}"] if str(c[0].value).startswith("="))[0]
    assert formula_cell.data_type == "s"
    assert len(values) == len(read_csv(csv_path))


def test_sentence_rows_use_word_timings(realistic, tmp_path):
    view, session_dir = realistic
    (path,) = export_session(view, ["csv"], tmp_path, audio_dir=session_dir, sheet_unit="sentence")
    rows = read_csv(path)
    people = view.turns[3]
    answer_rows = [
        r
        for r in rows
        if r["question_id"] == "people" and r["speaker"] == "Sam" and r["prompt_kind"] == "question"
    ]
    assert [r["text"] for r in answer_rows] == split_sentences(people.text)
    assert seconds(answer_rows[1]["start"]) == pytest.approx(people.segments[1].words[0].start, abs=0.06)
    corrected = [
        r
        for r in rows
        if r["question_id"] == "first-use" and r["speaker"] == "Sam" and r["prompt_kind"] == "question"
    ]
    assert " ".join(r["text"] for r in corrected) == view.turns[0].text and len(corrected) == 3
    starts = [seconds(r["start"]) for r in rows]
    assert starts == sorted(starts)


def test_sentence_split_handles_cjk_and_latin():
    assert split_sentences("Je l'ai fait. C'était bien! 我每天都用。然后呢？") == [
        "Je l'ai fait.",
        "C'était bien!",
        "我每天都用。",
        "然后呢？",
    ]
    assert split_sentences("  ") == []


def test_bad_sheet_unit_is_refused(typed_view, tmp_path):
    with pytest.raises(UsageError, match="sheet unit 'word'.*segment, sentence"):
        export_session(typed_view, ["csv"], tmp_path, sheet_unit="word")

"""Across sessions: the question × participant matrix, the study coding sheet, the pilot report."""

from __future__ import annotations

import csv
import io
import re

import openpyxl

from interviewer.export import export_session, export_study, pilot_report
from interviewer.export.pilot import question_times


def test_matrix_rows_are_guide_questions_and_cells_hold_probes(realistic, typed_view, study_guide, tmp_path):
    view, _ = realistic
    xlsx, csv_path = export_study([view, typed_view], ["matrix"], tmp_path, guide=study_guide)
    assert (xlsx.name, csv_path.name) == ("genai-mental-health-matrix.xlsx", "genai-mental-health-matrix.csv")
    rows = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0] == ["theme", "question_id", "question", "P-7K3Q", "P-9Z2X"]
    assert [r[1] for r in rows[1:]] == [q.id for _, q in study_guide.questions()]
    by_question = {r[1]: r for r in rows[1:]}
    first = by_question["first-use"][3]
    assert first.startswith(view.turns[0].text)  # main answer first, then the probe under it
    assert "[probe (example): Can you give me an example of what you wrote?]\nIt was fine, I guess." in first
    assert by_question["hard-times"][4] == ""  # never reached in the typed session
    assert by_question["frequency"][4] == "'" + typed_view.turns[1].text  # CSV defuses the formula
    book = openpyxl.load_workbook(xlsx)
    ws = book["Matrix"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:E{len(rows)}"
    cells = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=5).value for r in range(2, ws.max_row + 1)}
    assert cells["frequency"] == typed_view.turns[1].text and cells["hard-times"] is None


def test_matrix_marks_skips_and_repeats(pilot_views, study_guide, tmp_path):
    _, csv_path = export_study(pilot_views, ["matrix"], tmp_path, guide=study_guide)
    rows = {r[1]: r for r in csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"), newline=""))}
    assert rows["hard-times"][4] == "[skipped by participant: not today]"
    assert rows["frequency"][5] == "Pilot answer 2 to frequency.\n\n[asked again]\nAgain."


def test_study_coding_sheet_concatenates_sessions(realistic, typed_view, tmp_path):
    view, session_dir = realistic
    single = [
        export_session(v, ["csv"], tmp_path / v.meta.code, audio_dir=session_dir)[0]
        for v in (view, typed_view)
    ]
    study_csv, study_xlsx = export_study([view, typed_view], ["csv", "xlsx"], tmp_path / "study")

    def body(path):
        return path.read_bytes().decode("utf-8-sig").split("\r\n", 1)[1]

    assert body(study_csv) == body(single[0]) + body(single[1])
    ws = openpyxl.load_workbook(study_xlsx).active
    rows = list(csv.reader(io.StringIO(study_csv.read_bytes().decode("utf-8-sig"), newline="")))
    assert ws.max_row == len(rows)
    assert {ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)} == {"P-7K3Q", "P-9Z2X"}


def test_study_writes_per_session_transcripts(realistic, typed_view, tmp_path):
    view, _ = realistic
    paths = export_study([view, typed_view], ["md", "srt"], tmp_path)
    assert sorted(p.name for p in paths) == ["P-7K3Q.md", "P-7K3Q.srt", "P-9Z2X.md", "P-9Z2X.srt"]


def test_question_times_run_to_the_next_main_question(pilot_views):
    view = pilot_views[0]
    times = question_times(view)
    mains = [t for t in view.turns if t.kind == "question"]
    assert times["first-use"] == mains[1].asked_at - mains[0].asked_at  # probe time included
    assert times["guardrails"] == view.meta.duration - mains[-1].asked_at


def test_pilot_report(pilot_views, study_guide):
    report = pilot_report(pilot_views, study_guide)
    assert report.startswith("# Pilot report: Experiences of using generative-AI chatbots")
    assert "3 session(s) (pilot)" in report
    row = next(line for line in report.splitlines() if line.startswith("| Getting started | `first-use`"))
    assert "| 3 | 1:00 (0:40–1:30) | 5 min |" in row  # the three pilots spent 40, 60 and 90 s
    assert re.search(r"\| `hard-times` \| 0 \| — \|", report)
    assert "Never fired: `first-use/feeling`, `people/what-happened`, `guardrails/meaning`" in report
    assert "Always fired: `first-use/example`" in report
    assert "`hard-times`: skipped 1× (by participant); not reached in 2" in report
    assert "`frequency`: asked again in 1" in report and "`people`: rephrased in 1" in report
    assert "| `first-use` | 3 | 5 | 5 |" in report and "| `guardrails` | 3 | 3 | 3 |" in report
    assert "the word 'guardrails' confused me" in report and "tester 0: clear enough" in report
    projected = sum(
        sorted(question_times(v).get(q, 0) for v in pilot_views)[1]
        for q in ("first-use", "frequency", "people", "guardrails")
    )
    minutes, seconds = divmod(int(projected), 60)
    assert f"Sum of the median time of every question: **{minutes}:{seconds:02d}**" in report
    assert "The guide plans 45 min" in report


def test_pilot_report_without_sessions_or_guide(pilot_views):
    assert "_No sessions to report on._" in pilot_report([])
    report = pilot_report(pilot_views)
    assert "cannot be listed" in report and "Always fired: `first-use/example`" in report

"""The export API: format names, clear errors, private atomic files, empty sessions."""

from __future__ import annotations

import csv
import io
import stat
import zipfile

import docx
import openpyxl
import pytest
import srt
import webvtt

from interviewer.errors import UsageError
from interviewer.export import FORMATS, STUDY_ONLY, export_session, export_study

SESSION_FORMATS = [f for f in FORMATS if f not in STUDY_ONLY]


def test_formats_are_named_and_described():
    assert {
        "md",
        "docx",
        "csv",
        "xlsx",
        "srt",
        "vtt",
        "maxqda",
        "nvivo",
        "qdpx",
        "qdc",
        "matrix",
        "pilot",
    } <= set(FORMATS)
    assert all(isinstance(d, str) and d and "\n" not in d for d in FORMATS.values())


@pytest.mark.parametrize(
    ("formats", "message"),
    [
        (["pdf"], r"unknown export format 'pdf'; choose from: md, docx, csv, xlsx, srt, vtt, maxqda, nvivo"),
        (
            ["md", "matrix"],
            r"format 'matrix' cannot be used for one session \(it needs a study\); choose from: md, docx",
        ),
        ([], r"no export format given; choose from: md"),
    ],
)
def test_bad_formats_are_refused_with_the_valid_ones(typed_view, tmp_path, formats, message):
    with pytest.raises(UsageError, match=message):
        export_session(typed_view, formats, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_study_needs_sessions_or_a_guide(tmp_path, study_guide):
    with pytest.raises(UsageError, match="no sessions to export"):
        export_study([], ["matrix"], tmp_path)
    with pytest.raises(UsageError, match=r"'flac' cannot be used for a whole study .*choose from: md,"):
        export_study([], ["flac"], tmp_path, guide=study_guide)
    xlsx, _ = export_study([], ["matrix"], tmp_path, guide=study_guide)
    assert openpyxl.load_workbook(xlsx).active.max_row == 1 + len(study_guide.questions())


def test_files_are_private_atomic_and_named_by_code(realistic, study_guide, tmp_path):
    view, session_dir = realistic
    out = tmp_path / "exports" / "nested"
    paths = export_session(view, SESSION_FORMATS, out, guide=study_guide, audio_dir=session_dir)
    assert len(paths) == len(SESSION_FORMATS)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in paths:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.name.startswith("P-7K3Q") and "Sam" not in path.name
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)  # no temp files left
    again = export_session(view, SESSION_FORMATS, out, guide=study_guide, audio_dir=session_dir)
    assert again == paths  # re-export replaces in place


def test_refusals_come_before_any_file_is_written(typed_view, empty_view, tmp_path):
    with pytest.raises(UsageError, match="P-9Z2X has no readable recording to export as flac"):
        export_session(typed_view, ["md", "flac"], tmp_path / "a")
    with pytest.raises(UsageError, match="no code system to export"):
        export_session(empty_view, ["md", "qdc"], tmp_path / "b")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_every_format_of_an_empty_session_reopens(empty_view, study_guide, schemas, tmp_path):
    formats = [f for f in SESSION_FORMATS if f != "flac"]
    paths = dict(zip(formats, export_session(empty_view, formats, tmp_path, guide=study_guide)))
    assert "No questions were asked" in paths["md"].read_text(encoding="utf-8")
    assert "No questions were asked" in "\n".join(
        p.text for p in docx.Document(str(paths["docx"])).paragraphs
    )
    rows = list(csv.reader(io.StringIO(paths["csv"].read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0][0] == "session"
    assert openpyxl.load_workbook(paths["xlsx"]).active.max_row == 1
    assert list(srt.parse(paths["srt"].read_text())) == []
    assert webvtt.from_string(paths["vtt"].read_text()).captions == []
    with zipfile.ZipFile(paths["qdpx"]) as archive:
        from lxml import etree

        assert schemas["project"].validate(etree.fromstring(archive.read("project.qde")))
    pilot, matrix_xlsx, matrix_csv = export_study(
        [empty_view], ["pilot", "matrix"], tmp_path / "study", guide=study_guide
    )
    assert "not reached in 1" in pilot.read_text(encoding="utf-8")
    assert openpyxl.load_workbook(matrix_xlsx).active.max_row == 1 + len(study_guide.questions())

"""Exports that put an interview straight into coding: transcripts, sheets, subtitles, QDA files."""

from interviewer.export.api import FORMATS, STUDY_ONLY, export_session, export_study
from interviewer.export.pilot import pilot_report

__all__ = ["FORMATS", "STUDY_ONLY", "export_session", "export_study", "pilot_report"]

"""Exports that put an interview straight into coding: transcripts, sheets, subtitles, QDA files."""

from interviewer.lazy import lazy_exports

# Writers load on first use: listing the formats (e.g. for --help) stays cheap.
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "FORMATS": "interviewer.export.formats",
        "STUDY_ONLY": "interviewer.export.formats",
        "export_session": "interviewer.export.api",
        "export_study": "interviewer.export.api",
        "pilot_report": "interviewer.export.pilot",
    },
)
__all__ = sorted(__dir__())

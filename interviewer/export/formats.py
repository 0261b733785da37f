"""The export formats by name, and which ones `sessions export` writes by default (kept light)."""

FORMATS: dict[str, str] = {
    "md": "transcript as Markdown: speakers, times, theme headings, numbered lines",
    "docx": "transcript as Word (.docx), same numbered lines; corrections as comments",
    "csv": "coding sheet as CSV (one row per answer segment; study: all sessions)",
    "xlsx": "coding sheet as Excel (.xlsx) with frozen header and filters",
    "srt": "subtitles (SubRip) synchronised with the recording",
    "vtt": "subtitles (WebVTT) synchronised with the recording",
    "maxqda": "timestamped text for MAXQDA's transcript import ([hh:mm:ss] paragraphs)",
    "nvivo": "tab-delimited transcript rows for NVivo's transcript import",
    "flac": "the session recording as one FLAC file (segments joined)",
    "qdpx": "REFI-QDA project (MAXQDA, NVivo, ATLAS.ti, QualCoder): answers pre-coded",
    "qdc": "REFI-QDA codebook: a code per theme, a sub-code per question",
    "matrix": "study only: question x participant matrix (.xlsx and .csv)",
    "pilot": "study only: pilot report (Markdown) on timing, probes, skips and ratings",
}
STUDY_ONLY = ("matrix", "pilot")
PER_SESSION_IN_STUDY = ("md", "docx", "srt", "vtt", "maxqda", "nvivo")
SESSION_DEFAULTS = ["md", "docx", "xlsx", "qdpx"]
STUDY_DEFAULTS = ["md", "docx", "xlsx", "qdpx", "matrix"]

# The file names each format writes, after the participant code (per session) or the study id;
# exports record them in the export index before writing, so withdrawal finds even a failed one's.
SESSION_FILES: dict[str, tuple[str, ...]] = {
    "md": (".md",), "docx": (".docx",), "srt": (".srt",), "vtt": (".vtt",),
    "maxqda": ("-maxqda.txt",), "nvivo": ("-nvivo.txt",), "csv": ("-coding.csv",),
    "xlsx": ("-coding.xlsx",), "flac": (".flac",), "qdpx": (".qdpx",), "qdc": ("-codebook.qdc",),
}
STUDY_FILES: dict[str, tuple[str, ...]] = {
    "matrix": ("-matrix.xlsx", "-matrix.csv"), "pilot": ("-pilot-report.md",), "qdc": ("-codebook.qdc",),
    "qdpx": (".qdpx",), "csv": ("-coding.csv",), "xlsx": ("-coding.xlsx",),
}

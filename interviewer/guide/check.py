"""`check_guide`: every syntax, schema, structure and question-quality problem of a guide at once."""

from __future__ import annotations

from pathlib import Path

from interviewer.guide.graph import graph_problems
from interviewer.guide.loader import ParsedGuide, parse_guide, parse_guide_text
from interviewer.guide.problems import CheckReport
from interviewer.guide.quality import quality_problems
from interviewer.guide.wording_checks import wording_problems


def check_guide(path: str | Path) -> CheckReport:
    """Check one guide file; the report carries the guide when it has no errors."""
    return _report(parse_guide(path))


def check_guide_text(text: str, file: str = "<guide>") -> CheckReport:
    """Check guide text as if it were the named file."""
    return _report(parse_guide_text(text, file))


def _report(parsed: ParsedGuide) -> CheckReport:
    report = CheckReport(parsed.file, list(parsed.problems))
    if parsed.guide is None:
        return report
    report.problems += graph_problems(parsed.guide, parsed)
    report.problems += wording_problems(parsed.guide, parsed)
    report.problems += quality_problems(parsed.guide, parsed)
    report.problems = report.sorted()
    if not report.errors:
        report.guide = parsed.guide
    return report

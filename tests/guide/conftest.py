"""Print the question-quality lint's precision and recall at the end of the run."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter) -> None:
    """Write every 'lint' property recorded by a test (see test_guide_quality_table.py)."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in getattr(report, "user_properties", []):
            if name == "lint":
                terminalreporter.write_line(value)

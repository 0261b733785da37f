"""Finding and checking topic guides for the start screen (runs in a worker thread)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class GuideCheck:
    """A guide file after checking: the loaded guide (None when unusable) and what was found."""

    path: Path
    guide: Any | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the guide loaded and has no errors."""
        return self.guide is not None and not self.errors

    def summary(self) -> str:
        """One line describing the guide (title, version, size and length)."""
        if self.guide is None:
            return f"{self.path.name}: cannot be used"
        g = self.guide
        minutes = g.planned_minutes()
        length = f" · about {minutes:.0f} min" if minutes else ""
        n_q = len(g.questions())
        return f"{g.study.title} (v{g.study.version}) · {len(g.themes)} themes, {n_q} questions{length}"


def shipped_guides(folder: Path | None) -> list[Path]:
    """Return the guide files shipped in `folder`, the main study guide first."""
    if folder is None or not folder.is_dir():
        return []
    paths = sorted(folder.glob("*.toml"))
    return sorted(paths, key=lambda p: (p.stem == "template", p.stem != "genai-mental-health", p.stem))


def check_guide_file(path: str | Path) -> GuideCheck:
    """Load and check a guide; every problem becomes a line, never an exception."""
    from interviewer.errors import GuideError
    from interviewer.guide.check import check_guide

    path = Path(path).expanduser()
    result = GuideCheck(path)
    try:
        report = check_guide(path)
    except GuideError as exc:
        result.errors = list(exc.problems) or [str(exc)]
    except OSError as exc:
        result.errors = [f"{path}: cannot read: {exc.strerror or exc}"]
    else:
        result.guide = report.guide
        result.errors = [p.format() for p in report.sorted() if p.severity == "error"]
        result.warnings = [p.format() for p in report.sorted() if p.severity == "warning"]
    if result.guide is None and not result.errors:
        result.errors = [f"{path}: could not be loaded"]
    return result

"""Problems found in a topic guide (located, with a severity) and the report that collects them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from interviewer.guide.model import Guide

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem: where it is (file, 1-based line and column), how bad, and what to do."""

    severity: Severity
    code: str
    message: str
    file: str
    line: int | None = None
    col: int | None = None

    def order(self) -> tuple[int, int, str, str]:
        """Sort key: position, then severity and text, so the order never depends on a library's."""
        return (self.line or 0, self.col or 0, self.severity, self.message)

    def format(self) -> str:
        """Return the compiler-style line `FILE:LINE:COL: severity: message` (no LINE:COL if none)."""
        where = self.file if self.line is None else f"{self.file}:{self.line}:{self.col or 1}"
        return f"{where}: {self.severity}: {' '.join(self.message.splitlines())}"


@dataclass
class CheckReport:
    """Everything `guide check` found in one file; `guide` is None when it could not be loaded."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    guide: Guide | None = None

    @property
    def errors(self) -> list[Problem]:
        """The problems that make the guide unusable."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems worth fixing that do not stop the guide from running."""
        return [p for p in self.problems if p.severity == "warning"]

    def strict(self) -> CheckReport:
        """Return a copy in which every warning is an error (`--strict`)."""
        promoted = [replace(p, severity="error") for p in self.problems]
        return CheckReport(self.file, promoted, self.guide)

    def passed(self, strict: bool = False) -> bool:
        """True when there are no errors (and, under strict, no warnings)."""
        return not (self.problems if strict else self.errors)

    def sorted(self) -> list[Problem]:
        """Return the problems in file order (line, then column)."""
        return sorted(self.problems, key=Problem.order)


class Locator(Protocol):
    """Anything that knows the file name and where a key path stands in it."""

    file: str

    def where(self, loc: tuple) -> tuple[int | None, int | None]:
        """Return (line, col) of a key path."""
        ...


class Collector:
    """Gathers problems located through a Locator (used by the graph and quality checks)."""

    def __init__(self, locator: Locator):
        self.locator = locator
        self.problems: list[Problem] = []

    def add(self, severity: Severity, code: str, message: str, loc: tuple) -> None:
        """Record a problem at the line of the key path `loc`."""
        line, col = self.locator.where(loc)
        self.problems.append(Problem(severity, code, message, self.locator.file, line, col))

    def error(self, code: str, message: str, loc: tuple) -> None:
        """Record an error at `loc`."""
        self.add("error", code, message, loc)

    def warning(self, code: str, message: str, loc: tuple) -> None:
        """Record a warning at `loc`."""
        self.add("warning", code, message, loc)

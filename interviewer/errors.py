"""User-facing error types; the CLI edge turns them into one-line messages."""

from __future__ import annotations


class InterviewerError(Exception):
    """Base for every error a user should see as a message, not a traceback."""

    exit_code = 1

    def lines(self) -> list[str]:
        """Return the message as the lines to print (one per problem)."""
        return [f"interviewer: {self}"]


class UsageError(InterviewerError):
    """The command was called with arguments that cannot work."""

    exit_code = 2


class GuideError(InterviewerError):
    """A topic guide could not be read or is invalid; carries every problem found."""

    exit_code = 2

    def __init__(self, problems: list[str]):
        super().__init__(problems[0] if problems else "invalid topic guide")
        self.problems = problems

    def lines(self) -> list[str]:
        """Return one line per problem, each starting with FILE[:LINE[:COL]]."""
        return list(self.problems)


class SessionError(InterviewerError):
    """A session folder is missing, corrupt, newer than this program, or locked."""

    exit_code = 2


class AudioError(InterviewerError):
    """No usable input device, an unsupported rate, or a failure while recording."""

    exit_code = 3


class TranscriptionError(InterviewerError):
    """A model or audio file could not be used for transcription."""

    exit_code = 4


class EngineError(InterviewerError):
    """An interview action that cannot be taken now (e.g. answering after the end)."""

    exit_code = 2


class KitError(InterviewerError):
    """A study kit, key or sealed session that cannot be used (expired, damaged, wrong key, ...)."""

    exit_code = 2


class ImportRefused(KitError):
    """Sealed sessions that cannot be imported: one line per refused file, and then none is imported."""

    def __init__(self, refusals: list[str], total: int):
        super().__init__(refusals[0])
        self.refusals = refusals
        self.total = total

    def lines(self) -> list[str]:
        """One line per refused file; with several files, a last line saying none was imported."""
        lines = [f"interviewer: {r}" for r in self.refusals]
        if self.total > 1:
            lines.append(f"interviewer: {len(self.refusals)} of {self.total} files refused; nothing was imported")
        return lines

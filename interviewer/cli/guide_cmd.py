"""Command group 'guide' (placeholder: registers nothing until built)."""


def register(sub) -> None:
    """Register this group's commands (none yet)."""

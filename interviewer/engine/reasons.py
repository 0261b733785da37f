"""The fixed wording of the reasons the engine logs for people's actions (replay recognises them)."""

from __future__ import annotations

REPEATED = "repeated on request"
REPHRASED = "asked differently on request (alternative wording)"
NO_ALTERNATIVE = "no alternative wording in the guide; repeated on request"
AFTER_SUPPORT = "asked again after the support step"
CHOICE_LABEL = "interviewer's choice"
CHOICE_PREFIX = "interviewer's choice: "


def skipped_by(by: str) -> str:
    """Return the reason logged when a person skips a prompt."""
    return f"skipped by the {by}"


def chosen(probe_id: str) -> str:
    """Return the reason of a probe the researcher chose."""
    return f"{CHOICE_PREFIX}probe '{probe_id}'"


def set_aside(probe_id: str, prompt_id: int) -> str:
    """Return the marker text logged when a chosen probe replaces the pending prompt."""
    return f"probe '{probe_id}' chosen; prompt {prompt_id} set aside"


def skip_topic(theme_id: str) -> str:
    """Return the reason logged for each prompt skipped with 'skip this topic'."""
    return f"rest of theme '{theme_id}' skipped at the support step"


def after_skip_topic(theme_id: str) -> str:
    """Return the reason of the first question after 'skip this topic'."""
    return f"next theme: the rest of theme '{theme_id}' was skipped at the support step"

"""Session folders: the durable event journal, the derived view, listing, withdrawal, redaction."""

from interviewer.session.derive import ViewBuilder, build_view
from interviewer.session.records import SessionRecord, SessionSummary
from interviewer.session.session import Session
from interviewer.session.store import SessionStore, default_sessions_dir
from interviewer.session.view import SessionMeta, SessionView, Turn

__all__ = [
    "Session",
    "SessionMeta",
    "SessionRecord",
    "SessionStore",
    "SessionSummary",
    "SessionView",
    "Turn",
    "ViewBuilder",
    "build_view",
    "default_sessions_dir",
]

"""Session folders: the durable event journal, the derived view, listing, withdrawal, redaction."""

from interviewer.lazy import lazy_exports

# Submodules load on first use: the CLI and the app start without the whole package.
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Session": "interviewer.session.session",
        "SessionMeta": "interviewer.session.view",
        "SessionRecord": "interviewer.session.records",
        "SessionStore": "interviewer.session.store",
        "SessionSummary": "interviewer.session.records",
        "SessionView": "interviewer.session.view",
        "Turn": "interviewer.session.view",
        "ViewBuilder": "interviewer.session.derive",
        "build_view": "interviewer.session.derive",
        "default_sessions_dir": "interviewer.session.location",
    },
)
__all__ = sorted(__dir__())

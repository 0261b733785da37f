"""The interview engine: a deterministic, headless conductor of a topic guide.

    iv = Interview(guide, mode=Mode.SELF)
    step = iv.start()                      # Prompt | SupportStep | End
    step = iv.answer("...")                # also skip, repeat, rephrase, need_break, support, ...
    journal.extend(iv.drain_events())      # every decision, with its reason

Modules: matching (stems), memory (every answer so far, analysed once), conditions (triggers,
scoped to the answer, the question or the interview), wording (quoted words, acknowledgements),
distress, timing (drop policy), plan (the guide prepared), navigator (what next),
interview/support/choice (the public API), state, replay, rehearsal (the `rehearse` runner).
"""

from interviewer.lazy import lazy_exports

# Submodules load on first use: the CLI and the app start without the whole package.
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "End": "interviewer.engine.steps",
        "Interview": "interviewer.engine.interview",
        "InterviewState": "interviewer.engine.state",
        "Prompt": "interviewer.engine.steps",
        "Step": "interviewer.engine.steps",
        "SupportStep": "interviewer.engine.steps",
        "monotonic_clock": "interviewer.engine.interview",
    },
)
__all__ = sorted(__dir__())

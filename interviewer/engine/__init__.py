"""The interview engine: a deterministic, headless conductor of a topic guide.

    iv = Interview(guide, mode=Mode.SELF)
    step = iv.start()                      # Prompt | SupportStep | End
    step = iv.answer("...")                # also skip, repeat, rephrase, need_break, support, ...
    journal.extend(iv.drain_events())      # every decision, with its reason

Modules: matching (stems), conditions (triggers), distress, timing (drop policy), plan (the
guide prepared), navigator (what next), interview/support/choice (the public API), state,
replay, rehearsal (the `rehearse` runner).
"""

from interviewer.engine.interview import Interview, monotonic_clock
from interviewer.engine.state import InterviewState
from interviewer.engine.steps import End, Prompt, Step, SupportStep

__all__ = ["End", "Interview", "InterviewState", "Prompt", "Step", "SupportStep", "monotonic_clock"]

"""The order of screens for each mode: information, consent, how it works, then the interview."""

from __future__ import annotations

from interviewer.tui.screens.consent import (
    ConsentScreen,
    ReadingScreen,
    consent_ok,
    how_it_works,
    information_text,
)

ROLE_LABEL = "pilot_role"
REFUSED_TEXT = """\
Thank you for taking the time to read about the study.

Because not every statement needed to take part was agreed to, the interview will not start. \
Nothing you said or typed has been recorded; we only note that the interview did not go ahead.

You can close this window now."""


def role_for(mode: str, pilot_role: str) -> str:
    """Which screen runs the interview: 'self' (participant) or 'conduct' (researcher)."""
    return pilot_role if mode == "pilot" else mode


def begin(app, check) -> None:
    """Run the chosen mode's opening screens, then the interview (in a worker, screen by screen)."""
    begin_guide(app, check.guide, check.path)


def begin_guide(app, guide, guide_path) -> None:
    """Run the opening screens and the interview for a guide already checked (a kit's has no path)."""
    app.preload_model()
    app.run_worker(_opening(app, guide, guide_path), group="flow", exclusive=True)


async def _opening(app, guide, guide_path) -> None:
    config = app.config
    role = role_for(config.mode, config.role)
    researcher = role == "conduct"
    if not await app.push_screen_wait(ReadingScreen("Information about the study", information_text(guide))):
        return
    answers = await app.push_screen_wait(ConsentScreen(guide.information.consent, researcher=researcher))
    if not consent_ok(guide.information.consent, answers):
        _saved(app, lambda: _refused(app, guide, guide_path))
        await app.push_screen_wait(ReadingScreen("Thank you", REFUSED_TEXT, "Close", "Back to start"))
        app.exit()
        return
    controller = _saved(app, lambda: open_interview(app, guide, guide_path))
    if controller is None:
        return
    controller.give_consent(answers)
    if config.mode == "pilot":
        controller.marker(ROLE_LABEL, role)
    if not await app.push_screen_wait(ReadingScreen("How it works", how_it_works(guide, researcher),
                                                    "Start", "Not now")):
        controller.suspend()  # consent is kept; the session can be resumed from the start screen
        app.controller = None
        return
    show_interview(app, controller, role)


def _saved(app, create):
    """Run `create` (it makes a session folder); on failure say why on screen and return None."""
    from interviewer.errors import InterviewerError

    try:
        return create()
    except (InterviewerError, OSError) as exc:  # e.g. a sessions folder we may not write to
        app.notify(f"Cannot create the session in {app.config.sessions_dir}: {exc}", severity="error",
                   timeout=20)
        return None


def _refused(app, guide, guide_path) -> None:
    """Note that consent was refused: a session with no content, closed at once."""
    from interviewer.tui.controller import InterviewController

    controller = InterviewController.create(app.store, guide, guide_path, app.config.mode,
                                            elapsed=app.elapsed_override, now=app.now)
    controller.close("consent_refused")


def open_interview(app, guide, guide_path):
    """Create the session and the interview for the chosen mode."""
    from interviewer.tui.controller import InterviewController

    controller = InterviewController.create(app.store, guide, guide_path, app.config.mode,
                                            elapsed=app.elapsed_override, now=app.now,
                                            on_error=app.save_failed)
    app.controller = controller
    return controller


def show_interview(app, controller, role: str) -> None:
    """Replace everything with the interview screen for this role."""
    app.services.recorder.use_device(app.config.device)
    if role == "conduct":
        from interviewer.tui.screens.conduct import ConductScreen

        screen = ConductScreen(controller)
    else:
        from interviewer.tui.screens.self_interview import SelfInterviewScreen

        screen = SelfInterviewScreen(controller)
    app.push_screen(screen)


def resume(app, code: str) -> None:
    """Reopen an interrupted session and continue at the prompt it stopped on."""
    from interviewer.errors import InterviewerError
    from interviewer.tui.controller import InterviewController

    try:
        controller = InterviewController.resume(app.store, code, elapsed=app.elapsed_override,
                                                now=app.now, on_error=app.save_failed)
    except (InterviewerError, OSError) as exc:
        app.notify(f"Cannot resume {code}: {exc}", severity="error", timeout=10)
        return
    from interviewer.engine.steps import End

    if isinstance(controller.step, End):
        controller.close()
        app.notify(f"Session {code} has already ended ({controller.step.reason}); open it with Review.",
                   severity="warning", timeout=10)
        return
    app.controller = controller
    mode = str(controller.mode)
    role = mode
    if mode == "pilot":
        marks = [e for e in controller.session.events if getattr(e, "label", None) == ROLE_LABEL]
        role = marks[-1].text if marks else "self"
    app.preload_model()
    show_interview(app, controller, role)

"""The start screen: guide (checked first), mode, microphone with a level meter, model, resume.

Each choice is one line with a key that opens a short list, so the screen fits 80x24 and draws
fast; everything slow (checking the guide, listing devices and sessions) runs in workers.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from interviewer.tui.config import ENGINES
from interviewer.tui.mic_test import MicTest
from interviewer.tui.messages import DevicesListed, GuideChecked
from interviewer.tui.widgets.meter import LevelMeter

MODES = {"self": "Self-interview (a participant alone)", "conduct": "Researcher-led",
         "pilot": "Pilot: rehearse the guide and rate each question"}
ROLES = {"self": "as the participant", "conduct": "as the researcher"}
OTHER = "__other__"
MIC_TEST_SECONDS = 8.0


class StartScreen(Screen):
    """Choose what to run; nothing is recorded or saved here."""

    AUTO_FOCUS = "#begin"
    BINDINGS = [
        Binding("b", "begin", "Begin"),
        Binding("g", "choose_guide", "Guide"),
        Binding("m", "choose_mode", "Mode"),
        Binding("d", "choose_device", "Microphone"),
        Binding("t", "test_mic", "Test mic"),
        Binding("o", "choose_model", "Model"),
        Binding("r", "resume", "Resume"),
        Binding("v", "review", "Review"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.check = None  # the latest GuideCheck
        self.checked_path: Path | None = None  # the guide named on screen: the one last checked
        self.guides: list[Path] = []
        self.devices: list = []
        self.interrupted: list = []
        self.mic_test = MicTest(self)

    def compose(self) -> ComposeResult:
        """One line per choice; the lists open on their keys."""
        yield Static("interviewer · start", id="title")
        with VerticalScroll(id="start-body"):
            yield Static("", id="guide-line", markup=False)
            yield Static("", id="guide-status", markup=False)
            yield Static("", id="mode-line", markup=False)
            yield Static("", id="mic-line", markup=False)
            yield LevelMeter(None, id="mic-meter")
            yield Static("", id="mic-status", markup=False)
            yield Static("", id="model-line", markup=False)
            yield Static("", id="resume-info", markup=False)
            with Horizontal(id="start-buttons"):
                yield Button("Begin", id="begin", variant="primary")
                yield Button("Resume", id="resume")
                yield Button("Review sessions", id="review")
        yield Footer()

    def on_mount(self) -> None:
        """Draw first; the look-ups start once the screen is up (they would slow the first frame)."""
        self.query_one("#resume").display = False
        self.query_one("#mic-meter").display = False
        self._show_choices()
        self.call_after_refresh(self._look_up)

    def _look_up(self) -> None:
        self.app.first_screen_drawn()
        for work, group in ((self._list_guides, "guides"), (self._list_devices, "devices"),
                            (self._list_interrupted, "resume")):
            self.run_worker(work, thread=True, group=group, exit_on_error=False)
        if self.app.config.guide_path:
            self.check_guide(str(self.app.config.guide_path))

    def _show_choices(self) -> None:
        cfg = self.app.config
        shown = self.checked_path or cfg.guide_path  # its name stands beside its own status
        guide = shown.name if shown else "none chosen"
        mode = MODES[cfg.mode] + (f", {ROLES[cfg.role]}" if cfg.mode == "pilot" else "")
        device = next((d.name for d in self.devices if d.index == cfg.device), None) or "the default input"
        self.query_one("#guide-line", Static).update(f"Guide       {guide}   (g to change)")
        self.query_one("#mode-line", Static).update(f"Mode        {mode}   (m)")
        self.query_one("#mic-line", Static).update(f"Microphone  {device}   (d to choose, t to test)")
        self.query_one("#model-line", Static).update(
            f"Transcribe  {cfg.model} model · {cfg.engine} engine   (o)" + self._language_warning())

    def _language_warning(self) -> str:
        """A second line when the guide's language is one the chosen model cannot transcribe."""
        from interviewer.transcribe.models import english_only

        language = self.check.guide.study.language if self.check is not None and self.check.ok else "en"
        if language.split("-")[0] == "en" or not english_only(self.app.config.model):
            return ""
        return (f"\n            ⚠ the guide is in {language!r} and this model knows English only: "
                "choose a multilingual one (o)")

    # --- background work -------------------------------------------------------------------

    def _list_guides(self) -> None:
        from interviewer.tui.guides import shipped_guides

        self.guides = shipped_guides(self.app.config.shipped_dir)

    def check_guide(self, path: str) -> None:
        """Check a guide file in a worker; the result arrives as GuideChecked."""
        self.query_one("#guide-status", Static).update(f"checking {path} …")
        self.checked_path = Path(path)
        self._show_choices()

        def work() -> None:
            from interviewer.tui.guides import check_guide_file

            result = check_guide_file(path)
            self.post_message(GuideChecked(path, result, result.errors, result.warnings))

        self.run_worker(work, thread=True, group="check", exclusive=True, exit_on_error=False)

    def on_guide_checked(self, message: GuideChecked) -> None:
        """Show the guide's summary, or its problems (never a traceback)."""
        self.check = message.guide
        status = self.query_one("#guide-status", Static)
        if self.check.ok:
            self.app.config.guide_path = self.check.path
            note = f"\n{len(message.warnings)} warning(s), e.g. {message.warnings[0]}" if message.warnings else ""
            status.update(f"✓ {self.check.summary()}{note}")
        else:
            shown = message.problems[:5]
            more = f"\n… and {len(message.problems) - 5} more" if len(message.problems) > 5 else ""
            status.update("✗ This guide cannot be used yet:\n" + "\n".join(shown) + more)
        status.set_class(not self.check.ok, "problem")
        self._show_choices()

    def _list_devices(self) -> None:
        try:
            devices = self.app.services.recorder.devices()
        except Exception as exc:  # AudioError or a missing PortAudio: typing still works
            self.post_message(DevicesListed([], str(exc)))
        else:
            self.post_message(DevicesListed(devices))

    def on_devices_listed(self, message: DevicesListed) -> None:
        """Remember the microphones, or say there is none (answers can still be typed)."""
        self.devices = message.devices
        self.query_one("#mic-meter", LevelMeter).source = self.app.services.recorder.level
        if not message.devices:
            why = message.error or "no microphone found"
            self.query_one("#mic-status", Static).update(f"{why}: answers can still be typed.")
        self._show_choices()

    def _list_interrupted(self) -> None:
        try:
            found = list(reversed(self.app.store.interrupted()))
        except Exception:  # no sessions folder yet, or one we cannot read: nothing to resume
            found = []
        self.app.call_from_thread(self._show_interrupted, found)

    def _show_interrupted(self, found: list) -> None:
        self.interrupted = found
        if found:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            self.query_one("#resume-info", Static).update(
                f"Resume      {found[0].code} was interrupted{more}   (r)")
            self.query_one("#resume").display = True
        if self.app.config.resume:
            self.action_resume()

    # --- choices ----------------------------------------------------------------------------

    def _choose(self, title: str, options: list, current, then, note: str = "") -> None:
        from interviewer.tui.screens.choice import ChoiceScreen

        self.app.push_screen(ChoiceScreen(title, options, current, note),
                             lambda value: value is not None and then(value))

    def action_choose_guide(self) -> None:
        """Pick a shipped guide, or type the path of another."""
        options = [(p.stem.replace("-", " "), str(p)) for p in self.guides] + [("another file…", OTHER)]
        self._choose("Topic guide", options, str(self.app.config.guide_path or ""), self._guide_chosen)

    def _guide_chosen(self, value: str) -> None:
        if value != OTHER:
            self.check_guide(value)
            return
        from interviewer.tui.screens.dialogs import TextScreen

        self.app.push_screen(TextScreen("Path to a topic guide (.toml)", "path/to/guide.toml"),
                             lambda path: path and path.strip() and self.check_guide(path.strip()))

    def action_choose_mode(self) -> None:
        """Pick the mode (and, for a pilot, the role)."""
        options = [(label, key) for key, label in MODES.items()]
        options[2:3] = [(f"{MODES['pilot']}, {ROLES[r]}", f"pilot:{r}") for r in ROLES]
        current = f"pilot:{self.app.config.role}" if self.app.config.mode == "pilot" else self.app.config.mode
        self._choose("Mode", options, current, self._mode_chosen)

    def _mode_chosen(self, value: str) -> None:
        mode, _, role = value.partition(":")
        self.app.config.mode, self.app.config.role = mode, role or self.app.config.role
        self._show_choices()

    def action_choose_device(self) -> None:
        """Pick the microphone."""
        options = [("the default input", None)] + [
            (d.name + (" (default)" if d.default else ""), d.index) for d in self.devices]
        note = "" if self.devices else "No microphone was found: answers can still be typed."
        self._choose("Microphone", options, self.app.config.device, self._device_chosen, note)

    def _device_chosen(self, value) -> None:
        self.app.config.device = value
        self._show_choices()

    def action_choose_model(self) -> None:
        """Pick the speech-to-text model and engine: only models that load on this computer."""
        from interviewer.transcribe.installed import MORE_MODELS, loadable_names

        cfg = self.app.config
        models = ["builtin", *loadable_names()]
        if cfg.model not in models:
            models.insert(0, cfg.model)  # given with --model and checked there
        options = [(f"{m} · {e}", (m, e)) for m in models for e in ENGINES[:1]]
        options += [(f"{cfg.model} · {e}", (cfg.model, e)) for e in ENGINES[1:]]
        self._choose("Speech-to-text model", options, (cfg.model, cfg.engine), self._model_chosen,
                     "Only models on this computer are listed ('builtin' is tiny.en, English). " + MORE_MODELS)

    def _model_chosen(self, value) -> None:
        cfg = self.app.config
        if tuple(value) != (cfg.model, cfg.engine):
            cfg.model, cfg.engine = value
            self.app.reset_transcriber()
        self._show_choices()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        actions = {"begin": self.action_begin, "resume": self.action_resume, "review": self.action_review}
        if event.button.id in actions:
            actions[event.button.id]()

    # --- actions ----------------------------------------------------------------------------

    def action_test_mic(self) -> None:
        """Open the microphone for a few seconds and show its level (nothing is saved)."""
        self.mic_test.start(MIC_TEST_SECONDS)

    def action_begin(self) -> None:
        """Start the chosen mode once the guide has passed its check."""
        if self.check is None or not self.check.ok:
            self.notify("Choose a guide that passes its check first (g).", severity="warning")
            return
        from interviewer.tui.flow import begin

        begin(self.app, self.check)

    def action_resume(self) -> None:
        """Resume an interrupted session (the one asked for, else the latest)."""
        from interviewer.tui.flow import resume

        code = self.app.config.resume or (self.interrupted[0].code if self.interrupted else None)
        if code is None:
            self.notify("There is no interrupted session to resume.")
            return
        self.app.config.resume = None
        resume(self.app, code)

    def action_review(self) -> None:
        """Open the list of sessions."""
        from interviewer.tui.screens.review import SessionListScreen

        self.app.push_screen(SessionListScreen())

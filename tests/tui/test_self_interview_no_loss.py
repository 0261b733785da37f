"""A participant alone never loses a word: whole self-interviews with real speech, re-records and kills.

Speech is played in real time into a private PulseAudio server's virtual microphone and
recorded by the real recorder; the built-in tiny.en model transcribes it. Complete interviews mix
typed and spoken takes, re-record (replace and add), correct, pause and resume; the others are
killed (SIGKILL or SIGHUP, as a closed window sends) at a random moment while the participant
speaks, then resumed. Afterwards every typed word and every recorded second is in the journal
and the exports, and every exported time of a spoken answer is within 0.5 s of where that speech
is in the exported recording, found by transcribing the exported FLAC.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from interviewer.tui.real_audio import CoreRecorder, CoreTranscriber
from interviewer.tui.services import Services

pytestmark = [pytest.mark.audio, pytest.mark.slow]

RUNS = int(os.environ.get("INTERVIEWER_NO_LOSS_RUNS", "20"))  # the issue asks for at least 20
COMPLETE = 2  # of which whole interviews in this process; the rest are killed mid-answer
CHILD = Path(__file__).with_name("kill_child_selfint.py")
TOLERANCE = 0.5  # seconds between an exported time and the speech in the exported recording
# Short clips (1-3 s) keep real-time playback inside a CI budget. Each is one tiny.en hears the same
# way on both paths (streamed and from the file) run after run: "On sunny days I work in the
# garden" came back as "On sunny day might work…" in 6 of 10 plays, and worse once in CI.
SENTENCES = {
    "coffee": "I make strong coffee and read the news.",
    "walk": "Then I walk the dog around the park.",
    "sister": "My sister phones me most evenings.",
    "garden": "In the summer we grow tomatoes in the garden.",
}
WORDS = "amber basil cedar dune ember fennel garnet hazel indigo juniper kelp lilac maple nutmeg".split()


class SharedTranscriber(CoreTranscriber):
    """One loaded model for every run (each app would otherwise load its own and close it)."""

    def close(self) -> None:
        """Kept open for the next run; the module fixture closes it."""

    def really_close(self) -> None:
        """Close the queue at the end of the module."""
        super().close()


@pytest.fixture(scope="module")
def pulse():
    """A private PulseAudio server whose virtual microphone is every process's default input."""
    from interviewer.audio.virtual_device import private_server, unavailable

    if why := unavailable():
        pytest.skip(why)
    with private_server() as server:
        yield server


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict[str, Path]:
    """Short spoken sentences made with espeak-ng (16 kHz mono PCM WAV)."""
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        pytest.skip("espeak-ng and sox are needed to make the speech clips")
    folder = tmp_path_factory.mktemp("clips")
    out = {}
    for name, text in SENTENCES.items():
        raw, wav = folder / f"{name}-raw.wav", folder / f"{name}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "165", "-w", str(raw), text], check=True)
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav)], check=True)
        out[name] = wav
    return out


@pytest.fixture(scope="module")
def model():
    """The built-in tiny.en model behind the app's transcription queue, loaded once."""
    shared = SharedTranscriber("auto", "builtin")
    shared.load()
    yield shared
    shared.really_close()


def make_app(sessions: Path, guide: Path, model):
    """The real app: the real recorder and the shared real transcriber."""
    from interviewer.tui.app import InterviewerApp
    from interviewer.tui.config import AppConfig

    config = AppConfig(guide_path=guide, sessions_dir=sessions, exit_on_ready=False)
    return InterviewerApp(config, Services(CoreRecorder(), lambda engine, name: model))


# -- driving the app ----------------------------------------------------------------------------


class Participant:
    """Drives the self-interview screen; remembers what it typed and which clip each take heard."""

    def __init__(self, pilot, tui, pulse, clips):
        self.pilot, self.tui, self.pulse, self.clips = pilot, tui, pulse, clips
        self.typed: list[str] = []
        self.spoken: list[str] = []  # clip names, in the order they were played in full

    @property
    def screen(self):
        return self.pilot.app.screen

    def box(self):
        return self.screen.query_one("#answer")

    async def type(self, text: str) -> None:
        self.typed.append(text)
        await self.pilot.press(*text)

    async def speak(self, clip: str, choice: str | None = None, finish: str = "enter") -> None:
        """One take: Ctrl+R (answering replace/add if asked), the clip, then finish it; wait for its text."""
        app, tui = self.pilot.app, self.tui
        takes = len(self.screen.voice.takes)
        await self.pilot.press("ctrl+r")
        if choice is not None:
            await tui.wait_for(self.pilot, lambda: tui.screen_name(app) == "TakeChoiceScreen")
            await self.pilot.press(choice)
        await tui.wait_for(self.pilot, lambda: self.screen.voice.state == "recording", timeout=30)
        recorder = app.services.recorder
        await tui.wait_for(self.pilot, lambda: recorder._rec is not None and recorder._rec.level is not None,
                           timeout=30)
        player = self.pulse.play(self.clips[clip])
        await asyncio.get_running_loop().run_in_executor(None, player.wait)
        await self.pilot.pause(0.6)  # the end of the clip reaches the recorder
        self.spoken.append(clip)
        await self.pilot.press(finish)
        await tui.wait_for(self.pilot, lambda: len(self.screen.voice.takes) > takes
                           and self.screen.voice.state == "review", timeout=120)

    async def send(self) -> None:
        prompt = self.screen.voice.prompt_id
        await self.pilot.press("enter")
        await self.tui.wait_for(self.pilot, lambda: self.tui.screen_name(self.pilot.app) != "SelfInterviewScreen"
                                or self.screen.voice.prompt_id != prompt, timeout=30)

    async def finish_interview(self, rng: random.Random) -> None:
        """Answer whatever is still asked by typing, then stop, keep, skip the look back."""
        app, tui = self.pilot.app, self.tui
        while tui.screen_name(app) == "SelfInterviewScreen" and len(self.typed) < 8:
            text = " ".join(rng.sample(WORDS, 4)) + " and more words to say here"
            self.typed.append(text)
            self.box().text = text  # typed in one go (keys one by one are slow on a busy machine)
            await self.send()
        if tui.screen_name(app) == "SelfInterviewScreen":
            await self.pilot.press("ctrl+x")
            await tui.wait_for(self.pilot, lambda: tui.screen_name(app) == "StopScreen")
            await self.pilot.press("k")
        await tui.wait_for(self.pilot, lambda: tui.screen_name(app) in ("MemberCheckScreen", "ThanksScreen"))
        if tui.screen_name(app) == "MemberCheckScreen":
            await self.pilot.press("f")
        await tui.wait_for(self.pilot, lambda: tui.screen_name(app) == "ThanksScreen")
        await self.pilot.press("enter")


async def complete_interview(pilot, tui, who: Participant, rng: random.Random) -> None:
    """Typed and spoken takes, a correction, re-records both ways, a pause in the middle."""
    await tui.open_interview(pilot)
    await tui.wait_for(pilot, lambda: who.screen.voice is not None and who.screen.voice.prompt_id == 1)
    await who.type(" ".join(rng.sample(WORDS, 3)) + " first")  # typed, then the rest spoken
    await who.speak("coffee", finish="ctrl+r")
    assert who.box().cursor_location == who.box().document.end
    await who.type(" " + rng.choice(WORDS) + " corrected")  # a correction typed at once goes at the end
    await who.send()
    await who.speak("walk")
    await who.speak("sister", choice="r")  # replace: the first take is kept, superseded
    await pilot.press("ctrl+p")
    await tui.wait_for(pilot, lambda: tui.screen_name(pilot.app) == "PausedScreen")
    await pilot.pause(0.5)
    await pilot.press("enter")
    await tui.wait_for(pilot, lambda: tui.screen_name(pilot.app) == "SelfInterviewScreen")
    await who.speak("garden", choice="a")  # add: after what was said
    await who.send()
    await who.finish_interview(rng)


def killed_child(sessions: Path, guide: Path, pulse, clip: Path, first: str, typed: str,
                 sig: int, rng: random.Random) -> tuple[str, float]:
    """Run the child until it records, play the clip and kill it at a random moment; (code, seconds spoken)."""
    import soundfile as sf

    child = subprocess.Popen([sys.executable, str(CHILD), str(sessions), str(guide), first, typed],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while not line.startswith("RECORDING"):
            line = child.stdout.readline()
            if not line and child.poll() is not None:
                raise AssertionError(f"the child ended early: {child.stderr.read()[-3000:]}")
        code = line.split()[1]
        length = sf.info(str(clip)).duration
        delay = rng.uniform(0.3, length + 0.5)  # mid-speech, or just after it
        player = pulse.play(clip)
        began = time.monotonic()
        time.sleep(delay)
        child.send_signal(sig)
        spoken = min(time.monotonic() - began, length)
        child.wait(30)
        player.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -sig, child.stderr.read()[-3000:]
    return code, spoken


async def resume_and_finish(pilot, tui, who: Participant, typed: str, rng: random.Random, spoke: bool) -> None:
    """Resume the killed session: the same question, with what was typed and said shown."""
    app = pilot.app
    start = app.screen
    await tui.wait_for(pilot, lambda: bool(start.interrupted), timeout=30)
    await pilot.press("r")
    await tui.wait_for(pilot, lambda: tui.screen_name(app) == "SelfInterviewScreen")
    await tui.wait_for(pilot, lambda: who.screen.voice is not None and who.screen.voice.prompt_id == 2)
    await tui.wait_for(pilot, lambda: not who.screen.voice.waiting, timeout=120)  # repaired, transcribed
    shown = who.box().text
    assert shown.startswith(typed.strip()), shown
    if spoke:
        assert len(shown) > len(typed.strip()), "the interrupted take's words are shown"
    if rng.random() < 0.5:
        await who.speak("garden", choice="a")
    await who.send()
    await who.finish_interview(rng)


# -- checking what was kept -----------------------------------------------------------------------


def normalise(text: str) -> list[str]:
    """Lower-case words without punctuation."""
    return re.findall(r"[a-z0-9']+", text.lower())


def check_session(store, code: str, model, typed: list[str], spoken: list[str], out: Path,
                  interrupted: float | None = None) -> None:
    """Every typed word, every recorded second, every spoken time: in the journal and the exports."""
    import numpy as np
    import soundfile as sf

    from interviewer.export.api import export_session
    from interviewer.transcribe.audio_file import load_audio

    record = store.load(code)
    view = record.view
    paths = export_session(view, ["md", "srt", "flac"], out, guide=record.guide, audio_dir=record.folder)
    by_suffix = {p.suffix: p for p in paths}
    markdown = " ".join(normalise(by_suffix[".md"].read_text(encoding="utf-8")))
    journal_text = " ".join(normalise((record.folder / "journal.jsonl").read_text(encoding="utf-8")))
    for text in typed:  # every typed word, in the journal and in the transcript export
        for word in normalise(text):
            assert word in journal_text and word in markdown, (word, text)

    takes = [take for turn in view.turns for take in turn.takes if take.kind == "spoken"]
    assert len(takes) >= len(spoken) + (interrupted is not None)
    flac, rate = sf.read(str(by_suffix[".flac"]), dtype="int16", always_2d=True)
    for take in takes:  # every recorded second is in the journal and in the exported recording
        assert take.ended and take.transcribed, take
        audio, take_rate = sf.read(str(record.folder / take.audio_file), dtype="int16", always_2d=True)
        assert take_rate == rate and len(audio) > 0
        at = int(round(take.audio_start * rate))
        assert np.array_equal(flac[at:at + len(audio), :1], audio[:, :1]), f"{take.audio_file} not whole in the FLAC"
    if interrupted is not None:  # the killed take kept what was spoken (a block or so may be in flight)
        cut = next(t for t in takes if t.repaired)
        recorded = cut.audio_end - cut.audio_start
        assert recorded >= interrupted - 0.5, (recorded, interrupted)

    heard = {w[:5] for w in normalise(" ".join(t.text for t in takes))}
    for clip in spoken:  # the words of each clip played in full reached the journal
        words = normalise(SENTENCES[clip])
        found = sum(w[:5] in heard for w in words)  # by stem: "phones" heard as "phone is" is kept
        assert found >= 0.7 * len(words), (clip, heard)
        assert any(w in markdown for w in words if len(w) > 3)

    flac16 = load_audio(by_suffix[".flac"])
    check_times(view, parse_srt(by_suffix[".srt"].read_text(encoding="utf-8")),
                lambda start, end: heard_words(model, flac16, start, end))


def heard_words(model, audio, start: float, end: float) -> list:
    """Words (with times in the recording) heard in `start`..`end` of the exported recording."""
    lo, hi = max(0, int(start * 16000)), int(end * 16000)
    result = model._ensure().transcriber.transcribe(audio[lo:hi], language="en", offset=lo / 16000)
    return [w for seg in result.segments for w in seg.words]


def parse_srt(text: str) -> list[tuple[float, str]]:
    """(start seconds, text) of every cue of an SRT file."""
    cues = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        h, m, s, ms = map(int, re.match(r"(\d+):(\d+):(\d+),(\d+)", lines[1]).groups())
        cues.append((h * 3600 + m * 60 + s + ms / 1000, " ".join(lines[2:])))
    return cues


def check_times(view, cues: list[tuple[float, str]], heard) -> None:
    """Each exported time of spoken speech is within TOLERANCE of that speech in the exported FLAC.

    The recording around each exported time is transcribed again (`heard(start, end)`), and one
    of the segment's words must be found where the export puts it.
    """
    cut = [seg for turn in view.turns for take in turn.takes if take.repaired for seg in take.segments[-1:]]
    for turn in view.turns:
        if not turn.segments or not turn.text.strip():
            continue
        checked = 0
        for start, _ in cues:
            segment = next((s for s in turn.segments if abs(s.start - start) < 0.01 and s.text.strip()), None)
            if segment is None:
                continue
            found = heard(start - 2.0, segment.end + 2.0)
            # words cut in half by the kill have no reliable identity: there, speech must be found
            # where the export puts it; elsewhere, the same words
            same = (lambda a, b: True) if segment in cut else (lambda a, b: a == b)
            near = [w for w in segment.words for f in found
                    if normalise(w.word) and same(normalise(f.word), normalise(w.word))
                    and abs(f.start - (start + (w.start - segment.start))) <= TOLERANCE]
            assert near, (segment.text, start, [(w.word, round(w.start, 2)) for w in segment.words],
                          [(f.word, round(f.start, 2)) for f in found])
            checked += 1
        assert checked, f"no exported time for the spoken answer to prompt {turn.prompt_id}"


# -- the runs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("run", range(RUNS))
def test_no_word_is_lost(run, tmp_path, tui, pulse, clips, model):
    rng = random.Random(run)
    sessions = tmp_path / "sessions"
    from interviewer.session.store import SessionStore

    if run < COMPLETE:
        app = make_app(sessions, tui.MINI_GUIDE, model)
        holder = {}

        async def scenario():
            async with app.run_test(size=(80, 24)) as pilot:
                who = holder["who"] = Participant(pilot, tui, pulse, clips)
                await complete_interview(pilot, tui, who, rng)

        asyncio.run(scenario())
        who = holder["who"]
        code = SessionStore(sessions).list()[0].code
        check_session(SessionStore(sessions), code, model, who.typed, who.spoken, tmp_path / "exports")
        return

    first = " ".join(rng.sample(WORDS, 5)) + " is my whole first answer today"
    typed = " ".join(rng.sample(WORDS, 2)) + " then "
    sig = signal.SIGKILL if run % 2 else signal.SIGHUP
    clip = rng.choice(sorted(clips))
    code, spoken = killed_child(sessions, tui.MINI_GUIDE, pulse, clips[clip], first, typed, sig, rng)
    app = make_app(sessions, tui.MINI_GUIDE, model)
    holder = {}

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            who = holder["who"] = Participant(pilot, tui, pulse, clips)
            await resume_and_finish(pilot, tui, who, typed, rng, spoke=spoken > 1.5)

    asyncio.run(scenario())
    who = holder["who"]
    check_session(SessionStore(sessions), code, model, [first, typed] + who.typed, who.spoken,
                  tmp_path / "exports", interrupted=spoken)

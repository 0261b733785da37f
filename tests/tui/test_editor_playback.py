"""The editor plays through the real output path (sounddevice -> PulseAudio null sink) and its monitor is
recorded: where each play starts and stops in the recording is found by correlation, and checked
against the editor's playback clock, the rewind on pause, the 5 s skip and the speed."""

from __future__ import annotations

import asyncio
import numpy as np
import pytest

from interviewer.tui.screens.editor import EditorScreen

pytestmark = [pytest.mark.audio, pytest.mark.slow]

SYNC = 0.1  # seconds: what a transcriber would still call "in sync"
CHUNK = 0.1  # seconds of monitored audio located at a time


@pytest.fixture
def pulse_server():
    """A private PulseAudio server: its null sink is the default output, its monitor the default input."""
    from interviewer.audio.virtual_device import private_server, unavailable

    if why := unavailable():
        pytest.skip(why)
    with private_server() as server:
        yield server


class Monitor:
    """Records the sink's monitor with `parec` in its own process (this one's threads cannot starve it)."""

    def __init__(self, server, rate: int, path):
        self.server, self.rate, self.path = server, rate, path
        self.proc = None

    def __enter__(self):
        import shutil
        import subprocess
        import time

        if shutil.which("parec") is None:
            pytest.skip("parec (pulseaudio-utils) not installed")
        self.out = open(self.path, "wb")
        self.proc = subprocess.Popen(
            ["parec", f"--device={self.server.sink}.monitor", "--format=float32le", f"--rate={self.rate}",
             "--channels=1", "--raw", "--latency-msec=20"],
            env=self.server.client_env(), stdout=self.out, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while self.path.stat().st_size < self.rate // 10 * 4:  # a tenth of a second has come in
            assert time.monotonic() < deadline and self.proc.poll() is None, "no audio from the monitor"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        self.proc.wait(5)
        self.out.close()

    def audio(self) -> np.ndarray:
        return np.fromfile(self.path, dtype="<f4")


def runs(audio: np.ndarray, rate: int) -> list[tuple[int, int]]:
    """Stretches of sound (10 ms frames above the noise floor) split by at least 200 ms of silence
    (pauses are longer; a stream's start can drop a few tens of ms)."""
    frame = rate // 100
    loud = np.sqrt((audio[: len(audio) // frame * frame].reshape(-1, frame) ** 2).mean(axis=1)) > 0.05
    out, start, quiet = [], None, 0
    for i, on in enumerate(loud):
        if on:
            start, quiet = (i if start is None else start), 0
        elif start is not None:
            quiet += 1
            if quiet >= 20:
                out.append((start * frame, (i - quiet + 1) * frame))
                start = None
    if start is not None:
        out.append((start * frame, len(loud) * frame))
    return out


def locate(chunk: np.ndarray, source: np.ndarray, rate: int) -> float:
    """Where in the recording `chunk` was heard (seconds), by cross-correlation (must be unambiguous)."""
    size = 1 << (len(source) + len(chunk)).bit_length()
    xc = np.fft.irfft(np.fft.rfft(source, size) * np.conj(np.fft.rfft(chunk, size)), size)[: len(source)]
    lag = int(np.argmax(xc))
    r = np.corrcoef(source[lag:lag + len(chunk)], chunk)[0, 1]
    assert r > 0.5, f"monitored audio not found in the recording (r={r:.2f})"
    return lag / rate


def heard(run: tuple[int, int], audio: np.ndarray, source: np.ndarray, rate: int) -> tuple[float, float]:
    """The recording times of the first and the last moment of one stretch of sound."""
    n = round(CHUNK * rate)
    lo, hi = run
    return locate(audio[lo:lo + n], source, rate), locate(audio[hi - n:hi], source, rate) + CHUNK


def _session(sessions, editing):
    text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    return editing.make_session(sessions, [editing.words(text, 1.0), editing.words(text, 9.0),
                                           editing.words(text, 17.5)])


async def _open(pilot, tui, app, code):
    await tui.wait_for(pilot, lambda: tui.screen_name(app) == "StartScreen")
    app.push_screen(EditorScreen(code))
    await tui.wait_for(pilot, lambda: tui.screen_name(app) == "EditorScreen" and app.screen.doc is not None)
    screen = app.screen
    _, first, _ = screen.doc.turn_rows[1]
    screen.area.move_cursor((first, screen.doc.answer_cols[1]))  # turn 2's first word, at 9.0 s
    return screen


async def _play_until(pilot, tui, screen, position: float):
    await pilot.press("space")
    await tui.wait_for(pilot, lambda: screen.streaming and screen.player.position >= position, timeout=30)


async def _pause(pilot, tui, screen) -> float:
    """Pause; return the clock's position when the stream stopped (before the rewind)."""
    before = screen.resume
    await pilot.press("space")
    await tui.wait_for(pilot, lambda: not screen.playing and screen.resume is not before, timeout=30)
    return screen.resume.position + screen.rewind


def test_play_pause_rewind_and_skip_match_what_the_speaker_played(sessions, tui, editing, pulse_server):
    code = _session(sessions, editing)
    app = tui.make_app(sessions)
    app.config.rewind_on_pause = 1.5
    source = editing.signal(24.4)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await _open(pilot, tui, app, code)
            with Monitor(pulse_server, editing.RATE, sessions.parent / "monitor.raw") as monitor:
                await _play_until(pilot, tui, screen, 10.3)
                seen["highlight"] = (screen.area.playing, screen.doc.word_at_time(screen.player.position))
                seen["p1"] = await _pause(pilot, tui, screen)
                seen["resume1"] = screen.resume.position
                seen["cursor"] = (screen.doc.word_at(*screen.area.cursor_location),
                                  screen.doc.word_at_time(seen["resume1"]))
                await pilot.pause(0.3)
                await _play_until(pilot, tui, screen, seen["resume1"] + 1.0)
                seen["p2"] = await _pause(pilot, tui, screen)
                await pilot.pause(0.3)
                await _play_until(pilot, tui, screen, screen.resume.position + 0.5)
                seen["skip_from"] = screen.player.position
                await pilot.press("right_square_bracket")
                await tui.wait_for(pilot, lambda: screen.streaming and screen.player.position > seen["skip_from"] + 5.5)
                seen["p3"] = await _pause(pilot, tui, screen)
                await pilot.pause(0.3)
            seen["audio"] = monitor.audio()
            await pilot.press("escape")

    asyncio.run(scenario())
    audio, rate = seen["audio"], editing.RATE
    found = runs(audio, rate)
    assert len(found) >= 3, found
    (start1, end1), (start2, end2) = heard(found[0], audio, source, rate), heard(found[1], audio, source, rate)
    assert start1 == pytest.approx(9.0, abs=SYNC)  # played from the cursor's word
    assert end1 == pytest.approx(seen["p1"], abs=SYNC)  # the clock said where the speaker was
    assert seen["resume1"] == pytest.approx(seen["p1"] - 1.5)
    assert start2 == pytest.approx(seen["p1"] - 1.5, abs=SYNC)  # resumed 1.5 s back
    assert end2 == pytest.approx(seen["p2"], abs=SYNC)
    playing, expected = seen["highlight"]
    assert playing is not None and abs(playing.time - expected.time) <= 0.5  # one word behind at most
    at_cursor, said_then = seen["cursor"]
    assert at_cursor == said_then and at_cursor.time <= seen["resume1"]  # the cursor went back too
    last = heard(found[-1], audio, source, rate)[1]
    assert last == pytest.approx(seen["p3"], abs=SYNC)
    assert seen["p3"] > seen["skip_from"] + 5.0  # the skip jumped ahead in the recording


def test_double_speed_plays_the_recording_twice_as_fast(sessions, tui, editing, pulse_server):
    code = _session(sessions, editing)
    app = tui.make_app(sessions)
    seen = {}

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await _open(pilot, tui, app, code)
            await pilot.press(*["plus"] * 5)
            seen["speed"] = screen.speed
            with Monitor(pulse_server, editing.RATE, sessions.parent / "monitor.raw") as monitor:
                await _play_until(pilot, tui, screen, 13.0)
                seen["stop"] = await _pause(pilot, tui, screen)
                await pilot.pause(0.3)
            seen["audio"] = monitor.audio()
            await pilot.press("escape")

    asyncio.run(scenario())
    assert seen["speed"] == 2.0
    found = runs(seen["audio"], editing.RATE)
    assert len(found) == 1, f"gaps in the sound: {found}"
    (lo, hi), = found
    wall = (hi - lo) / editing.RATE  # seconds the speaker played, by the monitor's own clock
    assert (seen["stop"] - 9.0) / wall == pytest.approx(2.0, rel=0.1)

"""A private PulseAudio server with a null sink: a real input device for tests and benchmarks.

Audio played into the sink comes back on its monitor source, the default input, through the
real sounddevice -> PortAudio -> ALSA pulse plugin -> PulseAudio path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from interviewer.errors import AudioError

TOOLS = ("pulseaudio", "pactl", "paplay")


def missing_tools() -> list[str]:
    """The PulseAudio programs that are not installed (empty when all are)."""
    return [t for t in TOOLS if shutil.which(t) is None]


class VirtualAudioServer:
    """Starts `pulseaudio` in its own temp runtime folder; `env` points clients at it."""

    def __init__(self, sink: str = "virt_sink", rate: int = 48000, channels: int = 2):
        self.sink, self.rate, self.channels = sink, rate, channels
        self.runtime_dir: Path | None = None
        self._proc: subprocess.Popen | None = None

    @property
    def socket(self) -> Path:
        """The server's native-protocol socket."""
        return self.runtime_dir / "native"

    @property
    def env(self) -> dict[str, str]:
        """Environment variables that make a client (and PortAudio's pulse plugin) use it."""
        return {"PULSE_SERVER": f"unix:{self.socket}"}

    def client_env(self) -> dict[str, str]:
        """A copy of os.environ pointing at this server, for child processes."""
        return {**os.environ, **self.env}

    def start(self, timeout: float = 10.0) -> Self:
        """Start the server, wait for its socket, make the sink's monitor the default input."""
        if missing := missing_tools():
            raise AudioError(f"PulseAudio tools not installed: {', '.join(missing)}")
        self.runtime_dir = Path(tempfile.mkdtemp(prefix="interviewer-pulse-"))
        os.chmod(self.runtime_dir, 0o700)
        env = {**os.environ, "HOME": str(self.runtime_dir),
               "XDG_RUNTIME_DIR": str(self.runtime_dir)}
        env.pop("PULSE_SERVER", None)
        self._proc = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--system=false",
             f"--log-target=file:{self.runtime_dir / 'pulse.log'}",
             f"--load=module-native-protocol-unix auth-anonymous=1 socket={self.socket}",
             (f"--load=module-null-sink sink_name={self.sink} rate={self.rate} "
              f"channels={self.channels}")],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while not self._pactl_ok("info"):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                log = self.log_text()
                self.stop()
                raise AudioError(f"PulseAudio did not start: {log.strip()[-300:]}")
            time.sleep(0.05)
        self.pactl("set-default-source", f"{self.sink}.monitor")
        return self

    def _pactl_ok(self, *args: str) -> bool:
        return subprocess.run(["pactl", *args], env=self.client_env(), capture_output=True,
                              timeout=10, check=False).returncode == 0

    def pactl(self, *args: str) -> str:
        """Run `pactl ARGS` against this server and return its output."""
        done = subprocess.run(["pactl", *args], env=self.client_env(), capture_output=True,
                              text=True, timeout=10, check=False)
        if done.returncode != 0:
            raise AudioError(f"pactl {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def play(self, path: str | os.PathLike) -> subprocess.Popen:
        """Start playing a sound file into the sink; returns the `paplay` process."""
        return subprocess.Popen(["paplay", f"--device={self.sink}", str(self._playable(path))],
                                env=self.client_env(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)

    def _playable(self, path: str | os.PathLike) -> Path:
        """A PCM_16 WAV of `path`: paplay garbles other formats (24-bit FLAC comes out clipped)."""
        import soundfile as sf

        info = sf.info(str(path))
        if info.format == "WAV" and info.subtype == "PCM_16":
            return Path(path)
        out = self.runtime_dir / f"play-{Path(path).stem}.wav"
        if not out.exists():
            audio, rate = sf.read(str(path), dtype="int16", always_2d=True)
            sf.write(str(out), audio, rate, subtype="PCM_16")
        return out

    def log_text(self) -> str:
        """The server's log so far (for error messages)."""
        log = self.runtime_dir / "pulse.log" if self.runtime_dir else None
        return log.read_text(errors="replace") if log and log.exists() else ""

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return self._proc.pid if self._proc and self._proc.poll() is None else None

    def stop(self) -> None:
        """Stop the server (the one this object started) and remove its folder."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self.runtime_dir is not None:
            shutil.rmtree(self.runtime_dir, ignore_errors=True)
            self.runtime_dir = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def use_server(server: VirtualAudioServer | None) -> dict[str, str | None]:
    """Point this process at `server` (None: at no server) and re-scan devices; return old env."""
    from interviewer.audio.devices import refresh

    old = {k: os.environ.get(k) for k in ("PULSE_SERVER",)}
    if server is None:
        os.environ.pop("PULSE_SERVER", None)
    else:
        os.environ.update(server.env)
    refresh()
    return old


def restore_env(old: dict[str, str | None]) -> None:
    """Undo `use_server`."""
    from interviewer.audio.devices import refresh

    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    refresh()


def unavailable() -> str | None:
    """Why a private server cannot run here, with what to install (None: it can)."""
    if missing := missing_tools():
        return (f"PulseAudio not installed (missing {', '.join(missing)}); "
                "apt-get install pulseaudio pulseaudio-utils libasound2-plugins")
    try:
        import sounddevice  # noqa: F401
    except OSError as exc:
        return f"PortAudio library missing ({exc}); apt-get install libportaudio2"
    return None


@contextmanager
def private_server() -> Iterator[VirtualAudioServer]:
    """A started private server that is this process's default device until the block ends."""
    server = VirtualAudioServer().start()
    old = use_server(server)
    try:
        yield server
    finally:
        restore_env(old)
        server.stop()

"""No sound server, so no input device: a clear one-line error, and nothing created."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(Path("/dev/snd").exists(),
                                reason="this machine has a sound card, so it always has a device")


@pytest.fixture
def no_server_env(tmp_path) -> dict[str, str]:
    """An environment in which no PulseAudio server can be found (nor autospawned)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PULSE_SERVER", "XDG_RUNTIME_DIR")}
    conf = tmp_path / "client.conf"
    conf.write_text("autospawn = no\n")
    env.update(HOME=str(tmp_path), PULSE_CLIENTCONFIG=str(conf))
    return env


@pytest.mark.parametrize("command", [["devices"], ["mic-check"], ["mic-check", "--device", "0"]])
def test_cli_says_no_device_in_one_line(no_server_env, command):
    out = subprocess.run([sys.executable, "-m", "interviewer", *command], env=no_server_env,
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 3, out
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("interviewer: "), out.stderr
    assert "no audio input device" in lines[0] or "not found" in lines[0]
    assert "Traceback" not in out.stderr + out.stdout


def test_recorder_raises_before_creating_anything(no_server_env, tmp_path):
    session = tmp_path / "session"
    code = (
        "import sys\n"
        "from interviewer.audio.recorder import Recorder\n"
        "from interviewer.errors import AudioError\n"
        "try:\n"
        f"    Recorder({str(session)!r}, planned_seconds=60)\n"
        "except AudioError as exc:\n"
        "    print(exc)\n"
        "    sys.exit(3)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=no_server_env, capture_output=True,
                         text=True, timeout=60, check=False)
    assert out.returncode == 3 and "no audio input device found" in out.stdout, out
    assert not session.exists()

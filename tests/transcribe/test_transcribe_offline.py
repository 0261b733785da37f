"""Nothing leaves the machine: a > 30 s transcription under strace and without a network, and
nothing left behind in HOME or the temp folder (onnxruntime's telemetry, issue 16)."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CONNECT = re.compile(r"\b(connect|sendto|sendmsg)\(\d+, (.*)")


@pytest.fixture(scope="module")
def long_answer(audio_dir, tmp_path_factory) -> Path:
    """33 s of speech (two shared answers) as one WAV file."""
    import soundfile

    from interviewer.transcribe.audio_file import load_audio

    audio = np.concatenate([load_audio(audio_dir / f"answer-{n}.wav") for n in ("first-use", "relationships")])
    path = tmp_path_factory.mktemp("long") / "long-answer.wav"
    soundfile.write(str(path), audio, 16_000, subtype="PCM_16")
    assert audio.size / 16_000 > 30
    return path


def private_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a user whose HOME and temp folder are fresh and empty, no telemetry
    switches of their own (the app must set them)."""
    env = {k: v for k, v in os.environ.items() if k not in ("ORT_DISABLE_TELEMETRY", "DO_NOT_TRACK")}
    for name in ("home", "tmp"):
        (tmp_path / name).mkdir()
    env.update(HOME=str(tmp_path / "home"), TMPDIR=str(tmp_path / "tmp"), PYTHONPATH=str(ROOT))
    env.pop("XDG_CACHE_HOME", None)
    return env


def transcribe_cmd(audio: Path, out: Path) -> list[str]:
    """The command a user runs."""
    return [sys.executable, "-m", "interviewer", "transcribe", str(audio), "--out", str(out), "--force"]


def network_calls(trace: str) -> list[str]:
    """The traced connect/sendto/sendmsg calls that name an address outside AF_UNIX."""
    calls = [m[0] for line in trace.splitlines() if (m := CONNECT.search(line))]
    return [c for c in calls if "sa_family=" in c and "sa_family=AF_UNIX" not in c]


def left_behind(tmp_path: Path) -> list[str]:
    """Problems with what the run left in HOME and the temp folder."""
    problems = []
    if (tmp_path / "home" / ".cache" / "Microsoft").exists():
        problems.append("wrote ~/.cache/Microsoft")
    for folder in (tmp_path / "home", tmp_path / "tmp"):
        for path in folder.rglob("*"):
            mode = path.lstat().st_mode
            if stat.S_ISREG(mode) and mode & 0o077:
                problems.append(f"{path} is readable by others ({stat.filemode(mode)})")
    return problems


def test_network_check_sees_what_it_must():
    trace = (
        '12 connect(8, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT\n'
        '12 connect(8, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.53")}, 16) = 0\n'
        '13 sendto(9, "w*\\1\\0", 50, MSG_NOSIGNAL, NULL, 0) = 50\n'
    )
    assert len(network_calls(trace)) == 1 and "AF_INET" in network_calls(trace)[0]


def test_long_transcription_makes_no_network_call_and_leaves_nothing(long_answer, tmp_path):
    if not shutil.which("strace"):
        pytest.skip("strace is not installed (apt-get install strace)")
    trace_file, out = tmp_path / "trace", tmp_path / "out"
    cmd = ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace_file)]
    proc = subprocess.run(cmd + transcribe_cmd(long_answer, out), env=private_env(tmp_path),
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    if proc.returncode and "ptrace" in proc.stderr.lower():
        pytest.skip(f"strace cannot trace here: {proc.stderr.strip().splitlines()[-1]}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "sister" in (out / "long-answer.txt").read_text(encoding="utf-8").lower()
    assert network_calls(trace_file.read_text()) == []
    assert left_behind(tmp_path) == []


def test_long_transcription_works_without_a_network(long_answer, tmp_path):
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True) if shutil.which("unshare") else None
    if probe is None or probe.returncode:
        pytest.skip(f"unshare -n is not permitted here: {probe.stderr.strip() if probe else 'no unshare'}")
    out = tmp_path / "out"
    proc = subprocess.run(["unshare", "-n", *transcribe_cmd(long_answer, out)], env=private_env(tmp_path),
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "sister" in (out / "long-answer.txt").read_text(encoding="utf-8").lower()
    assert left_behind(tmp_path) == []


GUIDE = ROOT / "topic_guides" / "commuting.toml"


def _commands(tmp_path: Path):
    """Every kind of command a researcher or participant runs, each after the one that makes its input."""
    sessions, keys, kits, sealed = (tmp_path / n for n in ("sessions", "keys", "kits", "sealed"))
    answers = tmp_path / "answers.txt"
    answers.write_text("I take the train every morning, about forty minutes.\n" * 12, encoding="utf-8")
    yield ["--help"]
    yield ["guide", "check", str(GUIDE), "--strict"]
    yield ["guide", "show", str(GUIDE)]
    yield ["guide", "export", str(GUIDE), "--format", "html", "--out", str(tmp_path / "guide.html")]
    yield ["rehearse", str(GUIDE), "--answers", str(answers), "--sessions-dir", str(sessions)]
    yield ["sessions", "list", "--sessions-dir", str(sessions)]
    yield ["sessions", "export", "--all", "--format", "md", "csv", "xlsx", "docx", "qdpx",
           "--out", str(tmp_path / "exports"), "--sessions-dir", str(sessions)]
    yield ["models"]
    yield ["study", "keygen", "--out", str(keys)]
    yield ["study", "kit", str(GUIDE), "--recipient", str(keys / "research-team.pub.txt"),
           "--contact", "team@example.org", "--out", str(kits)]
    yield ["rehearse", "--kit", str(kits / "commuting.interviewkit"), "--answers", str(answers),
           "--sealed-out", str(sealed)]
    yield ["sessions", "import", *map(str, sealed.glob("*")), "--identity", str(keys / "research-team.key"),
           "--sessions-dir", str(tmp_path / "research")]
    yield ["run", str(GUIDE), "--mode", "self", "--sessions-dir", str(tmp_path / "app")]  # the app's first screen


def test_every_command_makes_no_network_call(tmp_path):
    if not shutil.which("strace"):
        pytest.skip("strace is not installed (apt-get install strace)")
    env = private_env(tmp_path)
    env["INTERVIEWER_EXIT_ON_READY"] = "1"  # the app opens its first screen, then leaves
    trace_file = tmp_path / "trace"
    for args in _commands(tmp_path):
        cmd = ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(trace_file),
               sys.executable, "-m", "interviewer", *args]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        if proc.returncode and "ptrace" in proc.stderr.lower():
            pytest.skip(f"strace cannot trace here: {proc.stderr.strip().splitlines()[-1]}")
        assert proc.returncode == 0, (args, proc.stderr[-1500:])
        assert network_calls(trace_file.read_text()) == [], args
    assert list((tmp_path / "research").iterdir())  # the kit's sealed session came back in
    assert left_behind(tmp_path) == []

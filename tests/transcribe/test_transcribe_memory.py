"""Running out of memory mid-transcription is a clear TranscriptionError, for real (rlimit)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import resource, sys
    import numpy as np
    from interviewer.errors import TranscriptionError
    from interviewer.transcribe import create_transcriber

    transcriber = create_transcriber(sys.argv[1], cpu_threads=1, cache_dir=sys.argv[2])
    transcriber.load()
    audio = np.random.default_rng(0).standard_normal(16000 * 3600).astype(np.float32) * 0.1
    used = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
    # an hour of audio needs far more than 150 MB more for its spectrogram
    resource.setrlimit(resource.RLIMIT_AS, (used + 150 * 2**20, resource.RLIM_INFINITY))
    try:
        transcriber.transcribe(audio)
    except TranscriptionError as exc:
        print("ERROR:", exc)
    """
)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses RLIMIT_AS and /proc")
@pytest.mark.parametrize("engine", ["faster-whisper", "openai-whisper"])
def test_out_of_memory_is_a_clear_error(engine, model_cache):
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, engine, str(model_cache)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.startswith("ERROR: out of memory while transcribing 3600 s of audio"), (
        run.stdout + run.stderr[-2000:]
    )

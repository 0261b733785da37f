"""The background TranscriptionQueue: order, offsets, errors, priority, drain and close."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest

from interviewer.errors import TranscriptionError
from interviewer.transcribe import (
    TranscriptionJob,
    TranscriptionQueue,
    create_transcriber,
)
from interviewer.transcribe.audio_file import load_audio

SHORT = ("answer-short", "answer-distress", "answer-guardrail")


class Collector:
    """Records what the queue delivers, and on which thread."""

    def __init__(self):
        self.results, self.errors, self.threads = [], [], set()

    def on_result(self, job, event):
        self.threads.add(threading.get_ident())
        self.results.append((job, event))

    def on_error(self, job, error):
        self.errors.append((job, error))


@pytest.fixture
def collector():
    """Gathers what a queue reports."""
    return Collector()


@pytest.mark.slow
def test_jobs_are_delivered_in_order_with_offsets(engines, clips, collector):
    queue = TranscriptionQueue(
        engines["faster-whisper"], collector.on_result, on_error=collector.on_error, clock=lambda: 99.0
    )
    offset = 0.0
    for i, name in enumerate(SHORT, start=1):
        audio = load_audio(clips[name].path)
        queue.submit(
            TranscriptionJob(
                f"audio/{name}.wav",
                audio=audio,
                offset=offset,
                prompt_id=i,
                initial_prompt=clips[name].prompt,
            )
        )
        offset += audio.size / 16000 + 5
    assert queue.drain(timeout=120) and queue.pending == 0
    assert queue.close(timeout=10)
    assert collector.errors == []
    assert [e.prompt_id for _, e in collector.results] == [1, 2, 3]
    assert [e.audio_file for _, e in collector.results] == [f"audio/{n}.wav" for n in SHORT]
    assert threading.get_ident() not in collector.threads
    for job, event in collector.results:
        assert event.type == "transcript" and event.elapsed == 99.0 and event.engine == "faster-whisper"
        assert event.segments and event.segments[0].start >= job.offset
        assert event.segments[-1].end <= job.offset + job.audio.size / 16000 + 1e-6
    assert "hopeless" in " ".join(s.text for s in collector.results[1][1].segments)


def test_a_failing_job_is_reported_and_later_jobs_still_run(engines, clips, tmp_path, collector):
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"nope")
    queue = TranscriptionQueue(engines["faster-whisper"], collector.on_result, on_error=collector.on_error)
    queue.submit(TranscriptionJob("broken.wav", path=bad))
    queue.submit(TranscriptionJob("empty", audio=np.zeros(0, np.float32)))
    queue.submit(TranscriptionJob("short.wav", path=clips["answer-short"].path, prompt_id=7))
    assert queue.drain(timeout=60)
    queue.close()
    assert [j.audio_file for j, _ in collector.errors] == ["broken.wav", "empty"]
    assert all(isinstance(e, TranscriptionError) for _, e in collector.errors)
    assert [e.prompt_id for _, e in collector.results] == [7]


def test_a_raising_callback_does_not_stop_the_worker(engines, collector):
    calls = []

    def explode(job, event):
        calls.append(job.audio_file)
        raise RuntimeError("store is full")

    queue = TranscriptionQueue(engines["faster-whisper"], explode)
    silence = np.zeros(16000, np.float32)
    queue.submit(TranscriptionJob("a", audio=silence))
    queue.submit(TranscriptionJob("b", audio=silence))
    assert queue.drain(timeout=30)
    queue.close()
    assert calls == ["a", "b"]


@pytest.mark.skipif(os.uname().sysname != "Linux", reason="per-thread priority is Linux-only")
def test_worker_runs_at_lower_priority_than_the_caller(engines, collector):
    queue = TranscriptionQueue(engines["faster-whisper"], collector.on_result, niceness=5)
    queue.submit(TranscriptionJob("s", audio=np.zeros(1600, np.float32)))
    assert queue.drain(timeout=30)
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert queue.worker_nice == min(19, own + 5)
    assert os.getpriority(os.PRIO_PROCESS, queue.worker_tid) == queue.worker_nice
    assert os.getpriority(os.PRIO_PROCESS, 0) == own  # the process (and the recorder) untouched
    queue.close()


def _thread_nice() -> dict[str, int]:
    """Niceness of every thread of this process, by thread id (from /proc)."""
    out = {}
    for tid in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{tid}/stat") as fh:
            stat = fh.read()
        out[tid] = int(stat[stat.rindex(")") + 2 :].split()[16])
    return out


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux /proc")
def test_preload_in_the_worker_puts_the_engine_threads_at_low_priority(clips, collector):
    before = set(_thread_nice())
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    transcriber = create_transcriber("faster-whisper", cpu_threads=2)
    queue = TranscriptionQueue(transcriber, collector.on_result, niceness=7)
    assert transcriber._model is None
    queue.preload()
    queue.submit(TranscriptionJob("short", path=clips["answer-short"].path))
    assert queue.drain(timeout=60)
    assert transcriber._model is not None and len(collector.results) == 1
    # CTranslate2's compute threads were created by the worker, so they inherited its niceness
    new = {tid: nice for tid, nice in _thread_nice().items() if tid not in before}
    assert len(new) >= 2 and all(nice >= min(19, own + 7) for nice in new.values()), new
    queue.close()


def test_closed_queue_refuses_jobs_and_bad_jobs_are_refused(engines, collector):
    queue = TranscriptionQueue(engines["faster-whisper"], collector.on_result)
    with pytest.raises(TranscriptionError, match="neither audio nor a path"):
        queue.submit(TranscriptionJob("nothing"))
    assert queue.close(timeout=5)
    with pytest.raises(TranscriptionError, match="closed"):
        queue.submit(TranscriptionJob("late", audio=np.zeros(10, np.float32)))


def test_close_finishes_queued_jobs_first(engines, clips, collector):
    queue = TranscriptionQueue(engines["faster-whisper"], collector.on_result)
    for i in range(3):
        queue.submit(TranscriptionJob(f"j{i}", path=clips["answer-short"].path, prompt_id=i))
    assert queue.close(timeout=60)
    assert [e.prompt_id for _, e in collector.results] == [0, 1, 2]

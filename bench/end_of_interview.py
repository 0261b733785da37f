"""Benchmark: how soon after the last answer is the whole transcript saved?

Simulates a 30-minute self-interview: a question is read (a pause), then an answer plays in
real time, accelerated by --speed; when an answer ends its audio goes to the
TranscriptionQueue (the model was preloaded when the session started), and each result is
appended to a JSON-lines file with fsync, as the session store would. The answers are the
shared synthetic answer WAVs (and the 58 s nurse answer), cycled; each is prompted with its
question and a glossary. Reported: the delay from the end of the last answer to the moment its
transcript (and so the complete transcript) is saved. Meanwhile a 20 ms "recorder" thread
measures how late it is woken, to show the recorder is not starved.

Acceleration only makes this harder: answers arrive --speed times faster than they would,
so any backlog from earlier answers still waits in the queue when the last one ends.

    python bench/end_of_interview.py                      # 30 min at x10: about 3 minutes
    python bench/end_of_interview.py --last nurse-answer-espeak --speed 20
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDIO = Path(os.environ.get("INTERVIEWER_SHARED", ROOT.parent / "shared")) / "audio"
QUESTIONS = {
    "answer-first-use": "When did you first use an AI chatbot, and what for?",
    "answer-relationships": "Did you talk to the chatbot about the people in your life?",
    "answer-guardrail": "Did the chatbot ever refuse or redirect you?",
    "answer-short": "How did it feel to talk to the chatbot?",
    "answer-distress": "What were the hardest moments?",
    "nurse-answer-espeak": "Tell me about your work as a nurse.",
}
GLOSSARY = ["chatbot", "AI", "therapist", "handover"]


class Recorder(threading.Thread):
    """Stands in for the audio callback: wakes every 20 ms and records how late it was."""

    def __init__(self, period: float = 0.02):
        super().__init__(daemon=True, name="recorder")
        self.period, self.lateness, self.stop = period, [], threading.Event()

    def run(self) -> None:
        """Wake every period and note how late each wake-up was."""
        due = time.perf_counter() + self.period
        while not self.stop.is_set():
            time.sleep(max(0.0, due - time.perf_counter()))
            self.lateness.append(time.perf_counter() - due)
            due += self.period


class Store:
    """Appends each transcript event as a JSON line and fsyncs, like the session journal."""

    def __init__(self, fh):
        self.fh = fh
        self.saved: dict[int, float] = {}

    def on_result(self, job, event) -> None:
        from interviewer.events import dump_event

        self.fh.write(dump_event(event) + "\n")
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.saved[event.prompt_id] = time.perf_counter()


def plan(minutes: float, pause: float, last: str | None) -> list[tuple[str, float]]:
    """(clip, start second) for each answer until the interview fills `minutes`."""
    import soundfile

    names = [n for n in QUESTIONS if n != "nurse-answer-espeak"] + ["nurse-answer-espeak"]
    lengths = {n: soundfile.info(str(AUDIO / f"{n}.wav")).duration for n in names}
    out, clock, i = [], 0.0, 0
    while True:
        name = names[i % len(names)]
        if clock + pause + lengths[name] > minutes * 60:
            break
        clock += pause
        out.append((name, clock))
        clock += lengths[name]
        i += 1
    if last:
        out[-1] = (last, out[-1][1])
    return out


def simulate(args) -> dict:
    """Run one interview; return the timings."""
    from interviewer.transcribe import (
        TranscriptionJob,
        TranscriptionQueue,
        build_prompt,
        create_transcriber,
    )
    from interviewer.transcribe.audio_file import load_audio

    answers = plan(args.minutes, args.pause, args.last)
    audio = {name: load_audio(AUDIO / f"{name}.wav") for name, _ in answers}
    transcriber = create_transcriber(args.engine, args.model, cpu_threads=args.threads)
    with (
        tempfile.TemporaryDirectory(prefix="bench-interview-") as tmp,
        open(Path(tmp) / "events.jsonl", "a", encoding="utf-8") as fh,
    ):
        store = Store(fh)
        queue = TranscriptionQueue(transcriber, store.on_result)
        recorder = Recorder()
        recorder.start()
        t0 = time.perf_counter()
        queue.preload()  # as the app does when the session starts
        for prompt_id, (name, start) in enumerate(answers, start=1):
            end = start + audio[name].size / 16000
            time.sleep(max(0.0, t0 + end / args.speed - time.perf_counter()))  # the answer is over
            prompt = build_prompt(GLOSSARY, QUESTIONS[name])
            queue.submit(
                TranscriptionJob(
                    f"audio/answer-{prompt_id}.flac",
                    audio=audio[name],
                    offset=start,
                    prompt_id=prompt_id,
                    initial_prompt=prompt,
                )
            )
        last_end = time.perf_counter()
        queue.drain()
        done = time.perf_counter()
        queue.close()
        recorder.stop.set()
        recorder.join()
        lines = (Path(tmp) / "events.jsonl").read_text().splitlines()
    late = sorted(recorder.lateness)
    return {
        "answers": len(answers),
        "interview_minutes": round((answers[-1][1] + audio[answers[-1][0]].size / 16000) / 60, 1),
        "audio_minutes": round(sum(audio[n].size for n, _ in answers) / 16000 / 60, 1),
        "last_answer": answers[-1][0],
        "last_answer_seconds": round(audio[answers[-1][0]].size / 16000, 1),
        "delay_s": round(done - last_end, 2),
        "saved_events": len(lines),
        "recorder_late_p99_ms": round(late[int(len(late) * 0.99)] * 1000, 1),
        "recorder_late_max_ms": round(late[-1] * 1000, 1),
        "engine": transcriber.engine_name,
        "model": transcriber.model_name,
    }


def main() -> int:
    """Simulate the interview(s) and print the delay."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=30, help="length of the interview (default 30)")
    parser.add_argument("--speed", type=float, default=10, help="time acceleration (default x10)")
    parser.add_argument(
        "--pause", type=float, default=8, help="seconds a question takes before each answer (default 8)"
    )
    parser.add_argument(
        "--last", choices=sorted(QUESTIONS), help="which clip the last answer is (default: as cycled)"
    )
    parser.add_argument("--engine", default="auto", choices=["auto", "faster-whisper", "openai-whisper"])
    parser.add_argument("--model", help="model name or path (default: built-in tiny.en)")
    parser.add_argument("--threads", type=int, default=2, help="CPU threads for transcription (default 2)")
    parser.add_argument("--runs", type=int, default=1, help="interviews to simulate (median reported)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    results = []
    for run in range(args.runs):
        results.append(simulate(args))
        print(f"run {run + 1}: " + ", ".join(f"{k}={v}" for k, v in results[-1].items()), flush=True)
    delay = statistics.median(r["delay_s"] for r in results)
    verdict = "met" if delay < 5 else "NOT met"
    print(
        f"\ndelay from the end of the last answer to the complete transcript saved: median {delay:.2f} s over {args.runs} run(s) (target < 5 s: {verdict}); {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    if args.json:
        args.json.write_text(json.dumps({"runs": results, "median_delay_s": delay}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: how soon after someone stops speaking is the complete answer text saved?

Real speech from ../shared/audio plays in real time through the PulseAudio virtual microphone
(`interviewer.audio.virtual_device`) into the running pipeline the app uses: the Recorder, its
tap, the live transcriber (VAD cuts utterances as the audio arrives; each is transcribed as it
ends, the one in progress as the worker has time). The answer is ended `--key-after` seconds
after the speech (the key press). Per answer length (2, 15, 60, 120 s; the long ones are clips
joined with 2 s pauses) and mode, the median over `--runs` of:

- "conduct": one continuous recording, `LiveTranscriber.finish` as the conduct screen calls it;
- "self": one file per take, through `interviewer.live.take.LiveTake` as the self-interview
  calls it (tap made before the take starts, the take's own audio only, and the take's file
  checked for voiced stretches the stream left out before the transcript is returned);

- delay: end of speech -> the complete answer text saved (finish() returned);
- trail: the longest any stretch of speech waited before live text (partial or final) covered it;
- the baseline, measured in the same run: transcribing the recorded answer in one go once it
  is over, as the app did before (it also waited 3 s of silence first, not counted here);
- word error rate of the streamed text and of that one-go transcript of the same recording.

    python bench/live_latency.py --quick            # 2 s and 15 s, both modes: about a minute
    python bench/live_latency.py --runs 3 --json live.json
    python bench/live_latency.py --lengths 60,120 --runs 2
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

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
AUDIO = Path(os.environ.get("INTERVIEWER_SHARED", ROOT.parent / "shared")) / "audio"
GLOSSARY = ["chatbot", "AI", "therapist", "handover"]
QUESTION = "Could you tell me about that?"
LENGTHS = {2: ["answer-short"], 15: ["answer-first-use"], 60: ["nurse-answer-espeak"],
           120: ["nurse-answer-espeak", "answer-relationships", "answer-first-use", "answer-guardrail",
                 "answer-distress"]}
PAUSE = 2.0
FINISH_TIMEOUT = 600.0  # a loaded machine is slow, never wrong: wait for every text


def build_answer(names: list[str], folder: Path, key_after: float) -> tuple[Path, str, float]:
    """The clips joined with pauses, then `key_after` s of quiet: (wav, reference, speech seconds)."""
    import soundfile as sf

    parts, refs = [], []
    for i, name in enumerate(names):
        audio, rate = sf.read(str(AUDIO / f"{name}.wav"), dtype="int16")
        assert rate == 16000
        parts += [np.zeros(int(PAUSE * rate), np.int16)] if i else []
        parts.append(audio)
        refs.append((AUDIO / f"{name}.txt").read_text(encoding="utf-8").strip())
    speech = np.concatenate(parts)
    path = folder / f"answer-{len(speech) // 16000}s.wav"
    sf.write(str(path), np.concatenate([speech, np.zeros(int(key_after * 16000), np.int16)]), 16000,
             subtype="PCM_16")
    return path, " ".join(refs), len(speech) / 16000


class TimedTap:
    """A recorder's tap that notes when each recording position arrived (for the self mode)."""

    def __init__(self, tap):
        self.tap, self.arrived = tap, []

    def get(self, timeout=None):
        """The next block, noted."""
        block = self.tap.get(timeout)
        if block is not None:
            self.arrived.append((block.position + len(block.audio) / block.rate, time.monotonic()))
        return block

    @property
    def missed_frames(self) -> int:
        """Frames the tap dropped."""
        return self.tap.missed_frames

    def close(self) -> None:
        """Close the tap."""
        self.tap.close()

    def wall(self, position: float) -> float:
        """When the recording reached `position`."""
        return arrival(self.arrived, position)


class Feeder:
    """Reads the recorder's tap for the live transcriber, noting when each position arrived."""

    def __init__(self, live, tap):
        self.live, self.tap, self.arrived = live, tap, []  # (recording position, wall time)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (block := self.tap.get()) is not None:
            self.live.feed(block.audio, block.rate, block.position)
            self.arrived.append((block.position + len(block.audio) / block.rate, time.monotonic()))

    def wall(self, position: float) -> float:
        """When the recording reached `position`."""
        return arrival(self.arrived, position)


def arrival(arrived: list[tuple[float, float]], position: float) -> float:
    """The wall time the recording reached `position`, from (position, wall time) notes."""
    return float(np.interp(position, [p for p, _ in arrived], [w for _, w in arrived]))


def trail(texts: list[tuple[float, object]], feeder: Feeder) -> float:
    """The longest wait of any speech (inside an utterance) for live text that covers it."""
    finals = [t for _, t in texts if t.kind == "final"]
    worst = 0.0
    for final in finals:
        for s in np.arange(final.start, final.end, 0.1):
            shown = min((w for w, t in texts if t.end >= s and t.start <= s), default=None)
            if shown is not None:
                worst = max(worst, shown - feeder.wall(s))
    return worst


def run_self(server, engine, wav: Path, reference: str, speech_s: float, key_after: float,
             folder: Path, wer, niceness: int) -> dict:
    """Play one answer into a self-interview take, heard as the app hears it; measure as run_case."""
    from interviewer.audio.recorder import Recorder
    from interviewer.live import LiveSettings
    from interviewer.live.take import LiveTake

    texts: list[tuple[float, object]] = []
    recorder = Recorder(folder, style="answers").start()
    try:
        while recorder.level is None:
            time.sleep(0.05)
        tap = TimedTap(recorder.tap())
        begin = recorder.start_answer()
        take = LiveTake(engine, tap, begin, on_text=lambda text: None, question=QUESTION, language="en",
                        glossary=GLOSSARY, settings=LiveSettings(niceness=niceness))
        shown = take.live._on_text  # noted as well as shown, for the trail
        take.live._on_text = lambda t: (texts.append((time.monotonic(), t)), shown(t))
        server.play(wav).wait()
        key = time.monotonic()
        clip = recorder.stop_answer()
        result = take.finish(clip.end, folder / clip.audio_file, 0.0, timeout=FINISH_TIMEOUT)
        delay = time.monotonic() - (key - key_after)
    finally:
        recorder.stop()
    text = result.text if result is not None else ""
    if result is None:
        print("  the take fell back to transcribing its file (the stream missed audio)", flush=True)
    return {"mode": "self", "answer_s": round(speech_s, 1), "delay_s": delay, "trail_s": trail(texts, tap),
            **one_go(engine, folder, reference, text, wer)}


def one_go(engine, folder: Path, reference: str, text: str, wer) -> dict:
    """The baseline: transcribing the recording at once after the answer; both word error rates."""
    from interviewer.transcribe import build_prompt
    from interviewer.transcribe.audio_file import load_audio

    recorded = np.concatenate([load_audio(f) for f in sorted((folder / "audio").glob("*.wav"))])
    began = time.monotonic()
    whole = engine.transcribe(recorded, language="en", initial_prompt=build_prompt(GLOSSARY, QUESTION)).text
    return {"baseline_s": time.monotonic() - began, "wer_stream": wer(reference, text),
            "wer_one_go": wer(reference, whole)}


def run_case(server, engine, mode: str, wav: Path, reference: str, speech_s: float, key_after: float,
             folder: Path, wer, niceness: int) -> dict:
    """Play one answer into the pipeline; measure delay, trail, baseline and WER."""
    if mode == "self":
        return run_self(server, engine, wav, reference, speech_s, key_after, folder, wer, niceness)
    from interviewer.audio.recorder import Recorder
    from interviewer.live import LiveSettings, LiveTranscriber

    texts: list[tuple[float, object]] = []
    recorder = Recorder(folder, style="session").start()
    live = LiveTranscriber(engine, on_text=lambda t: texts.append((time.monotonic(), t)), language="en",
                           glossary=GLOSSARY, settings=LiveSettings(niceness=niceness))
    feeder = Feeder(live, recorder.tap())
    try:
        while recorder.level is None:
            time.sleep(0.05)
        live.start(QUESTION, prompt_id=1, at=recorder.position)
        server.play(wav).wait()
        key = time.monotonic()
        text = live.finish(until=recorder.position, timeout=FINISH_TIMEOUT)
        delay = time.monotonic() - (key - key_after)
    finally:
        recorder.stop()
        live.close()
    return {"mode": mode, "answer_s": round(speech_s, 1), "delay_s": delay, "trail_s": trail(texts, feeder),
            **one_go(engine, folder, reference, text, wer)}


def main() -> None:
    """Run the cases and print (and optionally save) the medians."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="2 s and 15 s answers only")
    ap.add_argument("--lengths", help="answer lengths to run, e.g. 60,120 (of 2, 15, 60, 120)")
    ap.add_argument("--runs", type=int, default=3, help="runs per case (median reported)")
    ap.add_argument("--modes", default="conduct,self")
    ap.add_argument("--key-after", type=float, default=0.5, help="seconds from the end of speech to the key")
    ap.add_argument("--worker-nice", type=int, default=5,
                    help="niceness added to the live worker (the app's: 5; 0 competes evenly with other programs)")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args()

    import jiwer
    from whisper.normalizers import EnglishTextNormalizer

    from interviewer.audio.virtual_device import VirtualAudioServer, use_server
    from interviewer.transcribe import create_transcriber
    from interviewer.transcribe.queue import lower_thread_priority

    normalise = EnglishTextNormalizer()
    wer = lambda ref, hyp: jiwer.wer(normalise(ref), normalise(hyp))  # noqa: E731
    engine = create_transcriber("faster-whisper", None, cpu_threads=2, allow_download=False)
    # loaded on a lower-priority thread, as the app does, so its compute threads are niced too
    loader = threading.Thread(target=lambda: (lower_thread_priority(5), engine.load()))
    loader.start()
    loader.join()
    lengths = [int(n) for n in args.lengths.split(",")] if args.lengths else [2, 15] if args.quick else list(LENGTHS)
    load_before = os.getloadavg()
    cases = []
    with tempfile.TemporaryDirectory() as tmp, VirtualAudioServer() as server:
        use_server(server)
        tmp = Path(tmp)
        for length in lengths:
            wav, reference, speech_s = build_answer(LENGTHS[length], tmp, args.key_after)
            for mode in args.modes.split(","):
                runs = [run_case(server, engine, mode, wav, reference, speech_s, args.key_after,
                                 tmp / f"{mode}-{length}-{i}", wer, args.worker_nice) for i in range(args.runs)]
                for r in runs:
                    print(f"  run: delay {r['delay_s']:.2f} s, trail {r['trail_s']:.2f} s, "
                          f"WER {r['wer_stream']:.1%}", flush=True)
                case = {key: statistics.median(r[key] for r in runs) if key not in ("mode",) else mode
                        for key in runs[0]}
                case["runs"] = len(runs)
                cases.append(case)
                print(f"{mode:8} {case['answer_s']:6.1f} s answer: delay {case['delay_s']:.2f} s "
                      f"(one-go after the end {case['baseline_s']:.2f} s, x{case['baseline_s'] / case['delay_s']:.1f}), "
                      f"trail {case['trail_s']:.2f} s, WER streamed {case['wer_stream']:.1%} "
                      f"vs one go {case['wer_one_go']:.1%}", flush=True)
    load = {"cores": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": os.getloadavg(),
            "process_nice": os.nice(0), "worker_nice_added": args.worker_nice}
    print(f"load average {load_before[0]:.1f} -> {load['loadavg_after'][0]:.1f} on {os.cpu_count()} cores")
    if args.json:
        args.json.write_text(json.dumps({"cases": cases, "load": load}, indent=2))


if __name__ == "__main__":
    main()

"""Hard speech for the transcription tests and bench: whispered, soft and paused interview answers.

Made on the spot from espeak-ng's whisper voices (`en+whisper`, `en-us+whisperf`) and from the
shared clips turned down to -30 dB, each with long pauses and a faint noise floor (seeded, so
every run gets the same samples). Two sets: "tuning" (what the VAD and coverage settings were
chosen on) and "held-out" (never looked at while tuning: other texts, other shared clips).

    python bench/hard_speech.py OUT_DIR      # write NAME.wav + NAME.txt for every clip
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16_000
PAUSE_S = 1.8  # between sentences: long enough for a VAD to close a region
NOISE_DBFS = -66.0  # a quiet room through a decent microphone
QUIET_DB = -30.0

# Interview-style sentences, none of them in shared/audio.
TUNING_TEXTS = {
    "whisper-worry": [
        "I never told anyone about the panic attacks.",
        "It was easier to type it out at night than to say it to my doctor.",
    ],
    "whisper-family": [
        "My brother does not know that I use it.",
        "He would think it is strange, talking to a machine about feelings.",
    ],
    "whisperf-loss": [
        "After my mother died I stopped sleeping properly.",
        "The chatbot was there at three in the morning when nobody else was.",
    ],
    "whisperf-work": [
        "I was afraid my manager would find out.",
        "So I kept everything on my phone and deleted the messages every week.",
    ],
}
HELD_OUT_TEXTS = {
    "whisperf-money": [
        "We were behind on the rent for most of that winter.",
        "I could not talk to my partner about it without us both getting angry.",
    ],
    "whisper-school": [
        "At school I was the quiet one who never asked for help.",
        "Writing to something that could not judge me made it easier to start.",
    ],
}
# Shared clips turned down to -30 dB, two joined by a pause.
TUNING_QUIET = {
    "quiet-jfk-first-use": ["jfk.flac", "answer-first-use.wav"],
    "quiet-guardrail-distress": ["answer-guardrail.wav", "answer-distress.wav"],
}
HELD_OUT_QUIET = {"quiet-relationships-short": ["answer-relationships.wav", "answer-short.wav"]}
VOICES = {"whisper": "en+whisper", "whisperf": "en-us+whisperf"}


@dataclass(frozen=True)
class HardClip:
    """One clip of the hard set: its samples (16 kHz mono float32), reference text and set."""

    name: str
    audio: np.ndarray
    reference: str
    held_out: bool


def available(shared_audio: Path) -> str | None:
    """Why the hard set cannot be made here, or None when it can."""
    if not shutil.which("espeak-ng"):
        return "espeak-ng is not installed (apt-get install espeak-ng)"
    if not shared_audio.is_dir():
        return f"the shared clips are absent ({shared_audio})"
    return None


def speak(text: str, voice: str) -> np.ndarray:
    """espeak-ng's speech for `text` in `voice`, at 16 kHz."""
    from interviewer.transcribe.audio_file import load_audio

    with tempfile.TemporaryDirectory(prefix="hard-speech-") as tmp:
        wav = Path(tmp) / "speech.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(wav), text], check=True)
        return load_audio(wav)


def with_pauses(parts: list[np.ndarray], seed: int) -> np.ndarray:
    """The parts with a pause before, between and after them, over a faint seeded noise floor,
    in 16-bit steps as the recorder writes them (so the samples are the same as in a WAV file)."""
    pause = np.zeros(int(PAUSE_S * SAMPLE_RATE), dtype=np.float32)
    audio = np.concatenate([pause] + [x for part in parts for x in (part, pause)])
    noise = np.random.default_rng(seed).standard_normal(audio.size).astype(np.float32)
    audio = audio + noise * 10 ** (NOISE_DBFS / 20)
    return (np.round(np.clip(audio, -1, 32767 / 32768) * 32768) / 32768).astype(np.float32)


def whispered(name: str, sentences: list[str], held_out: bool, seed: int) -> HardClip:
    """Whispered sentences in the voice the clip's name starts with."""
    voice = VOICES[name.split("-")[0]]
    audio = with_pauses([speak(s, voice) for s in sentences], seed)
    return HardClip(name, audio, " ".join(sentences), held_out)


def quiet(name: str, files: list[str], shared_audio: Path, held_out: bool, seed: int) -> HardClip:
    """Shared clips, each peak-normalised then turned down to QUIET_DB, joined by pauses."""
    from interviewer.transcribe.audio_file import load_audio

    parts = []
    for f in files:
        x = load_audio(shared_audio / f)
        parts.append(x / max(np.abs(x).max(), 1e-9) * 10 ** (QUIET_DB / 20))
    reference = " ".join((shared_audio / f).with_suffix(".txt").read_text(encoding="utf-8").strip() for f in files)
    return HardClip(name, with_pauses(parts, seed), reference, held_out)


def hard_clips(shared_audio: Path) -> list[HardClip]:
    """Every clip of the hard set, tuning ones first."""
    clips, seed = [], 0
    for texts, held in ((TUNING_TEXTS, False), (HELD_OUT_TEXTS, True)):
        for name, sentences in texts.items():
            clips.append(whispered(name, sentences, held, seed := seed + 1))
    for sets, held in ((TUNING_QUIET, False), (HELD_OUT_QUIET, True)):
        for name, files in sets.items():
            clips.append(quiet(name, files, shared_audio, held, seed := seed + 1))
    return sorted(clips, key=lambda c: c.held_out)


def write(clips: list[HardClip], out: Path) -> list[Path]:
    """NAME.wav (16-bit PCM) and NAME.txt for each clip; the wav paths."""
    import soundfile

    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for clip in clips:
        path = out / f"{clip.name}.wav"
        pcm = np.round(clip.audio * 32768).astype(np.int16)  # exact: the samples are 16-bit steps
        soundfile.write(str(path), pcm, SAMPLE_RATE, subtype="PCM_16")
        path.with_suffix(".txt").write_text(clip.reference + "\n", encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    shared = Path(__file__).resolve().parent.parent.parent / "shared" / "audio"
    for p in write(hard_clips(shared), Path(sys.argv[1])):
        print(p)

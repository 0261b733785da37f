"""Transcript files beside an audio file: NAME.txt, NAME.json and NAME.srt, written atomically."""

from __future__ import annotations

import json
from pathlib import Path

from interviewer.fileio import atomic_write, make_private_dir
from interviewer.transcribe.result import TranscriptResult, low_confidence

FORMAT = "interviewer-transcript"
FORMAT_VERSION = 1
SUFFIXES = (".txt", ".json", ".srt")


def atomic_write_text(path: Path, text: str) -> None:
    """Write text to path atomically (temp file, fsync, rename), mode 0600, in a 0700 folder."""
    make_private_dir(path.parent)
    atomic_write(path, text)


def output_paths(audio: Path, out_dir: Path | None = None) -> dict[str, Path]:
    """The three output files for an audio file, keyed by suffix."""
    folder = out_dir if out_dir is not None else audio.parent
    return {suffix: folder / (audio.stem + suffix) for suffix in SUFFIXES}


def source_info(audio: Path) -> dict:
    """What identifies the input file's version: name, size and modification time."""
    st = audio.stat()
    return {"file": audio.name, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def is_done(audio: Path, out_dir: Path | None = None, model: str | None = None) -> bool:
    """True when all outputs exist and the json records this very input (and model, if given)."""
    paths = output_paths(audio, out_dir)
    if not all(p.is_file() for p in paths.values()):
        return False
    try:
        data = json.loads(paths[".json"].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("source") != source_info(audio):
        return False
    return model is None or data.get("model") == model


def _srt_time(seconds: float) -> str:
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def to_srt(result: TranscriptResult) -> str:
    """SubRip subtitles, one cue per segment."""
    cues = [
        f"{i}\n{_srt_time(s.start)} --> {_srt_time(s.end)}\n{s.text.strip()}\n"
        for i, s in enumerate(result.segments, start=1)
    ]
    return "\n".join(cues)


def to_txt(result: TranscriptResult) -> str:
    """Plain text, one segment a line (empty for an empty transcript)."""
    return "".join(s.text.strip() + "\n" for s in result.segments)


def to_json(result: TranscriptResult, audio: Path) -> str:
    """The full transcript with word timings, confidence and a low-confidence flag per segment."""
    segments = [s.model_dump() | {"low_confidence": low_confidence(s)} for s in result.segments]
    data = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "source": source_info(audio),
        "engine": result.engine,
        "model": result.model,
        "language": result.language,
        "duration": round(result.duration, 3),
        "processing_seconds": round(result.processing_seconds, 3),
        "notes": result.notes,
        "segments": segments,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_outputs(result: TranscriptResult, audio: Path, out_dir: Path | None = None) -> dict[str, Path]:
    """Write NAME.txt, NAME.srt and then NAME.json (the json last: it marks the file done)."""
    paths = output_paths(audio, out_dir)
    atomic_write_text(paths[".txt"], to_txt(result))
    atomic_write_text(paths[".srt"], to_srt(result))
    atomic_write_text(paths[".json"], to_json(result, audio))
    return paths

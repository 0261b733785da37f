"""WAV repair after a crash, the crash-safe segment writer, and the FLAC archive."""

from __future__ import annotations

import os
import stat
import struct

import numpy as np
import pytest
import soundfile as sf

from interviewer.audio.repair import archive_flac, repair_folder, repair_wav
from interviewer.audio.wavfile import PLACEHOLDER, WavSegment, wav_header
from interviewer.errors import AudioError

RATE = 16000


def noise(frames: int, channels: int = 2, seed: int = 0) -> np.ndarray:
    """Deterministic int16 audio."""
    return np.random.default_rng(seed).integers(-20000, 20000, (frames, channels), dtype=np.int16)


@pytest.mark.parametrize("declared", [PLACEHOLDER, 0, 400])
def test_repair_uses_the_file_size_and_drops_the_partial_frame(tmp_path, declared):
    audio = noise(1000)
    path = tmp_path / "r.wav"
    path.write_bytes(wav_header(RATE, 2, declared) + audio.tobytes() + b"\x07\x07\x07")
    result = repair_wav(path)
    assert result.status == "repaired" and result.frames == 1000 and result.dropped_bytes == 3
    data, rate = sf.read(str(path), dtype="int16")
    assert rate == RATE
    np.testing.assert_array_equal(data, audio)
    assert repair_wav(path).status == "ok"  # idempotent


def test_a_good_file_with_a_chunk_after_the_data_is_left_alone(tmp_path):
    audio = noise(100).tobytes()
    listchunk = b"LIST" + struct.pack("<I", 4) + b"INFO"
    body = wav_header(RATE, 2, len(audio))[12:] + audio + listchunk
    path = tmp_path / "list.wav"
    path.write_bytes(b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body)
    before = path.read_bytes()
    assert repair_wav(path).status == "ok"
    assert path.read_bytes() == before


def test_unusable_files_are_reported_not_touched(tmp_path):
    (tmp_path / "empty.wav").write_bytes(b"")
    (tmp_path / "junk.wav").write_bytes(b"not a wav at all")
    (tmp_path / ".rec-0009.wav.tmp").write_bytes(wav_header(RATE, 1))
    results = {os.path.basename(r.path): r.status for r in repair_folder(tmp_path)}
    assert results == {"empty.wav": "empty", "junk.wav": "unreadable"}
    assert not (tmp_path / ".rec-0009.wav.tmp").exists()
    assert (tmp_path / "junk.wav").read_bytes() == b"not a wav at all"


def test_segment_writer_keeps_the_header_current_after_sync(tmp_path):
    path = tmp_path / "seg.wav"
    seg = WavSegment(path, RATE, 2)
    assert path.stat().st_size == 44 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sf.info(str(path)).frames in (0, (PLACEHOLDER // 4))  # placeholder until synced
    audio = noise(RATE)
    seg.write(audio[:8000])
    seg.sync()
    # A crash now leaves a file that reads correctly even without repair.
    np.testing.assert_array_equal(sf.read(str(path), dtype="int16")[0], audio[:8000])
    seg.write(audio[8000:])
    seg.close()
    seg.close()
    np.testing.assert_array_equal(sf.read(str(path), dtype="int16")[0], audio)
    assert not list(tmp_path.glob(".*.tmp"))


def test_archive_flac_is_lossless_and_atomic(tmp_path):
    parts = [noise(5000, seed=1), noise(3000, seed=2)]
    paths = []
    for i, part in enumerate(parts):
        paths.append(tmp_path / f"rec-{i:04d}.wav")
        sf.write(str(paths[-1]), part, RATE, subtype="PCM_16")
    out = archive_flac(paths, tmp_path / "recording.flac")
    data, rate = sf.read(str(out), dtype="int16")
    assert rate == RATE and sf.info(str(out)).format == "FLAC"
    np.testing.assert_array_equal(data, np.concatenate(parts))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.stat().st_size < sum(p.stat().st_size for p in paths)


def test_archive_flac_refuses_mixed_formats(tmp_path):
    sf.write(str(tmp_path / "a.wav"), noise(100), RATE, subtype="PCM_16")
    sf.write(str(tmp_path / "b.wav"), noise(100), 48000, subtype="PCM_16")
    with pytest.raises(AudioError, match="differs"):
        archive_flac([tmp_path / "a.wav", tmp_path / "b.wav"], tmp_path / "x.flac")
    with pytest.raises(AudioError, match="no audio"):
        archive_flac([], tmp_path / "x.flac")
    assert not list(tmp_path.glob("*.flac")) and not list(tmp_path.glob(".*tmp"))

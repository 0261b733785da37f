"""CTranslate2 -> openai-whisper conversion: equivalent weights, cached once, corrupt input refused."""

from __future__ import annotations

import json
import shutil
import struct

import numpy as np
import pytest

from interviewer.errors import TranscriptionError
from interviewer.transcribe.ct2_convert import (
    ensure_checkpoint,
    read_alignment_heads,
    read_ct2_variables,
)
from interviewer.transcribe.models import builtin_model_dir
from interviewer.transcribe.openai_engine import (
    OpenAIWhisperEngine,
    load_checkpoint_model,
)


@pytest.fixture(scope="module")
def builtin():
    """The built-in model's folder."""
    return builtin_model_dir()


def test_checkpoint_is_cached_and_not_rebuilt(builtin, tmp_path):
    first = ensure_checkpoint(builtin, tmp_path, "tiny.en")
    assert first.converted and first.path.is_file()
    assert first.path.name.startswith("tiny.en-from-ct2-") and first.path.suffix == ".pt"
    assert oct(first.path.stat().st_mode & 0o777) == "0o600"
    stamp = first.path.stat().st_mtime_ns
    second = ensure_checkpoint(builtin, tmp_path, "tiny.en")
    assert not second.converted and second.path == first.path
    assert second.path.stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [first.path.name]  # no temp files left


def test_engine_reuses_the_cached_conversion(engines, model_cache):
    engines["openai-whisper"].load()
    again = OpenAIWhisperEngine(None, cpu_threads=2, cache_dir=model_cache)
    again.load()
    assert again.converted is False and again.checkpoint == engines["openai-whisper"].checkpoint


def test_checkpoint_has_whisper_tiny_en_dims_and_alignment_heads(engines, builtin):
    engines["openai-whisper"].load()
    model = load_checkpoint_model(engines["openai-whisper"].checkpoint)
    dims = model.dims
    assert (dims.n_mels, dims.n_audio_ctx, dims.n_text_ctx, dims.n_vocab) == (80, 1500, 448, 51864)
    assert (dims.n_audio_state, dims.n_audio_head, dims.n_audio_layer, dims.n_text_layer) == (384, 6, 4, 4)
    assert not model.is_multilingual
    heads = read_alignment_heads(builtin)
    assert heads and sorted(map(list, model.alignment_heads.indices().T.tolist())) == sorted(heads)


def test_weights_match_the_ctranslate2_source(engines, builtin):
    import torch

    engines["openai-whisper"].load()
    sd = torch.load(engines["openai-whisper"].checkpoint, weights_only=True)["model_state_dict"]
    src = read_ct2_variables(builtin / "model.bin")
    qkv = src["decoder/layer_2/self_attention/linear_0/weight"]
    assert np.array_equal(sd["decoder.blocks.2.attn.key.weight"].numpy(), qkv[384:768])
    kv = src["decoder/layer_1/attention/linear_1/weight"]
    assert np.array_equal(sd["decoder.blocks.1.cross_attn.value.weight"].numpy(), kv[384:])
    assert np.array_equal(sd["encoder.ln_post.weight"].numpy(), src["encoder/layer_norm/gamma"])
    assert not np.any(src["encoder/layer_0/self_attention/linear_0/bias"][384:768])  # key bias: zeros
    assert "encoder.blocks.0.attn.key.bias" not in sd


def _copy_model(builtin, dest):
    dest.mkdir()
    for f in builtin.iterdir():
        if f.name != "model.bin":
            shutil.copy(f, dest / f.name)
    return dest


@pytest.mark.parametrize("engine", ["faster-whisper", "openai-whisper"])
def test_truncated_model_is_a_clear_error(engine, builtin, tmp_path):
    from interviewer.transcribe import create_transcriber

    folder = _copy_model(builtin, tmp_path / "broken")
    with open(builtin / "model.bin", "rb") as src:
        (folder / "model.bin").write_bytes(src.read(20_000_000))
    transcriber = create_transcriber(engine, str(folder), cache_dir=tmp_path / "cache")
    with pytest.raises(TranscriptionError, match="corrupt"):
        transcriber.load()
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (struct.pack("<I", 5), "binary version 5"),
        (struct.pack("<IH", 6, 12) + b"BertSpec\0\0\0\0", "not Whisper"),
        (b"\x06\0", "truncated"),
    ],
)
def test_foreign_or_damaged_model_bin_is_refused(header, message, tmp_path):
    path = tmp_path / "model.bin"
    path.write_bytes(header)
    with pytest.raises(TranscriptionError, match=message):
        read_ct2_variables(path)


def test_damaged_cache_entry_is_rebuilt(builtin, tmp_path):
    first = ensure_checkpoint(builtin, tmp_path, "tiny.en")
    first.path.write_bytes(b"not a checkpoint")
    engine = OpenAIWhisperEngine(None, cpu_threads=2, cache_dir=tmp_path)
    engine.load()
    assert engine.converted is True and engine.checkpoint.stat().st_size > 70_000_000


def test_alignment_heads_read_from_config(builtin, tmp_path):
    assert read_alignment_heads(builtin)[0] == [1, 0]
    (tmp_path / "config.json").write_text(json.dumps({"lang_ids": []}))
    assert read_alignment_heads(tmp_path) is None

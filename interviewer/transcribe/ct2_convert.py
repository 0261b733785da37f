"""Convert CTranslate2 Whisper weights (model.bin) into an openai-whisper checkpoint, cached once.

The binary layout follows CTranslate2's `specs/model_spec.py` (binary version 6) and the variable
names its `converters/transformers.py` WhisperLoader writes; see
`../shared/notes/whisper-offline.md`. The checkpoint is `{"dims", "model_state_dict"}` as
`whisper.load_model` expects, plus `alignment_heads` (from config.json) and `source` (what it
was built from), which our loader applies and checks.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interviewer.errors import TranscriptionError

BINARY_VERSION = 6
_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16, 5: "bfloat16"}
_LAYER = re.compile(r"^(encoder|decoder)/layer_(\d+)/")


@dataclass(frozen=True)
class ConvertedCheckpoint:
    """Where the converted checkpoint lies and whether this call had to build it."""

    path: Path
    converted: bool


class _Reader:
    """Sequential little-endian reader over a model.bin file (each read is its own buffer)."""

    def __init__(self, fh, name: str):
        self.fh, self.name = fh, name

    def take(self, n: int) -> bytearray:
        buf = bytearray(n)
        got = self.fh.readinto(buf)
        if got != n:
            raise TranscriptionError(
                f"model file {self.name} is truncated or corrupt (ends {n - got} bytes early)"
            )
        return buf

    def unpack(self, fmt: str):
        return struct.unpack("<" + fmt, self.take(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        # the length counts a trailing NUL
        length = self.unpack("H")
        return bytes(self.take(length))[:-1].decode("utf-8", errors="replace")


def _decode(raw: bytearray, dtype_id: int, dims: list[int], name: str) -> np.ndarray:
    """Turn one variable's bytes into a numpy array of its shape (sharing the buffer)."""
    dtype = _DTYPES.get(dtype_id)
    if dtype is None:
        raise TranscriptionError(f"model file {name} has an unknown data type {dtype_id}")
    try:
        if dtype == "bfloat16":
            halves = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            return halves.view(np.float32).reshape(dims)
        return np.frombuffer(raw, dtype=np.dtype(dtype).newbyteorder("<")).reshape(dims)
    except ValueError:
        raise TranscriptionError(
            f"model file {name} is corrupt (a variable's size does not match its shape)"
        ) from None


def read_ct2_variables(model_bin: Path) -> dict[str, np.ndarray]:
    """Read every variable (and alias) of a CTranslate2 model.bin into numpy arrays."""
    try:
        with open(model_bin, "rb") as fh:
            return _parse(_Reader(fh, str(model_bin)))
    except OSError as exc:
        raise TranscriptionError(f"cannot read model file {model_bin}: {exc}") from None


def _parse(reader: _Reader) -> dict[str, np.ndarray]:
    """Parse the header, variables and aliases of a model.bin."""
    name = reader.name
    version = reader.unpack("I")
    if version != BINARY_VERSION:
        raise TranscriptionError(
            f"model file {name} has binary version {version}; only {BINARY_VERSION} can be converted"
        )
    spec = reader.string()
    if spec != "WhisperSpec":
        raise TranscriptionError(f"model file {name} holds a {spec or 'unnamed'} model, not Whisper")
    reader.unpack("I")  # revision
    variables: dict[str, np.ndarray] = {}
    for _ in range(reader.unpack("I")):
        var_name = reader.string()
        dims = [reader.unpack("I") for _ in range(reader.unpack("B"))]
        dtype_id = reader.unpack("B")
        variables[var_name] = _decode(reader.take(reader.unpack("I")), dtype_id, dims, name)
    for _ in range(reader.unpack("I")):
        alias, target = reader.string(), reader.string()
        if target in variables:
            variables[alias] = variables[target]
    return variables


def _weight(variables: dict[str, np.ndarray], key: str) -> np.ndarray:
    """A float weight, dequantised when CTranslate2 stored it as int8/int16 with a scale."""
    if key not in variables:
        raise TranscriptionError(f"the Whisper weights lack the variable {key}")
    value = variables[key]
    scale = variables.get(key + "_scale")
    if scale is not None and value.dtype.kind == "i":
        scale = np.asarray(scale, dtype=np.float32)
        shape = (-1,) + (1,) * (value.ndim - 1) if scale.ndim else ()
        return value.astype(np.float32) / scale.reshape(shape)
    return value


def _linear(sd: dict, variables: dict, src: str, dst: str, bias: bool = True) -> None:
    sd[f"{dst}.weight"] = _weight(variables, f"{src}/weight")
    if bias:
        sd[f"{dst}.bias"] = _weight(variables, f"{src}/bias")


def _norm(sd: dict, variables: dict, src: str, dst: str) -> None:
    sd[f"{dst}.weight"] = _weight(variables, f"{src}/gamma")
    sd[f"{dst}.bias"] = _weight(variables, f"{src}/beta")


def _split_rows(array: np.ndarray, parts: int) -> list[np.ndarray]:
    return np.split(array, parts, axis=0)


def _self_attention(sd: dict, v: dict, src: str, dst: str) -> None:
    """linear_0 is query, key and value stacked along rows; linear_1 is the output."""
    q, k, val = _split_rows(_weight(v, f"{src}/linear_0/weight"), 3)
    qb, _kb, vb = _split_rows(_weight(v, f"{src}/linear_0/bias"), 3)  # key bias is zeros
    sd.update({f"{dst}.query.weight": q, f"{dst}.query.bias": qb, f"{dst}.key.weight": k})
    sd.update({f"{dst}.value.weight": val, f"{dst}.value.bias": vb})
    _linear(sd, v, f"{src}/linear_1", f"{dst}.out")


def _cross_attention(sd: dict, v: dict, src: str, dst: str) -> None:
    """linear_0 is the query, linear_1 key and value stacked, linear_2 the output."""
    _linear(sd, v, f"{src}/linear_0", f"{dst}.query")
    k, val = _split_rows(_weight(v, f"{src}/linear_1/weight"), 2)
    _kb, vb = _split_rows(_weight(v, f"{src}/linear_1/bias"), 2)
    sd.update({f"{dst}.key.weight": k, f"{dst}.value.weight": val, f"{dst}.value.bias": vb})
    _linear(sd, v, f"{src}/linear_2", f"{dst}.out")


def _block(sd: dict, v: dict, side: str, i: int) -> None:
    src, dst = f"{side}/layer_{i}", f"{side}.blocks.{i}"
    _self_attention(sd, v, f"{src}/self_attention", f"{dst}.attn")
    _norm(sd, v, f"{src}/self_attention/layer_norm", f"{dst}.attn_ln")
    if side == "decoder":
        _cross_attention(sd, v, f"{src}/attention", f"{dst}.cross_attn")
        _norm(sd, v, f"{src}/attention/layer_norm", f"{dst}.cross_attn_ln")
    _linear(sd, v, f"{src}/ffn/linear_0", f"{dst}.mlp.0")
    _linear(sd, v, f"{src}/ffn/linear_1", f"{dst}.mlp.2")
    _norm(sd, v, f"{src}/ffn/layer_norm", f"{dst}.mlp_ln")


def _layer_count(variables: dict, side: str) -> int:
    found = {int(m.group(2)) for key in variables if (m := _LAYER.match(key)) and m.group(1) == side}
    return max(found) + 1 if found else 0


def _heads(variables: dict, side: str) -> int:
    return int(np.asarray(_weight(variables, f"{side}/num_heads")).reshape(-1)[0])


def build_checkpoint(variables: dict[str, np.ndarray]) -> tuple[dict, dict[str, np.ndarray]]:
    """Map CTranslate2 Whisper variables to openai-whisper's (dims, state_dict)."""
    sd: dict[str, np.ndarray] = {}
    for side in ("encoder", "decoder"):
        for i in range(_layer_count(variables, side)):
            _block(sd, variables, side, i)
    _linear(sd, variables, "encoder/conv1", "encoder.conv1")
    _linear(sd, variables, "encoder/conv2", "encoder.conv2")
    sd["encoder.positional_embedding"] = _weight(variables, "encoder/position_encodings/encodings")
    _norm(sd, variables, "encoder/layer_norm", "encoder.ln_post")
    sd["decoder.token_embedding.weight"] = _weight(variables, "decoder/embeddings/weight")
    sd["decoder.positional_embedding"] = _weight(variables, "decoder/position_encodings/encodings")
    _norm(sd, variables, "decoder/layer_norm", "decoder.ln")
    conv1, embed = sd["encoder.conv1.weight"], sd["decoder.token_embedding.weight"]
    dims = {
        "n_mels": int(conv1.shape[1]),
        "n_audio_ctx": int(sd["encoder.positional_embedding"].shape[0]),
        "n_audio_state": int(conv1.shape[0]),
        "n_audio_head": _heads(variables, "encoder"),
        "n_audio_layer": _layer_count(variables, "encoder"),
        "n_vocab": int(embed.shape[0]),
        "n_text_ctx": int(sd["decoder.positional_embedding"].shape[0]),
        "n_text_state": int(embed.shape[1]),
        "n_text_head": _heads(variables, "decoder"),
        "n_text_layer": _layer_count(variables, "decoder"),
    }
    return dims, sd


def read_alignment_heads(ct2_dir: Path) -> list[list[int]] | None:
    """The (layer, head) pairs used for word timings, from the model folder's config.json."""
    try:
        config = json.loads((ct2_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    heads = config.get("alignment_heads")
    return [[int(layer), int(head)] for layer, head in heads] if heads else None


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's contents."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def default_cache_dir() -> Path:
    """Our model cache: the platform's user cache dir + /models (0700)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("interviewer")) / "models"


def checkpoint_path(
    ct2_dir: Path, cache_dir: Path | None = None, label: str | None = None, sha256: str | None = None
) -> Path:
    """Where the converted checkpoint for this model folder lives (keyed by model.bin's hash)."""
    digest = (sha256 or file_sha256(Path(ct2_dir) / "model.bin"))[:12]
    return (cache_dir or default_cache_dir()) / f"{label or Path(ct2_dir).name}-from-ct2-{digest}.pt"


def ensure_checkpoint(
    ct2_dir: Path, cache_dir: Path | None = None, label: str | None = None
) -> ConvertedCheckpoint:
    """Return the cached openai-whisper checkpoint for a CTranslate2 folder, converting it once."""
    ct2_dir = Path(ct2_dir)
    model_bin = ct2_dir / "model.bin"
    if not model_bin.is_file():
        raise TranscriptionError(f"no model.bin in {ct2_dir}: not a CTranslate2 Whisper model folder")
    sha256 = file_sha256(model_bin)
    target = checkpoint_path(ct2_dir, cache_dir, label, sha256)
    if target.is_file():
        return ConvertedCheckpoint(target, converted=False)
    convert(ct2_dir, target, sha256)
    return ConvertedCheckpoint(target, converted=True)


def convert(ct2_dir: Path, target: Path, sha256: str | None = None) -> None:
    """Convert a CTranslate2 Whisper folder into a checkpoint file, written atomically (0600)."""
    import torch

    from interviewer.fileio import make_private_dir

    model_bin = Path(ct2_dir) / "model.bin"
    dims, state = build_checkpoint(read_ct2_variables(model_bin))
    checkpoint = {
        "dims": dims,
        "model_state_dict": {k: torch.from_numpy(np.ascontiguousarray(a)) for k, a in state.items()},
        "alignment_heads": read_alignment_heads(Path(ct2_dir)),
        "source": {
            "path": str(model_bin),
            "size": model_bin.stat().st_size,
            "sha256": sha256 or file_sha256(model_bin),
        },
    }
    make_private_dir(target.parent)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
            torch.save(checkpoint, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)

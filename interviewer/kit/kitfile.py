"""The study kit: one TOML file holding the guide, mode, model, contact, expiry and public key."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from interviewer.errors import KitError

KIT_SUFFIX = ".interviewkit"
KIT_FORMAT = 1
DEFAULT_MODEL = "builtin"

INSTALL_TEXT = """\
Install once (Python 3.11 or newer; unpack the interviewer folder the research team sent or linked):
  macOS:    in Terminal:      python3 -m venv ~/interviewer-env
                              ~/interviewer-env/bin/pip install ./interviewer
            then run:         ~/interviewer-env/bin/interviewer join THIS-FILE
  Windows:  in PowerShell:    py -m venv $HOME\\interviewer-env
                              $HOME\\interviewer-env\\Scripts\\pip install .\\interviewer
            then run:         $HOME\\interviewer-env\\Scripts\\interviewer join THIS-FILE
  Linux:    sudo apt install python3-venv libportaudio2, then the macOS commands, with the
            small CPU-only torch:  ~/interviewer-env/bin/pip install \\
              --extra-index-url https://download.pytorch.org/whl/cpu ./interviewer"""


class Kit(BaseModel):
    """Everything a participant's copy of the app needs to run one study's self-interview."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal[1] = KIT_FORMAT
    kit_id: str = Field(pattern=r"^[0-9a-f]{32}$")  # names a folder on the participant's computer
    created: datetime
    study_id: str
    study_title: str
    mode: Literal["self"] = "self"
    model: str = DEFAULT_MODEL
    engine: Literal["auto", "faster-whisper", "openai-whisper"] = "auto"
    contact: str
    expires: date | None = None
    recipient: str = Field(pattern=r"^age1[0-9a-z]+$")
    send_instructions: str
    install_instructions: str = INSTALL_TEXT
    guide_sha256: str
    guide: str  # the guide file's text, byte for byte

    def expired(self, today: date) -> bool:
        """True once `today` is after the expiry date (the date itself is the last day to start)."""
        return self.expires is not None and today > self.expires

    def load_guide(self):
        """The guide inside the kit (checked when the kit was made; its hash is checked here)."""
        from interviewer.errors import GuideError
        from interviewer.guide.loader import parse_guide_text

        if _sha256(self.guide) != self.guide_sha256:
            raise KitError("the kit's guide does not match its recorded hash: the kit was altered")
        parsed = parse_guide_text(self.guide, f"{self.study_id} (in the kit)")
        if parsed.guide is None:
            raise GuideError([p.format() for p in parsed.problems])
        return parsed.guide


def default_send_instructions(contact: str) -> str:
    """How to return the sealed file when the researcher gave no instructions."""
    return (f"Attach the sealed file to an e-mail to {contact}. It is encrypted: only the research "
            "team can open it.")


def build_kit(guide_path: str | os.PathLike, recipient: str, *, contact: str, expires: date | None = None,
              model: str = DEFAULT_MODEL, send_instructions: str | None = None,
              now: datetime | None = None) -> Kit:
    """Make a kit from a guide that passes `guide check --strict` (GuideError lists the problems)."""
    from interviewer.errors import GuideError
    from interviewer.guide.check import check_guide

    report = check_guide(guide_path).strict()
    if report.errors or report.guide is None:
        raise GuideError([p.format() for p in report.sorted()] or [f"{guide_path}: cannot be used"])
    text = Path(guide_path).read_text(encoding="utf-8")
    from interviewer.kit.keys import parse_recipient

    parse_recipient(recipient, "the recipient")
    if not contact.strip():
        raise KitError("--contact must say how participants reach the study team")
    guide = report.guide
    return Kit(kit_id=uuid.uuid4().hex, created=now or datetime.now(timezone.utc), study_id=guide.study.id,
               study_title=guide.study.title, model=model, contact=contact.strip(), expires=expires,
               recipient=recipient, send_instructions=send_instructions or default_send_instructions(contact),
               guide_sha256=_sha256(text), guide=text)


def invitation_text(kit: Kit, kit_name: str) -> str:
    """Plain text for the invitation e-mail: install, join, what happens, how to send the file back."""
    until = f"You can start until {kit.expires:%d %B %Y}.\n" if kit.expires else ""
    return (f"Taking part in \u201c{kit.study_title}\u201d from your own computer\n\n"
            f"Save the kit file, {kit_name}, and run the commands below in the folder you saved it in.\n"
            f"{kit.install_instructions.replace('THIS-FILE', kit_name)}\n\n"
            "The app shows the information sheet and asks for your consent, then one question at a time; "
            "you can speak or type, pause, skip or stop whenever you like. If you are interrupted, run the "
            "same command again to carry on. When you finish, your answers are sealed in one encrypted "
            "file that only the research team can open.\n"
            f"How to send it: {kit.send_instructions}\n{until}"
            f"Questions, or to withdraw: {kit.contact}\n")


def kit_filename(kit: Kit) -> str:
    """The kit's file name: the study id and the kit suffix."""
    return f"{kit.study_id}{KIT_SUFFIX}"


def write_kit(kit: Kit, out_dir: str | os.PathLike) -> Path:
    """Write the kit into `out_dir` (atomically; never overwrites another kit)."""
    import tomli_w

    from interviewer.fileio import atomic_write

    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / kit_filename(kit)
    if path.exists():
        raise KitError(f"{path} already exists; move it away or choose another --out")
    header = (f"# interviewer study kit for \"{kit.study_title}\"\n"
              f"# {INSTALL_TEXT.replace(chr(10), chr(10) + '# ')}\n\n")
    atomic_write(path, header + tomli_w.dumps(kit.model_dump(mode="json", exclude_none=True)), mode=0o644)
    return path


def read_kit(path: str | os.PathLike) -> Kit:
    """Read and validate a kit file (KitError with one line saying what is wrong)."""
    import tomllib

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KitError(f"{path}: no such kit file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KitError(f"{path}: cannot read the kit: {getattr(exc, 'strerror', None) or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise KitError(f"{path}: not a study kit ({exc})") from None
    try:
        return Kit.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "kit"
        raise KitError(f"{path}: not a usable study kit: {where}: {first['msg']}") from None


def _sha256(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()

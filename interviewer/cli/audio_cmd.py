"""Commands `devices` (list input devices) and `mic-check` (does the microphone work?)."""

from __future__ import annotations

import argparse

from interviewer.cli.common import add_command
from interviewer.errors import AudioError, UsageError

DEVICES_EXAMPLES = """\
  interviewer devices              list microphones and the rates they accept
  interviewer mic-check --device 2 then check one of them
"""

MIC_EXAMPLES = """\
  interviewer mic-check                      five seconds from the default microphone
  interviewer mic-check --device 2 --play    check device 2 and play the recording back
  interviewer mic-check --seconds 10         a longer check

Exit status: 0 the microphone works, 1 it is silent, too quiet or clipping,
3 no usable input device (no sound server, no microphone, unsupported rate).
"""


def register(sub) -> None:
    """Register `devices` and `mic-check`."""
    p = add_command(sub, "devices", help="list audio input devices",
                    description="List the audio input devices with their channels, default rate "
                                "and which of 16000/44100/48000 Hz they accept. The default "
                                "input is marked with *.",
                    examples=DEVICES_EXAMPLES)
    p.set_defaults(func=run_devices)
    p = add_command(sub, "mic-check", help="record a few seconds and say if the microphone works",
                    description="Record a few seconds (kept in memory, nothing is saved), show "
                                "the input level live, and say plainly whether the microphone "
                                "works: silent, too quiet, clipping, or OK.",
                    examples=MIC_EXAMPLES)
    p.add_argument("--device", metavar="N", default=None,
                   help="input device index or name (see `interviewer devices`; default: the "
                        "system default input)")
    p.add_argument("--seconds", type=float, default=5.0, metavar="S",
                   help="how long to record (default 5)")
    p.add_argument("--play", action="store_true",
                   help="play the recording back afterwards, where an output device exists")
    p.set_defaults(func=run_mic_check)


def _device_arg(value: str | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value.strip().lstrip("-").isdigit() else value


def run_devices(args: argparse.Namespace) -> int:
    """Print the table of input devices."""
    from rich.console import Console
    from rich.table import Table

    from interviewer.audio.devices import NO_DEVICE, list_input_devices

    found = list_input_devices()
    if not found:
        raise AudioError(NO_DEVICE)
    table = Table(title="Audio input devices")
    for col in ("", "index", "name", "host API", "channels", "default rate", "supported rates"):
        table.add_column(col, justify="right" if col in ("index", "channels") else "left")
    for d in found:
        rates = ", ".join(str(r) for r in d.supported_rates) or "none of 16000/44100/48000"
        table.add_row("*" if d.is_default else "", str(d.index), d.name, d.hostapi,
                      str(d.channels), f"{d.default_rate} Hz", rates)
    Console().print(table)
    return 0


def _level_bar(peak: float, rms: float, width: int = 40) -> str:
    filled = max(0, min(width, int((rms + 60) / 60 * width)))
    return f"level [{'#' * filled}{'.' * (width - filled)}] rms {rms:6.1f} dBFS  peak {peak:6.1f}"


def run_mic_check(args: argparse.Namespace) -> int:
    """Record, show the level, print the verdict, optionally play back."""
    from rich.console import Console
    from rich.live import Live

    from interviewer.audio import miccheck
    from interviewer.audio.devices import device_info

    if not 0.5 <= args.seconds <= 120:
        raise UsageError("--seconds must be between 0.5 and 120")
    console = Console()
    device = _device_arg(args.device)
    name = device_info(device)["name"]  # no device: a one-line error before anything else
    console.print(f"Recording {args.seconds:g} s from {name}: speak normally...", highlight=False)
    if console.is_terminal:
        with Live("", console=console, refresh_per_second=10, transient=True) as live:
            audio, rate = miccheck.record(
                device, args.seconds,
                on_level=lambda r: live.update(_level_bar(r.peak_dbfs, r.rms_dbfs)))
    else:
        audio, rate = miccheck.record(device, args.seconds)
    verdict = miccheck.assess(audio, rate)
    console.print(f"peak {verdict.peak_dbfs:.1f} dBFS, speech level {verdict.loud_rms_dbfs:.1f} "
                  f"dBFS, clipped {verdict.clipped_fraction:.2%}", highlight=False)
    console.print(verdict.message, highlight=False)
    if args.play:
        if miccheck.play_back(audio, rate):
            console.print("Played the recording back.")
        else:
            console.print("No output device: cannot play the recording back.")
    return 0 if verdict.status == "ok" else 1

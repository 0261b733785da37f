"""Input devices: list them with rates and channels, and check a device and rate before use."""

from __future__ import annotations

from dataclasses import dataclass, field

from interviewer.errors import AudioError

PROBE_RATES = (16000, 44100, 48000)
PREFERRED_RATES = (48000, 44100, 16000)
NO_DEVICE = ("no audio input device found: connect a microphone, or check that the sound "
             "server (PulseAudio/PipeWire) is running")


def sounddevice():
    """Import sounddevice, turning a missing PortAudio library into AudioError."""
    try:
        import sounddevice as sd
    except OSError as exc:
        raise AudioError(f"the PortAudio library is missing ({exc}); "
                         "install libportaudio2") from None
    return sd


def refresh() -> None:
    """Re-scan devices: PortAudio lists them once, when first initialised."""
    sd = sounddevice()
    sd._terminate()
    sd._initialize()


@dataclass
class InputDevice:
    """One device that can record."""

    index: int
    name: str
    hostapi: str
    channels: int
    default_rate: int
    supported_rates: list[int] = field(default_factory=list)
    is_default: bool = False


def _default_input_index(sd) -> int | None:
    try:
        info = sd.query_devices(kind="input")
    except sd.PortAudioError:
        return None
    return int(info["index"])


def list_input_devices(probe_rates: tuple[int, ...] = PROBE_RATES) -> list[InputDevice]:
    """Return every device with input channels, with which of `probe_rates` it accepts."""
    sd = sounddevice()
    try:
        infos = sd.query_devices()
        apis = sd.query_hostapis()
    except sd.PortAudioError as exc:
        raise AudioError(f"cannot list audio devices: {exc}") from None
    default = _default_input_index(sd)
    found = []
    for info in infos:
        if info["max_input_channels"] < 1:
            continue
        idx = int(info["index"])
        rates = [r for r in probe_rates if _accepts(sd, idx, r, 1)]
        found.append(InputDevice(
            index=idx, name=info["name"], hostapi=apis[info["hostapi"]]["name"],
            channels=int(info["max_input_channels"]), default_rate=int(info["default_samplerate"]),
            supported_rates=rates, is_default=idx == default,
        ))
    return found


def _accepts(sd, device: int | str | None, rate: int, channels: int) -> bool:
    try:
        sd.check_input_settings(device=device, samplerate=rate, channels=channels, dtype="int16")
    except (sd.PortAudioError, ValueError):
        return False
    return True


def device_info(device: int | str | None = None) -> dict:
    """Return PortAudio's description of `device` (None: the default input), or AudioError."""
    sd = sounddevice()
    try:
        count = len(sd.query_devices())
        if isinstance(device, int) and not 0 <= device < count:
            raise ValueError(f"there are {count} devices")
        if device is None:
            info = sd.query_devices(kind="input")
        else:
            info = sd.query_devices(device)
    except sd.PortAudioError:
        raise AudioError(NO_DEVICE) from None
    except ValueError as exc:  # no device matching a name, or an out-of-range index
        raise AudioError(f"input device {device!r} not found ({exc}); "
                         "run `interviewer devices` to list them") from None
    if info["max_input_channels"] < 1:
        raise AudioError(f"device {device!r} ({info['name']}) has no input channels")
    return info


def check_input(device: int | str | None, sample_rate: int, channels: int) -> None:
    """Raise AudioError (plainly worded) unless `device` records at this rate and channel count."""
    info = device_info(device)
    if channels > info["max_input_channels"]:
        raise AudioError(f"{info['name']} has {info['max_input_channels']} input channel(s); "
                         f"{channels} requested")
    sd = sounddevice()
    if not _accepts(sd, info["index"], sample_rate, channels):
        raise AudioError(f"{info['name']} does not support recording at {sample_rate} Hz with "
                         f"{channels} channel(s)")


def choose_sample_rate(device: int | str | None, channels: int,
                       preferred: int | None = None) -> int:
    """Return the first rate the device accepts: `preferred`, its default, 48k, 44.1k, 16k."""
    info = device_info(device)
    sd = sounddevice()
    candidates = [preferred] if preferred else [int(info["default_samplerate"]), *PREFERRED_RATES]
    for rate in candidates:
        if rate and _accepts(sd, info["index"], rate, channels):
            return rate
    wanted = f"{preferred} Hz" if preferred else "any of " + ", ".join(map(str, candidates)) + " Hz"
    raise AudioError(f"{info['name']} does not support {wanted} with {channels} channel(s)")

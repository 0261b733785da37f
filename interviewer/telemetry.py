"""No telemetry from the libraries we load: switched off before any of them is imported.

onnxruntime (which runs faster-whisper's Silero VAD) ships Microsoft's 1DS telemetry on Linux:
on import it writes a device id under ~/.cache/Microsoft/DeveloperTools, a world-readable
$TMPDIR/.ses, and looks up its collector's address. `ORT_DISABLE_TELEMETRY=1`, set before the
import, stops all three (`onnxruntime.disable_telemetry_events()` afterwards does not).
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

OFF = {
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime
    "HF_HUB_DISABLE_TELEMETRY": "1",  # huggingface_hub, on an explicit model download
    "DO_NOT_TRACK": "1",  # the convention other tools honour
}


def disable_telemetry(environ: MutableMapping[str, str] = os.environ) -> None:
    """Set the switches (inherited by child processes too); stop what an earlier import began."""
    environ.update(OFF)
    ort = sys.modules.get("onnxruntime")
    if ort is not None and hasattr(ort, "disable_telemetry_events"):
        ort.disable_telemetry_events()  # imported before us: the least that can still be done

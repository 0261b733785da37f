"""Local audio capture: crash-safe segmented recording, repair, levels, devices, resampling."""

"""The terminal app: a calm, keyboard-first Textual UI that only drives the headless core."""

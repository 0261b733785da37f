"""The ':' directives of a rehearsal answers file (kept light: `--help` lists them at start-up)."""

DIRECTIVES: dict[str, str] = {
    "skip": "skip the current question or probe",
    "repeat": "ask the current prompt again",
    "rephrase": "ask it in the guide's alternative wording",
    "break": 'say "I need a break" (opens the support step)',
    "pause": "pause (at a support step: choose pause), then resume at once",
    "continue": "at a support step: continue the interview",
    "skip_topic": "at a support step: skip the rest of this theme",
    "stop": "stop the interview (at a support step: choose stop)",
    "withdraw": "the participant withdraws",
    "note": "':note TEXT' logs a researcher's note",
    "choose": "':choose PROBE_ID' asks that probe of the last answered question (interviewer's choice)",
}

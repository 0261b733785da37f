"""The commented starter guide that `interviewer guide new NAME` writes (it passes `guide check`)."""

from __future__ import annotations

import json
import re

from interviewer.errors import UsageError

STARTER = '''\
# Topic guide: __TITLE__
# Written by `interviewer guide new`. Replace every TODO, then check it:
#     interviewer guide check __FILE__ --strict
# Reference: docs/topic-guide-format.md. topic_guides/template.toml shows every feature.

format = 1

# Domain words (product names, jargon, place names) that help transcription spell them right.
glossary = []

[study]
id = "__ID__"             # lowercase letters, digits, '-' and '_'
title = __TITLE_TOML__
version = "0.1"           # raise it whenever you change the guide
authors = ["TODO: your name"]
language = "en"
duration_minutes = 30
# ethics_reference = "TODO: your ethics approval number"
description = "TODO: one paragraph on what the study is about and why."
eligibility = ["TODO: who can take part"]

[information]
sheet = """
TODO: the information sheet. What the study is about, what taking part involves, how long it
takes, how the recording and transcript are stored and for how long, and who to contact.
"""
closing = "Thank you for taking part."
withdrawal = "TODO: how to withdraw, and until when."

# Each consent statement is shown, and agreed to, separately.
[[information.consent]]
id = "take-part"
text = "I have read the information sheet and agree to take part."

[[information.consent]]
id = "recording"
text = "I agree to the interview being audio-recorded and transcribed."

# Shown when a participant seems distressed. List services where your participants live.
[[support]]
name = "Find A Helpline"
description = "Free, confidential support lines in many countries."
url = "https://findahelpline.com"

[settings]
probe_budget = 2          # at most this many probes per question, unless a question says otherwise

# Topics a participant may bring up unprompted: topic id = words that show it came up.
[topics]
routine = ["routine", "every day", "usually"]

# Themes run in order: start general and easy, end specific and sensitive.
[[themes]]
id = "warm-up"
title = "Warm-up"
minutes = 5

[[themes.questions]]
id = "background"
text = "Tell me a little about yourself."

[[themes.questions.probes]]
id = "more"
text = "Could you tell me more about that?"
kind = "elaboration"
when = { shorter_than = 15 }   # asked only when the answer is short

[[themes]]
id = "main"
title = "TODO: your main theme"
minutes = 20

[[themes.questions]]
id = "experience"
text = "TODO: What was your experience of this?"
covers = ["routine"]

[[themes.questions.probes]]
id = "example"
text = "Could you give an example?"
kind = "example"

[[themes.questions]]
id = "routine"
text = "TODO: How does it fit into your day?"
covers = ["routine"]
if_covered = "skip"       # skipped when the participant already talked about their routine

[[themes]]
id = "closing"
title = "Closing"
minutes = 5

[[themes.questions]]
id = "anything-else"
text = "What else would you like to add?"
required = false
'''


def starter_guide(name: str) -> tuple[str, str]:
    """Return (file name, TOML text) of a starter guide for a study called `name`."""
    title = name.removesuffix(".toml").strip()
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-_")[:64]
    if not slug:
        raise UsageError(f"cannot make a guide id from {name!r}: use letters or digits, e.g. 'my-study'")
    file = f"{slug}.toml"
    text = (STARTER.replace("__TITLE_TOML__", json.dumps(title, ensure_ascii=False))
            .replace("__TITLE__", title.replace("\n", " ")).replace("__ID__", slug).replace("__FILE__", file))
    return file, text

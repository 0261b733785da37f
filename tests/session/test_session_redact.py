"""Pseudonymisation: deny-listed names and identifier patterns replaced in a copy, logged, re-runnable."""

from __future__ import annotations

import json
import re
import stat

import pytest

from interviewer.errors import SessionError
from interviewer.events import Segment, Word
from interviewer.session import SessionView
from interviewer.session.denylist import parse_deny_args, study_deny_list, study_settings
from interviewer.session.identifiers import Redactor
from interviewer.session.redact import load_redacted, redact_session, redact_view

DENY = {"Sarah": "[SISTER]", "Leeds": "[CITY]", "Doctor Okafor": "[THERAPIST]"}


@pytest.mark.parametrize("text, expected", [
    ("Sarah's flat", "[SISTER]'s flat"),
    ("SARAH and sarah, Sarah’s", "[SISTER] and [SISTER], [SISTER]’s"),
    ("Sarahs and Sarahville stay", "Sarahs and Sarahville stay"),
    ("in Leeds.", "in [CITY]."),
    ("Doctor  Okafor said", "[THERAPIST] said"),
    ("mail sarah.jones@example.co.uk now", "mail [EMAIL] now"),
    ("write to sarah at gmail dot com", "write to [EMAIL]"),
    ("ring 0113 496 0000 or 07700 900123", "ring [PHONE] or [PHONE]"),
    ("+44 7700 900123, (555) 123-4567, 555.123.4567, +1 555 123 4567", "[PHONE], [PHONE], [PHONE], [PHONE]"),
    ("+33 1 23 45 67 89", "[PHONE]"),
    ("see https://example.org/a?b=1. Or www.mind.org.uk", "see [URL]. Or [URL]"),
    ("I read samaritans.org/talk daily", "I read [URL] daily"),
    ("LS6 3QW, sw1a 1aa and M1 1AE", "[POSTCODE], [POSTCODE] and [POSTCODE]"),
    ("Beverly Hills, CA 90210 or zip code 10001 or 12345-6789", "Beverly Hills, CA [POSTCODE] or zip code [POSTCODE] or [POSTCODE]"),
    ("In 2019 I paid 25000 at 2pm for a PS5, about 1,000,000 people", "In 2019 I paid 25000 at 2pm for a PS5, about 1,000,000 people"),
    ("already [SISTER] in [CITY]", "already [SISTER] in [CITY]"),
])
def test_redactor_cases(text, expected):
    assert Redactor(DENY).redact(text)[0] == expected


def test_redactor_is_idempotent_and_offsets_point_at_the_original():
    redactor = Redactor(DENY)
    text = "Sarah rang from Leeds on 07700 900123 (sarah@example.com)."
    once, matches = redactor.redact(text)
    assert redactor.redact(once)[0] == once
    assert [text[m.start:m.end] for m in matches] == ["Sarah", "Leeds", "07700 900123", "sarah@example.com"]


def test_conflicting_or_empty_deny_entries_are_refused():
    with pytest.raises(SessionError, match="two replacements"):
        Redactor({"Sarah": "[SISTER]", "sarah": "[FRIEND]"})
    with pytest.raises(SessionError, match="empty name or replacement"):
        Redactor({"Sarah": " "})
    with pytest.raises(SessionError, match="expected NAME=REPLACEMENT"):
        parse_deny_args(["Sarah"])


def test_words_touched_by_one_match_merge():
    words = [Word(start=i, end=i + 1, word=w, probability=0.5 + i / 100)
             for i, w in enumerate([" Call", " Doctor", " Okafor's", " line", " 0113", " 496", " 0000."])]
    segment = Segment(start=0, end=7, text="".join(w.word for w in words), words=words)
    from interviewer.session.redact import _Log

    log = _Log(Redactor(DENY))
    out = log.segment(segment, 3, "segments[0]")
    assert out.text == " Call [THERAPIST]'s line [PHONE]."
    assert [(w.word, w.start, w.end) for w in out.words] == [
        (" Call", 0, 1), (" [THERAPIST]'s", 1, 3), (" line", 3, 4), (" [PHONE].", 4, 7)]
    assert out.words[1].probability == 0.51
    assert {line["field"] for line in log.lines} == {"segments[0].text", "segments[0].words"}


def _dump_everything(view: SessionView) -> str:
    return view.model_dump_json()


def test_redacted_session_leaves_no_deny_listed_word_anywhere(store, filled, texts):
    (store.root / "deny.toml").write_text('[chatbot-wellbeing]\nSarah = "[SISTER]"\nLeeds = "[CITY]"\n'
                                          '[other-study]\nRobin = "[X]"\n')
    journal_before = (filled.folder / "journal.jsonl").read_bytes()
    result = redact_session(store, filled.code, {"Doctor Okafor": "[THERAPIST]"})
    dumped = result.session_json.read_text()
    for word in ("Sarah", "Leeds", "Okafor", "07700", "sarah.jones", "example.org", "LS6"):
        assert not re.search(re.escape(word), dumped, re.I), word
    view = SessionView.model_validate_json(dumped)
    assert view.meta.redacted and view.turns[2].text.startswith("Mainly I used it to talk about my sister [SISTER].")
    assert [w.word for w in view.turns[4].segments[0].words][5:7] == [" called", " [THERAPIST]"]
    assert (filled.folder / "journal.jsonl").read_bytes() == journal_before  # never edits the original
    for path in (result.session_json, result.log, filled.folder / "redacted" / "deny.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((filled.folder / "redacted").stat().st_mode) == 0o700
    # The log gives offsets into the original texts, and never the original words themselves.
    original = store.load(filled.code).view
    log = [json.loads(line) for line in result.log.read_text().splitlines()]
    assert "Sarah" not in result.log.read_text()
    for entry in (e for e in log if e["field"] == "original_text"):
        turn = next(t for t in original.turns if t.prompt_id == entry["turn"])
        span = turn.original_text[entry["start"]:entry["end"]]
        assert Redactor(DENY).redact(span)[0] == entry["replacement"]
    # Re-running gives the same result (and remembers this session's extra entries).
    again = redact_session(store, filled.code)
    assert again.session_json.read_bytes() == result.session_json.read_bytes()
    assert again.log.read_bytes() == result.log.read_bytes()


def test_redact_view_covers_notes_prompts_and_reasons(filled):
    view, lines = redact_view(filled.view, Redactor(DENY))
    assert view.notes[0].text == "Mentions [SISTER] again later."
    assert {"notes[0].text", "original_text", "corrections[0].text"} <= {line["field"] for line in lines}
    assert view.turns[0].prompt_text == filled.view.turns[0].prompt_text  # nothing to replace there


def test_redacted_copy_must_be_current(store, filled):
    with pytest.raises(SessionError, match="no redacted copy"):
        load_redacted(filled.folder, filled.view.last_seq)
    redact_session(store, filled.code)
    assert load_redacted(filled.folder, filled.view.last_seq).meta.redacted
    with store.open(filled.code) as session:
        from interviewer.events import NoteEvent

        session.append(NoteEvent(type="note", elapsed=120, text="later"))
    with pytest.raises(SessionError, match="out of date"):
        load_redacted(filled.folder, store.load(filled.code).view.last_seq)


def test_deny_file_and_settings_errors(store, filled, tmp_path):
    store.root.joinpath("deny.toml").write_text('[chatbot-wellbeing]\nSarah = 3\n')
    with pytest.raises(SessionError, match="replacement must be non-empty text"):
        study_deny_list(store.root, "chatbot-wellbeing")
    store.root.joinpath("deny.toml").write_text('[chatbot-wellbeing\n')
    with pytest.raises(SessionError, match=r"deny.toml:1:\d+"):
        study_deny_list(store.root, "chatbot-wellbeing")
    store.root.joinpath("deny.toml").write_text('[chatbot-wellbeing.settings]\nredacted_exports_only = "yes"\n')
    with pytest.raises(SessionError, match="must be true or false"):
        study_settings(store.root, "chatbot-wellbeing")
    names = tmp_path / "names.json"
    names.write_text(json.dumps({"Leeds": "[CITY]"}))
    result = redact_session(store, filled.code, deny_file=names)
    assert "Leeds" not in result.session_json.read_text()


def test_redact_view_covers_the_preamble_and_its_corrections(filled):
    from interviewer.session.retiming import preamble_segments
    from interviewer.session.view import Correction

    words = [Word(word=" hello", start=1.0, end=1.4), Word(word=" Sarah", start=1.5, end=1.9)]
    view = filled.view.model_copy(update={
        "preamble": [Segment(start=1.0, end=1.9, text=" hello Sarah", words=words)],
        "preamble_corrections": [Correction(text="hello Sarah from Leeds", by="researcher")]})
    redacted, lines = redact_view(view, Redactor(DENY))
    assert redacted.preamble_text == "hello [SISTER] from [CITY]"
    assert [s.text for s in preamble_segments(redacted)] == ["hello [SISTER] from [CITY]"]
    assert {"preamble[0].text", "preamble_corrections[0].text"} <= {line["field"] for line in lines}

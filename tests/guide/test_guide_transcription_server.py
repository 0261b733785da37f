"""settings.transcription_server: optional, checked as a URL, and unset it leaves a guide's hash as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from interviewer.errors import GuideError
from interviewer.guide import load_guide

GUIDES = Path(__file__).resolve().parents[2] / "topic_guides"


def _toggled(text: str) -> str:
    """The guide's text with `transcription_server = ""` taken out, or put in where it is absent."""
    if re.search(r'^transcription_server = ""', text, re.M):
        return re.sub(r'^transcription_server = "".*\n', "", text, flags=re.M)
    return text.replace("[settings]\n", '[settings]\ntranscription_server = ""\n', 1)


@pytest.mark.parametrize("name", ["genai-mental-health.toml", "template.toml", "commuting.toml"])
def test_unset_or_empty_keeps_the_hash_of_a_guide_without_it(name, tmp_path):
    text = (GUIDES / name).read_text(encoding="utf-8")
    assert "[settings]\n" in text
    other = tmp_path / name
    other.write_text(_toggled(text), encoding="utf-8")
    guide, toggled = load_guide(GUIDES / name), load_guide(other)
    assert guide.settings.transcription_server in (None, "")
    assert toggled.settings.transcription_server in (None, "")
    assert guide.content_hash == toggled.content_hash


def test_set_it_is_part_of_the_hash_and_a_bad_url_is_located(tmp_path):
    text = (GUIDES / "template.toml").read_text(encoding="utf-8")
    allowing = tmp_path / "allowing.toml"
    allowing.write_text(text.replace('transcription_server = ""', 'transcription_server = "https://gpu.lab:8000"'))
    plain, allowed = load_guide(GUIDES / "template.toml"), load_guide(allowing)
    assert allowed.settings.transcription_server == "https://gpu.lab:8000"
    assert allowed.content_hash != plain.content_hash
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace('transcription_server = ""', 'transcription_server = "gpu.lab"'))
    with pytest.raises(GuideError) as caught:
        load_guide(bad)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("transcription_server"))
    assert f"bad.toml:{line}:" in str(caught.value) and "is not a server address" in str(caught.value)

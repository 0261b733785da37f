"""settings.transcription_server: optional, checked as a URL, and unset it leaves a guide's hash as it was."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from interviewer.errors import GuideError
from interviewer.guide import load_guide

GUIDES = Path(__file__).resolve().parents[2] / "topic_guides"


def _hash_without_the_field(guide) -> str:
    """The content hash as computed before the field existed."""
    data = guide.model_dump(mode="json", by_alias=True)
    data["settings"].pop("transcription_server", None)  # a dump leaves it out while unset
    return "sha256:" + hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@pytest.mark.parametrize("name", ["genai-mental-health.toml", "template.toml", "commuting.toml"])
def test_unset_or_empty_keeps_the_hash_of_a_guide_without_it(name):
    guide = load_guide(GUIDES / name)
    assert guide.settings.transcription_server in (None, "")
    assert guide.content_hash == _hash_without_the_field(guide)


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

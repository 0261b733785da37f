"""Fields added after format 1 leave the content hash of guides that do not use them unchanged."""

from __future__ import annotations

from pathlib import Path

from interviewer.guide.loader import load_guide

DATA = Path(__file__).parent / "data"
# The hash this guide had before scopes, probe `covers`/`fallback` and acknowledgements existed:
# sessions recorded then name it, and must still match their guide.
BEFORE = "sha256:d50a02626a1dc00d8555c925288a86a12bb3a7ad9c4d08ec08743dfabd0ca391"


def test_an_old_guide_keeps_its_hash():
    guide = load_guide(DATA / "template-before-memory.toml")
    assert guide.content_hash == BEFORE


def test_the_new_fields_count_once_used(tmp_path):
    text = (DATA / "template-before-memory.toml").read_text()
    for old, new in [
        ('when = { longer_than = 40 }', 'when = { longer_than = 40, scope = "answer" }'),
        ('text = "Could you give an example?"', 'text = "Could you give an example?"\ncovers = ["for example"]'),
        ('if_covered = "mark"        #', 'acknowledgements = ["Thank you."]\nif_covered = "mark"        #'),
    ]:
        assert old in text
        path = tmp_path / "changed.toml"
        path.write_text(text.replace(old, new, 1))
        assert load_guide(path).content_hash != BEFORE, new

"""The key-path locator: tables, arrays of tables, inline tables and arrays, tricky strings."""

from __future__ import annotations

import tomli

from interviewer.guide.source_map import SourceMap

TEXT = '''\
# a comment with [[fake]] headers and key = "value"
glossary = ["a",
  "b"]   # trailing comment
[study]
id = "x"
"quoted key".sub = 1
sheet = """multi-line
[[themes]]
id = "not a key"
"""
raw = \'\'\'[[also]] not a header\'\'\'
[[themes]]
id = "a"
[[themes.questions]]
id = "q"
when = { all = [ { shorter_than = 5 }, { not = { matches = "a]b}c" } } ] }
[[themes.questions.probes]]
id = 'p'
[[themes.questions]]
id = "q2"
[[themes]]
id = "b"
[[themes.questions]]
text = "t"
[ topics ]
work = [
  "job",   # a comment inside an array
  "office",
]
'''


def test_positions_of_keys_tables_and_items():
    assert tomli.loads(TEXT)  # the locator only ever sees valid TOML
    source = SourceMap.from_text(TEXT)
    expected = {
        ("glossary",): (2, 1),
        ("glossary", 1): (3, 3),
        ("study", "quoted key", "sub"): (6, 1),
        ("study", "sheet"): (7, 1),
        ("study", "raw"): (11, 1),
        ("themes", 0): (12, 1),
        ("themes", 0, "id"): (13, 1),
        ("themes", 0, "questions", 0, "when", "all", 1, "not", "matches"): (16, 50),
        ("themes", 0, "questions", 0, "probes", 0, "id"): (18, 1),
        ("themes", 0, "questions", 1, "id"): (20, 1),
        ("themes", 1, "questions", 0, "text"): (24, 1),
        ("topics", "work", 1): (28, 3),
    }
    assert {loc: source.exact(loc) for loc in expected} == expected
    assert source.exact(("themes", 0, "id")) != source.exact(("themes", 1, "id"))
    assert source.exact(("also",)) is None and source.exact(("themes", 2)) is None


def test_find_falls_back_to_the_nearest_written_ancestor():
    source = SourceMap.from_text(TEXT)
    assert source.find(("themes", 1, "questions", 0, "probes", 3, "kind")) == (23, 1)
    assert source.find(("themes", 0, "questions", 0, "when", "all", 0, "missing")) == (16, 18)
    assert source.find(("nowhere",)) == (1, 1)

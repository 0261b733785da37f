"""REFI-QDA exports: XSD-valid, the importer facts kept, offsets exact, recording included."""

from __future__ import annotations

import re
import zipfile

import numpy as np
import pytest
import soundfile as sf
from lxml import etree

from interviewer.errors import UsageError
from interviewer.export import export_session, export_study

NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}


def open_project(path, schemas):
    """Parse and validate project.qde; return (root, zip file)."""
    archive = zipfile.ZipFile(path)
    root = etree.fromstring(archive.read("project.qde"))
    assert schemas["project"].validate(root), schemas["project"].error_log
    return root, archive


def internal(archive, ref: str) -> bytes:
    assert ref.startswith("internal://")
    return archive.read("sources/" + ref[len("internal://") :])


def check_importer_facts(root, archive) -> None:
    names = archive.namelist()
    assert names[0] == "project.qde" and all(n == "project.qde" or n.startswith("sources/") for n in names)
    assert root.get("origin", "").startswith("interviewer ")
    assert root.get("basePath") is None  # every source is inside the archive: no machine's path in it
    for el in root.iter():  # every internal:// file exists; text is UTF-8, no BOM, LF only
        for attr in ("plainTextPath", "path"):
            if el.get(attr):
                data = internal(archive, el.get(attr))
                if attr == "plainTextPath":
                    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
                    data.decode("utf-8")
    codes = root.findall(".//q:Code", NS)
    names_ = [c.get("name").casefold() for c in codes]
    assert len(names_) == len(set(names_))
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c.get("color")) for c in codes)
    for coding in root.iter(f"{{{NS['q']}}}Coding"):
        assert etree.QName(coding[0]).localname == "CodeRef"
    for note in root.findall(".//q:Notes/q:Note", NS):
        assert note.get("creationDateTime")
    audio_names = {a.get("name") for a in root.findall(".//q:AudioSource", NS)}
    assert all(re.search(r"\.\w+$", n) for n in audio_names)
    text_names = {t.get("name") for t in root.findall(".//q:TextSource", NS)}
    assert not text_names & (
        {f"{n}.txt" for n in audio_names} | {n.rsplit(".", 1)[0] + ".txt" for n in audio_names}
    )


def check_offsets(root, archive, views) -> None:
    """Every answered turn has one selection; its offsets slice the stored text to the answer."""
    code_names = {c.get("guid"): c.get("name") for c in root.findall(".//q:Code", NS)}
    for view in views:
        source = next(
            t for t in root.findall(".//q:TextSource", NS) if t.get("name") == f"{view.meta.code} transcript"
        )
        text = internal(archive, source.get("plainTextPath")).decode("utf-8")
        selections = source.findall("q:PlainTextSelection", NS)
        answered = [t for t in view.turns if t.text.strip()]
        assert len(selections) == len(answered)
        for turn, sel in zip(answered, selections):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            assert text[start:end] == turn.text.strip()
            code = sel.find("q:Coding/q:CodeRef", NS).get("targetGUID")
            assert code_names[code].startswith(f"{turn.question_id}: ")


def test_qdpx_of_realistic_session(realistic, study_guide, schemas, tmp_path):
    view, session_dir = realistic
    (path,) = export_session(view, ["qdpx"], tmp_path, guide=study_guide, audio_dir=session_dir)
    assert path.name == "P-7K3Q.qdpx"
    root, archive = open_project(path, schemas)
    check_importer_facts(root, archive)
    check_offsets(root, archive, [view])
    themes = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    assert [t.get("name") for t in themes] == [t.title for t in study_guide.themes]
    assert [len(t.findall("q:Code", NS)) for t in themes] == [len(t.questions) for t in study_guide.themes]
    case = root.find("q:Cases/q:Case", NS)
    assert case.get("name") == "P-7K3Q"
    variables = {v.get("guid"): v.get("name") for v in root.findall(".//q:Variable", NS)}
    values = {
        variables[vv.find("q:VariableRef", NS).get("targetGUID")]: vv[1].text
        for vv in case.findall("q:VariableValue", NS)
    }
    assert values["Participant code"] == "P-7K3Q" and values["Mode"] == "researcher-led"
    assert values["Pseudonym"] == "Sam" and values["Transcribed"] == "true"
    text_source = root.find(".//q:TextSource", NS)
    assert len(text_source.findall("q:VariableValue", NS)) == len(values)  # also on the source
    inline = [n for n in root.findall(".//q:Notes/q:Note", NS) if n.find("q:PlainTextContent", NS) is not None]
    notes = [n.find("q:PlainTextContent", NS).text for n in inline]
    assert any("Sam became animated here" in n for n in notes)
    assert any("Original wording: I first tried a chat bot" in n for n in notes)
    support = [n for n in notes if "Support step offered" in n]
    assert len(support) == 1 and "hopeless" not in support[0]


def qualcoder_annotations(root, archive) -> tuple[list[tuple[str, str]], list[str]]:
    """What QualCoder's importer makes of the notes: (annotated text, memo) pairs and journals.

    Its rules (refi.py): a note is an annotation when a TextSource refers to it directly and it
    holds a PlainTextSelection with positions; one with a plainTextPath and a name that is not an
    annotation is a journal entry; anything else is dropped.
    """
    notes = {n.get("guid"): n for n in root.findall(".//q:Notes/q:Note", NS)}
    found, used = [], set()
    for source in root.findall(".//q:TextSource", NS):
        text = internal(archive, source.get("plainTextPath")).decode("utf-8")
        for ref in source.findall("q:NoteRef", NS):
            note = notes[ref.get("targetGUID")]
            sel, body = note.find("q:PlainTextSelection", NS), note.find("q:PlainTextContent", NS)
            if sel is not None and body is not None:
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                assert 0 <= start < end <= len(text)
                found.append((text[start:end], body.text))
                used.add(note.get("guid"))
    journals = [
        internal(archive, n.get("plainTextPath")).decode("utf-8")
        for guid, n in notes.items()
        if guid not in used and n.get("plainTextPath") and n.get("name")
    ]
    return found, journals


def test_qdpx_notes_import_into_qualcoder_anchored(realistic, schemas, tmp_path):
    view, session_dir = realistic
    (path,) = export_session(view, ["qdpx"], tmp_path, audio_dir=session_dir)
    root, archive = open_project(path, schemas)
    found, journals = qualcoder_annotations(root, archive)
    inline = [n for n in root.findall(".//q:Notes/q:Note", NS) if n.find("q:PlainTextContent", NS) is not None]
    assert len(found) == len(inline) == len(view.notes) + len(view.distress) + sum(
        1 for t in view.turns if t.corrections
    )  # none is dropped
    original = next(span for span, memo in found if "Original wording" in memo)
    corrected = next(t for t in view.turns if t.corrections)
    assert original == corrected.text.strip()  # anchored at its answer
    animated = next(span for span, memo in found if "Sam became animated here" in memo)
    answers = {t.text.strip() for t in view.turns}
    assert animated in answers or animated.startswith("[")  # the answer or line under way
    assert len(journals) == 1 and "Sam became animated here" in journals[0]  # the session memo
    project_refs = {r.get("targetGUID") for r in root.findall("q:NoteRef", NS)}
    assert len(project_refs) == 1


def test_qdpx_recording_and_transcript_sync(realistic, schemas, tmp_path):
    view, session_dir = realistic
    (path,) = export_session(view, ["qdpx"], tmp_path, audio_dir=session_dir)
    root, archive = open_project(path, schemas)
    audio = root.find(".//q:AudioSource", NS)
    assert audio.get("name") == "P-7K3Q recording.flac"
    flac = tmp_path / "x.flac"
    flac.write_bytes(internal(archive, audio.get("path")))
    decoded, rate = sf.read(flac, dtype="int16")
    original = np.concatenate([sf.read(session_dir / s.audio_file, dtype="int16")[0] for s in view.recording])
    assert rate == 16000 and np.array_equal(decoded, original)  # lossless and gap-free join
    transcript = audio.find("q:Transcript", NS)
    assert transcript.get("name") and transcript.get("creationDateTime")
    text = internal(archive, transcript.get("plainTextPath")).decode("utf-8")
    syncs = [(int(s.get("position")), int(s.get("timeStamp"))) for s in transcript.findall("q:SyncPoint", NS)]
    assert [p for p, _ in syncs] == sorted(p for p, _ in syncs)
    assert [t for _, t in syncs] == sorted(t for _, t in syncs)
    people = view.turns[3]
    for seg in people.segments:  # each transcript segment starts at its sync point
        at = [p for p, ms in syncs if ms == round(seg.start * 1000)]
        assert any(
            re.match(r"(\[\d\d:\d\d:\d\d\] Sam: )?" + re.escape(seg.text.strip()), text[p:]) for p in at
        )
    selections = audio.findall("q:AudioSelection", NS)
    spoken = [t for t in view.turns if t.source == "spoken"]
    assert len(selections) == len(spoken)
    assert int(selections[0].get("begin")) == int(spoken[0].audio_start * 1000)


def test_qdpx_offsets_count_code_points(typed_view, schemas, tmp_path):
    (path,) = export_session(typed_view, ["qdpx"], tmp_path)
    root, archive = open_project(path, schemas)
    check_importer_facts(root, archive)
    check_offsets(root, archive, [typed_view])
    assert root.find(".//q:AudioSource", NS) is None  # no audio, no audio source


def test_codebook_matches_project_and_is_stable(realistic, study_guide, schemas, tmp_path):
    view, session_dir = realistic
    first = export_session(view, ["qdpx", "qdc"], tmp_path / "a", guide=study_guide, audio_dir=session_dir)
    again = export_session(view, ["qdpx", "qdc"], tmp_path / "b", guide=study_guide)
    book = etree.parse(str(first[1]))
    assert schemas["codebook"].validate(book), schemas["codebook"].error_log
    assert book.getroot().get("origin")
    book_codes = {(c.get("guid"), c.get("name")) for c in book.iter(f"{{{NS['c']}}}Code")}
    for qdpx in (first[0], again[0]):
        root, _ = open_project(qdpx, schemas)
        assert {(c.get("guid"), c.get("name")) for c in root.iter(f"{{{NS['q']}}}Code")} == book_codes
    sel = [
        [s.get("guid") for s in open_project(p, schemas)[0].iter(f"{{{NS['q']}}}PlainTextSelection")]
        for p in (first[0], again[0])
    ]
    assert sel[0] == sel[1] and len(set(sel[0])) == len(sel[0])


def test_study_project_holds_every_interview(realistic, typed_view, study_guide, schemas, tmp_path):
    view, session_dir = realistic
    (path,) = export_study(
        [view, typed_view], ["qdpx"], tmp_path, guide=study_guide, audio_dirs={view.meta.code: session_dir}
    )
    root, archive = open_project(path, schemas)
    check_importer_facts(root, archive)
    check_offsets(root, archive, [view, typed_view])
    assert [c.get("name") for c in root.findall("q:Cases/q:Case", NS)] == ["P-7K3Q", "P-9Z2X"]
    assert len(root.findall(".//q:AudioSource", NS)) == 1


def test_empty_session_qdpx_and_codebook(empty_view, study_guide, schemas, tmp_path):
    qdpx, qdc = export_session(empty_view, ["qdpx", "qdc"], tmp_path, guide=study_guide)
    root, archive = open_project(qdpx, schemas)
    check_importer_facts(root, archive)
    assert root.find(".//q:PlainTextSelection", NS) is None
    assert schemas["codebook"].validate(etree.parse(str(qdc)))
    with pytest.raises(UsageError, match="no code system"):
        export_session(empty_view, ["qdc"], tmp_path)
    (bare,) = export_session(empty_view, ["qdpx"], tmp_path / "bare")
    open_project(bare, schemas)  # no guide, no questions: still a valid project

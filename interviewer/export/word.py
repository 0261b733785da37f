"""Transcript as a Word document (.docx): the same blocks and line numbers as the Markdown one.

Each numbered line is its own paragraph (number, tab, text, hanging indent), so Word keeps our
numbering instead of re-wrapping it. A corrected answer carries a Word comment with the
original wording; notes, markers and support steps are grey italic paragraphs at their time.
"""

from __future__ import annotations

import io

from interviewer.export.common import clock
from interviewer.export.transcript import Event, Heading, Transcript, Utterance

GREY = (0x59, 0x59, 0x59)


def render_docx(doc: Transcript) -> bytes:
    """The whole transcript as the bytes of a .docx file."""
    from docx import Document
    from docx.shared import Cm, Pt, RGBColor

    word = Document()
    section = word.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    normal = word.styles["Normal"]
    normal.font.size = Pt(10.5)
    word.core_properties.title = doc.title
    word.core_properties.author = "interviewer"
    word.add_heading(doc.title, level=0)
    table = word.add_table(rows=0, cols=2)
    table.style = "Light List Accent 1" if "Light List Accent 1" in word.styles else None
    for key, value in doc.header:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, value
    note = word.add_paragraph("Lines are numbered for line-by-line coding; times are hh:mm:ss.")
    note.runs[0].italic = True
    grey = RGBColor(*GREY)
    width = Cm(1.1)
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.title, level=1)
        elif isinstance(block, Event):
            run = word.add_paragraph().add_run(f"[{clock(block.time)}] {block.text}")
            run.italic, run.font.color.rgb = True, grey
        else:
            _utterance(word, block, width, grey)
    if not doc.blocks:
        word.add_paragraph("No questions were asked in this session.").runs[0].italic = True
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _utterance(word, block: Utterance, width, grey) -> None:
    from docx.shared import Pt

    head = word.add_paragraph()
    head.paragraph_format.space_before = Pt(8)
    head.paragraph_format.space_after = Pt(0)
    head.paragraph_format.keep_with_next = True
    head.add_run(block.speaker).bold = True
    stamp = head.add_run(f"  [{clock(block.time)}]" + (f"  {block.label}" if block.label else ""))
    stamp.font.color.rgb = grey
    runs = []
    for offset, text in enumerate(block.lines):
        para = word.add_paragraph()
        fmt = para.paragraph_format
        fmt.left_indent, fmt.first_line_indent = width, -width
        fmt.tab_stops.add_tab_stop(width)
        fmt.space_after = Pt(0)
        number = para.add_run(f"{block.first_line + offset}\t")
        number.font.color.rgb = grey
        runs.append(para.add_run(text))
    if block.original is not None and runs:
        comment = f"Corrected by the {block.corrected_by}. Original: {block.original}"
        word.add_comment(runs, text=comment, author="interviewer", initials="IV")

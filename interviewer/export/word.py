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
    body = _Body(word, width, grey)
    for block in doc.blocks:
        if isinstance(block, Heading):
            body.add("Heading 1").add_run(block.title)
        elif isinstance(block, Event):
            run = body.add().add_run(f"[{clock(block.time)}] {block.text}")
            run.italic, run.font.color.rgb = True, grey
        else:
            _utterance(word, body, block)
    if not doc.blocks:
        word.add_paragraph("No questions were asked in this session.").runs[0].italic = True
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


class _Body:
    """Appends paragraphs in constant time; utterance paragraphs are copies of one styled template.

    python-docx searches the body for its end on every add_paragraph (quadratic in the length of
    the transcript) and builds each property element by element; copying a template is linear.
    """

    def __init__(self, word, width, grey):
        self.word, self.width, self.grey = word, width, grey
        self.body = word.element.body
        self.end = self.body.sectPr  # paragraphs go before the section properties, which stay last
        self.templates: dict[str, object] = {}

    def add(self, style: str | None = None, element=None):
        """Append a paragraph (new, or the given element) and return it."""
        from docx.oxml import OxmlElement
        from docx.text.paragraph import Paragraph

        element = OxmlElement("w:p") if element is None else element
        if self.end is not None:
            self.end.addprevious(element)
        else:
            self.body.append(element)
        paragraph = Paragraph(element, self.word._body)
        if style is not None:
            paragraph.style = self.word.styles[style]
        return paragraph

    def head(self, speaker: str, stamp: str) -> None:
        """The speaker in bold and the time (and label) in grey, kept with the next line."""
        self._from_template("head", self._new_head, (speaker, stamp))

    def line(self, number: int, text: str):
        """A numbered line (number, tab, text, hanging indent); return the text's run."""
        return self._from_template("line", self._new_line, (f"{number}", text))

    def _from_template(self, kind: str, build, texts: tuple[str, str]):
        from copy import deepcopy

        from docx.oxml.ns import qn
        from docx.text.run import Run

        template = self.templates.get(kind)
        if template is None or any(ch in t for t in texts for ch in "\t\n\r"):
            paragraph = build(*texts)  # python-docx turns tabs and breaks into their own elements
            if template is None and not any(ch in t for t in texts for ch in "\t\n\r"):
                self.templates[kind] = deepcopy(paragraph._p)
            return paragraph.runs[-1]
        element = deepcopy(template)
        runs = element.findall(qn("w:r"))
        for run, text in zip(runs, texts):
            run.find(qn("w:t")).text = text
        paragraph = self.add(element=element)
        return Run(runs[-1], paragraph)

    def _new_head(self, speaker: str, stamp: str):
        from docx.shared import Pt

        head = self.add()
        head.paragraph_format.space_before = Pt(8)
        head.paragraph_format.space_after = Pt(0)
        head.paragraph_format.keep_with_next = True
        head.add_run(speaker).bold = True
        _preserve(head.add_run(stamp)).font.color.rgb = self.grey
        return head

    def _new_line(self, number: str, text: str):
        from docx.shared import Pt

        para = self.add()
        fmt = para.paragraph_format
        fmt.left_indent, fmt.first_line_indent = self.width, -self.width
        fmt.tab_stops.add_tab_stop(self.width)
        fmt.space_after = Pt(0)
        para.add_run(f"{number}\t").font.color.rgb = self.grey
        _preserve(para.add_run(text))
        return para


def _preserve(run):
    """Keep leading and trailing spaces of the run's text (a copied template may get any text)."""
    from docx.oxml.ns import qn

    for t in run._r.findall(qn("w:t")):
        t.set(qn("xml:space"), "preserve")
    return run


def _utterance(word, body: _Body, block: Utterance) -> None:
    body.head(block.speaker, f"  [{clock(block.time)}]" + (f"  {block.label}" if block.label else ""))
    runs = [body.line(block.first_line + offset, text) for offset, text in enumerate(block.lines)]
    if block.original is not None and runs:
        comment = f"Corrected by the {block.corrected_by}. Original: {block.original}"
        word.add_comment(runs, text=comment, author="interviewer", initials="IV")

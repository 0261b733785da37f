"""The REFI-QDA code system built from the guide: a code per theme, a sub-code per question.

GUIDs are UUID-5s of the study id and the theme or question id, so every export of the same
guide (any session, any day) uses the same codes and QDA programs merge re-imports instead of
duplicating them. Names are unique across the whole code system (an importer drops codings of a
duplicate name); colours are #RRGGBB, one per theme, lighter for its questions. Questions seen
in sessions but missing from the guide (another guide version) are added under their theme.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from lxml import etree

from interviewer import __version__
from interviewer.guide.model import Guide
from interviewer.session.view import SessionView

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://interviewer.invalid/refi-qda")
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"interviewer {__version__}"
PALETTE = (
    "#1F77B4",
    "#D62728",
    "#2CA02C",
    "#9467BD",
    "#FF7F0E",
    "#17BECF",
    "#8C564B",
    "#E377C2",
    "#7F7F7F",
    "#BCBD22",
    "#393B79",
    "#637939",
)


def stable_guid(*parts: str) -> str:
    """A GUID that is the same for the same parts on every run."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


@dataclass
class Code:
    """One code of the system, with its sub-codes."""

    guid: str
    name: str
    color: str
    description: str = ""
    children: list[Code] = field(default_factory=list)


@dataclass
class CodeSystem:
    """Theme codes in guide order, and lookups by theme and question id."""

    study_id: str
    themes: list[Code] = field(default_factory=list)
    by_theme: dict[str, Code] = field(default_factory=dict)
    by_question: dict[str, Code] = field(default_factory=dict)
    _names: set[str] = field(default_factory=set)

    def unique(self, name: str) -> str:
        """Return `name`, or `name (2)`, `name (3)`… if it is taken."""
        candidate, n = name, 1
        while candidate.casefold() in self._names:
            n += 1
            candidate = f"{name} ({n})"
        self._names.add(candidate.casefold())
        return candidate

    def add_theme(self, theme_id: str, title: str, description: str = "") -> Code:
        """The theme's code, created on first use."""
        if theme_id not in self.by_theme:
            color = PALETTE[len(self.themes) % len(PALETTE)]
            code = Code(stable_guid(self.study_id, "theme", theme_id), self.unique(title), color, description)
            self.themes.append(code)
            self.by_theme[theme_id] = code
        return self.by_theme[theme_id]

    def add_question(self, theme_id: str, question_id: str, text: str) -> Code:
        """The question's sub-code under its theme, created on first use."""
        if question_id not in self.by_question:
            parent = self.add_theme(theme_id, theme_id)
            name = self.unique(f"{question_id}: {_short(text)}")
            code = Code(
                stable_guid(self.study_id, "question", question_id), name, _lighter(parent.color), text
            )
            parent.children.append(code)
            self.by_question[question_id] = code
        return self.by_question[question_id]


def build_code_system(study_id: str, guide: Guide | None, views: list[SessionView]) -> CodeSystem:
    """The code system of the guide, completed by any theme or question the sessions used."""
    system = CodeSystem(study_id)
    if guide is not None:
        for theme in guide.themes:
            system.add_theme(theme.id, theme.title, theme.note or "")
            for question in theme.questions:
                system.add_question(theme.id, question.id, question.text)
    turns = [turn for view in views for turn in view.turns]
    # Main questions first, so a question's code is named after its own wording.
    for turn in sorted(turns, key=lambda t: t.kind != "question"):
        system.add_theme(turn.theme_id, turn.theme_title or turn.theme_id)
        text = turn.prompt_text if turn.kind == "question" else turn.question_id
        system.add_question(turn.theme_id, turn.question_id, text)
    return system


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _lighter(color: str, amount: float = 0.35) -> str:
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{int(c + (255 - c) * amount):02X}" for c in rgb)


def code_elements(parent: etree._Element, codes: list[Code], ns: str) -> None:
    """Append <Code> elements (recursively) under `parent` in namespace `ns`."""
    for code in codes:
        el = etree.SubElement(
            parent, f"{{{ns}}}Code", guid=code.guid, name=code.name, isCodable="true", color=code.color
        )
        if code.description:
            etree.SubElement(el, f"{{{ns}}}Description").text = code.description
        code_elements(el, code.children, ns)


def codebook_xml(system: CodeSystem) -> bytes:
    """The code system alone as a REFI-QDA codebook (.qdc)."""
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=ORIGIN)
    codes = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    code_elements(codes, system.themes, CODEBOOK_NS)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)

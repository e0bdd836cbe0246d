"""The document's skeleton: cover, table of contents, chapters, commitments, sections.

This module only cuts the text into blocks, each with its line numbers; the
per-field modules (dates, milestones, contacts, actors, legal, money, web,
programmes) read the blocks. Headings are recognised from a lexicon of the
forms the document actually uses, compared after :func:`heading_form` so that case,
accents, apostrophes and trailing punctuation ("?", ":", "•", "-") don't matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text import fold as text_fold
from .lines import Line

# Section headings inside a commitment → the kind of section they open.
# Keys are folded (see `heading_form`). Each form was seen in the document.
SECTION_HEADINGS: dict[str, str] = {
    "date de debut et de fin de l'engagement": "period",
    "dates de debut et de fin de l'engagement": "period",
    "date de debut et de fin de l'action": "period",
    "agence / acteur d'execution principal": "lead",
    "ministere porteur": "lead",
    "autorite porteuse": "lead",
    "aai porteuse": "lead",
    "description de l'engagement": "description",
    "description de l'action": "description",
    "quel est le probleme public que l'engagement reglera": "problem",
    "quel est le probleme public que l'action reglera": "problem",
    "quel est l'engagement": "commitment",
    "quelle est l'action": "commitment",
    "comment l'engagement contribuera-t-il a resoudre le probleme public": "solution",
    "comment l'action contribuera-t-elle a resoudre le probleme public": "solution",
    "pourquoi cet engagement est-il pertinent pour les valeurs de l'ogp": "relevance",
    "pourquoi cette action est-elle pertinente pour les valeurs de l'ogp": "relevance",
    "informations supplementaires": "additional",
    "jalons d'activites avec un livrable verifiable": "milestones",
    "jalons d'activite avec un livrable verifiable": "milestones",
    "informations de contact": "contacts",
    "information de contact": "contacts",
    "information du contact": "contacts",
    "point de contact": "contacts",  # #44 has no "Informations de contact" above it
    "autres acteurs impliques": "actors",
}

# The lead headings as the document writes them (kept on the commitment).
LEAD_HEADINGS = {
    "agence / acteur d'execution principal": "Agence / acteur d'exécution principal",
    "ministere porteur": "Ministère porteur",
    "autorite porteuse": "Autorité porteuse",
    "aai porteuse": "AAI porteuse",
}

_COMMITMENT_HEADING = re.compile(r"^Engagement\s*(?:#|«)\s*(\d+)\s*:\s*(.+)$")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.+?)(?:\.{3,})?(?:\t+(\d+))?$")
_TRAILING_PUNCT = re.compile(r"[\s?:•\-–]+$")


def heading_form(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a heading."""
    text = text_fold(text.replace("’", "'"))
    text = re.sub(r"\s+", " ", text)
    return _TRAILING_PUNCT.sub("", text).strip()


def section_kind(text: str) -> str | None:
    """The kind of section ``text`` opens, or None if it is not a heading."""
    return SECTION_HEADINGS.get(heading_form(text))


def split_heading(text: str) -> tuple[str, str, str] | None:
    """Recognise a heading at the start of a line: (kind, heading as written, rest).

    Some commitments (#52) run the text on after the heading on the same line:
    "Quel est le problème public que l'engagement réglera ? La Cour s'est vu…".
    We try each word boundary in the first words, longest heading first.
    """
    kind = section_kind(text)
    if kind is not None:
        return kind, text, ""
    cuts = [m.start() for m in re.finditer(r"\s", text[:90])]
    for cut in reversed(cuts):
        kind = section_kind(text[:cut])
        if kind is not None:
            return kind, text[:cut].strip(), text[cut:].strip()
    return None


@dataclass
class TocEntry:
    number: int
    title: str
    page: int
    line: Line


@dataclass
class Section:
    kind: str  # a SECTION_HEADINGS value, or "preamble" for lines before the first heading
    heading: Line | None
    lines: list[Line] = field(default_factory=list)


@dataclass
class CommitmentBlock:
    number: int
    title: str
    chapter: int
    heading: list[Line]  # the heading line (+ continuation lines of a long title)
    sections: list[Section]

    @property
    def lines(self) -> list[Line]:
        out = list(self.heading)
        for s in self.sections:
            if s.heading is not None:
                out.append(s.heading)
            out.extend(s.lines)
        return out


@dataclass
class ChapterBlock:
    number: int
    title: str
    heading: Line
    toc: TocEntry | None


@dataclass
class DocumentBlocks:
    cover: list[Line]
    toc_heading: Line
    toc: list[TocEntry]
    chapters: list[ChapterBlock]
    commitments: list[CommitmentBlock]
    back_cover: list[Line]


class StructureError(Exception):
    """The document's skeleton is not what the parser expects."""


def read_blocks(lines: list[Line], physical: list[str]) -> DocumentBlocks:
    """Cut the logical lines into cover, table of contents, chapters and commitments."""
    toc_at = next((i for i, ln in enumerate(lines) if heading_form(ln.text) == "sommaire"), None)
    if toc_at is None:
        raise StructureError("no table of contents ('Sommaire') found")
    cover = lines[:toc_at]

    toc: list[TocEntry] = []
    i = toc_at + 1
    while i < len(lines):
        m = _NUMBERED.match(lines[i].text)
        if not m or m.group(3) is None or int(m.group(1)) != len(toc) + 1:
            break
        toc.append(TocEntry(int(m.group(1)), m.group(2).strip(), int(m.group(3)), lines[i]))
        i += 1
    if not toc:
        raise StructureError("the table of contents lists no chapter")

    # The back cover repeats the cover's ministry banner after the last commitment.
    back_at = len(lines)
    for j in range(len(lines) - 1, i, -1):
        if lines[j].text.startswith("**MINIST"):
            back_at = j
            break
    body = lines[i:back_at]

    chapters: list[ChapterBlock] = []
    commitments: list[CommitmentBlock] = []
    current: CommitmentBlock | None = None
    toc_by_title = {heading_form(e.title): e for e in toc}
    k = 0
    while k < len(body):
        line = body[k]
        chapter_match = _NUMBERED.match(line.text)
        if chapter_match and heading_form(chapter_match.group(2)) in toc_by_title:
            entry = toc_by_title[heading_form(chapter_match.group(2))]
            if entry.number == int(chapter_match.group(1)) and entry.number == len(chapters) + 1:
                chapters.append(ChapterBlock(entry.number, line.text.split(".", 1)[1].strip(), line, entry))
                current = None
                k += 1
                continue
        heading_match = _COMMITMENT_HEADING.match(line.text)
        if heading_match:
            if not chapters:
                raise StructureError(f"line {line.number}: commitment before any chapter")
            heading = [line]
            # A long title may run on over the next physical lines (no blank between).
            while (
                k + 1 < len(body)
                and body[k + 1].number == heading[-1].number + 1
                and section_kind(body[k + 1].text) is None
                and physical[body[k + 1].number - 2].strip()
            ):
                k += 1
                heading.append(body[k])
            title = " ".join([heading_match.group(2).strip()] + [h.text for h in heading[1:]])
            current = CommitmentBlock(
                int(heading_match.group(1)), title, chapters[-1].number, heading,
                [Section("preamble", None)],
            )
            commitments.append(current)
            k += 1
            continue
        if current is None:
            raise StructureError(f"line {line.number}: text outside any commitment: {line.text[:60]!r}")
        heading_split = split_heading(line.text)
        if heading_split is not None:
            kind, heading_text, rest = heading_split
            last = current.sections[-1]
            if kind == last.kind and not last.lines:
                # #37 repeats its milestones heading as the header row of a
                # tab table ("Jalons…\tDate de début:\tDate de fin:"): content.
                last.lines.append(line)
            else:
                current.sections.append(Section(kind, Line(line.number, heading_text)))
                if rest:
                    current.sections[-1].lines.append(Line(line.number, rest))
        else:
            current.sections[-1].lines.append(line)
        k += 1

    return DocumentBlocks(cover, lines[toc_at], toc, chapters, commitments, lines[back_at:])

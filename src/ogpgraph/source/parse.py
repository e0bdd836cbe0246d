"""Source text → :class:`~ogpgraph.model.ActionPlan`: the parser's entry point.

:mod:`.document` cuts the text into blocks; this module hands each block to the
module that owns its kind of field and assembles the model. Every line of a
commitment ends up in the span of some extracted value or in ``boilerplate``
(headings), which :mod:`ogpgraph.coverage` checks.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ..model import ActionPlan, Chapter, Commitment, Interval, OrganisationMention, Span, TextPart
from .actors import extract_actors, extract_leads
from .contacts import extract_contacts
from .dates import MONTH_NAMES, parse_period
from .document import LEAD_HEADINGS, CommitmentBlock, Section, heading_form, read_blocks
from .legal import extract_legal_texts
from .lines import SOURCE_SHA256, Line, logical_lines, physical_lines, read_source
from .milestones import extract_milestones
from .money import extract_money
from .programmes import Catalogue, extract_programmes
from .values import tag_ogp_values
from .web import extract_web_addresses

# Facts about the plan that the document does not print: the period of the
# OGP action plan it belongs to (the OGP registry lists it as 2021–2023) and
# the country. Everything else about the plan is read from the cover.
PLAN_PERIOD = Interval("2021-2023", date(2021, 1, 1), date(2023, 12, 31))
PLAN_COUNTRY = "FR"


# Lines, anywhere in a commitment's header, period or additional information,
# that annotate the commitment itself ("Engagement reconduit…", "Engagement
# co-conçu avec…", "Engagement en cohérence avec…", "Engagement permanent…").
_NOTE = re.compile(r"^Engagement\s+(?!#|«)")
_EMPTY_BULLET = re.compile(r"^(?:-{1,2}|•|–|—)$")


def _span(lines: list[Line]) -> Span:
    return Span(lines[0].number, lines[-1].number)


def _text_part(kind: str, lines: list[Line]) -> TextPart:
    return TextPart(kind, "\n".join(ln.text for ln in lines), _span(lines))


def _strip_markup(text: str) -> str:
    return text.replace("**", "").replace("*", "").strip()


def parse_plan(path: Path, catalogue: Catalogue | None = None,
               expected_sha256: str = SOURCE_SHA256) -> ActionPlan:
    """Parse the source document at ``path`` into the model (not yet resolved)."""
    text, digest = read_source(path, expected_sha256)
    physical = physical_lines(text)
    lines = logical_lines(physical)
    blocks = read_blocks(lines, physical)

    cover = blocks.cover
    cover_text = [_strip_markup(ln.text) for ln in cover]
    # The cover's banner names the publishing ministry over four lines, in capitals.
    publisher = " ".join(cover_text[0:4])
    title = next(t for t in cover_text if heading_form(t) == "liasse des engagements")
    issued = _cover_date(cover_text)
    programme_title = " ".join(cover_text[-3:])
    plan = ActionPlan(
        title=f"{title} — {programme_title}",
        publisher=publisher,
        issued=issued,
        country=PLAN_COUNTRY,
        period=PLAN_PERIOD,
        span=_span(cover),
        source_sha256=digest,
        source_path=f"data/source/{path.name}",
        lines=physical,
    )
    plan.boilerplate.append(Span(blocks.toc_heading.number, blocks.toc_heading.number))
    _back_cover(plan, blocks.back_cover)

    for ch in blocks.chapters:
        toc_span = Span(ch.toc.line.number, ch.toc.line.number) if ch.toc else None
        plan.chapters.append(Chapter(ch.number, ch.title, ch.toc.page if ch.toc else None,
                                     Span(ch.heading.number, ch.heading.number), toc_span))

    for block in blocks.commitments:
        plan.commitments.append(_commitment(block, catalogue))
    return plan


_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_COORDINATED_BY = "ce rapport a ete pilote par les equipes de la"


def _back_cover(plan: ActionPlan, back: list[Line]) -> None:
    """The back cover: the ministry banner again, then who coordinated the report,
    its web site, its mailbox and the month (the banner and month repeat the cover)."""
    for k, ln in enumerate(back):
        one = Span(ln.number, ln.number)
        if heading_form(ln.text) == _COORDINATED_BY and k + 1 < len(back):
            plan.coordinator = OrganisationMention(back[k + 1].text, Span(ln.number, back[k + 1].number))
        elif _EMAIL.match(ln.text):
            plan.contact_emails.append((ln.text, one))
        elif not (plan.coordinator and ln.number <= plan.coordinator.span.end):
            web = extract_web_addresses([ln])
            if web and web[0].text == ln.text:
                plan.homepage = web[0]
            else:
                plan.boilerplate.append(one)  # the banner and the repeated month


def _cover_date(cover_text: list[str]) -> date:
    """The issue month printed on the cover ("DÉCEMBRE 2021")."""
    for k, t in enumerate(cover_text):
        month = MONTH_NAMES.get(heading_form(t))
        if month and k + 1 < len(cover_text) and cover_text[k + 1].isdigit():
            return date(int(cover_text[k + 1]), month, 1)
    raise ValueError("no issue date (month and year) on the cover")


def _commitment(block: CommitmentBlock, catalogue: Catalogue | None) -> Commitment:
    all_lines = block.lines
    c = Commitment(
        number=block.number,
        title=block.title,
        chapter=block.chapter,
        span=Span(all_lines[0].number, all_lines[-1].number),
        heading_span=_span(block.heading),
    )
    for section in block.sections:
        if section.heading is not None:
            c.boilerplate.append(Span(section.heading.number, section.heading.number))
        _section(c, section)

    c.legal_texts = extract_legal_texts(all_lines)
    c.money = extract_money(all_lines)
    c.web = extract_web_addresses(all_lines)
    c.programmes = extract_programmes(all_lines, catalogue)
    relevance = c.part("relevance")
    c.ogp_values = tag_ogp_values(relevance.text) if relevance else []
    return c


def _section(c: Commitment, section: Section) -> None:
    lines = [ln for ln in section.lines if not _EMPTY_BULLET.match(ln.text)]
    for ln in section.lines:
        if _EMPTY_BULLET.match(ln.text):  # a bullet left empty in the PDF
            c.boilerplate.append(Span(ln.number, ln.number))
    if not lines:
        return
    kind = section.kind
    if kind == "preamble":
        # #3 prints its period without the "Date de début…" heading.
        _notes(c, lines)
        if c.period is None:
            c.period = parse_period(lines[0].text)
            c.period_span = _span(lines[:1])
    elif kind == "period":
        c.period = parse_period(lines[0].text)
        c.period_span = _span(lines[:1])
        _notes(c, lines)
        if len(lines) > 1:
            c.additional.append(_text_part("period-remark", lines[1:]))
    elif kind == "lead":
        c.lead_heading = LEAD_HEADINGS[heading_form(section.heading.text)]
        c.leads.extend(extract_leads(lines))
    elif kind in ("description", "problem", "commitment", "solution", "relevance"):
        c.parts.append(_text_part(kind, lines))
    elif kind == "additional":
        _notes(c, lines)
        c.additional.append(_text_part("additional", lines))
    elif kind == "milestones":
        milestones, parts = extract_milestones(lines)
        offset = len(c.milestones)
        for ms in milestones:
            ms.number += offset
            if ms.parent is not None:
                ms.parent += offset
        c.milestones.extend(milestones)
        _keep_parts(c, parts)
    elif kind == "contacts":
        contacts, parts = extract_contacts(lines)
        c.contacts.extend(contacts)
        _keep_parts(c, parts)
    elif kind == "actors":
        actors, parts = extract_actors(lines)
        c.actors.extend(actors)
        _keep_parts(c, parts)
    else:  # pragma: no cover - SECTION_HEADINGS and this function list the same kinds
        raise ValueError(f"unknown section kind {kind!r}")


def _notes(c: Commitment, lines: list[Line]) -> None:
    for ln in lines:
        if _NOTE.match(ln.text):
            c.notes.append(TextPart("note", ln.text, Span(ln.number, ln.number)))


def _keep_parts(c: Commitment, parts: list[TextPart]) -> None:
    """Prose found by a section extractor: notes, headings, or extra text."""
    for part in parts:
        if part.kind == "boilerplate" or part.kind.endswith("header"):
            c.boilerplate.append(part.span)
        elif part.kind == "note":
            c.notes.append(part)
        else:
            c.additional.append(part)

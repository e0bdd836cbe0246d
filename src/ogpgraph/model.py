"""The plain dataclasses passed between the steps of the data's journey.

parse (``ogpgraph.source``) → model (this module) → resolve → mint IRIs → graph.

Every extracted value carries a :class:`Span`: the 1-based, inclusive range of
source lines it was read from, so that any fact in the graph can be checked
against the passage of the document it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, get_args

# What contact details a graph or the service shows: "full" everything the document gives,
# "role" the contacts' roles and organisations but no people or e-mail addresses, "none" no
# contacts at all. Chosen at build time (ogpgraph build --contacts) and at serve time.
ContactsMode = Literal["full", "role", "none"]
CONTACT_MODES: tuple[str, ...] = get_args(ContactsMode)


@dataclass(frozen=True, order=True)
class Span:
    """Lines ``start``..``end`` (1-based, inclusive) of the source document."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 1 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}-{self.end}")

    @classmethod
    def cover(cls, spans: "list[Span]") -> "Span":
        """The smallest span containing all ``spans``."""
        return cls(min(s.start for s in spans), max(s.end for s in spans))

    def lines(self) -> range:
        return range(self.start, self.end + 1)


@dataclass(frozen=True)
class Interval:
    """A date as written, plus its normalised interval (earliest start, latest end).

    ``start``/``end`` are ``None`` where the text gives no bound (an open-ended
    commitment, "durée indéterminée", or a form we cannot normalise).
    """

    text: str
    start: date | None = None
    end: date | None = None


@dataclass
class Chapter:
    number: int
    title: str
    page: int | None
    span: Span  # the chapter heading in the body
    toc_span: Span | None = None  # its line in the table of contents


@dataclass
class OrganisationMention:
    """An organisation named in the document, as written.

    ``key`` is filled in by entity resolution (``ogpgraph.resolve``): mentions
    with the same key are one organisation.
    """

    text: str
    span: Span
    key: str | None = None
    is_group: bool = False  # a collective ("Autres ministères"), not one organisation; filled by resolve


@dataclass
class Contact:
    """A named contact, as published: any field may be missing."""

    span: Span
    name: str | None = None
    role: str | None = None
    organisation: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    kind: str = "responsible"  # "responsible" | "operational"
    person_key: str | None = None  # filled by resolve
    organisation_key: str | None = None  # filled by resolve


@dataclass
class Actor:
    """Another actor involved in a commitment."""

    mention: OrganisationMention
    category: str  # "state" | "other" (civil society, private sector, multilaterals)


@dataclass
class LegalText:
    """A legal text cited: loi, décret, arrêté, ordonnance, circulaire, EU act, code."""

    # loi | decret | arrete | ordonnance | circulaire | reglement-ue | directive-ue | code |
    # constitution | declaration, or a part of one of them: article | annexe
    kind: str
    text: str  # the citation exactly as written
    span: Span
    number: str | None = None  # an act's official number; an article's or annex's number as written
    date: date | None = None
    title: str | None = None
    key: str | None = None  # filled by the extractor: same key = same text
    part_of: str | None = None  # an article's or annex's text (its key)


@dataclass
class MoneyAmount:
    value: Decimal
    currency: str  # ISO 4217
    text: str  # the amount as written, e.g. "1,5 M€"
    sentence: str  # the sentence it comes from
    span: Span


@dataclass
class WebAddress:
    url: str  # normalised (scheme added where the text omits it)
    text: str  # as written
    span: Span


@dataclass
class ProgrammeMention:
    key: str  # the curated programme it refers to (data/reference/programmes.yaml)
    text: str  # the words that named it
    span: Span


@dataclass
class Milestone:
    """A deliverable under "Jalons d'activités avec un livrable vérifiable"."""

    number: int  # position within the commitment, 1-based, document order
    text: str  # the deliverable, without its date
    span: Span
    date: Interval | None = None
    parent: int | None = None  # number of the enclosing milestone for nested bullets


@dataclass
class TextPart:
    """A block of prose (a description part, additional information, a note)."""

    kind: str
    text: str
    span: Span


@dataclass
class Commitment:
    number: int
    title: str
    chapter: int
    span: Span  # the whole commitment, heading to last line
    heading_span: Span
    period: Interval | None = None
    period_span: Span | None = None
    lead_heading: str | None = None  # as written: "Ministère porteur", …
    leads: list[OrganisationMention] = field(default_factory=list)
    parts: list[TextPart] = field(default_factory=list)  # problem, commitment, solution, relevance
    additional: list[TextPart] = field(default_factory=list)
    notes: list[TextPart] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    legal_texts: list[LegalText] = field(default_factory=list)
    money: list[MoneyAmount] = field(default_factory=list)
    web: list[WebAddress] = field(default_factory=list)
    programmes: list[ProgrammeMention] = field(default_factory=list)
    ogp_values: list[str] = field(default_factory=list)  # derived from the relevance text
    boilerplate: list[Span] = field(default_factory=list)  # headings inside the commitment

    def part(self, kind: str) -> TextPart | None:
        return next((p for p in self.parts if p.kind == kind), None)


@dataclass(frozen=True)
class IrmReview:
    """The Independent Reporting Mechanism's assessment fields, as a registry page showed them.

    Each value is the page's wording ("Yes", "Low", "Pending IRM Review"…); ``None``
    where the page showed no value.
    """

    verifiable: str | None = None
    relevant_to_ogp_values: str | None = None
    ambition: str | None = None
    completion: str | None = None
    early_results: str | None = None


@dataclass(frozen=True)
class RegistryRecord:
    """What the OGP's commitment registry says about one commitment of the plan.

    Read rows (``read``) carry what their page said, in English. Unread rows carry
    only the commitment number and the id and page address derived from the id rule
    (``ogp_id`` and ``url`` then say nothing about what the page holds).
    """

    number: int  # the commitment's number in the document
    ogp_id: str  # "FR0051"
    url: str  # the registry page's address as read (any spelling), or derived from the id rule
    read: bool
    title_en: str | None = None
    lead_institutions: tuple[str, ...] = ()
    support_institutions: tuple[str, ...] = ()
    policy_areas: tuple[str, ...] = ()
    irm: IrmReview | None = None
    lead_organisation_keys: tuple[str, ...] = ()  # filled by resolve, where unambiguous


@dataclass
class ActionPlan:
    title: str
    publisher: str
    issued: date
    country: str  # ISO 3166-1 alpha-2
    period: Interval
    span: Span  # the cover page
    source_sha256: str
    source_path: str
    lines: list[str]  # the document, for quoting passages (index 0 = line 1)
    chapters: list[Chapter] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    boilerplate: list[Span] = field(default_factory=list)  # cover, table of contents, furniture
    publisher_key: str | None = None  # filled by resolve
    # From the back cover: who coordinated the report, its web site and mailbox.
    coordinator: OrganisationMention | None = None
    homepage: WebAddress | None = None
    contact_emails: list[tuple[str, Span]] = field(default_factory=list)

    def quote(self, span: Span) -> str:
        """The exact text of ``span`` in the source document."""
        return "\n".join(self.lines[span.start - 1 : span.end])

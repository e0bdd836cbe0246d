"""Model → triples, under the OGP ontology (``ontology/ogp.ttl``).

The graph is split by concern so each can be loaded as its own named graph:

* ``facts``: the plan, chapters, commitments and everything extracted from them;
* ``provenance``: the passages of the source document each fact was read from
  (Web Annotation selectors: an RFC 5147 line range, character offsets, the quote);
* ``vocabularies``: the SKOS scheme of OGP values and the related programmes;
* ``registry`` and ``irm_review``: what the OGP's commitment registry says of the
  commitments (``rdf/registry.py``), kept apart because it is read from another source.

No blank nodes anywhere: every node has an IRI from :mod:`ogpgraph.iris`, so a
rebuild gives byte-identical Turtle and every node can be dereferenced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rdflib import Graph, Literal, URIRef

from ..iris import Minter, slugify
from ..model import CONTACT_MODES, ActionPlan, Commitment, Contact, ContactsMode, Interval, ProgrammeMention, Span
from ..source.eli import derive_eli
from ..source.legal import KNOWN_TEXTS, full_titles
from ..source.programmes import Catalogue, programme_info
from ..source.values import OGP_VALUES
from .namespaces import (
    DCAT, DCTERMS, ELI, EU_COUNTRY, FOAF, OA, OGP, ORG, PREFIXES, PROV, RDF, RDFS, RFC5147, SCHEMA,
    SKOS, VCARD, XSD,
)


_PART_PROPERTY = {
    "description": OGP.descriptionIntroduction,
    "problem": OGP.problem,
    "commitment": OGP.commitmentStatement,
    "solution": OGP.solution,
    "relevance": OGP.relevance,
}


def _fr(text: str) -> Literal:
    return Literal(text, lang="fr")


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


@dataclass
class PlanGraphs:
    facts: Graph = field(default_factory=Graph)
    provenance: Graph = field(default_factory=Graph)
    vocabularies: Graph = field(default_factory=Graph)
    registry: Graph = field(default_factory=Graph)
    irm_review: Graph = field(default_factory=Graph)
    # What the ontology's axioms entail from the others (rdf/entail.py), filled in last by build
    entailed: Graph = field(default_factory=Graph)

    def __post_init__(self) -> None:
        for _, g in self.items():
            for prefix, ns in PREFIXES.items():
                g.bind(prefix, ns, override=True)

    def items(self) -> list[tuple[str, Graph]]:
        return [("facts", self.facts), ("provenance", self.provenance), ("vocabularies", self.vocabularies),
                ("registry", self.registry), ("irm_review", self.irm_review), ("entailed", self.entailed)]


class Emitter:
    """Turns one resolved :class:`ActionPlan` into :class:`PlanGraphs`."""

    def __init__(self, plan: ActionPlan, minter: Minter, catalogue: Catalogue,
                 contacts: ContactsMode = "full", labels: "dict[str, tuple[str, list[str]]] | None" = None):
        if contacts not in CONTACT_MODES:
            raise ValueError(f"contacts mode must be one of {CONTACT_MODES}, not {contacts!r}")
        self.plan = plan
        self.mint = minter
        self.catalogue = catalogue
        self.contacts = contacts
        # organisation key → (preferred label, alternative labels), from entity resolution
        self.labels = labels or {}
        self.g = PlanGraphs()
        self._offsets = self._line_offsets(plan.lines)
        self._organisations: dict[str, set[str]] = {}
        self._people: dict[str, str] = {}
        self._programmes: dict[str, list] = {}  # key → its mentions (words as written, span)
        self._legal: dict[str, list] = {}

    # -- provenance ---------------------------------------------------------

    @staticmethod
    def _line_offsets(lines: list[str]) -> list[int]:
        offsets, at = [], 0
        for line in lines:
            offsets.append(at)
            at += len(line) + 1
        return offsets

    def derived(self, subject: URIRef, span: Span) -> None:
        """Link ``subject`` to the passage of the source it was read from."""
        self.g.facts.add((subject, PROV.wasDerivedFrom, self.passage(span)))

    def passage(self, span: Span) -> URIRef:
        p = self.mint.passage(span.start, span.end)
        g = self.g.provenance
        if (p, RDF.type, OA.SpecificResource) in g:
            return p
        g.add((p, RDF.type, OA.SpecificResource))
        g.add((p, OA.hasSource, self.mint.source))
        g.add((p, OGP.startLine, Literal(span.start)))
        g.add((p, OGP.endLine, Literal(span.end)))
        lines_sel = self.mint.selector(span.start, span.end, "lines")
        g.add((p, OA.hasSelector, lines_sel))
        g.add((lines_sel, RDF.type, OA.FragmentSelector))
        g.add((lines_sel, DCTERMS.conformsTo, URIRef(RFC5147)))
        # RFC 5147 counts line *boundaries* from 0: lines a..b are line=(a-1),b.
        g.add((lines_sel, RDF.value, Literal(f"line={span.start - 1},{span.end}")))
        position = self.mint.selector(span.start, span.end, "position")
        g.add((p, OA.hasSelector, position))
        g.add((position, RDF.type, OA.TextPositionSelector))
        start = self._offsets[span.start - 1]
        end = self._offsets[span.end - 1] + len(self.plan.lines[span.end - 1])
        g.add((position, OA.start, Literal(start)))
        g.add((position, OA.end, Literal(end)))
        quote = self.mint.selector(span.start, span.end, "quote")
        g.add((p, OA.hasSelector, quote))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(self.plan.quote(span))))
        return p

    # -- shared helpers -----------------------------------------------------

    def interval(self, subject: URIRef, interval: Interval | None) -> None:
        if interval is None:
            return
        self.g.facts.add((subject, OGP.dateText, _fr(interval.text)))
        if interval.start:
            self.g.facts.add((subject, OGP.startDate, _date(interval.start)))
        if interval.end:
            self.g.facts.add((subject, OGP.endDate, _date(interval.end)))

    def group(self, key: str, written: str, span: Span) -> URIRef:
        iri = self.mint.group(key)
        g = self.g.facts
        g.add((iri, RDF.type, FOAF.Group))
        g.add((iri, RDFS.label, _fr(written)))
        self.derived(iri, span)
        return iri

    def organisation(self, key: str, written: str, span: Span) -> URIRef:
        iri = self.mint.organisation(key)
        self._organisations.setdefault(key, set()).add(written)
        self.derived(iri, span)
        return iri

    # -- the plan -----------------------------------------------------------

    def emit(self) -> PlanGraphs:
        plan, g = self.plan, self.g.facts
        p = self.mint.plan
        g.add((p, RDF.type, OGP.ActionPlan))
        g.add((p, DCTERMS.title, _fr(plan.title)))
        g.add((p, RDFS.label, _fr(plan.title)))
        g.add((p, DCTERMS.issued, Literal(plan.issued.strftime("%Y-%m"), datatype=XSD.gYearMonth)))
        g.add((p, DCTERMS.spatial, EU_COUNTRY.FRA))
        g.add((p, OGP.country, Literal(plan.country)))
        g.add((p, DCTERMS.publisher, self.organisation(plan.publisher_key or slugify(plan.publisher), plan.publisher, plan.span)))
        self.interval(p, plan.period)
        g.add((p, DCTERMS.source, self.mint.source))
        self.derived(p, plan.span)
        if plan.coordinator:
            c = plan.coordinator
            g.add((p, DCTERMS.creator, self.organisation(c.key or slugify(c.text), c.text, c.span)))
        if plan.homepage:
            g.add((p, FOAF.homepage, URIRef(plan.homepage.url)))
            self.derived(p, plan.homepage.span)
        # The report's institutional mailbox (not a person's): published in every contacts mode.
        for email, span in plan.contact_emails:
            point = self.mint.contact_point
            g.add((p, DCAT.contactPoint, point))
            g.add((point, RDF.type, VCARD.Organization))
            g.add((point, VCARD.hasEmail, URIRef(f"mailto:{email}")))
            self.derived(point, span)

        src = self.mint.source
        g.add((src, RDF.type, FOAF.Document))
        g.add((src, DCTERMS.title, _fr(plan.title)))
        g.add((src, DCTERMS.format, Literal("text/plain; charset=utf-8")))
        g.add((src, OGP.sha256, Literal(plan.source_sha256)))
        g.add((src, OGP.lineCount, Literal(len(plan.lines))))
        g.add((src, DCTERMS.identifier, Literal(plan.source_path)))

        for chapter in plan.chapters:
            c = self.mint.chapter(chapter.number)
            g.add((c, RDF.type, OGP.Chapter))
            g.add((c, OGP.chapterNumber, Literal(chapter.number)))
            g.add((c, DCTERMS.title, _fr(chapter.title)))
            g.add((c, RDFS.label, _fr(f"{chapter.number}. {chapter.title}")))
            if chapter.page is not None:
                g.add((c, OGP.page, Literal(chapter.page)))
            g.add((c, DCTERMS.isPartOf, p))
            g.add((p, OGP.hasChapter, c))
            self.derived(c, chapter.span)
            if chapter.toc_span:
                self.derived(c, chapter.toc_span)

        for commitment in plan.commitments:
            self.commitment(commitment)

        self._emit_organisations()
        self._emit_programmes()
        self._emit_ogp_values()
        return self.g

    def commitment(self, c: Commitment) -> None:
        g, m = self.g.facts, self.mint
        s = m.commitment(c.number)
        g.add((s, RDF.type, OGP.Commitment))
        g.add((s, OGP.commitmentNumber, Literal(c.number)))
        g.add((s, DCTERMS.identifier, Literal(f"{m.country.upper()}-{m.period}-{c.number:02d}")))
        g.add((s, DCTERMS.title, _fr(c.title)))
        g.add((s, RDFS.label, _fr(f"#{c.number} {c.title}")))
        g.add((s, OGP.chapter, m.chapter(c.chapter)))
        g.add((s, DCTERMS.isPartOf, m.plan))
        g.add((m.plan, OGP.hasCommitment, s))
        self.derived(s, c.span)

        if c.period is not None:
            self.interval(s, c.period)
        if c.lead_heading:
            g.add((s, OGP.leadHeading, _fr(c.lead_heading)))
        for lead in c.leads:
            g.add((s, OGP.leadOrganisation, self.organisation(lead.key or slugify(lead.text), lead.text, lead.span)))

        for part in c.parts:
            iri = m.commitment_part(c.number, part.kind)
            self._text(iri, part.text, part.span)
            g.add((s, _PART_PROPERTY[part.kind], iri))
        for k, part in enumerate(c.additional, start=1):
            iri = m.commitment_part(c.number, f"additional-information/{k}")
            self._text(iri, part.text, part.span)
            g.add((s, OGP.additionalInformation, iri))
        for k, part in enumerate(c.notes, start=1):
            iri = m.commitment_part(c.number, f"note/{k}")
            self._text(iri, part.text, part.span)
            g.add((s, OGP.note, iri))

        for ms in c.milestones:
            mi = m.milestone(c.number, ms.number)
            g.add((mi, RDF.type, OGP.Milestone))
            g.add((mi, RDFS.label, _fr(ms.text)))
            g.add((mi, OGP.position, Literal(ms.number)))
            g.add((mi, OGP.milestoneOf, s))
            g.add((s, OGP.hasMilestone, mi))
            if ms.parent is not None:
                g.add((mi, OGP.partOfMilestone, m.milestone(c.number, ms.parent)))
            self.interval(mi, ms.date)
            self.derived(mi, ms.span)

        if self.contacts != "none":
            for k, contact in enumerate(c.contacts, start=1):
                self._contact(s, m.contact(c.number, k), contact)

        for actor in c.actors:
            prop = OGP.stateActor if actor.category == "state" else OGP.otherActor
            mention = actor.mention
            if mention.is_group:
                g.add((s, prop, self.group(mention.key or slugify(mention.text), mention.text, mention.span)))
            else:
                g.add((s, prop, self.organisation(mention.key or slugify(mention.text), mention.text, mention.span)))

        for legal in c.legal_texts:
            key = legal.key or slugify(legal.text)
            self._legal.setdefault(key, []).append(legal)
            g.add((s, OGP.citesLegalText, m.legal_text(key)))

        for k, amount in enumerate(c.money, start=1):
            a = m.amount(c.number, k)
            g.add((a, RDF.type, SCHEMA.MonetaryAmount))
            g.add((a, SCHEMA.value, Literal(amount.value, datatype=XSD.decimal)))
            g.add((a, SCHEMA.currency, Literal(amount.currency)))
            g.add((a, OGP.amountText, _fr(amount.text)))
            g.add((a, OGP.sentence, _fr(amount.sentence)))
            g.add((s, OGP.mentionsAmount, a))
            self.derived(a, amount.span)

        for web in c.web:
            g.add((s, OGP.webAddress, URIRef(web.url)))

        for mention in c.programmes:
            self._programmes.setdefault(mention.key, []).append(mention)
            g.add((s, OGP.relatedProgramme, m.programme(mention.key)))

        for value in c.ogp_values:
            g.add((s, OGP.derivedOgpValue, m.ogp_value(value)))

    def _text(self, iri: URIRef, text: str, span: Span) -> None:
        g = self.g.facts
        g.add((iri, RDF.type, OGP.TextPassage))
        g.add((iri, RDF.value, _fr(text)))
        self.derived(iri, span)

    def _contact(self, commitment: URIRef, iri: URIRef, contact: Contact) -> None:
        g = self.g.facts
        prop = OGP.operationalContact if contact.kind == "operational" else OGP.responsibleContact
        g.add((commitment, prop, iri))
        g.add((iri, RDF.type, OGP.Contact))
        self.derived(iri, contact.span)
        if contact.role:
            g.add((iri, VCARD.role, _fr(contact.role)))
        if contact.organisation:
            g.add((iri, VCARD["organization-name"], _fr(contact.organisation)))
            if contact.organisation_key:
                g.add((iri, OGP.contactOrganisation,
                       self.organisation(contact.organisation_key, contact.organisation, contact.span)))
        if self.contacts != "full":
            return
        if contact.name:
            g.add((iri, VCARD.fn, Literal(contact.name)))
            if contact.person_key:
                person = self.mint.person(contact.person_key)
                g.add((iri, OGP.person, person))
                if person not in self._people:
                    self._people[person] = contact.name
                    g.add((person, RDF.type, FOAF.Person))
                    g.add((person, FOAF.name, Literal(contact.name)))
                    g.add((person, RDFS.label, Literal(contact.name)))
                self.derived(person, contact.span)
        for email in contact.emails:
            g.add((iri, VCARD.hasEmail, URIRef(f"mailto:{email}")))
        for phone in contact.phones:
            g.add((iri, OGP.phone, Literal(phone)))
            tel = _tel_iri(phone)
            if tel:
                g.add((iri, VCARD.hasTelephone, tel))

    # -- resources shared across commitments --------------------------------

    def _mention(self, programme: URIRef, key: str, mention: ProgrammeMention) -> None:
        """Which words of which passage name the programme: a Web Annotation that identifies.

        The hidden labels say how the document writes a programme; this pairs each written form
        with the passage it was read in (a line yields at most one mention per programme).
        """
        g = self.g.provenance
        a = self.mint.mention(mention.span.start, mention.span.end, key)
        g.add((a, RDF.type, OA.Annotation))
        g.add((a, OA.motivatedBy, OA.identifying))
        g.add((a, OA.hasBody, programme))
        g.add((a, OA.hasTarget, self.passage(mention.span)))
        g.add((a, OGP.writtenAs, _fr(" ".join(mention.text.split()))))

    def _emit_organisations(self) -> None:
        g = self.g.facts
        for key, written in sorted(self._organisations.items()):
            iri = self.mint.organisation(key)
            pref, alts = self.labels.get(key, (sorted(written)[0], []))
            g.add((iri, RDF.type, ORG.Organization))
            g.add((iri, SKOS.prefLabel, _fr(pref)))
            g.add((iri, RDFS.label, _fr(pref)))
            for alt in sorted(set(alts) | written):
                if alt != pref:
                    g.add((iri, SKOS.altLabel, _fr(alt)))

    def _emit_programmes(self) -> None:
        g, v = self.g.facts, self.g.vocabularies
        for key, mentions in sorted(self._programmes.items()):
            spans = [mention.span for mention in mentions]
            iri = self.mint.programme(key)
            label, kind = programme_info(key, self.catalogue)
            v.add((iri, RDF.type, OGP.Programme))
            v.add((iri, RDFS.label, _fr(label)))
            v.add((iri, SKOS.prefLabel, _fr(label)))
            v.add((iri, OGP.programmeKind, Literal(kind)))
            entry = self.catalogue.get(key)
            if entry is not None and entry.label_en:
                v.add((iri, SKOS.prefLabel, Literal(entry.label_en, lang="en")))
            # The words as written at each mention ("Fr-Alert", "dispositif des éco-délégués"), where
            # they differ from the canonical label: hidden labels, for search (SKOS's very purpose),
            # each from a passage the programme derives from
            for written in sorted({" ".join(mention.text.split()) for mention in mentions} - {label}):
                g.add((iri, SKOS.hiddenLabel, _fr(written)))
            for span in spans:
                self.derived(iri, span)
            for mention in mentions:
                self._mention(iri, key, mention)

        for key, citations in sorted(self._legal.items()):
            iri = self.mint.legal_text(key)
            first = citations[0]
            g.add((iri, RDF.type, OGP.LegalText))
            # Stated, not left to inference: ELI consumers look for eli:LegalResource.
            g.add((iri, RDF.type, ELI.LegalResource))
            eli = derive_eli(first.kind, citations)
            if eli.uri:
                g.add((iri, SCHEMA.legislationIdentifier, URIRef(eli.uri)))
            note_fr, note_en = eli.note
            g.add((iri, OGP.identifierNote, Literal(note_fr, lang="fr")))
            g.add((iri, OGP.identifierNote, Literal(note_en, lang="en")))
            g.add((iri, OGP.legalKind, Literal(first.kind)))
            if first.part_of:
                # An article or annex: its own resource, part of its text (ELI's subdivision terms)
                parent = self.mint.legal_text(first.part_of)
                g.add((iri, RDF.type, ELI.LegalResourceSubdivision))
                g.add((iri, ELI.is_part_of, parent))
                g.add((parent, ELI.has_part, iri))
                g.add((iri, RDFS.label, _fr(f"{first.kind} {first.number} — {self._legal_name(first.part_of)}")))
            else:
                g.add((iri, RDFS.label, _fr(first.title and f"{first.text}" or first.text)))
            # The verified number (docs/legal-identifiers.md), also when the document cites the text by
            # its name only ("RGPD" → 2016/679) or with a slip ("2018/172" for 2018/1972: the words as
            # written stay in ogp:citationText); not for an act adopted after the document, which
            # cites its proposal, another text. And the text's common names, for readers and search.
            known = KNOWN_TEXTS.get(key)
            verified = known.number if known is not None and not known.adopted_after_document else None
            if verified:
                g.add((iri, ELI.id_local, Literal(verified)))
                for lang, names in sorted(known.names.items()):
                    for name in names:
                        g.add((iri, SKOS.altLabel, Literal(name, lang=lang)))
            # Its official full title, where known for sure (the document often cites a short form)
            for lang, title in sorted(full_titles(key, citations).items()):
                g.add((iri, DCTERMS.title, Literal(title, lang=lang)))
            for cit in citations:
                g.add((iri, OGP.citationText, _fr(cit.text)))
                if cit.number and not verified:
                    g.add((iri, ELI.id_local, Literal(cit.number)))
                if cit.date:
                    g.add((iri, ELI.date_document, _date(cit.date)))
                if cit.title:
                    g.add((iri, ELI.title, _fr(cit.title)))
                self.derived(iri, cit.span)

    def _legal_name(self, key: str) -> str:
        """A cited text's name for its parts' labels: its official title, else its first citation."""
        titles = full_titles(key, self._legal.get(key, []))
        return titles.get("fr") or self._legal[key][0].text

    def _emit_ogp_values(self) -> None:
        v = self.g.vocabularies
        scheme = self.mint.ogp_value_scheme
        v.add((scheme, RDF.type, SKOS.ConceptScheme))
        v.add((scheme, SKOS.prefLabel, Literal("Valeurs de l'OGP", lang="fr")))
        v.add((scheme, SKOS.prefLabel, Literal("OGP values", lang="en")))
        for key, labels in OGP_VALUES.items():
            c = self.mint.ogp_value(key)
            v.add((c, RDF.type, SKOS.Concept))
            v.add((c, RDF.type, OGP.OgpValue))
            v.add((c, SKOS.inScheme, scheme))
            v.add((c, SKOS.topConceptOf, scheme))
            v.add((scheme, SKOS.hasTopConcept, c))
            for lang, label in sorted(labels.items()):
                v.add((c, SKOS.prefLabel, Literal(label, lang=lang)))
            v.add((c, SKOS.notation, Literal(key)))


def _tel_iri(phone: str) -> URIRef | None:
    """RFC 3966 ``tel:`` IRI for a French number as published ("01 43 17 60 91")."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if digits.startswith("+33") and len(digits) == 12:
        return URIRef(f"tel:{digits}")
    if len(digits) == 10 and digits.startswith("0"):
        return URIRef(f"tel:+33{digits[1:]}")
    return None


def emit(plan: ActionPlan, minter: Minter, catalogue: Catalogue, contacts: ContactsMode = "full",
         labels: "dict[str, tuple[str, list[str]]] | None" = None) -> PlanGraphs:
    """Build the graphs for ``plan`` (already resolved)."""
    return Emitter(plan, minter, catalogue, contacts, labels).emit()

"""What the reconciliation service offers: its types, its properties, the term forms
of their ids, and the service's version and limits.

Everything here is fixed data: the manifest announces it, requests are checked
against it (:mod:`.queries`) and the index reads the store by it (:mod:`.entities`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..rdf import namespaces

# The vocabularies' namespaces (ogpgraph.rdf.namespaces) as plain strings: ids are built
# with ``+`` and compared with the store's ``.value`` strings, and rdflib's DefinedNamespace
# classes (ORG, FOAF, RDFS, SKOS, DCTERMS) are not strings.
OGP, ORG, FOAF, RDFS, SKOS, DCTERMS, ELI, VCARD = (
    str(ns) for ns in (namespaces.OGP, namespaces.ORG, namespaces.FOAF, namespaces.RDFS, namespaces.SKOS,
                       namespaces.DCTERMS, namespaces.ELI, namespaces.VCARD))
# Compact forms accepted for type and property ids in requests.
PREFIXES = {"ogp": OGP, "org": ORG, "foaf": FOAF, "rdfs": RDFS, "skos": SKOS, "dcterms": DCTERMS, "eli": ELI}

VERSIONS = ["0.1", "0.2"]
# Limits, each answered with a clear error when exceeded (the manifest announces batchSize).
BATCH_SIZE = 50  # queries in one batch (413 beyond)
MAX_EXTEND_IDS = 500  # entities in one data extension request (413 beyond)
MAX_QUERY_CHARS = 500  # length of one query string or property value (400 beyond)
DEFAULT_LIMIT = 5  # candidates per query when the query gives no limit
MAX_LIMIT = 50  # larger limits are lowered to this
SUGGEST_LIMIT = 10


@dataclass(frozen=True)
class TypeDef:
    """A reconcilable type: an ontology class, with labels for when the ontology has none."""

    id: str
    fallback: dict[str, str]


COMMITMENT = TypeDef(OGP + "Commitment", {"fr": "engagement", "en": "commitment"})
ORGANISATION = TypeDef(ORG + "Organization", {"fr": "organisation", "en": "organisation"})
PERSON = TypeDef(FOAF + "Person", {"fr": "personne", "en": "person"})
LEGAL_TEXT = TypeDef(OGP + "LegalText", {"fr": "texte juridique", "en": "legal text"})
TYPES = (COMMITMENT, ORGANISATION, PERSON, LEGAL_TEXT)


@dataclass(frozen=True)
class PropertyDef:
    """A property offered for matching and data extension, on the entities of one type.

    ``path`` is a SPARQL property path from an entity of ``domain`` to the values;
    ``kind`` is how the values are compared and served: ``entity`` (another resource,
    served as ``{id, name}``), ``str`` or ``date`` (an xsd:date).
    """

    id: str
    path: str
    kind: str
    domain: TypeDef
    fallback: dict[str, str]
    range: TypeDef | None = None  # for entity values: their type, announced in extension metadata


PROPERTIES = (
    PropertyDef(OGP + "leadOrganisation", f"<{OGP}leadOrganisation>", "entity", COMMITMENT,
                {"fr": "organisation porteuse", "en": "lead organisation"}, ORGANISATION),
    PropertyDef(OGP + "startDate", f"<{OGP}startDate>", "date", COMMITMENT,
                {"fr": "date de début", "en": "start date"}),
    PropertyDef(OGP + "endDate", f"<{OGP}endDate>", "date", COMMITMENT, {"fr": "date de fin", "en": "end date"}),
    PropertyDef(OGP + "dateText", f"<{OGP}dateText>", "str", COMMITMENT,
                {"fr": "période telle qu'écrite", "en": "period as written"}),
    # Published by the OGP registry linkset (FR0051 …); the property answers once the data has it.
    PropertyDef(OGP + "ogpRegistryId", f"<{OGP}ogpRegistryId>", "str", COMMITMENT,
                {"fr": "identifiant au registre de l'OGP", "en": "OGP registry id"}),
    PropertyDef(DCTERMS + "identifier", f"<{DCTERMS}identifier>", "str", COMMITMENT,
                {"fr": "identifiant", "en": "identifier"}),
    # The ontology names no inverse of leadOrganisation: the id is the inverse path, as in SPARQL.
    PropertyDef("^" + OGP + "leadOrganisation", f"^<{OGP}leadOrganisation>", "entity", ORGANISATION,
                {"fr": "engagements portés", "en": "commitments led"}, COMMITMENT),
    PropertyDef(SKOS + "altLabel", f"<{SKOS}altLabel>", "str", ORGANISATION,
                {"fr": "autres noms et acronymes", "en": "other names and acronyms"}),
    PropertyDef(ELI + "date_document", f"<{ELI}date_document>", "date", LEGAL_TEXT,
                {"fr": "date du document", "en": "date of document"}),
    PropertyDef(OGP + "legalKind", f"<{OGP}legalKind>", "str", LEGAL_TEXT,
                {"fr": "nature du texte juridique", "en": "legal text kind"}),
    PropertyDef("^" + OGP + "citesLegalText", f"^<{OGP}citesLegalText>", "entity", LEGAL_TEXT,
                {"fr": "cité par", "en": "cited by"}, COMMITMENT),
)

PROPERTY_BY_ID = {p.id: p for p in PROPERTIES}


def expand(term: str) -> str:
    """A type or property id as an IRI: ``ogp:Commitment`` → the full IRI (``^`` kept)."""
    inverse, rest = ("^", term[1:]) if term.startswith("^") else ("", term)
    prefix, colon, local = rest.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return inverse + PREFIXES[prefix] + local
    return term


def compact(term: str) -> str:
    """``https://…/ogp#leadOrganisation`` → ``ogp:leadOrganisation`` (``^`` kept)."""
    inverse, rest = ("^", term[1:]) if term.startswith("^") else ("", term)
    for prefix, namespace in PREFIXES.items():
        if rest.startswith(namespace):
            return f"{inverse}{prefix}:{rest[len(namespace):]}"
    return term

"""The IRI contract: every IRI pattern the graph mints, and nothing else.

``docs/iris.md`` states the same patterns for registries; change both together,
and never change a published pattern (add a new one and tombstone the old).

Patterns (``{base}`` defaults to :data:`DEFAULT_BASE_IRI`)::

    {base}id/{country}/{period}                                  the action plan
    {base}id/{country}/{period}/contact-point                    the report's mailbox
    {base}id/{country}/{period}/source                           the source document
    {base}id/{country}/{period}/source/lines/{a}-{b}             a passage (lines a..b)
    {base}id/{country}/{period}/source/lines/{a}-{b}/{selector}  its selectors
    {base}id/{country}/{period}/source/lines/{a}-{b}/mention/{slug}  the words there naming programme {slug}
    {base}id/{country}/{period}/chapter/{n}
    {base}id/{country}/{period}/commitment/{n}
    {base}id/{country}/{period}/commitment/{n}/{part}            description parts, notes
    {base}id/{country}/{period}/commitment/{n}/milestone/{m}
    {base}id/{country}/{period}/commitment/{n}/contact/{k}
    {base}id/{country}/{period}/commitment/{n}/amount/{k}
    {base}id/{country}/{period}/commitment/{n}/ogp-registry      what the OGP registry says of it
    {base}id/{country}/{period}/commitment/{n}/irm-review        the IRM fields its page showed
    {base}id/organisation/{slug}          organisations are not plan-scoped:
    {base}id/person/{slug}                the same body or person across plans
    {base}id/group/{slug}                 collectives of actors ("Autres ministères")
    {base}id/programme/{slug}             is one resource
    {base}id/legal/{slug}
    {base}id/ogp-value/{slug}             the SKOS scheme of OGP values
    {base}id/ogp-value                    the scheme itself
    {base}id/ogp-policy-area/{slug}       the SKOS scheme of the OGP registry's policy areas
    {base}id/ogp-policy-area              the scheme itself
    {base}id/dataset                      the dataset itself (VoID + DCAT description)

Besides these identifiers of things, the service's own addresses (documents, not things)::

    {base}graph/{name}                    a named graph (a built file's stem, ontology, shapes)
    {base}download/{file}                 a whole-dataset download
    {base}sparql                          the SPARQL endpoint
    {base}.well-known/void                the VoID description's well-known address
    {base}def/…                           the ontology and the shapes (fixed IRIs, rdf/namespaces.py)

Plan-scoped numbers are the document's own (commitment #12 → ``commitment/12``),
so a rebuild never renumbers them. Slugs come from the curated reference
tables (``data/reference/``) or from the folded name, never from a counter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from .text import slug

DEFAULT_BASE_IRI = "https://w3id.org/ogpgraph/"


class IriError(ValueError):
    """A base IRI or slug that would mint unusable IRIs."""


def check_base_iri(base: str) -> str:
    """Validate a base IRI: absolute http(s), ends with '/', no query or fragment."""
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?/", base):
        raise IriError(
            f"base IRI {base!r} must be an absolute http(s) IRI ending with '/', "
            "without query or fragment, e.g. https://example.org/ogp/"
        )
    return base


def slugify(text: str) -> str:
    """A lowercase ASCII slug: accents folded, words joined with '-'."""
    result = slug(text)
    if not result:
        raise IriError(f"cannot make a slug from {text!r}")
    return result


@dataclass(frozen=True)
class Minter:
    """Mints the IRIs of one action plan under one base IRI."""

    base: str = DEFAULT_BASE_IRI
    country: str = "fr"
    period: str = "2021-2023"

    def __post_init__(self) -> None:
        check_base_iri(self.base)

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    @property
    def plan(self) -> URIRef:
        return self._iri(f"id/{self.country}/{self.period}")

    @property
    def contact_point(self) -> URIRef:
        return URIRef(f"{self.plan}/contact-point")

    @property
    def source(self) -> URIRef:
        return URIRef(f"{self.plan}/source")

    def passage(self, start: int, end: int) -> URIRef:
        return URIRef(f"{self.source}/lines/{start}-{end}")

    def selector(self, start: int, end: int, kind: str) -> URIRef:
        return URIRef(f"{self.passage(start, end)}/{kind}")

    def mention(self, start: int, end: int, programme: str) -> URIRef:
        """The annotation saying which words of lines ``start``..``end`` name a programme."""
        return URIRef(f"{self.passage(start, end)}/mention/{programme}")

    def chapter(self, number: int) -> URIRef:
        return URIRef(f"{self.plan}/chapter/{number}")

    def commitment(self, number: int) -> URIRef:
        return URIRef(f"{self.plan}/commitment/{number}")

    def commitment_part(self, number: int, part: str) -> URIRef:
        return URIRef(f"{self.commitment(number)}/{part}")

    def milestone(self, commitment: int, number: int) -> URIRef:
        return URIRef(f"{self.commitment(commitment)}/milestone/{number}")

    def contact(self, commitment: int, number: int) -> URIRef:
        return URIRef(f"{self.commitment(commitment)}/contact/{number}")

    def amount(self, commitment: int, number: int) -> URIRef:
        return URIRef(f"{self.commitment(commitment)}/amount/{number}")

    def registry_record(self, commitment: int) -> URIRef:
        """What the OGP's commitment registry says about commitment ``commitment`` (read or not)."""
        return URIRef(f"{self.commitment(commitment)}/ogp-registry")

    def irm_review(self, commitment: int) -> URIRef:
        """The IRM assessment fields shown on the commitment's registry page."""
        return URIRef(f"{self.commitment(commitment)}/irm-review")

    def organisation(self, slug: str) -> URIRef:
        return self._iri(f"id/organisation/{slugify(slug)}")

    def group(self, slug: str) -> URIRef:
        return self._iri(f"id/group/{slugify(slug)}")

    def person(self, slug: str) -> URIRef:
        return self._iri(f"id/person/{slugify(slug)}")

    def programme(self, slug: str) -> URIRef:
        return self._iri(f"id/programme/{slugify(slug)}")

    def legal_text(self, slug: str) -> URIRef:
        """A legal text, ``id/legal/{slug}``; an article or annex of one is a path under it
        (``code-commande-publique/article/r2196-1``), each segment slugged."""
        return self._iri("id/legal/" + "/".join(slugify(part) for part in slug.split("/")))

    @property
    def dataset(self) -> URIRef:
        """The dataset (all data graphs of this deployment), described in VoID and DCAT."""
        return self._iri("id/dataset")

    def graph(self, name: str) -> URIRef:
        """A named graph of the store: a built file's stem, ``ontology``, ``shapes``, ``load``, …"""
        return self._iri(f"graph/{name}")

    def download(self, file_name: str) -> URIRef:
        return self._iri(f"download/{file_name}")

    @property
    def sparql_endpoint(self) -> URIRef:
        return self._iri("sparql")

    @property
    def fragments(self) -> URIRef:
        """The Triple Pattern Fragments interface (its controls name the address a request reached)."""
        return self._iri("fragments")

    @property
    def well_known_void(self) -> URIRef:
        return self._iri(".well-known/void")

    @property
    def identifiers(self) -> str:
        """The prefix of every identifier of a thing (``{base}id/``)."""
        return self.base + "id/"

    @property
    def schema(self) -> str:
        """The prefix of the vocabulary IRIs under the base (``{base}def/``): not minted data."""
        return self.base + "def/"

    @property
    def ogp_value_scheme(self) -> URIRef:
        return self._iri("id/ogp-value")

    def ogp_value(self, slug: str) -> URIRef:
        return self._iri(f"id/ogp-value/{slugify(slug)}")

    @property
    def policy_area_scheme(self) -> URIRef:
        return self._iri("id/ogp-policy-area")

    def policy_area(self, slug: str) -> URIRef:
        return self._iri(f"id/ogp-policy-area/{slugify(slug)}")

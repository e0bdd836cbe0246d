"""Triple Pattern Fragments: the triples that match one triple pattern, a page at a time, with
the count and the hypermedia controls a TPF client (Comunica) needs to reach every other fragment.

Specification: https://linkeddatafragments.org/specification/triple-pattern-fragments/ (Hydra
controls, VoID counts). What is fragmented is the SPARQL endpoint's default graph, the union of
every graph of the store, so a query answered through the fragments sees what ``/sparql`` sees.

* A pattern's terms are written in Hydra's explicit representation, as TPF clients send them: an
  IRI as it is, a literal as ``"text"``, ``"text"@lang`` or ``"text"^^datatype-IRI``, a variable as
  ``?name`` or left out.
* Pages hold ``PAGE_SIZE`` triples in one fixed order (SPARQL ``ORDER BY`` over the store), so a
  client following ``hydra:next`` sees every triple once, whichever worker answers each page.
* Blank nodes are written as Skolem IRIs (RDF 1.1 §3.5, ``{base}.well-known/genid/{label}``): a
  triple pattern cannot name a blank node, a Skolem IRI can be looked up like any IRI, so a client
  can follow OWL class expressions and SHACL lists. The labels depend on the data only
  (``rdf/blank_nodes.py``), so the IRIs are the same in every worker and at every load.
* Metadata and controls are in a graph of their own, ``<page#metadata>``, whose
  ``foaf:primaryTopic`` is the fragment: that is how TPF clients tell them from the data. Formats
  without graphs (Turtle, N-Triples) carry them beside the data, as the specification allows.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Mapping
from urllib.parse import quote

import pyoxigraph as ox

from .rdf.namespaces import DCTERMS, FOAF, RDF, VOID, XSD
from .store import Store

PAGE_SIZE = 100
POSITIONS = ("subject", "predicate", "object")
SPECIFICATION = "https://linkeddatafragments.org/specification/triple-pattern-fragments/"
HYDRA = "http://www.w3.org/ns/hydra/core#"
SKOLEM_PATH = ".well-known/genid/"
_XSD_STRING = str(XSD.string)
_TYPED = re.compile(r'"(.*)"\^\^<?([^<>"\s]+)>?', re.DOTALL)
_TAGGED = re.compile(r'"(.*)"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)', re.DOTALL)
TITLE = {"en": "Triple Pattern Fragments of the open government action plan",
         "fr": "Fragments par motif de triplet du plan d'action pour un gouvernement ouvert"}

_PAGE = """SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o OFFSET %d LIMIT %d"""
# Bound variables are projected and grouped on: a variable given a value must be projected.
_COUNT = "SELECT {bound} (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }} {group}"


class PatternError(ValueError):
    """A triple pattern this interface cannot look up (400)."""


@dataclass(frozen=True)
class Pattern:
    """A triple pattern: None is a variable. A blank node stands for its Skolem IRI."""

    subject: ox.NamedNode | ox.BlankNode | None = None
    predicate: ox.NamedNode | None = None
    object: ox.NamedNode | ox.BlankNode | ox.Literal | None = None

    @classmethod
    def parse(cls, values: Mapping[str, str], base_iri: str) -> "Pattern":
        """The pattern of the ``subject``, ``predicate`` and ``object`` values (explicit representation)."""
        terms = {position: _parse_term(values.get(position, ""), position, base_iri) for position in POSITIONS}
        return cls(**terms)

    def terms(self) -> dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]:
        return {position: term for position in POSITIONS if (term := getattr(self, position)) is not None}

    def query_string(self, base_iri: str) -> str:
        """``subject=…&object=…``: the bound terms, in order, percent-encoded as an RFC 6570 form-style
        expansion encodes them (what a TPF client builds from the ``hydra:template``)."""
        return "&".join(f"{position}={quote(explicit(term, base_iri), safe='')}"
                         for position, term in self.terms().items())

    def text(self, base_iri: str) -> str:
        """The pattern as SPARQL would write it: ``{ ?s <…> "…"@fr }``."""
        names = {"subject": "?s", "predicate": "?p", "object": "?o"}
        parts = [str(_skolem(term, base_iri)) if (term := getattr(self, position)) is not None else names[position]
                 for position in POSITIONS]
        return "{ " + " ".join(parts) + " }"


@dataclass(frozen=True)
class Page:
    """One page of the fragment of ``pattern``: its triples (blank nodes as they are in the store)."""

    pattern: Pattern
    number: int
    triples: list[ox.Triple]
    total: int  # triples in the whole fragment (exact)

    @property
    def last(self) -> int:
        return max(1, math.ceil(self.total / PAGE_SIZE))


def select(store: Store, pattern: Pattern, number: int) -> Page | None:
    """Page ``number`` (from 1) of the fragment; None past its last page (page 1 always exists)."""
    bound = {name[0]: term for name, term in pattern.terms().items()}  # ?s ?p ?o
    names = " ".join(f"?{name}" for name in bound)
    counted = _COUNT.format(bound=names, group=f"GROUP BY {names}" if bound else "")
    total = next((int(row["n"].value) for row in store.query(counted, bound)), 0)
    if number > max(1, math.ceil(total / PAGE_SIZE)):
        return None
    rows = store.query(_PAGE % ((number - 1) * PAGE_SIZE, PAGE_SIZE), bound) if total else []
    triples = [ox.Triple(pattern.subject or row["s"], pattern.predicate or row["p"], pattern.object or row["o"])
               for row in rows]
    return Page(pattern, number, triples, total)


@dataclass(frozen=True)
class Addresses:
    """Where the interface answers (``…/fragments``, as the client reached it) and the IRIs of our data."""

    interface: str
    base_iri: str

    @property
    def dataset(self) -> str:
        return self.interface + "#dataset"

    @property
    def template(self) -> str:
        return self.interface + "{?" + ",".join(POSITIONS) + "}"

    def fragment(self, pattern: Pattern) -> str:
        query = pattern.query_string(self.base_iri)
        return self.interface + (f"?{query}" if query else "")

    def page(self, pattern: Pattern, number: int) -> str:
        fragment = self.fragment(pattern)
        if number == 1:
            return fragment
        return fragment + ("&" if "?" in fragment else "?") + f"page={number}"


def quads(page: Page, at: Addresses, sparql_endpoint: str) -> list[ox.Quad]:
    """The page as RDF: its data in the default graph, then its metadata and controls in ``<page#metadata>``."""
    data = [ox.Quad(_skolem(t.subject, at.base_iri), t.predicate, _skolem(t.object, at.base_iri))
            for t in page.triples]
    return data + metadata(page, at, sparql_endpoint)


def metadata(page: Page, at: Addresses, sparql_endpoint: str) -> list[ox.Quad]:
    """What the TPF specification asks of every page: the count, the controls, the paging links."""
    fragment, here = at.fragment(page.pattern), at.page(page.pattern, page.number)
    graph = ox.NamedNode(here + "#metadata")
    dataset, form = ox.NamedNode(at.dataset), ox.NamedNode(at.interface + "#triplePattern")
    frag, view = ox.NamedNode(fragment), ox.NamedNode(here)
    out: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: str, o: "ox.NamedNode | ox.Literal | str") -> None:
        out.append(ox.Quad(s, ox.NamedNode(str(p)), ox.NamedNode(o) if isinstance(o, str) else o, graph))

    add(graph, FOAF.primaryTopic, frag)
    # The dataset and its search form.
    add(dataset, RDF.type, str(VOID.Dataset))
    add(dataset, RDF.type, HYDRA + "Collection")
    for lang, title in TITLE.items():
        add(dataset, DCTERMS.title, ox.Literal(title, language=lang))
    add(dataset, VOID.sparqlEndpoint, sparql_endpoint)  # the same default graph, queried whole
    add(dataset, VOID.subset, view)
    add(dataset, HYDRA + "search", form)
    add(form, HYDRA + "template", ox.Literal(at.template))
    add(form, HYDRA + "variableRepresentation", HYDRA + "ExplicitRepresentation")
    for position in POSITIONS:
        mapping = ox.NamedNode(f"{at.interface}#{position}")
        add(form, HYDRA + "mapping", mapping)
        add(mapping, HYDRA + "variable", ox.Literal(position))
        add(mapping, HYDRA + "property", f"{RDF}{position}")
    # The fragment and this page of it. Comunica takes the metadata graph to be the primary topic
    # of the *last* subject stated to have this page as a subset: the fragment, written after the dataset.
    add(frag, VOID.subset, view)
    add(view, RDF.type, HYDRA + "PartialCollectionView")
    add(view, DCTERMS.source, dataset)
    pattern = page.pattern.text(at.base_iri)
    add(view, DCTERMS.description, ox.Literal(f"The triples matching {pattern}, page {page.number} of {page.last}",
                                              language="en"))
    add(view, DCTERMS.description, ox.Literal(f"Les triplets qui répondent au motif {pattern}, page {page.number} "
                                              f"sur {page.last}", language="fr"))
    count = ox.Literal(str(page.total), datatype=ox.NamedNode(str(XSD.integer)))
    add(view, HYDRA + "totalItems", count)
    add(view, VOID.triples, count)
    add(view, HYDRA + "itemsPerPage", ox.Literal(str(PAGE_SIZE), datatype=ox.NamedNode(str(XSD.integer))))
    add(view, HYDRA + "first", at.page(page.pattern, 1))
    add(view, HYDRA + "last", at.page(page.pattern, page.last))
    if page.number > 1:
        add(view, HYDRA + "previous", at.page(page.pattern, page.number - 1))
    if page.number < page.last:
        add(view, HYDRA + "next", at.page(page.pattern, page.number + 1))
    return out


def explicit(term: "ox.NamedNode | ox.BlankNode | ox.Literal", base_iri: str) -> str:
    """A term in Hydra's explicit representation (a blank node as its Skolem IRI)."""
    term = _skolem(term, base_iri)
    if isinstance(term, ox.NamedNode):
        return term.value
    if term.language:
        return f'"{term.value}"@{term.language}'
    if term.datatype.value != _XSD_STRING:
        return f'"{term.value}"^^{term.datatype.value}'
    return f'"{term.value}"'


def skolem_prefix(base_iri: str) -> str:
    return base_iri + SKOLEM_PATH


def _skolem(term, base_iri: str):
    if isinstance(term, ox.BlankNode):
        return ox.NamedNode(skolem_prefix(base_iri) + term.value)
    return term


def _parse_term(text: str, position: str, base_iri: str):
    if text == "" or text.startswith("?"):
        if text[1:] and not re.fullmatch(r"\w+", text[1:]):
            raise PatternError(f"{position}: {text!r} is not a variable name")
        return None
    if text.startswith('"'):
        if position != "object":
            raise PatternError(f"{position}: a literal can only be the object of a triple")
        try:
            if match := _TYPED.fullmatch(text):
                return ox.Literal(match[1], datatype=ox.NamedNode(match[2]))
            if match := _TAGGED.fullmatch(text):
                return ox.Literal(match[1], language=match[2])
        except ValueError as exc:
            raise PatternError(f"{position}: {text!r} is not a valid literal ({exc})") from None
        if len(text) >= 2 and text.endswith('"'):
            return ox.Literal(text[1:-1])
        raise PatternError(f'{position}: {text!r} is not a literal: write "text", "text"@lang or "text"^^datatype-IRI')
    if text.startswith("_:"):
        raise PatternError(f"{position}: a blank node cannot be looked up; the fragments write each blank node "
                           f"as a Skolem IRI ({skolem_prefix(base_iri)}…), which can")
    iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    try:
        node = ox.NamedNode(iri)
    except ValueError as exc:
        raise PatternError(f"{position}: {text!r} is not an IRI ({exc})") from None
    if iri.startswith(skolem_prefix(base_iri)):
        label = iri[len(skolem_prefix(base_iri)):]
        if position == "predicate" or not re.fullmatch(r"\w+", label):
            raise PatternError(f"{position}: {text!r} names no blank node of this dataset")
        return ox.BlankNode(label)
    return node

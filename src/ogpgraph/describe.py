"""What the service says about one resource (no Flask here).

A description is the resource's concise bounded description (its own triples),
the full description of the resources it owns (IRIs under its own, such as a
commitment's milestones and description parts), the labels and types of every
resource it links to or is linked from, the incoming links, and the source
passage it was derived from with its line numbers and quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .store.embedded import EmbeddedStore

_LABELS = "rdfs:label skos:prefLabel dcterms:title foaf:name rdf:value"

DESCRIBE = f"""
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX ogp: <https://w3id.org/ogpgraph/def/ogp#>
CONSTRUCT {{
  ?r ?p ?o . ?o ?lp ?ol . ?o a ?ot . ?o ?op ?oo .
  ?in ?ip ?r . ?in ?ilp ?il . ?in a ?it .
  ?pas ogp:startLine ?sl ; ogp:endLine ?el ; oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?quote .
}} WHERE {{
  {{ ?r ?p ?o }}
  UNION {{ ?r ?x ?o . ?o ?lp ?ol . VALUES ?lp {{ {_LABELS} }} }}
  UNION {{ ?r ?x ?o . ?o a ?ot }}
  UNION {{ ?r ?x ?o . ?o ?op ?oo . FILTER(STRSTARTS(STR(?o), CONCAT(STR(?r), "/")))
            FILTER NOT EXISTS {{ ?o a ?whole . VALUES ?whole {{ ogp:Commitment ogp:Chapter }} }} }}
  UNION {{ ?in ?ip ?r }}
  UNION {{ ?in ?y ?r . ?in ?ilp ?il . VALUES ?ilp {{ {_LABELS} }} }}
  UNION {{ ?in ?y ?r . ?in a ?it }}
  UNION {{ ?r prov:wasDerivedFrom ?pas . ?pas ogp:startLine ?sl ; ogp:endLine ?el ;
            oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?quote }}
}}
"""


def describe(store: EmbeddedStore, iri: str) -> list[ox.Triple]:
    """The triples served for ``iri`` (empty if the store knows nothing of it)."""
    return store.triples(DESCRIBE, r=iri)


@dataclass
class Value:
    """An object of a triple, ready for display."""

    text: str
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None


@dataclass
class ResourceView:
    """An index over a description, for templates: values by subject and predicate."""

    iri: str
    triples: list[ox.Triple]
    _index: dict[str, dict[str, list[ox.Term]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for t in self.triples:
            self._index.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)

    def objects(self, subject: str, predicate: str) -> list[ox.Term]:
        return self._index.get(subject, {}).get(predicate, [])

    def value(self, subject: str, predicate: str, lang: str | None = None) -> str | None:
        """One literal (preferring ``lang``), as text."""
        values = [o for o in self.objects(subject, predicate) if isinstance(o, ox.Literal)]
        if lang:
            values.sort(key=lambda o: o.language != lang)
        return values[0].value if values else None

    def label(self, subject: str, lang: str = "fr") -> str:
        for p in (RDFS_LABEL, SKOS_PREF, DCT_TITLE, FOAF_NAME):
            v = self.value(subject, p, lang)
            if v:
                return v
        return subject

    def types(self, subject: str) -> list[str]:
        return [o.value for o in self.objects(subject, RDF_TYPE) if isinstance(o, ox.NamedNode)]

    def predicates(self, subject: str) -> list[str]:
        return sorted(self._index.get(subject, {}))

    def ordered(self, subject: str, predicate: str, order_by: str) -> list[str]:
        """IRIs linked from ``subject`` by ``predicate``, sorted by their integer ``order_by``."""
        iris = [o.value for o in self.objects(subject, predicate) if isinstance(o, ox.NamedNode)]

        def key(iri: str) -> tuple[int, str]:
            v = self.value(iri, order_by)
            return (int(v) if v and v.lstrip("-").isdigit() else 1 << 30, iri)

        return sorted(iris, key=key)

    def passages(self, subject: str) -> list[tuple[int, int, str]]:
        """(first line, last line, quote) of each source passage ``subject`` was derived from."""
        out = []
        for p in self.objects(subject, PROV_DERIVED):
            start, end = self.value(p.value, OGP_START), self.value(p.value, OGP_END)
            quotes = [self.value(q.value, OA_EXACT) for q in self.objects(p.value, OA_SELECTOR)]
            quote = next((q for q in quotes if q), "")
            if start and end:
                out.append((int(start), int(end), quote))
        return sorted(out)

    def incoming(self) -> list[tuple[str, str]]:
        """(subject, predicate) pairs pointing at the resource."""
        out = []
        for s, preds in self._index.items():
            for p, objs in preds.items():
                if any(isinstance(o, ox.NamedNode) and o.value == self.iri for o in objs):
                    out.append((s, p))
        return sorted(out)

    def display(self, term: ox.Term, lang: str = "fr") -> Value:
        if isinstance(term, ox.NamedNode):
            return Value(self.label(term.value, lang), iri=term.value)
        if isinstance(term, ox.Literal):
            return Value(term.value, lang=term.language, datatype=term.datatype.value)
        return Value(str(term))


PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
OGP_START = "https://w3id.org/ogpgraph/def/ogp#startLine"
OGP_END = "https://w3id.org/ogpgraph/def/ogp#endLine"
OA_SELECTOR = "http://www.w3.org/ns/oa#hasSelector"
OA_EXACT = "http://www.w3.org/ns/oa#exact"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
DCT_TITLE = "http://purl.org/dc/terms/title"
FOAF_NAME = "http://xmlns.com/foaf/0.1/name"


OVERVIEW = """
PREFIX ogp: <https://w3id.org/ogpgraph/def/ogp#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?plan ?chapter ?chapterNumber ?chapterTitle ?commitment ?number ?title WHERE {
  ?plan ogp:hasChapter ?chapter .
  ?chapter ogp:chapterNumber ?chapterNumber ; dcterms:title ?chapterTitle .
  OPTIONAL { ?commitment ogp:chapter ?chapter ; ogp:commitmentNumber ?number ; dcterms:title ?title }
} ORDER BY ?chapterNumber ?number
"""


@dataclass
class ChapterOverview:
    iri: str
    number: int
    title: str
    commitments: list[tuple[str, int, str]] = field(default_factory=list)  # (iri, number, title)


def plan_overview(store: EmbeddedStore, plan_iri: str) -> list[ChapterOverview]:
    """Chapters of the plan with their commitments, in document order."""
    chapters: dict[str, ChapterOverview] = {}
    for row in store.query(OVERVIEW, {"plan": ox.NamedNode(plan_iri)}):
        ch = row["chapter"].value
        if ch not in chapters:
            chapters[ch] = ChapterOverview(ch, int(row["chapterNumber"].value), row["chapterTitle"].value)
        if row["commitment"] is not None:
            chapters[ch].commitments.append(
                (row["commitment"].value, int(row["number"].value), row["title"].value))
    return list(chapters.values())

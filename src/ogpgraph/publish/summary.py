"""The statistics of the dataset, counted by SPARQL on the loaded store (data graphs only).

:class:`DatasetSummary` holds the numbers and facts that the VoID/DCAT description
(``publish.description``) and the dataset's HTML page both show: triples, entities,
class and property partitions, one subset per built file, the vocabularies used, the
period and place the plan covers, and when the data was issued and modified.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pyoxigraph as ox

from ..iris import Minter
from ..rdf.namespaces import DCTERMS, OGP, ONTOLOGY_IRI, PREFIXES
from ..store import Store
from .downloads import data_graphs

# The plan's dates, as the keys of a query's solutions (plain strings: a URIRef is never equal to one).
START_DATE, END_DATE = str(OGP.startDate), str(OGP.endDate)


@dataclass(frozen=True)
class Subset:
    iri: str   # the named graph IRI, which is also the subset's IRI
    name: str  # the file stem
    triples: int


@dataclass(frozen=True)
class DatasetSummary:
    """The numbers and facts the VoID/DCAT description and the HTML page both show."""
    iri: str
    base: str
    triples: int
    entities: int
    classes: int
    properties: int
    distinct_subjects: int
    distinct_objects: int
    class_partitions: list[tuple[str, int]]     # (class IRI, instances)
    property_partitions: list[tuple[str, int]]  # (property IRI, triples)
    subsets: list[Subset]
    vocabularies: list[str]
    examples: list[str]
    spatial: list[str]
    start: str | None
    end: str | None
    issued: datetime
    modified: datetime
    contacts: str

    @property
    def uri_space(self) -> str:
        return Minter(self.base).identifiers

    @property
    def sparql(self) -> str:
        return str(Minter(self.base).sparql_endpoint)

    @property
    def fragments(self) -> str:
        return str(Minter(self.base).fragments)

    def download_url(self, name: str) -> str:
        return str(Minter(self.base).download(name))


def _int(term: ox.Literal) -> int:
    return int(term.value)


def _from_graphs(graphs: list[str]) -> str:
    return "VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " }"


def summarise(store: Store) -> DatasetSummary:
    """Count what the store holds (data graphs only) with SPARQL."""
    base = store.settings.base_iri
    mint = Minter(base)
    graphs = data_graphs(store)
    values = _from_graphs(graphs)
    # Triples are counted once even if two graphs held the same statement: the merged dumps hold each once.
    distinct = f"SELECT DISTINCT ?s ?p ?o WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} }}"
    (row,) = store.query(f"""
        SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties)
               (COUNT(DISTINCT ?o) AS ?objects)
               (COUNT(DISTINCT IF(isIRI(?s) && STRSTARTS(STR(?s), "{mint.identifiers}"), ?s, ?none)) AS ?entities)
        WHERE {{ {{ {distinct} }} }}""")
    classes = [(r["c"].value, _int(r["n"])) for r in store.query(f"""
        SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {values} GRAPH ?g {{ ?s a ?c }} FILTER(isIRI(?c)) }}
        GROUP BY ?c ORDER BY DESC(?n) ?c""")]
    properties = [(r["p"].value, _int(r["n"])) for r in store.query(f"""
        SELECT ?p (COUNT(*) AS ?n) WHERE {{ {{ {distinct} }} }} GROUP BY ?p ORDER BY DESC(?n) ?p""")]
    counts = {g.iri: g.triples for g in store.graphs}
    subsets = [Subset(g, g.rsplit("/", 1)[-1], counts[g]) for g in graphs]

    # Examples and the period and place covered are read from the plan, when the data has one.
    examples = [str(i) for i in (mint.commitment(12), mint.plan) if store.exists(str(i))]
    plan = f"<{mint.plan}>"
    dates = {r["p"].value: r["d"].value for r in store.query(
        f"SELECT ?p ?d WHERE {{ {plan} ?p ?d FILTER(?p IN (<{START_DATE}>, <{END_DATE}>)) }}")}
    spatial = sorted(r["x"].value for r in store.query(
        f"SELECT DISTINCT ?x WHERE {{ {plan} <{DCTERMS.spatial}> ?x }}"))
    # When each built file was last written (recorded at load time for a remote store).
    data_dates = [g.modified for g in store.graphs if g.iri in graphs and g.modified]
    return DatasetSummary(
        iri=str(mint.dataset), base=base,
        triples=_int(row["triples"]), entities=_int(row["entities"]), classes=len(classes),
        properties=_int(row["properties"]), distinct_subjects=_int(row["subjects"]),
        distinct_objects=_int(row["objects"]),
        class_partitions=classes, property_partitions=properties, subsets=subsets,
        vocabularies=_vocabularies([c for c, _ in classes] + [p for p, _ in properties]),
        examples=examples, spatial=spatial,
        start=dates.get(START_DATE), end=dates.get(END_DATE),
        # The built files carry no release date: their modification times are the best record.
        issued=min(data_dates, default=None) or datetime.now(timezone.utc),
        modified=store.modified or datetime.now(timezone.utc),
        contacts=store.settings.contacts)


def _vocabularies(terms: list[str]) -> list[str]:
    """The vocabularies (namespace IRIs; ours by its ontology IRI) the classes and properties come from."""
    known = sorted((str(ns) for ns in PREFIXES.values()), key=len, reverse=True)
    found = set()
    for term in terms:
        ns = next((k for k in known if term.startswith(k)), None)
        if ns is None:  # not one of ours: cut at the last '#' or '/'
            cut = max(term.rfind("#"), term.rfind("/"))
            ns = term[:cut + 1]
        found.add(ONTOLOGY_IRI if ns == str(OGP) else ns)
    return sorted(found)

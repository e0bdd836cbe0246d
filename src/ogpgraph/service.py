"""The SPARQL 1.1 Service Description of our endpoint, built once from the loaded store."""

from __future__ import annotations

import pyoxigraph as ox

from .rdf.namespaces import RDF, RDFS, SD, VOID, W3C_FORMATS, XSD
from .store import Store

RDF_TYPE = ox.NamedNode(str(RDF.type))

# W3C format IRIs (https://www.w3.org/ns/formats/) for what /sparql can return.
RESULT_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "JSON-LD", "RDF_XML", "N-Triples"]


def service_description(store: Store, endpoint: str, void_iri: str) -> list[ox.Triple]:
    """Triples describing the endpoint at ``endpoint`` and its dataset (one graph per data file)."""
    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    service, dataset = iri(endpoint), iri(endpoint + "#dataset")
    default_graph = iri(endpoint + "#default-graph")
    t = [
        ox.Triple(service, RDF_TYPE, iri(SD + "Service")),
        ox.Triple(service, iri(SD + "endpoint"), service),
        ox.Triple(service, iri(SD + "supportedLanguage"), iri(SD + "SPARQL11Query")),
        # The default graph is the union of the named graphs.
        ox.Triple(service, iri(SD + "feature"), iri(SD + "UnionDefaultGraph")),
        ox.Triple(service, iri(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, iri(SD + "Dataset")),
        ox.Triple(dataset, iri(SD + "defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, iri(SD + "Graph")),
        ox.Triple(dataset, iri(str(RDFS.seeAlso)), iri(void_iri)),
        ox.Triple(default_graph, iri(str(VOID.triples)),
                  ox.Literal(str(sum(g.triples for g in store.graphs)), datatype=iri(str(XSD.integer)))),
    ]
    for name in RESULT_FORMATS:
        t.append(ox.Triple(service, iri(SD + "resultFormat"), iri(W3C_FORMATS + name)))
    for graph in store.graphs:
        named, g = iri(f"{graph.iri}#named-graph"), iri(graph.iri)
        t += [
            ox.Triple(dataset, iri(SD + "namedGraph"), named),
            ox.Triple(named, RDF_TYPE, iri(SD + "NamedGraph")),
            ox.Triple(named, iri(SD + "name"), g),
            ox.Triple(named, iri(SD + "graph"), iri(f"{graph.iri}#graph")),
            ox.Triple(iri(f"{graph.iri}#graph"), RDF_TYPE, iri(SD + "Graph")),
            ox.Triple(iri(f"{graph.iri}#graph"), iri(str(VOID.triples)),
                      ox.Literal(str(graph.triples), datatype=iri(str(XSD.integer)))),
        ]
    return t

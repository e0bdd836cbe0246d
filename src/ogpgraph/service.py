"""The SPARQL 1.1 Service Description of our endpoint, built once from the loaded store."""

from __future__ import annotations

import pyoxigraph as ox

from .graphs import DESCRIPTIONS
from .rdf.namespaces import DCTERMS, RDF, RDFS, SD, VOID, W3C_FORMATS, XSD
from .store import Store

RDF_TYPE = ox.NamedNode(str(RDF.type))

# W3C format IRIs (https://www.w3.org/ns/formats/) for what /sparql can return.
RESULT_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "JSON-LD", "RDF_XML", "N-Triples"]


_DEFAULT_GRAPH = {
    "fr": "L'union de tous les graphes nommés, dont le graphe des implications RDFS de l'ontologie "
          "(…/graph/entailed) : une requête sur une super-propriété (ogp:contact, ogp:involvedActor, "
          "ogp:descriptionPart) ou une super-classe (prov:Plan) trouve ce que les données énoncent par leurs "
          "sous-propriétés et sous-classes. Pour les faits énoncés seuls, nommer leurs graphes (FROM, GRAPH). "
          "Le même graphe est servi en fragments par motif de triplet (Triple Pattern Fragments) à …/fragments, "
          "pour les clients TPF comme Comunica.",
    "en": "The union of every named graph, the graph of the ontology's RDFS entailments (…/graph/entailed) "
          "included: a query on a super-property (ogp:contact, ogp:involvedActor, ogp:descriptionPart) or a "
          "super-class (prov:Plan) finds what the data states with their sub-properties and sub-classes. For "
          "the asserted facts alone, name their graphs (FROM, GRAPH). The same graph is served as Triple Pattern "
          "Fragments at …/fragments, for TPF clients such as Comunica.",
}


def service_description(store: Store, endpoint: str, void_iri: str, fragments: str) -> list[ox.Triple]:
    """Triples describing the endpoint at ``endpoint`` and its dataset (one graph per data file); the
    same default graph is served as Triple Pattern Fragments at ``fragments``."""
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
        # Queries are evaluated as stored (simple entailment); what our ontology's RDFS axioms entail
        # is stored too, materialised in its own named graph (graphs.py, "entailed").
        ox.Triple(service, iri(SD + "defaultEntailmentRegime"), iri("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(service, iri(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, iri(SD + "Dataset")),
        ox.Triple(dataset, iri(SD + "defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, iri(SD + "Graph")),
        *(ox.Triple(default_graph, iri(str(DCTERMS.description)), ox.Literal(text, language=lang))
          for lang, text in _DEFAULT_GRAPH.items()),
        ox.Triple(dataset, iri(str(RDFS.seeAlso)), iri(void_iri)),
        # The same default graph is served as Triple Pattern Fragments (fragments.py). Named, not
        # described with its Hydra search form: a client given this endpoint should query it with SPARQL.
        ox.Triple(default_graph, iri(str(RDFS.seeAlso)), iri(fragments)),
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
        for lang, text in sorted(DESCRIPTIONS.get(graph.iri.rsplit("/", 1)[-1], {}).items()):
            t.append(ox.Triple(named, iri(str(DCTERMS.description)), ox.Literal(text, language=lang)))
    return t

"""A named graph of the store as loaded, with canonical blank-node labels.

What the ontology and the SHACL shapes serve at their IRIs in every syntax but their
hand-written Turtle: a fast digest labelling for tree-shaped blank nodes, rdflib's
exact canonicalisation for the rest.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from ..rdf.blank_nodes import relabel, tree_labels
from ..store import Store, serialise


def canonical_graph(store: Store, name: str) -> tuple[Graph, list[ox.Triple]]:
    """The graph ``{base}graph/{name}`` as loaded, blank nodes labelled canonically (rdflib, sorted triples).

    Blank nodes (owl:unionOf, SHACL lists) get random labels at every load; canonical
    labels make each worker serialise the same bytes, hence the same ETag.
    """
    loaded = store.triples("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", g=store.graph_iri(name))
    labelled = _label_tree_blank_nodes(loaded)
    if labelled is not None:
        nt = serialise(labelled, ox.RdfFormat.N_TRIPLES)
        return Graph().parse(data=nt, format="nt"), sorted(labelled, key=_triple_key)
    # Not tree-shaped: rdflib's canonical labelling (exact, but seconds for a few thousand triples).
    graph = to_canonical_graph(Graph().parse(data=serialise(loaded, ox.RdfFormat.N_TRIPLES), format="nt"))
    nt = graph.serialize(format="nt", encoding="utf-8")
    return graph, sorted(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), key=_triple_key)


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return str(t.subject), str(t.predicate), str(t.object)


def _label_tree_blank_nodes(triples: list[ox.Triple]) -> list[ox.Triple] | None:
    """Triples with blank nodes labelled by ``tree_labels`` (None where it cannot label them)."""
    labels = tree_labels(triples)
    return None if labels is None else relabel(triples, labels)

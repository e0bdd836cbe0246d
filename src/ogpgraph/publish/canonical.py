"""A named graph of the store as loaded, with canonical blank-node labels.

What the ontology and the SHACL shapes serve at their IRIs in every syntax but their
hand-written Turtle: a fast digest labelling for tree-shaped blank nodes, rdflib's
exact canonicalisation for the rest.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import to_canonical_graph

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
    """Triples with blank nodes labelled by a digest of what hangs from them and where they hang.

    Fast and deterministic when every blank node is the object of exactly one triple
    and they form no cycle (RDF lists, SHACL paths and constraints, OWL class
    expressions written with ``[ ]`` and ``( )``); None otherwise, or if two blank
    nodes still get the same label (identical subtrees under the same parent).
    """
    outgoing: dict[ox.BlankNode, list[ox.Triple]] = {}
    parent: dict[ox.BlankNode, ox.Triple] = {}
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            outgoing.setdefault(t.subject, []).append(t)
        if isinstance(t.object, ox.BlankNode):
            if t.object in parent:
                return None
            parent[t.object] = t
    nodes = set(outgoing) | set(parent)
    content: dict[ox.BlankNode, str] = {}

    def content_of(node: ox.BlankNode, depth: int = 0) -> str:
        if node not in content:
            if depth > len(nodes):
                raise RecursionError("cycle")
            parts = sorted(f"{t.predicate} {content_of(t.object, depth + 1) if isinstance(t.object, ox.BlankNode) else t.object}"
                           for t in outgoing.get(node, []))
            content[node] = "[" + " ; ".join(parts) + "]"
        return content[node]

    label: dict[ox.BlankNode, str] = {}

    def label_of(node: ox.BlankNode, depth: int = 0) -> str:
        if node not in label:
            if depth > len(nodes):
                raise RecursionError("cycle")
            up = parent.get(node)
            where = ""
            if up is not None:
                subject = label_of(up.subject, depth + 1) if isinstance(up.subject, ox.BlankNode) else str(up.subject)
                where = f"{subject} {up.predicate}"
            label[node] = "b" + hashlib.sha256(f"{where} {content_of(node)}".encode()).hexdigest()[:24]
        return label[node]

    try:
        names = {node: label_of(node) for node in nodes}
    except RecursionError:
        return None
    if len(set(names.values())) != len(names):
        return None
    blank = {node: ox.BlankNode(name) for node, name in names.items()}
    return [ox.Triple(blank.get(t.subject, t.subject), t.predicate, blank.get(t.object, t.object)) for t in triples]

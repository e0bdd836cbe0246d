"""Blank-node labels that depend on the data only, not on the parser that read it.

Parsers give blank nodes fresh random labels at every load, so two workers (or two loads)
holding the same graph would write different bytes, order blank nodes differently and
disagree on ETags. ``tree_labels`` labels each blank node by a digest of what hangs from it
and where it hangs: the same graph gets the same labels, wherever and whenever it is read.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox


def tree_labels(triples: list[ox.Triple]) -> dict[ox.BlankNode, ox.BlankNode] | None:
    """A label for each blank node: a digest of what hangs from it and where it hangs.

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
    return {node: ox.BlankNode(name) for node, name in names.items()}


def relabel(triples: list[ox.Triple], labels: dict[ox.BlankNode, ox.BlankNode]) -> list[ox.Triple]:
    """``triples`` with each blank node of ``labels`` replaced by its label."""
    return [ox.Triple(labels.get(t.subject, t.subject), t.predicate, labels.get(t.object, t.object)) for t in triples]

"""The SHACL shapes as served at their namespace IRI, ``/def/shapes`` (no Flask here).

Like the ontology (``publish.ontology``): the hand-written Turtle file, the
loaded graph with canonical blank-node labels for the other syntaxes, and, for
the HTML page, a plain summary of each node shape (its targets, severity,
constraints, fr/en ``sh:name`` and ``sh:description``, and its property shapes),
in the order the file declares them. Computed once per data version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from ..rdf.namespaces import PREFIXES, RDF, RDFS, SH, SHAPES, SHAPES_IRI
from ..store import Store
from .canonical import canonical_graph

# Plain strings, to cut prefixes off IRIs (the rdflib namespaces make terms, and a term is never equal to a str).
_SH = str(SH)
_SHAPES = str(SHAPES)
_PREFIXES = {"shapes": _SHAPES, "sh": _SH} | {k: str(v) for k, v in PREFIXES.items()}
# Shown on their own (not in the constraint list).
_DESCRIPTIVE = {_SH + p for p in ("path", "name", "description", "message", "severity", "property", "targetClass",
                                  "targetNode", "targetSubjectsOf", "targetObjectsOf", "order", "group")}
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")


@dataclass(frozen=True)
class Texts:
    """A property's values by language (``fr``, ``en``; ``""`` for untagged)."""

    by_lang: dict[str, str]

    def get(self, lang: str) -> str:
        return self.by_lang.get(lang) or self.by_lang.get("") or ""


@dataclass(frozen=True)
class PropertyShape:
    anchor: str  # the local name: /def/shapes#{anchor}
    iri: str
    path: str
    severity: str
    name: Texts
    description: Texts
    constraints: list[tuple[str, str]]


@dataclass(frozen=True)
class NodeShape:
    anchor: str
    iri: str
    targets: list[tuple[str, str]]  # (kind, prefixed term)
    severity: str
    name: Texts
    description: Texts
    constraints: list[tuple[str, str]]
    properties: list[PropertyShape] = field(default_factory=list)


@dataclass(frozen=True)
class ShapesDocument:
    turtle: bytes              # the hand-written source, comments and layout included
    triples: list[ox.Triple]   # the loaded graph, blank nodes labelled canonically
    title: Texts
    node_shapes: list[NodeShape]


def shapes_document(store: Store) -> ShapesDocument | None:
    """The shapes as loaded into ``{base}graph/shapes``; None when no shapes file was loaded."""
    info = store.graph(store.graph_iri("shapes"))
    if info is None:
        return None
    source = info.source.read_bytes()
    graph, triples = canonical_graph(store, "shapes")
    order = _declaration_order(source.decode("utf-8"))
    summary = _Summary(graph, order)
    return ShapesDocument(source, triples, _texts(graph, URIRef(SHAPES_IRI), RDFS.label), summary.node_shapes())


def prefixed(iri: str) -> str:
    for prefix, ns in _PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _declaration_order(turtle: str) -> dict[str, int]:
    """Local name → position of its first description in the file (``shapes:X`` at the start of a line)."""
    order: dict[str, int] = {}
    for match in re.finditer(r"^shapes:([A-Za-z0-9_.-]+)", turtle, re.MULTILINE):
        order.setdefault(match.group(1), match.start())
    return order


def _texts(graph: Graph, subject, predicate: str) -> Texts:
    return Texts({(o.language or ""): str(o) for o in graph.objects(subject, URIRef(predicate))
                  if isinstance(o, Literal)})


class _Summary:
    def __init__(self, graph: Graph, order: dict[str, int]):
        self.graph = graph
        self.order = order

    def _key(self, node) -> tuple[int, str]:
        local = str(node)[len(_SHAPES):] if str(node).startswith(_SHAPES) else str(node)
        return self.order.get(local, 1 << 30), str(node)

    def node_shapes(self) -> list[NodeShape]:
        nodes = sorted(set(self.graph.subjects(RDF.type, SH.NodeShape)), key=self._key)
        return [self._node(n) for n in nodes]

    def _node(self, node) -> NodeShape:
        g = self.graph
        targets = [(kind, self._term(t)) for kind in _TARGETS for t in sorted(g.objects(node, SH[kind]))]
        properties = sorted(g.objects(node, SH.property), key=self._key)
        return NodeShape(self._anchor(node), str(node), targets, self._severity(node),
                         _texts(g, node, SH.name), _texts(g, node, SH.description),
                         self._constraints(node), [self._property(p) for p in properties])

    def _property(self, node) -> PropertyShape:
        g = self.graph
        path = next(g.objects(node, SH.path), None)
        return PropertyShape(self._anchor(node), str(node), self._path(path) if path is not None else "",
                             self._severity(node), _texts(g, node, SH.name),
                             _texts(g, node, SH.description), self._constraints(node))

    def _anchor(self, node) -> str:
        return str(node)[len(_SHAPES):] if str(node).startswith(_SHAPES) else ""

    def _severity(self, node) -> str:
        severity = next(self.graph.objects(node, SH.severity), SH.Violation)
        return str(severity)[len(_SH):] if str(severity).startswith(_SH) else str(severity)

    def _constraints(self, node) -> list[tuple[str, str]]:
        out = []
        for p, o in sorted(self.graph.predicate_objects(node)):
            if p == RDF.type or str(p) in _DESCRIPTIVE:
                continue
            name = str(p)[len(_SH):] if str(p).startswith(_SH) else prefixed(str(p))
            if p == SH.sparql:
                message = _texts(self.graph, o, SH.message)
                out.append((name, message.get("en") or "SPARQL constraint"))
            else:
                out.append((name, self._term(o)))
        return out

    def _term(self, term) -> str:
        if isinstance(term, Literal):
            return str(term)
        if isinstance(term, URIRef):
            return prefixed(str(term))
        if (term, RDF.first, None) in self.graph or term == RDF.nil:
            return "( " + " ".join(self._term(t) for t in Collection(self.graph, term)) + " )"
        if isinstance(term, BNode):
            inner = "; ".join(f"{self._term(p)} {self._term(o)}" for p, o in sorted(self.graph.predicate_objects(term)))
            return f"[ {inner} ]"
        return str(term)

    def _path(self, path) -> str:
        """A SHACL property path in SPARQL syntax."""
        g = self.graph
        if isinstance(path, URIRef):
            return prefixed(str(path))
        if (path, RDF.first, None) in g:
            return "/".join(self._path(p) for p in Collection(g, path))
        for kind, write in (("inversePath", "^{}"), ("zeroOrMorePath", "{}*"), ("oneOrMorePath", "{}+"),
                            ("zeroOrOnePath", "{}?")):
            inner = next(g.objects(path, SH[kind]), None)
            if inner is not None:
                return write.format(self._path(inner))
        alternatives = next(g.objects(path, SH.alternativePath), None)
        if alternatives is not None:
            return "(" + "|".join(self._path(p) for p in Collection(g, alternatives)) + ")"
        return self._term(path)

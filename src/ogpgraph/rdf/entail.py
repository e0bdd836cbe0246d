"""The RDFS entailments of our ontology over the data, materialised into a graph of their own.

The endpoint evaluates queries with simple entailment (what is stored is what matches), so
a researcher's natural query on a general property, ``?c ogp:contact ?k``, found nothing:
the data states only the sub-properties (``ogp:responsibleContact``, ``ogp:operationalContact``).
``ogpgraph build`` therefore writes the triples the ontology's own axioms entail and the
data does not already state into ``data/ttl/entailed.ttl``, the named graph
``{base}graph/entailed``, part of the default graph every query sees; the asserted graphs
stay as they were, each queryable alone (``GRAPH <{base}graph/fr-2021-2023>``).

What is entailed (RDFS rules, with only the ontology's axioms as the schema):

* rdfs7, sub-property: ``s p o`` and ``p rdfs:subPropertyOf+ q`` give ``s q o``;
* rdfs9, sub-class: ``s a C`` and ``C rdfs:subClassOf+ D`` give ``s a D``;
* rdfs2/rdfs3, domain and range, only where the ontology names one class (a union, a blank
  node, is left alone: it entails no single type) and the property is ours; the types they
  give then go through sub-class too.

Not entailed: the axiomatic triples and the schema's own closure (``rdfs:Resource``, every
property a ``rdf:Property``…), which tell a reader nothing; and anything from other
vocabularies' axioms (PROV-O's ``prov:Plan rdfs:subClassOf prov:Entity``): the closure is
of *our* ontology. A literal is never a subject, so range typing skips literal objects.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .namespaces import OGP

__all__ = ["entailed"]


def _closure(direct: dict[URIRef, set[URIRef]]) -> dict[URIRef, set[URIRef]]:
    """Every term's ancestors, transitively (cycles are harmless: each is visited once)."""
    out: dict[URIRef, set[URIRef]] = {}
    for term in direct:
        seen: set[URIRef] = set()
        todo = list(direct[term])
        while todo:
            t = todo.pop()
            if t not in seen and t != term:
                seen.add(t)
                todo.extend(direct.get(t, ()))
        out[term] = seen
    return out


def _axioms(ontology: Graph, predicate: URIRef) -> dict[URIRef, set[URIRef]]:
    found: dict[URIRef, set[URIRef]] = {}
    for s, o in ontology.subject_objects(predicate):
        if isinstance(s, URIRef) and isinstance(o, URIRef):  # a blank node is a class expression
            found.setdefault(s, set()).add(o)
    return found


def entailed(asserted: Iterable[Graph], ontology: Graph) -> Graph:
    """The triples the ontology's sub-property, sub-class, domain and range axioms entail from
    the union of ``asserted``, less those the union already states."""
    graphs = list(asserted)
    super_properties = _closure(_axioms(ontology, RDFS.subPropertyOf))
    super_classes = _closure(_axioms(ontology, RDFS.subClassOf))
    domains = {p: cs for p, cs in _axioms(ontology, RDFS.domain).items() if str(p).startswith(str(OGP))}
    ranges = {p: cs for p, cs in _axioms(ontology, RDFS.range).items() if str(p).startswith(str(OGP))}

    out = Graph()
    types: dict[URIRef | BNode, set[URIRef]] = {}

    def typed(node, classes: Iterable[URIRef]) -> None:
        if not isinstance(node, Literal):
            types.setdefault(node, set()).update(classes)

    for g in graphs:
        for s, p, o in g:
            for q in super_properties.get(p, ()):
                out.add((s, q, o))
                _range_and_domain(s, q, o, domains, ranges, typed)
            _range_and_domain(s, p, o, domains, ranges, typed)
            if p == RDF.type and isinstance(o, URIRef):
                typed(s, [o])
    for node, classes in types.items():
        for c in set(classes):
            classes |= super_classes.get(c, set())
        for c in classes:
            out.add((node, RDF.type, c))
    for g in graphs:
        for triple in g:
            out.remove(triple)
    return out


def _range_and_domain(s, p, o, domains, ranges, typed) -> None:
    if p in domains:
        typed(s, domains[p])
    if p in ranges and not isinstance(o, Literal):
        typed(o, ranges[p])

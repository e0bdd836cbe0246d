"""The RDFS entailments the build materialises (src/ogpgraph/rdf/entail.py): unit tests on
small graphs, then the built graph, data/ttl/entailed.ttl, checked against the ontology."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ogpgraph import paths
from ogpgraph.rdf.entail import entailed

OGP = Namespace("https://w3id.org/ogpgraph/def/ogp#")
EX = Namespace("https://example.org/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
PROV = Namespace("http://www.w3.org/ns/prov#")


def graph(*triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


ONTOLOGY = graph(
    (OGP.responsibleContact, RDFS.subPropertyOf, OGP.contact),
    (OGP.contact, RDFS.subPropertyOf, EX.related),  # two steps up
    (OGP.Commitment, RDFS.subClassOf, PROV.Plan),
    (PROV.Plan, RDFS.subClassOf, EX.Thing),
    (OGP.contact, RDFS.range, OGP.Contact),
    (OGP.Contact, RDFS.subClassOf, VCARD.Individual),
    (OGP.phone, RDFS.domain, OGP.Contact),
    (OGP.dateText, RDFS.domain, BNode()),  # a union: no single class
    (OGP.note, RDFS.range, OGP.TextPassage),
    (EX.theirs, RDFS.domain, EX.Theirs),  # another vocabulary's property: not ours to type with
)


def test_super_properties_and_super_classes_transitively():
    data = graph((EX.c, OGP.responsibleContact, EX.k), (EX.c, RDF.type, OGP.Commitment))
    out = entailed([data], ONTOLOGY)
    assert (EX.c, OGP.contact, EX.k) in out and (EX.c, EX.related, EX.k) in out
    assert (EX.c, RDF.type, PROV.Plan) in out and (EX.c, RDF.type, EX.Thing) in out
    # the range of the super-property types the contact, and its super-class follows
    assert (EX.k, RDF.type, OGP.Contact) in out and (EX.k, RDF.type, VCARD.Individual) in out


def test_nothing_already_stated_anywhere_and_nothing_but_the_closure():
    data = graph((EX.c, OGP.responsibleContact, EX.k), (EX.k, RDF.type, OGP.Contact))
    elsewhere = graph((EX.c, OGP.contact, EX.k))
    out = entailed([data, elsewhere], ONTOLOGY)
    assert (EX.c, OGP.contact, EX.k) not in out and (EX.k, RDF.type, OGP.Contact) not in out
    assert set(out) == {(EX.c, EX.related, EX.k), (EX.k, RDF.type, VCARD.Individual)}


def test_domains_and_ranges_only_where_safe():
    data = graph((EX.k, OGP.phone, Literal("01 23 45 67 89")), (EX.m, OGP.dateText, Literal("2022")),
                 (EX.c, OGP.note, Literal("a literal")), (EX.x, EX.theirs, EX.y))
    out = entailed([data], ONTOLOGY)
    assert (EX.k, RDF.type, OGP.Contact) in out  # our property, one named class
    assert not list(out.triples((EX.m, RDF.type, None)))  # a union domain entails no type
    assert not list(out.triples((None, RDF.type, OGP.TextPassage)))  # a literal is never typed
    assert not list(out.triples((EX.x, RDF.type, None)))  # another vocabulary's axiom


def test_the_built_graph_is_the_closure_of_the_ontology_over_the_data():
    """data/ttl/entailed.ttl is exactly what entail.py gives for the other built files (the build
    is deterministic: tests/test_build.py), adds no type of ours to any node that had none of
    them, and gives every commitment ogp:contact for each of its contacts."""
    data_dir = paths.DATA_DIR
    asserted = [Graph().parse(p) for p in sorted(data_dir.glob("*.ttl")) if p.name != "entailed.ttl"]
    built = Graph().parse(data_dir / "entailed.ttl")
    ontology = Graph().parse(paths.ONTOLOGY)
    assert set(built) == set(entailed(asserted, ontology))
    union = Graph()
    for g in asserted:
        for t in g:
            union.add(t)
    ours = str(OGP)
    for s, _, cls in built.triples((None, RDF.type, None)):
        assert not str(cls).startswith(ours), (s, cls)  # every class of ours was already stated
    for c in union.subjects(RDF.type, OGP.Commitment):
        stated = set(union.objects(c, OGP.responsibleContact)) | set(union.objects(c, OGP.operationalContact))
        assert set(built.objects(c, OGP.contact)) == stated
    # Only sub-property, sub-class, domain and range: types, and the super-properties the ontology
    # names (rdfs:seeAlso, for ogp:webAddress, is one), never schema triples (rdfs:subClassOf…)
    supers = set(ontology.objects(None, RDFS.subPropertyOf))
    assert set(built.predicates()) <= supers | {RDF.type}
    assert not supers & {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.sameAs}

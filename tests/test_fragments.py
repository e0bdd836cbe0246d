"""The Triple Pattern Fragments model (ogpgraph.fragments), on the built data in an embedded store.

The HTTP interface (formats, redirects, caching, contacts modes) is tested against real servers
in tests/server/test_fragments_http.py, and against Comunica in tests/server/test_fragments_comunica.py.
"""

from urllib.parse import quote

import pyoxigraph as ox
import pytest

from ogpgraph import fragments
from ogpgraph.config import Settings
from ogpgraph.fragments import PAGE_SIZE, Addresses, Pattern, PatternError
from ogpgraph.store import open_store

BASE = "https://w3id.org/ogpgraph/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
COMMITMENT = BASE + "def/ogp#Commitment"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def store():
    return open_store(Settings()).load()


@pytest.mark.parametrize("text, term", [
    ("", None),
    ("?anything", None),
    (COMMITMENT, ox.NamedNode(COMMITMENT)),
    (f"<{COMMITMENT}>", ox.NamedNode(COMMITMENT)),
    ('"plain"', ox.Literal("plain")),
    ('""', ox.Literal("")),
    ('"say "hi""', ox.Literal('say "hi"')),  # TPF clients do not escape quotes inside the value
    ('"données"@fr', ox.Literal("données", language="fr")),
    ('"x"@en-GB', ox.Literal("x", language="en-GB")),
    (f'"12"^^{XSD}integer', ox.Literal("12", datatype=ox.NamedNode(XSD + "integer"))),
    (f'"12"^^<{XSD}integer>', ox.Literal("12", datatype=ox.NamedNode(XSD + "integer"))),
    ('"a"@en"', ox.Literal('a"@en')),  # ends with a quote: a plain literal, whatever it holds
])
def test_objects_in_the_explicit_representation(text, term):
    assert Pattern.parse({"object": text}, BASE).object == term


@pytest.mark.parametrize("values, message", [
    ({"subject": '"text"'}, "a literal can only be the object"),
    ({"predicate": '"text"@fr'}, "a literal can only be the object"),
    ({"subject": "_:b0"}, "a blank node cannot be looked up"),
    ({"subject": "not an iri"}, "is not an IRI"),
    ({"object": '"unterminated'}, "is not a literal"),
    ({"object": '"x"@'}, "is not a literal"),
    ({"subject": "?not a name"}, "is not a variable name"),
    ({"predicate": BASE + ".well-known/genid/b123"}, "names no blank node"),
])
def test_patterns_that_cannot_be_looked_up_say_why(values, message):
    with pytest.raises(PatternError, match=message):
        Pattern.parse(values, BASE)


def test_explicit_representation_round_trips_every_kind_of_term():
    for term in (ox.NamedNode(COMMITMENT), ox.Literal("plain"), ox.Literal("données", language="fr"),
                 ox.Literal("2022", datatype=ox.NamedNode(XSD + "gYear"))):
        assert Pattern.parse({"object": fragments.explicit(term, BASE)}, BASE).object == term
    # A blank node is written as its Skolem IRI, which reads back as the blank node.
    skolem = fragments.explicit(ox.BlankNode("b0abc"), BASE)
    assert skolem == BASE + ".well-known/genid/b0abc"
    assert Pattern.parse({"subject": skolem}, BASE).subject == ox.BlankNode("b0abc")


def test_the_address_of_a_fragment_is_what_an_rfc6570_expansion_gives():
    """What a TPF client builds from ``{?subject,predicate,object}``: bound terms only, in that
    order, every character but the unreserved ones percent-encoded."""
    at = Addresses("http://127.0.0.1:8000/fragments", BASE)
    pattern = Pattern.parse({"object": '"État"@fr', "predicate": RDF_TYPE}, BASE)
    assert at.fragment(pattern) == ("http://127.0.0.1:8000/fragments?predicate=http%3A%2F%2Fwww.w3.org%2F1999"
                                    "%2F02%2F22-rdf-syntax-ns%23type&object=%22%C3%89tat%22%40fr")
    assert at.page(pattern, 1) == at.fragment(pattern)
    assert at.page(pattern, 3) == at.fragment(pattern) + "&page=3"
    assert at.page(Pattern(), 2) == "http://127.0.0.1:8000/fragments?page=2"
    assert at.template == "http://127.0.0.1:8000/fragments{?subject,predicate,object}"
    assert quote("a b~-._", safe="") == "a%20b~-._"  # the unreserved set RFC 6570 leaves as is


def test_pages_partition_the_fragment_in_one_order(store):
    """Every page but the last is full, no triple is on two pages, together they are the
    fragment, and the count is exact."""
    pattern = Pattern.parse({"predicate": "http://purl.org/dc/terms/title"}, BASE)
    first = fragments.select(store, pattern, 1)
    expected = {(str(r["s"]), str(r["o"])) for r in store.query(
        "SELECT ?s ?o WHERE { ?s <http://purl.org/dc/terms/title> ?o }")}
    assert first.total == len(expected) > PAGE_SIZE
    seen = []
    for number in range(1, first.last + 1):
        page = fragments.select(store, pattern, number)
        assert len(page.triples) == (PAGE_SIZE if number < first.last else first.total - PAGE_SIZE * (first.last - 1))
        seen += [(str(t.subject), str(t.object)) for t in page.triples]
    assert len(seen) == len(set(seen)) and set(seen) == expected
    assert fragments.select(store, pattern, first.last + 1) is None


def test_an_empty_fragment_has_one_empty_page(store):
    page = fragments.select(store, Pattern.parse({"subject": "http://example.org/nothing"}, BASE), 1)
    assert (page.total, page.triples, page.last) == (0, [], 1)


def test_the_count_of_a_fully_bound_pattern(store):
    """Every position bound: 1 if the triple is in the graph, else 0 (projected and grouped on)."""
    commitment = next(iter(store.query(f"SELECT ?c WHERE {{ ?c a <{COMMITMENT}> }} LIMIT 1")))["c"].value
    pattern = Pattern.parse({"subject": commitment, "predicate": RDF_TYPE, "object": COMMITMENT}, BASE)
    page = fragments.select(store, pattern, 1)
    assert page.total == 1
    assert page.triples == [ox.Triple(ox.NamedNode(commitment), ox.NamedNode(RDF_TYPE), ox.NamedNode(COMMITMENT))]


def test_blank_nodes_are_skolem_iris_that_can_be_looked_up(store):
    """The shapes' blank nodes (inline property shapes, lists) come out as Skolem IRIs; looking one up as
    a subject gives the triples hanging from that blank node."""
    at = Addresses("http://127.0.0.1:8000/fragments", BASE)
    page = fragments.select(store, Pattern.parse({"predicate": "http://www.w3.org/ns/shacl#path"}, BASE), 1)
    data = [q for q in fragments.quads(page, at, BASE + "sparql") if q.graph_name == ox.DefaultGraph()]
    skolems = {q.subject.value for q in data if q.subject.value.startswith(BASE + ".well-known/genid/")}
    assert skolems and not any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in data)
    skolem = sorted(skolems)[0]
    hanging = fragments.select(store, Pattern.parse({"subject": skolem}, BASE), 1)
    assert hanging.total >= 1
    assert any(t.predicate.value == "http://www.w3.org/ns/shacl#path" for t in hanging.triples)


def test_metadata_carries_the_count_the_search_form_and_the_paging_links(store):
    at = Addresses("http://127.0.0.1:8000/fragments", BASE)
    pattern = Pattern.parse({"predicate": RDF_TYPE}, BASE)
    page = fragments.select(store, pattern, 2)
    quads = fragments.quads(page, at, BASE + "sparql")
    here = at.page(pattern, 2)
    meta = [q for q in quads if q.graph_name != ox.DefaultGraph()]
    assert {q.graph_name.value for q in meta} == {here + "#metadata"}
    facts = {(q.subject.value, q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]): q.object.value for q in meta}
    assert facts[(here + "#metadata", "primaryTopic")] == at.fragment(pattern)
    assert facts[(here, "totalItems")] == facts[(here, "triples")] == str(page.total)
    assert facts[(here, "itemsPerPage")] == str(PAGE_SIZE)
    assert facts[(here, "previous")] == facts[(here, "first")] == at.fragment(pattern)
    assert facts[(here, "next")] == at.page(pattern, 3)
    assert facts[(at.interface + "#triplePattern", "template")] == at.template
    # The fragment is the *last* subject stated to have this page as a subset (what Comunica reads).
    subsets = [q.subject.value for q in meta if q.predicate.value.endswith("#subset") and q.object.value == here]
    assert subsets[-1] == at.fragment(pattern)
    # Exactly one count in the metadata: a TPF client takes the first it finds.
    assert sum(q.predicate.value.endswith(("#totalItems", "#triples")) for q in meta) == 2
    assert len([q for q in quads if q.graph_name == ox.DefaultGraph()]) == PAGE_SIZE

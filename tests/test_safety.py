"""The query policy scan (store/policy.py), unit tests. The HTTP tests prove no connection is
made (tests/server/test_sparql.py); tests/test_w3c_policy.py checks the scan agrees with
pyoxigraph on every query of the W3C suites."""

import pytest

from ogpgraph.store.errors import ForbiddenQuery, UnknownGraph
from ogpgraph.store.policy import check_dataset, scan

BASE = "https://w3id.org/ogpgraph/"


def test_query_forms_and_dataset_clauses():
    info = scan("SELECT * FROM <urn:g:a> FROM NAMED <urn:g:b> WHERE { ?s ?p ?o }")
    assert (info.form, info.default_graphs, info.named_graphs) == ("SELECT", ("urn:g:a",), ("urn:g:b",))
    assert scan("ASK {}").form == "ASK"
    assert scan("CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    assert scan("DESCRIBE <urn:x>").form == "DESCRIBE"
    assert scan("").form is None


def test_from_with_a_prefixed_name_or_a_relative_iri_is_expanded():
    info = scan("PREFIX g: <https://w3id.org/ogpgraph/graph/> SELECT * FROM g:fr-2021-2023 FROM NAMED <graph/x> {}",
                BASE)
    assert info.default_graphs == ("https://w3id.org/ogpgraph/graph/fr-2021-2023",)
    assert info.named_graphs == ("https://w3id.org/ogpgraph/graph/x",)
    # BASE in the query wins over the endpoint's.
    assert scan("BASE <http://example.org/a/> SELECT * FROM <b> {}", BASE).default_graphs == ("http://example.org/a/b",)


@pytest.mark.parametrize("query", [
    '# SERVICE <http://x/>\nSELECT * WHERE { ?s ?p "SERVICE <http://x/>" }',
    "SELECT * WHERE { ?s ?p 'a \\' SERVICE <http://x/> {} ' }",
    'SELECT * WHERE { ?s ?p """ SERVICE <http://x/> {} \\""" """ }',
    "SELECT ?service WHERE { ?service <http://example.org/service> ?o }",
    "PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o }",
])
def test_the_word_service_outside_code_is_harmless(query):
    assert scan(query).form == "SELECT"


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1/> { ?s ?p ?o } }",
    "select * where { { ?s ?p ?o } UNION { sErViCe SILENT ?endpoint { ?s ?p ?o } } }",
    # A comment ends at \r as well as \n (pyoxigraph's rule; rdflib's parser ended it at \n only).
    "SELECT * WHERE { #\rSERVICE <http://127.0.0.1/> { ?s ?p ?o }\n}",
    "SELECT * WHERE { #\r\nSERVICE <http://127.0.0.1/> { ?s ?p ?o }\n}",
    "SELECT * WHERE { # x\n\rSERVICE<http://127.0.0.1/>{}}",
    "SELECT * { { SELECT * { OPTIONAL { FILTER EXISTS { SERVICE ?v { } } } } } }",
    "SELECT * { FILTER NOT EXISTS { SERVICE <http://127.0.0.1/> {} } }",
    # "<" after an operand in an expression is less-than, not an IRI that would hide what follows.
    'SELECT * { ?s ?p ?o FILTER(?o<2)#>"""\nSERVICE <http://127.0.0.1/> {}\n#"""\n}',
    "SELECT * { ?s ?p ?o FILTER(?o<2&&?o>1)SERVICE<http://127.0.0.1/>{} }",
    # An escaped '#' in a prefixed name is no comment.
    "PREFIX ex: <http://e/> SELECT * { ex:a\\#b ex:p ?o SERVICE <http://127.0.0.1/> {} }",
])
def test_service_is_forbidden(query):
    with pytest.raises(ForbiddenQuery, match="SERVICE"):
        scan(query)


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX a: <urn:a> DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1/data.ttl>",
    "clear all",
    "DROP GRAPH <urn:g>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_updates_are_forbidden(update):
    with pytest.raises(ForbiddenQuery, match="read-only"):
        scan(update)


def test_deep_nesting_costs_no_recursion():
    depth = 5000
    assert scan("SELECT * WHERE " + "{" * depth + "}" * depth).form == "SELECT"
    assert scan("SELECT (" + "(" * depth + "1" + ")" * depth + " AS ?x) {}").form == "SELECT"


def test_unknown_graphs_are_refused():
    check_dataset(("urn:g:a",), {"urn:g:a", "urn:g:b"}, "FROM")
    with pytest.raises(UnknownGraph, match="urn:g:z"):
        check_dataset(("urn:g:z",), {"urn:g:a"}, "FROM")


@pytest.mark.parametrize("query", ["SELECT * { \u017fERVICE <http://127.0.0.1:1/> {} }",
                                   "SELECT * { SERV\u0130CE <http://127.0.0.1:1/> {} }"])
def test_keywords_are_ascii_for_the_scan_as_for_the_engine(query):
    """Letters that case-fold to ASCII do not make a keyword: the scan lets these through and
    pyoxigraph refuses them as malformed (so nothing runs)."""
    import pyoxigraph as ox

    assert scan(query).form == "SELECT"
    with pytest.raises(SyntaxError):
        ox.Store().query(query)


@pytest.mark.parametrize("query,default", [
    ("CONSTRUCT { ?s ?p ?o } FROM <http://g/> WHERE { ?s ?p ?o }", ("http://g/",)),
    ("CONSTRUCT FROM <http://g/> WHERE { ?s ?p ?o }", ("http://g/",)),
    ("SELECT * FROM <http://g/> { ?s ?p ?o } # where the data comes from", ("http://g/",)),
    ("# rows from the document\nSELECT * WHERE { ?s ?p 'from' }", ()),
])
def test_dataset_clauses_are_read_before_the_where_clause(query, default):
    assert scan(query).default_graphs == default

"""Query safety rules on the parse tree (unit tests; the HTTP tests prove no connection is made)."""

import pytest

from ogpgraph.store.safety import ForbiddenQuery, MalformedQuery, check_dataset, inspect_query


def test_query_forms_and_dataset_clauses():
    info = inspect_query("SELECT * FROM <urn:g:a> FROM NAMED <urn:g:b> WHERE { ?s ?p ?o }")
    assert (info.form, info.default_graphs, info.named_graphs) == ("SELECT", ("urn:g:a",), ("urn:g:b",))
    assert inspect_query("ASK {}").form == "ASK"
    assert inspect_query("CONSTRUCT WHERE { ?s ?p ?o }").form == "CONSTRUCT"
    assert inspect_query("DESCRIBE <urn:x>").form == "DESCRIBE"


def test_the_word_service_in_a_comment_or_string_is_harmless():
    info = inspect_query('# SERVICE <http://x/>\nSELECT * WHERE { ?s ?p "SERVICE <http://x/>" }')
    assert info.form == "SELECT"


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1/> { ?s ?p ?o } }",
    "select * where { { ?s ?p ?o } UNION { sErViCe SILENT ?endpoint { ?s ?p ?o } } }",
])
def test_service_is_forbidden(query):
    with pytest.raises(ForbiddenQuery, match="SERVICE"):
        inspect_query(query)


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <urn:g>",
])
def test_updates_are_forbidden(update):
    with pytest.raises(ForbiddenQuery, match="read-only"):
        inspect_query(update)


def test_malformed_query_names_the_place():
    with pytest.raises(MalformedQuery, match="line 2"):
        inspect_query("SELECT *\nWHERE { ?s ?p }")


def test_unknown_graphs_are_refused():
    check_dataset(("urn:g:a",), {"urn:g:a", "urn:g:b"}, "FROM")
    with pytest.raises(MalformedQuery, match="urn:g:z"):
        check_dataset(("urn:g:z",), {"urn:g:a"}, "FROM")

"""Binding values into query text (store/substitute.py), as a remote store needs, gives the same
answers as pyoxigraph's ``substitutions=`` on the same data: for each query the service sends
with bindings, and for the syntactic places a variable can stand."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from ogpgraph import describe, search
from ogpgraph.config import Settings
from ogpgraph.iris import Minter
from ogpgraph.store.embedded import EmbeddedStore
from ogpgraph.store.substitute import SubstitutionError, substitute

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `server`, not tests/server
from server.tombstones import _IN_DATA  # noqa: E402

BASE = "https://w3id.org/ogpgraph/"
C12 = BASE + "id/fr/2021-2023/commitment/12"


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return EmbeddedStore(Settings()).load()


def answers(result) -> object:
    """A comparable form of any query result."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return names, sorted(tuple(str(row[n]) for n in names) for row in result)
    return sorted(str(t) for t in result)


def both(store: EmbeddedStore, query: str, values: dict) -> tuple[object, object]:
    """(pyoxigraph's substitution, ours): the same store, the same union default graph."""
    native = answers(store.query(query, values))
    textual = answers(store.query(substitute(query, values)))
    return native, textual


SERVICE_QUERIES = [
    ("describe a commitment", describe.DESCRIBE, {"r": ox.NamedNode(C12)}),
    ("describe an organisation", describe.DESCRIBE, {"r": ox.NamedNode(BASE + "id/organisation/menjs")}),
    ("the plan overview", describe.OVERVIEW, {"plan": ox.NamedNode(str(Minter(BASE).plan))}),
    ("a resource exists", "ASK { { ?r ?p ?o } UNION { ?s ?p ?r } }", {"r": ox.NamedNode(C12)}),
    ("a graph is in the data", _IN_DATA, {"r": ox.NamedNode(BASE + "graph/vocabularies")}),
    ("one named graph", "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
     {"g": ox.NamedNode(BASE + "graph/vocabularies")}),
    ("search labels", search._LABELS_QUERY, {"scope": ox.NamedNode(BASE + "id/")}),
    ("search types", search._TYPES_QUERY, {"scope": ox.NamedNode(BASE + "id/")}),
]


@pytest.mark.parametrize("name,query,values", SERVICE_QUERIES, ids=[q[0] for q in SERVICE_QUERIES])
def test_service_queries_give_the_same_answers(store, name, query, values):
    native, textual = both(store, query, values)
    assert native == textual
    assert native is True or (native and native[-1])  # the comparison is about real answers


# pyoxigraph binds a SELECT variable only if it is projected: so are these.
@pytest.mark.parametrize("query", [
    # projected, grouped and ordered: the variable stays a column
    "SELECT ?c (COUNT(?m) AS ?n) WHERE { ?c <https://w3id.org/ogpgraph/def/ogp#hasMilestone> ?m }"
    " GROUP BY ?c ORDER BY ?c",
    # inside a FILTER of a UNION branch (a VALUES join would see it unbound there)
    "SELECT ?c ?o WHERE { { ?c ?p ?o FILTER(STRSTARTS(STR(?o), CONCAT(STR(?c), \"/\"))) } UNION { ?o ?p ?c } }",
    # in a sub-query, a comment and a string that mention it
    "SELECT ?c ?n WHERE { # ?c in a comment\n { SELECT ?c (COUNT(*) AS ?n) WHERE { ?c ?p ?o } GROUP BY ?c } "
    "FILTER(\"?c\" != STR(?c)) }",
])
def test_syntactic_places(store, query):
    native, textual = both(store, query, {"c": ox.NamedNode(C12)})
    assert native == textual and native[1]


def test_a_literal_with_quotes_and_newlines(store):
    title = ox.Literal("Renforcer l'engagement citoyen des jeunes", language="fr")
    query = "SELECT ?s ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t }"
    native, textual = both(store, query, {"t": title})
    assert native == textual and native[1] == [(f"<{C12}>", str(title))]
    tricky = ox.Literal('a "quoted"\nline \\ with ?t and } braces')
    assert substitute("ASK { ?s ?p ?t }", {"t": tricky}) == f"ASK {{ ?s ?p {tricky} }}"
    assert not store.query(substitute("ASK { ?s ?p ?t }", {"t": tricky}))


@pytest.mark.parametrize("query", ["SELECT * WHERE { BIND(1 AS ?x) }", "SELECT * WHERE { VALUES ?x { 1 } }"])
def test_assigned_variables_are_refused(query):
    with pytest.raises(SubstitutionError):
        substitute(query, {"x": ox.NamedNode(C12)})

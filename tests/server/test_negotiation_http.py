"""Every Accept form clients send, over real HTTP: the right type, and a body that parses as it."""

import json

import pytest
import requests
import pyoxigraph as ox
from rdflib import Graph, URIRef

C12_PATH = "/id/fr/2021-2023/commitment/12"
C12 = URIRef("https://w3id.org/ogpgraph" + C12_PATH)
PROFILE = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#{}"'
CONSTRUCT = f"CONSTRUCT {{ <{C12}> ?p ?o }} WHERE {{ <{C12}> ?p ?o }}"


def _parse(body: bytes, media_type: str):
    if media_type in ("application/n-quads", "application/trig"):
        fmt = ox.RdfFormat.N_QUADS if media_type.endswith("quads") else ox.RdfFormat.TRIG
        return {(URIRef(q.subject.value), URIRef(q.predicate.value), str(q.object)) for q in ox.parse(body, format=fmt)}
    fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
           "application/rdf+xml": "xml"}[media_type]
    return set(Graph().parse(data=body, format=fmt))


@pytest.mark.parametrize("accept,media_type", [
    ("text/turtle; charset=utf-8", "text/turtle"),
    (PROFILE.format("compacted"), "application/ld+json"),
    (PROFILE.format("expanded"), "application/ld+json"),
    ("application/n-quads", "application/n-quads"),
    ("application/trig", "application/trig"),
    ("application/n-triples; charset=utf-8", "application/n-triples"),
    ("application/rdf+xml;q=0.9, text/html;q=0.1", "application/rdf+xml"),
])
def test_resource_accept_forms(server_url, accept, media_type):
    r = requests.get(server_url + C12_PATH, headers={"Accept": accept}, timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0] == media_type
    triples = _parse(r.content, media_type)
    assert any(s == C12 for s, _, _ in triples)
    if "expanded" in accept:
        assert isinstance(r.json(), list) and "@context" not in r.text  # expanded form: a list, no context
    if "compacted" in accept:
        assert "@context" in r.json()


def test_resource_406_lists_what_is_offered(server_url):
    r = requests.get(server_url + C12_PATH, headers={"Accept": "image/png"}, timeout=10)
    assert r.status_code == 406
    assert "text/turtle" in r.text and "application/n-quads" in r.text


@pytest.mark.parametrize("accept,media_type", [
    ("application/n-quads", "application/n-quads"),
    ("application/trig", "application/trig"),
    ("application/json", "application/ld+json"),
    (PROFILE.format("compacted"), "application/ld+json"),
    ("text/turtle; charset=utf-8", "text/turtle"),
    # roqet and others send a results type for a CONSTRUCT: Turtle, not 406.
    ("application/sparql-results+json, application/sparql-results+xml;q=0.9", "text/turtle"),
])
def test_construct_accept_forms(server_url, accept, media_type):
    r = requests.get(server_url + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept}, timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0] == media_type
    triples = _parse(r.content, media_type)
    assert len(triples) > 10 and all(s == C12 for s, _, _ in triples)


@pytest.mark.parametrize("accept,media_type", [
    ("application/sparql-results+json; charset=utf-8", "application/sparql-results+json"),
    ("application/sparql-results+xml;q=1.0", "application/sparql-results+xml"),
    ("text/csv; charset=utf-8", "text/csv"),
])
def test_select_accept_forms(server_url, accept, media_type):
    r = requests.get(server_url + "/sparql", params={"query": f"SELECT ?p WHERE {{ <{C12}> ?p ?o }} LIMIT 1"},
                     headers={"Accept": accept}, timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0] == media_type


def test_errors_follow_accept(server_url):
    r = requests.get(server_url + "/sparql", params={"query": "SELEKT"}, headers={"Accept": "application/json"},
                     timeout=10)
    assert r.status_code == 400 and r.headers["Content-Type"] == "application/json"
    assert json.loads(r.text)["status"] == 400 and "malformed query" in r.json()["message"]
    # A browser's POST gets the error as a page (its GET gets the query page: test_sparql_ui.py)
    r = requests.post(server_url + "/sparql", data={"query": "SELEKT"},
                      headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, timeout=10)
    assert r.status_code == 400 and r.headers["Content-Type"].startswith("text/html")
    assert "malformed query" in r.text
    r = requests.get(server_url + "/sparql", params={"query": "SELEKT"}, timeout=10)
    assert r.headers["Content-Type"].startswith("text/plain") and r.text.startswith("400 Bad Request: ")

"""The read-only SPARQL 1.1 Graph Store Protocol (/rdf-graph-store) and the SHACL shapes (/def/shapes),
on a real server, checked with requests and rdflib against the SPARQL endpoint's own counts."""

import html5lib
import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

BASE = "https://w3id.org/ogpgraph/"
DATA_GRAPHS = [BASE + "graph/" + name for name in ("fr-2021-2023", "fr-2021-2023-provenance", "vocabularies",
                                                   "ogp-registry", "irm-review", "entailed")]
ONTOLOGY_GRAPH = BASE + "graph/ontology"
GRAPHS = DATA_GRAPHS + [ONTOLOGY_GRAPH, BASE + "graph/shapes"]
FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
           "application/ld+json": "json-ld"}
SHAPES = "https://w3id.org/ogpgraph/def/shapes#"


def sparql_count(server_url: str, where: str) -> int:
    r = requests.get(server_url + "/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
                     headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def fetch(server_url: str, accept: str = "text/turtle", **params) -> requests.Response:
    return requests.get(server_url + "/rdf-graph-store", params=params, headers={"Accept": accept}, timeout=30)


def parse(response: requests.Response, fmt: str = "turtle") -> Graph:
    return Graph().parse(data=response.content, format=fmt)


@pytest.mark.parametrize("graph", GRAPHS)
def test_each_named_graph_has_the_triples_sparql_counts_in_it(server_url, graph):
    r = fetch(server_url, graph=graph)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    expected = sparql_count(server_url, f"GRAPH <{graph}> {{ ?s ?p ?o }}")
    assert expected > 0
    assert len(parse(r)) == expected


def test_default_graph_is_the_union_of_the_data_graphs(server_url):
    r = fetch(server_url, "application/n-triples", default="")
    assert r.status_code == 200, r.text
    values = " ".join(f"<{g}>" for g in DATA_GRAPHS)
    union = sparql_count(server_url, f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
    default = parse(r, "nt")
    assert len(default) == union
    # Not the ontology, not the shapes: they are named graphs of their own.
    assert not list(default.subjects(RDF.type, SH.NodeShape))
    assert (URIRef("https://w3id.org/ogpgraph/def/ogp"), None, None) not in default


@pytest.mark.parametrize("accept", FORMATS)
def test_every_rdf_format_is_offered_and_parses(server_url, accept):
    graph = BASE + "graph/vocabularies"
    r = fetch(server_url, accept, graph=graph)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].split(";")[0] == accept
    assert "Accept" in r.headers["Vary"]
    assert len(parse(r, FORMATS[accept])) == sparql_count(server_url, f"GRAPH <{graph}> {{ ?s ?p ?o }}")


def test_conditional_get_and_head(server_url):
    r = fetch(server_url, graph=GRAPHS[0])
    etag = r.headers["ETag"]
    assert r.headers["Last-Modified"]
    again = requests.get(server_url + "/rdf-graph-store", params={"graph": GRAPHS[0]},
                         headers={"Accept": "text/turtle", "If-None-Match": etag}, timeout=30)
    assert again.status_code == 304 and not again.content
    head = requests.head(server_url + "/rdf-graph-store", params={"graph": GRAPHS[0]},
                         headers={"Accept": "text/turtle"}, timeout=30)
    assert head.status_code == 200 and not head.content
    assert head.headers["ETag"] == etag
    # Rendered once per data version, the same bytes from every worker (2 here): the same ETag each time.
    assert {fetch(server_url, graph=ONTOLOGY_GRAPH).headers["ETag"] for _ in range(6)} == {
        fetch(server_url, graph=ONTOLOGY_GRAPH).headers["ETag"]}


def test_errors(server_url):
    assert fetch(server_url, graph=BASE + "graph/no-such-graph").status_code == 404
    assert fetch(server_url).status_code == 400  # neither ?default nor ?graph
    both = requests.get(server_url + f"/rdf-graph-store?default&graph={GRAPHS[0]}", timeout=30)
    assert both.status_code == 400
    assert "exactly one" in both.text
    assert fetch(server_url, "text/html", default="").status_code == 406
    assert fetch(server_url, "image/png", default="").status_code == 406


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
def test_writes_are_refused_and_change_nothing(server_url, method):
    graph = GRAPHS[2]
    before = fetch(server_url, graph=graph)
    body = "<urn:x> <urn:y> <urn:z> ."
    for params in ({"graph": graph}, {"default": ""}):
        r = requests.request(method, server_url + "/rdf-graph-store", params=params, data=body.encode(),
                             headers={"Content-Type": "application/n-triples"}, timeout=30)
        assert r.status_code == 405
        assert r.headers["Allow"] == "GET, HEAD"
        assert "read-only" in r.text
    after = fetch(server_url, graph=graph)
    assert after.content == before.content
    assert sparql_count(server_url, "GRAPH ?g { <urn:x> ?p ?o }") == 0


# -- the shapes ----------------------------------------------------------------

def test_shapes_turtle_is_the_shapes_graph(server_url):
    r = requests.get(server_url + "/def/shapes", headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200
    assert r.headers["Content-Location"] == "/def/shapes.ttl"
    assert "Accept" in r.headers["Vary"]
    assert 'rel="alternate"' in r.headers["Link"] and "/def/shapes.jsonld" in r.headers["Link"]
    g = parse(r)
    node_shapes = set(g.subjects(RDF.type, SH.NodeShape))
    assert URIRef(SHAPES + "Commitment") in node_shapes
    assert len(g) == sparql_count(server_url, f"GRAPH <{BASE}graph/shapes> {{ ?s ?p ?o }}")
    again = requests.get(server_url + "/def/shapes", headers={"Accept": "text/turtle",
                                                              "If-None-Match": r.headers["ETag"]}, timeout=30)
    assert again.status_code == 304


@pytest.mark.parametrize("ext,fmt", [("ttl", "turtle"), ("nt", "nt"), ("rdf", "xml"), ("jsonld", "json-ld")])
def test_shapes_documents_by_extension(server_url, ext, fmt):
    r = requests.get(server_url + f"/def/shapes.{ext}", timeout=30)
    assert r.status_code == 200
    assert "Vary" not in r.headers or "Accept" not in r.headers["Vary"]
    g = parse(r, fmt)
    assert (URIRef(SHAPES + "Commitment"), RDF.type, SH.NodeShape) in g


def test_shapes_html_for_browsers(server_url):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = requests.get(server_url + "/def/shapes", headers={"Accept": accept, "Accept-Language": "en"}, timeout=30)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.headers["Content-Location"] == "/def/shapes.html"
    doc = html5lib.parse(r.text, namespaceHTMLElements=False)
    ids = {e.get("id") for e in doc.iter() if e.get("id")}
    # A shape IRI …/def/shapes#X lands on its entry: node shapes and property shapes.
    assert {"Commitment", "Commitment-title", "ActionPlan", "Milestone"} <= ids
    text = r.text
    assert "ogp:Commitment" in text            # the target class
    assert "Warning" in text and "Violation" in text
    assert "engagement" in text and "commitment" in text  # sh:name in French and English
    fr = requests.get(server_url + "/def/shapes.html?lang=fr", timeout=30)
    assert fr.status_code == 200 and "Formes de nœud" in fr.text


def test_shapes_are_queryable(server_url):
    n = sparql_count(server_url, "?s a <http://www.w3.org/ns/shacl#NodeShape>")
    assert n == sparql_count(server_url, f"GRAPH <{BASE}graph/shapes> {{ ?s a <http://www.w3.org/ns/shacl#NodeShape> }}")
    assert n > 10


@pytest.mark.parametrize("graph", DATA_GRAPHS)
def test_a_graph_iri_dereferences_to_its_triples(server_url, graph):
    """Graph IRIs are in the IRI ledger (data/iris.txt) and must answer (before: 404, "ask SPARQL"):
    at its own address, the same bytes as ?graph=IRI, negotiated or by extension."""
    path = "/" + graph[len(BASE):]
    r = requests.get(server_url + path, headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert r.content == fetch(server_url, graph=graph).content
    assert r.headers["Content-Location"] == f"/rdf-graph-store?graph={graph}"
    assert "Accept" in r.headers["Vary"]
    nt = requests.get(server_url + path + ".nt", timeout=30)
    assert nt.status_code == 200 and len(parse(nt, "nt")) == len(parse(r))
    assert requests.get(server_url + path, headers={"Accept": "text/html"}, timeout=30).status_code == 406
    assert requests.get(server_url + path + ".html", timeout=30).status_code == 406


def test_an_unknown_graph_iri_is_404(server_url):
    assert requests.get(server_url + "/graph/no-such-graph", headers={"Accept": "text/turtle"}, timeout=30).status_code == 404

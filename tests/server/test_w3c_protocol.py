"""The W3C SPARQL 1.1 Protocol manifest through our HTTP endpoint, request by request.

The server holds our data plus the manifest's named graphs under the IRIs it uses
(``http://kasei.us/2009/09/sparql/data/data1.rdf`` … from data1.nt …, in an N-Quads data file:
docs/dataset.md). ``data0.rdf`` is named by the manifest but shipped by no file: the fixture
gives it one triple of the same shape as the others (``<data0.rdf> a foaf:Document``).

The endpoint is read-only: an update the manifest expects to succeed is refused with 403 by
policy (docs/sparql.md), checked as such, and the test's later requests (which read what the
update would have written) are not sent. Every other request must get the status class, the
format and the boolean the manifest expects.
"""

import os

import pyoxigraph as ox
import pytest
import requests

from conftest import _import_helper

w3c = _import_helper("w3c_suites")
TESTS = w3c.protocol_tests() if w3c.available() else []
ROOT = w3c.ROOT
RESULT_TYPES = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV}
RDF_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML,
             "application/n-triples": ox.RdfFormat.N_TRIPLES, "application/ld+json": ox.RdfFormat.JSON_LD}
DATA0 = "http://kasei.us/2009/09/sparql/data/data0.rdf"


@pytest.fixture(scope="module")
def server(start_server, tmp_path_factory):
    data = tmp_path_factory.mktemp("protocol-data")
    for ttl in sorted((ROOT / "data" / "ttl").glob("*.ttl")):
        os.symlink(ttl, data / ttl.name)
    quads = [ox.Quad(ox.NamedNode(DATA0), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                     ox.NamedNode("http://xmlns.com/foaf/0.1/Document"), ox.NamedNode(DATA0))]
    for graph, path in w3c.protocol_graphs().items():
        quads += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
                  for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)]
    ox.serialize(quads, str(data / "w3c-protocol.nq"), format=ox.RdfFormat.N_QUADS)
    return start_server("--data", str(data))


@pytest.mark.skipif(not TESTS, reason=f"the W3C suites are not at {w3c.SUITES}")
@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.name)
def test_protocol(server, test):
    for request in test.requests:
        path = request.path.replace("/sparql/", "/sparql", 1)
        r = requests.request(request.method, server + path, data=request.body, headers=dict(request.headers),
                             timeout=30)
        if request.is_update and 2 in request.statuses:
            # Documented policy: read-only endpoint.
            assert r.status_code == 403 and "read-only" in r.text, f"{test.name}: {r.status_code} {r.text[:300]}"
            return
        assert r.status_code // 100 in request.statuses, f"{test.name}: {r.status_code} {r.text[:300]}"
        media_type = r.headers.get("Content-Type", "").split(";")[0].strip()
        if request.format in ("boolean", "tabular"):
            assert media_type in RESULT_TYPES, f"{test.name}: {media_type}"
            result = ox.parse_query_results(r.content, format=RESULT_TYPES[media_type])
            if request.format == "boolean":
                assert isinstance(result, ox.QueryBoolean), test.name
                assert request.boolean is None or bool(result) is request.boolean, test.name
            else:
                assert isinstance(result, ox.QuerySolutions) and list(result), test.name
        elif request.format == "RDF":
            assert media_type in RDF_TYPES, f"{test.name}: {media_type}"
            list(ox.parse(r.content, format=RDF_TYPES[media_type]))

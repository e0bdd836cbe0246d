"""The W3C SPARQL 1.1 Protocol manifest through our HTTP endpoint, request by request.

The server holds our data plus the manifest's named graphs under the IRIs it uses
(``http://kasei.us/2009/09/sparql/data/data1.rdf`` … from data1.nt …, in an N-Quads data file:
docs/dataset.md). ``data0.rdf`` is named by the manifest but shipped by no file: the fixture
gives it one triple of the same shape as the others (``<data0.rdf> a foaf:Document``).

The endpoint is read-only: an update the manifest expects to succeed is refused with 403 by
policy (docs/sparql.md), checked as such, and the test's later requests (which read what the
update would have written) are not sent. Every other request must get the status class, the
format and the boolean the manifest expects (tests/w3c_suites.py runs them).
"""

import os

import pyoxigraph as ox
import pytest

from conftest import _import_helper

w3c = _import_helper("w3c_suites")
TESTS = w3c.protocol_tests() if w3c.available() else []
# The manifest's updates that expect success: refused by the read-only policy.
UPDATES = {"update_dataset_default_graph", "update_dataset_default_graphs", "update_dataset_named_graphs",
           "update_dataset_full", "update_post_form", "update_post_direct", "update_base_uri"}


@pytest.fixture(scope="module")
def server(start_server, tmp_path_factory):
    data = tmp_path_factory.mktemp("protocol-data")
    for ttl in sorted((w3c.ROOT / "data" / "ttl").glob("*.ttl")):
        os.symlink(ttl, data / ttl.name)
    ox.serialize(w3c.protocol_quads(), str(data / "w3c-protocol.nq"), format=ox.RdfFormat.N_QUADS)
    return start_server("--data", str(data))


@pytest.mark.skipif(not TESTS, reason=f"the W3C suites are not at {w3c.SUITES}")
@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.name)
def test_protocol(server, test):
    verdict, detail = w3c.run_protocol_test(test, lambda r: server + r.path.replace("/sparql/", "/sparql", 1),
                                            read_only=True)
    assert verdict == ("policy" if test.name in UPDATES else "pass"), f"{test.name}: {verdict} {detail}"

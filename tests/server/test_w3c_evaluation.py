"""The W3C SPARQL 1.1 query evaluation suites: our HTTP endpoint gives pyoxigraph's verdict on every test.

One server holds every data file of the suites as a named graph under the file's IRI (an
N-Quads data file beside our own data), plus an empty graph. Each test's dataset is chosen with
the protocol's ``default-graph-uri`` (its ``qt:data``, or the empty graph) and
``named-graph-uri`` (its ``qt:graphData``); a query with its own FROM keeps it. The query is
sent with ``BASE <its file>`` so relative IRIs mean what the test means. pyoxigraph in this
process runs the same query on the same graphs with the same dataset. Both answers are compared
with the expected results — as multisets, in order only under ORDER BY, blank nodes as
anonymous, numbers and booleans by value (tests/w3c_suites.py) — and the two verdicts (pass,
fail, error) must agree. The tests pyoxigraph itself fails are listed here and in docs/sparql.md.
"""

import os

import pyoxigraph as ox
import pytest

from conftest import _import_helper

w3c = _import_helper("w3c_suites")
TESTS = w3c.evaluation_tests() if w3c.available() else []
EMPTY = "https://w3id.org/ogpgraph/graph/w3c-empty"  # from the empty w3c-empty.ttl of the data directory

# Tests pyoxigraph (0.5) fails in process, measured: the endpoint must fail them too (same verdict).
# Why, as far as read (docs/sparql.md): GROUP_CONCAT's order within a group; SELECT *'s column order
# (CSV/TSV headers); zero-length paths to a term absent from the data; and tests that need an empty
# named graph, which a pyoxigraph store cannot hold (GRAPH ?g over empty.ttl, data02.ttl…).
EXPECTED_ENGINE_FAILURES: set[str] = {
    "aggregates/agg-groupconcat-04", "aggregates/agg-groupconcat-06", "aggregates/agg-empty-group-count-graph",
    "bindings/graph", "negation/graph-minus",
    "property-path/zero_or_more_set_start", "property-path/zero_or_more_set_end",
    "property-path/zero_or_one_set_start", "property-path/zero_or_one_set_end",
    "csv-tsv-res/csv01", "csv-tsv-res/csv02", "csv-tsv-res/csv03", "csv-tsv-res/tsv03",
}


@pytest.fixture(scope="module")
def suite_data():
    return w3c.evaluation_quads(TESTS)


@pytest.fixture(scope="module")
def server(start_server, tmp_path_factory, suite_data):
    data = tmp_path_factory.mktemp("evaluation-data")
    for ttl in sorted((w3c.ROOT / "data" / "ttl").glob("*.ttl")):
        os.symlink(ttl, data / ttl.name)
    (data / "w3c-empty.ttl").write_text("")
    ox.serialize(suite_data[0], str(data / "w3c-evaluation.nq"), format=ox.RdfFormat.N_QUADS)
    return start_server("--data", str(data), "--query-timeout", "20") + "/sparql"


@pytest.fixture(scope="module")
def engine(suite_data) -> ox.Store:
    store = ox.Store()
    store.extend(suite_data[0])
    return store


@pytest.mark.skipif(not TESTS, reason=f"the W3C suites are not at {w3c.SUITES}")
@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.id)
def test_same_verdict_as_the_engine(server, engine, suite_data, test):
    dataset = w3c.evaluation_dataset(test, EMPTY, suite_data[1])
    in_process = None if dataset is None else ([g for g in dataset[0] if g != EMPTY], dataset[1])
    expected = w3c.engine_verdict(engine, test, in_process)
    actual = w3c.http_verdict(server, test, dataset)
    assert actual.split(" ")[0] == expected.split(" ")[0], f"{test.id}: pyoxigraph {expected}, /sparql {actual}"
    assert (expected == "pass") == (test.id not in EXPECTED_ENGINE_FAILURES), \
        f"{test.id}: pyoxigraph {expected}: update EXPECTED_ENGINE_FAILURES and docs/sparql.md"

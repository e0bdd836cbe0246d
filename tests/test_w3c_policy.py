"""The policy scan agrees with the engine on every query of the W3C suites.

For each query pyoxigraph parses (in a process without network: SERVICE cannot leave it),
the scan (store/policy.py) must refuse it exactly when it holds a SERVICE call or is an
update, and report the same FROM / FROM NAMED graphs. Where SERVICE and FROM are, is read
from rdflib's parse tree when rdflib can parse the query (test-only: an independent reader).
"""

import multiprocessing as mp

import pytest
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

import w3c_suites as w3c
from ogpgraph.store.errors import ForbiddenQuery
from ogpgraph.store.policy import scan
from ogpgraph.store.sandbox import isolate_network

pytestmark = pytest.mark.skipif(not w3c.available(), reason=f"the W3C suites are not at {w3c.SUITES}")
QUERIES = sorted({t.query for t in w3c.syntax_tests()} | set(w3c.evaluation_queries())) if w3c.available() else []


def _engine_verdicts(paths, conn):
    import pyoxigraph as ox

    problem = isolate_network()
    verdicts = {}
    for path in paths:
        try:
            ox.Store().query(path.read_text(encoding="utf-8"), base_iri=path.as_uri())
            verdicts[str(path)] = True
        except SyntaxError:
            verdicts[str(path)] = False
        except Exception:  # noqa: BLE001 - parsed, failed to run (no network, unknown function…)
            verdicts[str(path)] = True
    conn.send((problem, verdicts))


@pytest.fixture(scope="module")
def parses():
    context = mp.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_engine_verdicts, args=(QUERIES, child))
    process.start()
    assert parent.poll(120)
    problem, verdicts = parent.recv()
    process.join(10)
    assert problem is None, f"cannot run the engine without network here: {problem}"
    return verdicts


def _walk(node):
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value)


def _rdflib_reading(text):
    """(has SERVICE, FROM count, FROM NAMED count) by rdflib's parser, or None if it cannot parse."""
    try:
        tree = parseQuery(text)
    except Exception:  # noqa: BLE001
        return None
    service = default = named = 0
    for node in _walk(tree):
        if node.name == "ServiceGraphPattern":
            service += 1
        if node.name == "DatasetClause":
            default += "default" in node
            named += "named" in node
    return bool(service), default, named


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_scan_agrees_with_the_engine(path, parses):
    text = path.read_text(encoding="utf-8")
    if not parses[str(path)]:
        # pyoxigraph refuses it (400, its message): nothing runs. The scan must only not fail on it.
        try:
            scan(text, path.as_uri())
        except ForbiddenQuery:
            pass
        return
    try:
        info = scan(text, path.as_uri())
        refused = None
    except ForbiddenQuery as exc:
        info, refused = None, exc.message
    reading = _rdflib_reading(text)
    if reading is None:  # rdflib cannot read it: the scan must still not refuse a query without the word
        assert refused is None or "SERVICE" in text.upper(), refused
        return
    service, default, named = reading
    assert (refused is not None) == service, f"scan: {refused or 'allowed'}; rdflib: SERVICE={service}"
    if info is not None:
        assert (len(info.default_graphs), len(info.named_graphs)) == (default, named)

"""The W3C SPARQL 1.1 query evaluation suites: our HTTP endpoint gives pyoxigraph's verdict on every test.

One server holds every data file of the suites as a named graph under the file's IRI (an
N-Quads data file beside our own data), plus an empty graph. Each test's dataset is chosen with
the protocol's ``default-graph-uri`` (its ``qt:data``, or the empty graph) and
``named-graph-uri`` (its ``qt:graphData``); a query with its own FROM keeps it. The query is
sent with ``BASE <its file>`` so relative IRIs mean what the test means. pyoxigraph in this
process runs the same query on the same graphs with the same dataset. Both answers are compared
with the expected results — as multisets, in order only under ORDER BY, blank nodes as
anonymous — and the two verdicts (pass, fail, error) must agree. The tests pyoxigraph itself
fails are listed in docs/sparql.md (``EXPECTED_ENGINE_FAILURES`` below keeps the list honest).
"""

import collections
import os
import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox
import pytest
import requests
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.compare import isomorphic

from conftest import _import_helper
from ogpgraph.store.policy import scan

w3c = _import_helper("w3c_suites")
TESTS = w3c.evaluation_tests() if w3c.available() else []
EMPTY = "https://w3id.org/ogpgraph/graph/w3c-empty"
RESULTS_BY_SUFFIX = {".srx": ox.QueryResultsFormat.XML, ".srj": ox.QueryResultsFormat.JSON,
                     ".tsv": ox.QueryResultsFormat.TSV}
ACCEPT = {".csv": ("text/csv", ox.QueryResultsFormat.CSV), ".tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV)}
JSON_RESULTS = ("application/sparql-results+json", ox.QueryResultsFormat.JSON)
_ORDERED = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_BNODE_LABEL = re.compile(r"_:[A-Za-z0-9_.-]+")

# Data files with no triples: no graph holds them, so their tests read the empty graph instead.
EMPTY_FILES: set[str] = set()
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("integer", "decimal", "double", "float")}

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
VERDICTS: dict[str, tuple[str, str]] = {}


def _files() -> dict[str, str]:
    return {iri: iri for t in TESTS for iri in (*t.data, *t.graph_data)}


@pytest.fixture(scope="module")
def quads() -> list[ox.Quad]:
    out = []
    for iri in sorted(_files()):
        path = iri.removeprefix("file://")
        fmt = getattr(ox.RdfFormat, w3c.RDF_BY_SUFFIX[os.path.splitext(path)[1]])
        graph = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri))
                 for t in ox.parse(path=path, format=fmt, base_iri=iri)]
        if not graph:
            EMPTY_FILES.add(iri)
        out += graph
    return out


@pytest.fixture(scope="module")
def server(start_server, tmp_path_factory, quads):
    data = tmp_path_factory.mktemp("evaluation-data")
    for ttl in sorted((w3c.ROOT / "data" / "ttl").glob("*.ttl")):
        os.symlink(ttl, data / ttl.name)
    (data / "w3c-empty.ttl").write_text("")
    ox.serialize(quads, str(data / "w3c-evaluation.nq"), format=ox.RdfFormat.N_QUADS)
    return start_server("--data", str(data), "--query-timeout", "20") + "/sparql"


@pytest.fixture(scope="module")
def engine(quads) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def _dataset(test) -> tuple[list[str], list[str]] | None:
    """(default graphs, named graphs) for the protocol, or None: the query names its own (FROM)."""
    if scan(test.query.read_text(encoding="utf-8"), test.query.as_uri()).has_dataset:
        return None
    default = [EMPTY if g in EMPTY_FILES else g for g in test.data] or [EMPTY]
    return default, [g for g in test.graph_data if g not in EMPTY_FILES]


def _solutions(result) -> "bool | list[frozenset]":
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    rows = []
    for solution in result:
        row = []
        for var in result.variables:
            term = solution[var]
            if term is not None:
                row.append((var.value, _term_key(term)))
        rows.append(frozenset(row))
    return rows


def _term_key(term) -> str:
    """A term for comparison: blank nodes anonymous, numbers by value ("1.0" and "1" decimals are equal)."""
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
        try:
            return f"{term.datatype.value}|{Decimal(term.value).normalize()}"
        except InvalidOperation:
            pass
    if isinstance(term, ox.Literal) and term.datatype.value == _BOOLEAN:  # pyoxigraph stores "0" as "false"
        return f"{_BOOLEAN}|{term.value.strip() in ('1', 'true')}"
    return str(term)


def _result_set(graph: Graph) -> "bool | list[frozenset] | None":
    """The solutions of a result set written in RDF (the rs: vocabulary), or None: not one."""
    result_set = next(graph.subjects(RDF.type, RS.ResultSet), None)
    if result_set is None:
        return None
    boolean = graph.value(result_set, RS.boolean)
    if boolean is not None:
        return bool(boolean.toPython())
    rows = []
    for solution in graph.objects(result_set, RS.solution):
        row = []
        for binding in graph.objects(solution, RS.binding):
            row.append((str(graph.value(binding, RS.variable)), _term_key(_ox_term(graph.value(binding, RS.value)))))
        rows.append(frozenset(row))
    return rows


def _ox_term(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode()
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def _same(test, body: bytes, fmt) -> bool:
    expected_path = test.result
    suffix = expected_path.suffix
    if suffix == ".csv":
        def lines(data: bytes):
            text = _BNODE_LABEL.sub("_:", data.decode("utf-8")).replace("\r\n", "\n").strip("\n").split("\n")
            return text[0], collections.Counter(text[1:])
        return lines(body) == lines(expected_path.read_bytes())
    if suffix in RESULTS_BY_SUFFIX:
        expected = _solutions(ox.parse_query_results(path=str(expected_path), format=RESULTS_BY_SUFFIX[suffix]))
        actual = _solutions(ox.parse_query_results(body, format=fmt))
        if isinstance(expected, bool) or isinstance(actual, bool):
            return expected == actual
        if _ORDERED.search(test.query.read_text(encoding="utf-8")):
            return expected == actual
        return collections.Counter(expected) == collections.Counter(actual)
    expected_graph = Graph().parse(expected_path, format={".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}[suffix],
                                   publicID=expected_path.as_uri())
    expected_solutions = _result_set(expected_graph)
    if expected_solutions is not None:
        actual = _solutions(ox.parse_query_results(body, format=fmt))
        if isinstance(expected_solutions, bool) or isinstance(actual, bool):
            return expected_solutions == actual
        return collections.Counter(expected_solutions) == collections.Counter(actual)
    return isomorphic(expected_graph, Graph().parse(data=body, format="nt"))


def _formats(test):
    if test.result.suffix in ACCEPT:
        return ACCEPT[test.result.suffix]
    if scan(test.query.read_text(encoding="utf-8")).form in ("SELECT", "ASK"):
        return JSON_RESULTS
    return "application/n-triples", ox.RdfFormat.N_TRIPLES


def _engine_verdict(engine, test) -> str:
    media_type, fmt = _formats(test)
    dataset = _dataset(test)
    options = {} if dataset is None else {"default_graph": [ox.NamedNode(g) for g in dataset[0] if g != EMPTY],
                                          "named_graphs": [ox.NamedNode(g) for g in dataset[1]]}
    try:
        result = engine.query(test.query.read_text(encoding="utf-8"), base_iri=test.query.as_uri(), **options)
        if isinstance(result, ox.QueryTriples):
            body = ox.serialize(result, format=fmt)
        else:
            body = result.serialize(format=fmt)
    except Exception as exc:  # noqa: BLE001 - any engine error is the verdict "error"
        return f"error ({type(exc).__name__})"
    return "pass" if _same(test, body, fmt) else "fail"


def _http_verdict(server, test) -> str:
    media_type, fmt = _formats(test)
    dataset = _dataset(test)
    params = [] if dataset is None else (
        [("default-graph-uri", g) for g in dataset[0]] + [("named-graph-uri", g) for g in dataset[1]])
    text = f"BASE <{test.query.as_uri()}>\n" + test.query.read_text(encoding="utf-8")
    r = requests.post(server, params=params, data=text.encode("utf-8"), timeout=60,
                      headers={"Content-Type": "application/sparql-query", "Accept": media_type})
    if r.status_code != 200:
        return f"error ({r.status_code})"
    return "pass" if _same(test, r.content, fmt) else "fail"


@pytest.mark.skipif(not TESTS, reason=f"the W3C suites are not at {w3c.SUITES}")
@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.id)
def test_same_verdict_as_the_engine(server, engine, test):
    expected = _engine_verdict(engine, test)
    actual = _http_verdict(server, test)
    VERDICTS[test.id] = (expected, actual)
    assert actual.split(" ")[0] == expected.split(" ")[0], f"{test.id}: pyoxigraph {expected}, /sparql {actual}"
    assert (expected == "pass") == (test.id not in EXPECTED_ENGINE_FAILURES), \
        f"{test.id}: pyoxigraph {expected}: update EXPECTED_ENGINE_FAILURES and docs/sparql.md"

"""The W3C SPARQL test suites, read from their manifests in ../shared/w3c-rdf-tests (not copied in).

``syntax_tests()`` lists the query syntax tests (SPARQL 1.0 syntax-sparql1–5, SPARQL 1.1
syntax-query and syntax-fed): (test IRI, positive?, query file).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

ROOT = Path(__file__).resolve().parents[1]
SUITES = ROOT.parent / "shared" / "w3c-rdf-tests" / "sparql"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
SYNTAX_MANIFESTS = [*(f"sparql10/syntax-sparql{i}/manifest.ttl" for i in range(1, 6)),
                    "sparql11/syntax-query/manifest.ttl", "sparql11/syntax-fed/manifest.ttl"]
EVALUATION_DIRS = ["aggregates", "bind", "bindings", "construct", "exists", "functions", "grouping", "negation",
                   "project-expression", "property-path", "subquery", "cast", "csv-tsv-res", "json-res"]
POSITIVE = {MF.PositiveSyntaxTest, MF.PositiveSyntaxTest11}
NEGATIVE = {MF.NegativeSyntaxTest, MF.NegativeSyntaxTest11}


@dataclass(frozen=True)
class SyntaxTest:
    iri: str
    positive: bool
    query: Path

    @property
    def id(self) -> str:
        """A short name: the suite folder and the test's local name."""
        return f"{self.query.parent.name}/{self.iri.rsplit('#', 1)[-1]}"


def available() -> bool:
    return (SUITES / "sparql11" / "manifest-all.ttl").is_file()


def _entries(manifest: Path) -> tuple[Graph, list[URIRef]]:
    g = Graph()
    g.parse(manifest, format="turtle", publicID=manifest.as_uri())
    head = g.value(URIRef(manifest.as_uri()), MF.entries)
    return g, list(Collection(g, head)) if head is not None else []


def syntax_tests() -> list[SyntaxTest]:
    tests = []
    for rel in SYNTAX_MANIFESTS:
        g, entries = _entries(SUITES / rel)
        for test in entries:
            kinds = set(g.objects(test, RDF.type))
            if not kinds & (POSITIVE | NEGATIVE):
                continue
            action = g.value(test, MF.action)
            query = g.value(action, QT.query) if g.value(action, QT.query) is not None else action
            tests.append(SyntaxTest(str(test), bool(kinds & POSITIVE), Path(str(query).removeprefix("file://"))))
    return tests


def evaluation_queries() -> list[Path]:
    """Every query file of the evaluation suites named in the front-door issue."""
    return sorted(p for d in EVALUATION_DIRS for p in (SUITES / "sparql11" / d).glob("*.rq"))


HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
PROTOCOL = SUITES / "sparql11" / "protocol"


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str  # as in the manifest, starting with /sparql/
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    statuses: frozenset[int]  # expected status classes: 2, 3, 4…
    format: str | None  # "boolean" | "tabular" | "RDF"
    boolean: bool | None

    @property
    def is_update(self) -> bool:
        """An update request (by URL, form body or media type)."""
        content_type = dict(self.headers).get("content-type", "")
        body = (self.body or b"")[:7]
        return ("update=" in self.path or content_type.startswith("application/sparql-update")
                or (content_type.startswith("application/x-www-form-urlencoded") and body.startswith(b"update=")))


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    title: str
    requests: tuple[HttpRequest, ...]


def protocol_graphs() -> dict[str, Path]:
    """The manifest's named graphs: graph IRI → the N-Triples file holding it."""
    g, _ = _entries(PROTOCOL / "manifest.ttl")
    graphs = {}
    for data in g.objects(None, UT.graphData):
        graphs[str(g.value(data, RDFS_LABEL))] = Path(str(g.value(data, UT.graph)).removeprefix("file://"))
    return graphs


RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def protocol_tests() -> list[ProtocolTest]:
    g, entries = _entries(PROTOCOL / "manifest.ttl")
    tests = []
    for test in entries:
        requests = []
        for req in Collection(g, g.value(g.value(test, MF.action), HT.requests)):
            headers = tuple((str(g.value(h, HT.fieldName)).lower(), str(g.value(h, HT.fieldValue)))
                            for h in Collection(g, g.value(req, HT.headers))) if g.value(req, HT.headers) else ()
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding)
            resp = g.value(req, HT.resp)
            statuses = frozenset(int(str(s).rsplit("StatusCode", 1)[1][0]) for s in g.objects(resp, MF.expectedStatus))
            fmt = g.value(resp, MF.expectedFormat)
            boolean = g.value(resp, MF.expectedBoolean)
            requests.append(HttpRequest(str(g.value(req, HT.methodName)), str(g.value(req, HT.absolutePath)), headers,
                                        body, statuses, str(fmt) if fmt is not None else None,
                                        boolean.toPython() if boolean is not None else None))
        tests.append(ProtocolTest(str(test).rsplit("#", 1)[1], str(g.value(test, MF.name)), tuple(requests)))
    return tests


@dataclass(frozen=True)
class EvaluationTest:
    name: str  # folder/local name
    query: Path
    data: tuple[str, ...]  # file IRIs: the default graph
    graph_data: tuple[str, ...]  # file IRIs: the named graphs
    result: Path

    @property
    def id(self) -> str:
        return self.name


EVALUATION_TYPES = {MF.QueryEvaluationTest, MF.CSVResultFormatTest}


def evaluation_tests() -> list[EvaluationTest]:
    """The query evaluation tests of the suites in ``EVALUATION_DIRS``."""
    tests = []
    for folder in EVALUATION_DIRS:
        g, entries = _entries(SUITES / "sparql11" / folder / "manifest.ttl")
        for test in entries:
            if not set(g.objects(test, RDF.type)) & EVALUATION_TYPES:
                continue
            action = g.value(test, MF.action)
            result = g.value(test, MF.result)
            if result is None:
                continue
            tests.append(EvaluationTest(
                f"{folder}/{str(test).rsplit('#', 1)[-1]}", Path(str(g.value(action, QT.query)).removeprefix("file://")),
                tuple(sorted(str(d) for d in g.objects(action, QT.data))),
                tuple(sorted(str(d) for d in g.objects(action, QT.graphData))),
                Path(str(result).removeprefix("file://"))))
    return tests


RDF_BY_SUFFIX = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".rdf": "RDF_XML"}


# --------------------------------------------------------------------------- running them over HTTP
# Shared by the tests (tests/server/test_w3c_*.py, against ogpgraph serve) and by
# benchmarks/w3c_peers.py (the same runs against oxigraph serve).

import collections  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
from decimal import Decimal, InvalidOperation  # noqa: E402

import pyoxigraph as ox  # noqa: E402
import requests  # noqa: E402
from rdflib import BNode  # noqa: E402
from rdflib.compare import isomorphic  # noqa: E402
from rdflib.namespace import XSD  # noqa: E402

DATA0 = "http://kasei.us/2009/09/sparql/data/data0.rdf"
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
RESULTS_BY_SUFFIX = {".srx": ox.QueryResultsFormat.XML, ".srj": ox.QueryResultsFormat.JSON,
                     ".tsv": ox.QueryResultsFormat.TSV}
ACCEPT_BY_SUFFIX = {".csv": ("text/csv", ox.QueryResultsFormat.CSV),
                    ".tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV)}
JSON_RESULTS = ("application/sparql-results+json", ox.QueryResultsFormat.JSON)
N_TRIPLES = ("application/n-triples", ox.RdfFormat.N_TRIPLES)
RESULT_TYPES = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV}
RDF_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML,
             "application/n-triples": ox.RdfFormat.N_TRIPLES, "application/ld+json": ox.RdfFormat.JSON_LD}
_ORDERED = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_BNODE_LABEL = re.compile(r"_:[A-Za-z0-9_.-]+")
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("integer", "decimal", "double", "float")}


MAX_ANSWER_BYTES = 60_000_000


def post_query(endpoint: str, text: str, params=(), accept: str = "*/*") -> requests.Response:
    """A direct POST (``application/sparql-query``, UTF-8). At most ``MAX_ANSWER_BYTES`` of the answer
    are read: an endpoint without a result limit may stream a cross product for ever."""
    r = requests.post(endpoint, params=list(params), data=text.encode("utf-8"), timeout=60, stream=True,
                      headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept})
    body = bytearray()
    for chunk in r.iter_content(1 << 16):
        body += chunk
        if len(body) > MAX_ANSWER_BYTES:
            break
    r.close()
    r._content = bytes(body)  # what was read (cut past the cap: the status is what counts then)
    return r


# -- protocol

def protocol_quads() -> list[ox.Quad]:
    """The manifest's graphs under its IRIs; ``data0.rdf``, named but shipped by no file, gets one
    triple of the same shape as the others (``<data0.rdf> a foaf:Document``)."""
    quads = [ox.Quad(ox.NamedNode(DATA0), ox.NamedNode(str(RDF.type)), ox.NamedNode("http://xmlns.com/foaf/0.1/Document"),
                     ox.NamedNode(DATA0))]
    for graph, path in protocol_graphs().items():
        quads += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
                  for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)]
    return quads


def run_protocol_test(test: ProtocolTest, url_for, read_only: bool) -> tuple[str, str]:
    """Send the test's requests in order: ("pass" | "policy" | "fail", detail).

    ``url_for(request)``: the URL to send it to. ``read_only``: an update the manifest expects to
    succeed must get 403 (our policy) — "policy", and the test's later requests are not sent.
    """
    for request in test.requests:
        r = requests.request(request.method, url_for(request), data=request.body, headers=dict(request.headers),
                             timeout=30)
        if read_only and request.is_update and 2 in request.statuses:
            if r.status_code == 403 and "read-only" in r.text:
                return "policy", "update refused: read-only (403)"
            return "fail", f"update answered {r.status_code}, not the read-only 403"
        if r.status_code // 100 not in request.statuses:
            return "fail", f"{request.method} answered {r.status_code}: {r.text[:200]}"
        media_type = r.headers.get("Content-Type", "").split(";")[0].strip()
        if request.format in ("boolean", "tabular"):
            if media_type not in RESULT_TYPES:
                return "fail", f"results as {media_type!r}"
            result = ox.parse_query_results(r.content, format=RESULT_TYPES[media_type])
            if request.format == "boolean":
                if not isinstance(result, ox.QueryBoolean):
                    return "fail", "not a boolean"
                if request.boolean is not None and bool(result) is not request.boolean:
                    return "fail", f"{bool(result)}, not {request.boolean}"
            elif not isinstance(result, ox.QuerySolutions) or not list(result):
                return "fail", "no solutions"
        elif request.format == "RDF":
            if media_type not in RDF_TYPES:
                return "fail", f"a graph as {media_type!r}"
            list(ox.parse(r.content, format=RDF_TYPES[media_type]))
    return "pass", ""


# -- evaluation

def evaluation_quads(tests: list[EvaluationTest]) -> tuple[list[ox.Quad], set[str]]:
    """Every data file of ``tests`` as a graph named by its file IRI; and the files with no triples."""
    out, empty = [], set()
    for iri in sorted({i for t in tests for i in (*t.data, *t.graph_data)}):
        path = iri.removeprefix("file://")
        fmt = getattr(ox.RdfFormat, RDF_BY_SUFFIX[os.path.splitext(path)[1]])
        graph = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri))
                 for t in ox.parse(path=path, format=fmt, base_iri=iri)]
        if not graph:
            empty.add(iri)
        out += graph
    return out, empty


def evaluation_dataset(test: EvaluationTest, empty_graph: str, empty_files: set[str]
                       ) -> tuple[list[str], list[str]] | None:
    """(default graphs, named graphs) to name with the protocol, or None: the query names its own (FROM).

    A data file without triples is no graph in a store: it is read as ``empty_graph``."""
    from ogpgraph.store.policy import scan

    if scan(test.query.read_text(encoding="utf-8"), test.query.as_uri()).has_dataset:
        return None
    default = [empty_graph if g in empty_files else g for g in test.data] or [empty_graph]
    return default, [g for g in test.graph_data if g not in empty_files]


def evaluation_formats(test: EvaluationTest):
    """(media type to ask for, pyoxigraph format) for the test's answer."""
    from ogpgraph.store.policy import scan

    if test.result.suffix in ACCEPT_BY_SUFFIX:
        return ACCEPT_BY_SUFFIX[test.result.suffix]
    if scan(test.query.read_text(encoding="utf-8")).form in ("SELECT", "ASK"):
        return JSON_RESULTS
    return N_TRIPLES


def engine_verdict(store: ox.Store, test: EvaluationTest, dataset) -> str:
    """pyoxigraph in process, on ``store``, with the same dataset: pass | fail | error (…)."""
    _, fmt = evaluation_formats(test)
    options = {} if dataset is None else {"default_graph": [ox.NamedNode(g) for g in dataset[0]],
                                          "named_graphs": [ox.NamedNode(g) for g in dataset[1]]}
    try:
        result = store.query(test.query.read_text(encoding="utf-8"), base_iri=test.query.as_uri(), **options)
        body = ox.serialize(result, format=fmt) if isinstance(result, ox.QueryTriples) else result.serialize(format=fmt)
    except Exception as exc:  # noqa: BLE001 - any engine error is the verdict "error"
        return f"error ({type(exc).__name__})"
    return "pass" if same_results(test, body, fmt) else "fail"


def http_verdict(endpoint: str, test: EvaluationTest, dataset) -> str:
    """Through a SPARQL endpoint, the query sent with ``BASE <its file>``: pass | fail | error (status)."""
    media_type, fmt = evaluation_formats(test)
    params = [] if dataset is None else (
        [("default-graph-uri", g) for g in dataset[0]] + [("named-graph-uri", g) for g in dataset[1]])
    r = post_query(endpoint, f"BASE <{test.query.as_uri()}>\n" + test.query.read_text(encoding="utf-8"), params,
                   media_type)
    if r.status_code != 200:
        return f"error ({r.status_code})"
    return "pass" if same_results(test, r.content, fmt) else "fail"


def _term_key(term) -> str:
    """A term for comparison: blank nodes anonymous, numbers and booleans by value."""
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


def _solutions(result) -> "bool | list[frozenset]":
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    return [frozenset((var.value, _term_key(s[var])) for var in result.variables if s[var] is not None)
            for s in result]


def _ox_term(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode()
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def _result_set(graph: Graph) -> "bool | list[frozenset] | None":
    """The solutions of a result set written in RDF (the rs: vocabulary), or None: not one."""
    result_set = next(graph.subjects(RDF.type, RS.ResultSet), None)
    if result_set is None:
        return None
    boolean = graph.value(result_set, RS.boolean)
    if boolean is not None:
        return bool(boolean.toPython())
    return [frozenset((str(graph.value(b, RS.variable)), _term_key(_ox_term(graph.value(b, RS.value))))
                      for b in graph.objects(solution, RS.binding))
            for solution in graph.objects(result_set, RS.solution)]


def _compare(test: EvaluationTest, expected, actual) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected == actual
    if _ORDERED.search(test.query.read_text(encoding="utf-8")):
        return expected == actual
    return collections.Counter(expected) == collections.Counter(actual)


def same_results(test: EvaluationTest, body: bytes, fmt) -> bool:
    """Does ``body`` (in ``fmt``) hold the test's expected results? Multisets (ordered under ORDER BY),
    blank nodes anonymous, numbers and booleans by value; graphs by isomorphism; CSV as text rows."""
    expected_path = test.result
    suffix = expected_path.suffix
    if suffix == ".csv":
        def lines(data: bytes):
            text = _BNODE_LABEL.sub("_:", data.decode("utf-8")).replace("\r\n", "\n").strip("\n").split("\n")
            return text[0], collections.Counter(text[1:])
        return lines(body) == lines(expected_path.read_bytes())
    if suffix in RESULTS_BY_SUFFIX:
        expected = _solutions(ox.parse_query_results(path=str(expected_path), format=RESULTS_BY_SUFFIX[suffix]))
        return _compare(test, expected, _solutions(ox.parse_query_results(body, format=fmt)))
    expected_graph = Graph().parse(expected_path, format={".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}[suffix],
                                   publicID=expected_path.as_uri())
    expected_solutions = _result_set(expected_graph)
    if expected_solutions is not None:
        return _compare(test, expected_solutions, _solutions(ox.parse_query_results(body, format=fmt)))
    return isomorphic(expected_graph, Graph().parse(data=body, format="nt"))

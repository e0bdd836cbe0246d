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

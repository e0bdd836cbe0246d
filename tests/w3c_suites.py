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

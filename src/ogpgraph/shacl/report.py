"""The report model: an engine's ``sh:ValidationReport`` turned into results a reader can follow.

:func:`build_report` reads the results graph into :class:`Result`\\ s (sorted: most severe
first, then by focus node); :class:`Report` keeps the data and the shapes beside them, to say
what a result's nodes are (a label, the source passages, the commitment they belong to).

Severity threshold: ``violation`` (the default) makes only Violations non-conforming,
``warning`` also Warnings, ``info`` every result (:data:`SEVERITIES`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from ..rdf.namespaces import DCTERMS, OA, OGP, PROV, SHAPES

SEVERITIES = ("violation", "warning", "info")
SEVERITY_IRI = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
_RANK = {SH.Violation: 3, SH.Warning: 2, SH.Info: 1}
_SEVERITY_NAME = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Passage:
    iri: str
    start: int
    end: int
    quote: str

    @property
    def lines(self) -> str:
        return f"{self.start}" if self.start == self.end else f"{self.start}–{self.end}"


@dataclass
class Result:
    focus: str
    shape: str
    severity: URIRef
    path: str | None
    value: str | None
    messages: dict[str, str]
    component: str

    @property
    def severity_name(self) -> str:
        return _SEVERITY_NAME.get(self.severity, str(self.severity))

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or self.messages.get("") or next(iter(self.messages.values()), "")


@dataclass
class Report:
    conforms: bool
    threshold: str
    results: list[Result]
    results_graph: Graph
    data: Graph
    shapes: Graph
    counts: Counter = field(default_factory=Counter)

    def shown(self) -> list[Result]:
        """Results at or above the threshold, in a stable order."""
        floor = _RANK[SEVERITY_IRI[self.threshold]]
        return [r for r in self.results if _RANK.get(r.severity, 0) >= floor]

    # -- what the shapes and the data say about a result's nodes ----------------

    def shape_name(self, shape: str, lang: str = "en") -> str:
        names = {n.language: str(n) for n in self.shapes.objects(as_term(shape), SH.name) if isinstance(n, Literal)}
        return names.get(lang) or names.get("en") or short(shape)

    def label(self, node: str) -> str | None:
        for p in (RDFS.label, DCTERMS.title):
            for o in self.data.objects(URIRef(node), p):
                return str(o)
        return None

    def passages(self, node: str) -> list[Passage]:
        """The source passages ``node`` was read from (itself if it is a passage)."""
        iri = URIRef(node)
        sources = list(self.data.objects(iri, PROV.wasDerivedFrom))
        if (iri, OGP.startLine, None) in self.data:
            sources = [iri]
        found = []
        for p in sources:
            start, end = self.data.value(p, OGP.startLine), self.data.value(p, OGP.endLine)
            if start is None or end is None:
                continue
            quote = ""
            for sel in self.data.objects(p, OA.hasSelector):
                exact = self.data.value(sel, OA.exact)
                if exact is not None:
                    quote = str(exact)
            found.append(Passage(str(p), int(start), int(end), quote))
        return sorted(found, key=lambda x: (x.start, x.end))

    def commitment_of(self, node: str) -> str | None:
        """The commitment a focus node belongs to (itself, its milestone's, its contact's …)."""
        iri = URIRef(node)
        if (iri, RDF.type, OGP.Commitment) in self.data:
            return node
        c = self.data.value(iri, OGP.milestoneOf)
        if c is not None:
            return str(c)
        for p in (OGP.responsibleContact, OGP.operationalContact, OGP.mentionsAmount, OGP.problem, OGP.solution,
                  OGP.relevance, OGP.commitmentStatement, OGP.descriptionIntroduction,
                  OGP.additionalInformation, OGP.note):
            c = self.data.value(None, p, iri)
            if c is not None:
                return str(c)
        return None


def as_term(text: str) -> URIRef | BNode:
    """A node of a result back from its text (:func:`_text`)."""
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


def _text(node) -> str:
    return node.n3() if isinstance(node, BNode) else str(node)


def short(iri: str) -> str:
    return iri[len(SHAPES):] if iri.startswith(SHAPES) else iri


def build_report(conforms: bool, results_graph: Graph, data: Graph, shapes: Graph, threshold: str) -> Report:
    results = []
    for r in results_graph.subjects(RDF.type, SH.ValidationResult):
        messages = {}
        for m in results_graph.objects(r, SH.resultMessage):
            lang = m.language or "" if isinstance(m, Literal) else ""
            messages.setdefault(lang, str(m))
        path = results_graph.value(r, SH.resultPath)
        value = results_graph.value(r, SH.value)
        results.append(Result(
            focus=_text(results_graph.value(r, SH.focusNode)),
            shape=_text(results_graph.value(r, SH.sourceShape)),
            severity=results_graph.value(r, SH.resultSeverity),
            path=None if path is None else _path_text(results_graph, path),
            value=None if value is None else str(value),
            messages=messages,
            component=short(str(results_graph.value(r, SH.sourceConstraintComponent))).rsplit("#", 1)[-1]))
    results.sort(key=lambda x: (-_RANK.get(x.severity, 0), natural(x.focus), x.shape, x.path or "", x.value or ""))
    report = Report(conforms, threshold, results, results_graph, data, shapes)
    report.counts = Counter(r.severity_name for r in results)
    return report


def natural(text: str) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def _path_text(g: Graph, path) -> str:
    if isinstance(path, URIRef):
        return g.namespace_manager.normalizeUri(path)
    inverse = g.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(g, inverse)
    alternative = g.value(path, SH.alternativePath)
    if alternative is not None:
        from rdflib.collection import Collection
        return "(" + "|".join(_path_text(g, p) for p in Collection(g, alternative)) + ")"
    return "(path)"


def summary(report: Report) -> dict:
    """The verdict as the command line's exit code would give it, with the counts by severity."""
    return {"conforms": report.conforms, "exit_code": 0 if report.conforms else 1,
            "threshold": report.threshold,
            "results": {n.lower(): report.counts.get(n, 0) for n in ("Violation", "Warning", "Info")}}

"""SHACL validation of the graph against ``shapes/ogp-shapes.ttl``.

``ogpgraph validate [FILE|URL ...]`` loads the data (by default the built graph,
``data/ttl/*.ttl``, together with the ontology), runs pyshacl, turns pyshacl's
results graph into a small report model (:class:`Report`) and renders it as text,
Turtle or JSON-LD (the ``sh:ValidationReport`` itself), HTML or Markdown (the
data-quality page, ``docs/data-quality.md``).

Severity threshold: ``--severity violation`` (the default) makes only Violations
non-conforming, ``warning`` also Warnings, ``info`` every result. The threshold is
pyshacl's own ``allow_warnings`` / ``allow_infos``, so the ``sh:conforms`` of the
Turtle and JSON-LD reports agrees with the exit code.

Inputs: a local file (format from its extension, Turtle by default) or an
``http(s)://`` URL, fetched with a timeout and a size limit. Any host is allowed,
loopback and private addresses included (the tests serve fixtures from
127.0.0.1): this is a command run by whoever types the URL, not a service
fetching URLs for others. Other schemes (``file:``, ``ftp:`` …) are refused. An
unreadable or unparseable input raises :class:`InputError` with a one-line message
naming the input and, where the parser says so, the line.
"""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.util import guess_format

from .build import DEFAULT_OUT, PROJECT_ROOT
from .engines import DEFAULT_ENGINE, IN_PROCESS, in_process_engine
from .rdf.namespaces import DCTERMS, OA, OGP, PROV

DEFAULT_SHAPES = PROJECT_ROOT / "shapes" / "ogp-shapes.ttl"
ONTOLOGY = PROJECT_ROOT / "ontology" / "ogp.ttl"
SHAPES_NS = "https://w3id.org/ogpgraph/def/shapes#"

FORMATS = ("text", "turtle", "json-ld", "html", "markdown")
INFERENCE = ("none", "rdfs", "owlrl")
ENGINES = IN_PROCESS
SEVERITIES = ("violation", "warning", "info")
SEVERITY_IRI = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
_RANK = {SH.Violation: 3, SH.Warning: 2, SH.Info: 1}
_SEVERITY_NAME = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

URL_TIMEOUT = 30.0
URL_MAX_BYTES = 100_000_000
QUOTE_CHARS = 200

_EXTENSION_FORMATS = {"jsonld": "json-ld", "json": "json-ld", "ttl": "turtle", "nt": "nt", "nq": "nquads",
                      "trig": "trig", "rdf": "xml", "owl": "xml", "xml": "xml", "n3": "n3"}
_MEDIA_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/json": "json-ld",
                  "application/n-triples": "nt", "application/rdf+xml": "xml", "application/trig": "trig",
                  "application/n-quads": "nquads", "text/n3": "n3"}


class InputError(ValueError):
    """An input that cannot be read or parsed: the message is one line."""


# -- loading ------------------------------------------------------------------------------------


class _QueryCachingGraph(Graph):
    """A graph that parses each SPARQL text once.

    pyshacl re-sends the same SHACL-SPARQL query text for every focus node, and
    rdflib's pure-Python SPARQL parser takes a quarter of a second per parse; the
    cache turns minutes into seconds on the full graph.
    """

    _prepared: dict[str, object] = {}

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def default_inputs() -> list[str]:
    """The built graph: ``data/ttl/*.ttl`` and the ontology."""
    files = sorted(DEFAULT_OUT.glob("*.ttl"))
    if not files:
        raise InputError(f"no Turtle files in {DEFAULT_OUT}: run 'ogpgraph build' first")
    return [str(f) for f in files] + [str(ONTOLOGY)]


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parse_error(name: str, exc: Exception) -> InputError:
    """One line: the input's name, the line if the parser gives it, the parser's message."""
    why = getattr(exc, "_why", None)
    if why is not None and isinstance(getattr(exc, "lines", None), int):
        line = exc.lines + 1  # notation3.BadSyntax (Turtle, N3, TriG) counts lines from 0
    elif callable(getattr(exc, "getLineNumber", None)):
        line = exc.getLineNumber()  # SAX (RDF/XML)
    elif isinstance(getattr(exc, "lineno", None), int):
        line = exc.lineno  # json.JSONDecodeError
    else:
        m = re.search(r"\bline (\d+)", str(exc))
        line = int(m.group(1)) if m else None
    message = _one_line(why or str(exc) or type(exc).__name__)
    where = f"{name}:{line}" if line is not None else name
    return InputError(f"cannot parse {where}: {message}")


def _fetch(url: str) -> tuple[bytes, str | None]:
    request = urllib.request.Request(url, headers={
        "Accept": "text/turtle, application/ld+json;q=0.9, application/n-triples;q=0.8, "
                  "application/rdf+xml;q=0.7",
        "User-Agent": "ogpgraph-validate"})
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT) as response:  # noqa: S310 (scheme checked)
            if response.geturl().split(":", 1)[0].lower() not in ("http", "https"):
                raise InputError(f"cannot fetch {url}: redirected to a non-http(s) URL")
            body = response.read(URL_MAX_BYTES + 1)
            media = response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise InputError(f"cannot fetch {url}: HTTP {exc.code} {_one_line(exc.reason)}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"cannot fetch {url}: {_one_line(reason)}") from None
    if len(body) > URL_MAX_BYTES:
        raise InputError(f"cannot fetch {url}: larger than {URL_MAX_BYTES} bytes")
    return body, _MEDIA_FORMATS.get(media)


def _format_for(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    return _EXTENSION_FORMATS.get(ext) or guess_format(name) or "turtle"


def load_data(inputs: Iterable[str] | None = None) -> Graph:
    """Parse every input into one graph (the built graph and ontology if none)."""
    names = list(inputs or []) or default_inputs()
    graph = _QueryCachingGraph()
    for name in names:
        scheme = name.split(":", 1)[0].lower() if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", name) else ""
        if scheme in ("http", "https"):
            body, media_format = _fetch(name)
            fmt = media_format or _format_for(name.split("?", 1)[0])
            try:
                graph.parse(data=body, format=fmt, publicID=name)
            except Exception as exc:  # every parser has its own exception types
                raise _parse_error(name, exc) from None
            continue
        if scheme and len(scheme) > 1:  # "C:" is a Windows drive, not a scheme
            raise InputError(f"cannot read {name}: only local files and http(s) URLs are accepted")
        path = Path(name)
        if not path.is_file():
            raise InputError(f"cannot read {name}: no such file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
        try:
            graph.parse(data=data, format=_format_for(name), publicID=path.resolve().as_uri())
        except Exception as exc:  # every parser has its own exception types
            raise _parse_error(name, exc) from None
    return graph


def load_shapes(path: Path | str = DEFAULT_SHAPES) -> Graph:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"cannot read shapes {path}: no such file")
    try:
        return Graph().parse(path, format=_format_for(str(path)))
    except Exception as exc:
        raise _parse_error(str(path), exc) from None


# -- running pyshacl ------------------------------------------------------------------------------


def run_shacl(data: Graph, shapes: Graph, inference: str = "none", severity: str = "violation",
              engine: str = DEFAULT_ENGINE) -> tuple[bool, Graph]:
    """Validate ``data`` in place (inference, if any, adds to it); the engine's (conforms, results graph).

    ``engine``: ``pyshacl`` (the default) or ``pyshacl-turbo``, which gives the same
    reports faster (ogpgraph.engines; docs/shacl-engines.md).
    """
    shacl_validate, engine_errors = in_process_engine(engine)
    if inference not in INFERENCE:
        raise ValueError(f"inference must be one of {INFERENCE}, not {inference!r}")
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}, not {severity!r}")
    if not isinstance(data, _QueryCachingGraph):
        cached = _QueryCachingGraph()
        for prefix, ns in data.namespaces():
            cached.bind(prefix, ns, override=True)
        cached += data
        data = cached
    ontology = None
    if inference != "none" and (None, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) not in data:
        ontology = Graph().parse(ONTOLOGY, format="turtle")
    try:
        conforms, results, text = shacl_validate(
            data, shacl_graph=shapes, ont_graph=ontology,
            inference=inference, abort_on_first=False, inplace=True,
            allow_warnings=severity == "violation", allow_infos=severity in ("violation", "warning"))
    except engine_errors as exc:  # a malformed shape (--shapes), a failing SPARQL constraint
        raise InputError(f"cannot validate: {_one_line(getattr(exc, 'message', None) or exc)}") from None
    if not isinstance(results, Graph):  # both engines return a ValidationFailure (e.g. VALUES in sh:select)
        raise InputError(f"cannot validate: {_one_line(text)}")
    _tag_messages(results, shapes)
    return bool(conforms), results


def _tag_messages(results: Graph, shapes: Graph) -> None:
    """Give SHACL-SPARQL results their language-tagged messages back.

    pyshacl substitutes ``{?value}`` in a SPARQL constraint's messages and returns
    them, and the shape's, without language tag. Replace those with the
    constraint's own ``sh:message`` literals (or else the shape's), substituted.
    """
    for r in list(results.subjects(RDF.type, SH.ValidationResult)):
        messages = list(results.objects(r, SH.resultMessage))
        if not messages or any(isinstance(m, Literal) and m.language for m in messages):
            continue
        constraint = results.value(r, SH.sourceConstraint)
        shape = results.value(r, SH.sourceShape)
        tagged = []
        for node in (constraint, shape):
            if node is None:
                continue
            tagged = [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal) and m.language]
            if tagged:
                break
        if not tagged:
            continue
        value = results.value(r, SH.value)
        focus = results.value(r, SH.focusNode)
        results.remove((r, SH.resultMessage, None))
        for m in tagged:
            text = str(m).replace("{?value}", "" if value is None else str(value))
            text = text.replace("{$this}", str(focus)).replace("{?this}", str(focus))
            results.add((r, SH.resultMessage, Literal(text, lang=m.language)))


# -- the report model ---------------------------------------------------------------------------


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
        names = {n.language: str(n) for n in self.shapes.objects(_node(shape), SH.name) if isinstance(n, Literal)}
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


def _node(text: str) -> URIRef | BNode:
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


def _text(node) -> str:
    return node.n3() if isinstance(node, BNode) else str(node)


def short(iri: str) -> str:
    return iri[len(SHAPES_NS):] if iri.startswith(SHAPES_NS) else iri


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
    results.sort(key=lambda x: (-_RANK.get(x.severity, 0), _natural(x.focus), x.shape, x.path or "", x.value or ""))
    report = Report(conforms, threshold, results, results_graph, data, shapes)
    report.counts = Counter(r.severity_name for r in results)
    return report


def _natural(text: str) -> list:
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


def validate(inputs: Iterable[str] | None = None, shapes: Path | str = DEFAULT_SHAPES,
             inference: str = "none", severity: str = "violation", engine: str = DEFAULT_ENGINE) -> Report:
    """Load, validate, and build the report."""
    shapes_graph = load_shapes(shapes)
    data = load_data(inputs)
    conforms, results = run_shacl(data, shapes_graph, inference, severity, engine)
    return build_report(conforms, results, data, shapes_graph, severity)


# -- rendering ----------------------------------------------------------------------------------


def _grouped(results: list[Result]) -> dict[str, dict[str, list[Result]]]:
    groups: dict[str, dict[str, list[Result]]] = defaultdict(lambda: defaultdict(list))
    for r in results:
        groups[r.focus][r.shape].append(r)
    return groups


def _totals(report: Report) -> str:
    return ", ".join(f"{report.counts.get(n, 0)} {n.lower()}{'s' if report.counts.get(n, 0) != 1 else ''}"
                     for n in ("Violation", "Warning", "Info"))


def render_text(report: Report) -> str:
    out = []
    shown = report.shown()
    for focus, by_shape in _grouped(shown).items():
        label = report.label(focus)
        out.append(f"{focus}" + (f"  ({_one_line(label, 100)})" if label else ""))
        for p in report.passages(focus)[:3]:
            out.append(f"  source lines {p.lines}: {_one_line(p.quote, QUOTE_CHARS)}")
        for shape, results in by_shape.items():
            out.append(f"  [{results[0].severity_name}] {short(shape)} — {report.shape_name(shape)}")
            for r in results:
                detail = []
                if r.path:
                    detail.append(f"path {r.path}")
                if r.value is not None:
                    detail.append(f"value {_one_line(r.value, 120)}")
                suffix = f" ({'; '.join(detail)})" if detail else ""
                out.append(f"    {r.message('en')}{suffix}")
        out.append("")
    verdict = "conforms" if report.conforms else "does not conform"
    hidden = len(report.results) - len(shown)
    note = f"; {hidden} result(s) below the --severity {report.threshold} threshold not shown" if hidden else ""
    out.append(f"{verdict} (threshold: {report.threshold}): {_totals(report)}{note}")
    return "\n".join(out) + "\n"


def render_turtle(report: Report) -> str:
    g = report.results_graph
    g.bind("sh", SH, override=True)
    return g.serialize(format="turtle")


def render_jsonld(report: Report) -> str:
    expanded = report.results_graph.serialize(format="json-ld")
    return json.dumps(_sorted_arrays(json.loads(expanded)), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _sorted_arrays(value, ordered: bool = False):
    """JSON-LD with its (unordered) arrays sorted, so that equal graphs give equal text; @list kept in order."""
    if isinstance(value, dict):
        return {k: _sorted_arrays(v, ordered=k == "@list") for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_arrays(v) for v in value]
        return items if ordered else sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def with_stable_blank_nodes(report: Report) -> Report:
    """The report with its results graph's blank nodes relabelled from their content (rdflib.compare).

    pyshacl labels results with random blank nodes; relabelled, the same data gives
    the same Turtle and JSON-LD bytes in every process (so one ETag, whichever web
    worker answers).
    """
    from rdflib.compare import to_canonical_graph

    stable = Graph()
    for prefix, ns in report.results_graph.namespaces():
        stable.bind(prefix, ns, override=True)
    stable += to_canonical_graph(report.results_graph)
    report.results_graph = stable
    return report


def _link(iri: str) -> str:
    """A focus node as HTML: a link only for http(s) IRIs (no ``javascript:`` from untrusted data)."""
    e = html.escape
    if re.match(r"^https?://", iri, re.IGNORECASE):
        return f"<a href=\"{e(iri)}\">{e(iri)}</a>"
    return e(iri)


def render_html(report: Report, everything: bool = False) -> str:
    """The report as a page; ``everything``: every result, not only those at or above the threshold."""
    e = html.escape
    rows = []
    for focus, by_shape in _grouped(report.results if everything else report.shown()).items():
        passages = "<br>".join(f"lines {e(p.lines)}: <q>{e(_one_line(p.quote, QUOTE_CHARS))}</q>"
                               for p in report.passages(focus)[:3])
        for shape, results in by_shape.items():
            for r in results:
                rows.append(
                    f"<tr class=\"{e(r.severity_name.lower())}\"><td>{e(r.severity_name)}</td>"
                    f"<td>{_link(focus)}</td>"
                    f"<td title=\"{e(shape)}\">{e(short(shape))}</td>"
                    f"<td lang=\"en\">{e(r.message('en'))}</td><td lang=\"fr\">{e(r.message('fr'))}</td>"
                    f"<td>{e(r.path or '')}</td><td>{e(_one_line(r.value or '', 120))}</td>"
                    f"<td>{passages}</td></tr>")
    verdict = "conforms" if report.conforms else "does not conform"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>ogpgraph SHACL validation report</title>"
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:.3em;vertical-align:top}.violation td:first-child{color:#b00}"
        ".warning td:first-child{color:#a60}</style></head><body>"
        f"<h1>SHACL validation report</h1><p>The data {e(verdict)} (threshold: {e(report.threshold)}): "
        f"{e(_totals(report))}.</p>"
        "<table><thead><tr><th>Severity</th><th>Focus node</th><th>Shape</th><th>Message</th><th>Message (fr)</th>"
        "<th>Path</th><th>Value</th><th>Source</th></tr></thead><tbody>\n"
        + "\n".join(rows) + "\n</tbody></table></body></html>\n")


def _md(text: str) -> str:
    return _one_line(text, 400).replace("|", "\\|")


def render_markdown(report: Report) -> str:
    """The data-quality page: every result (whatever the threshold), by commitment, with its source lines."""
    out = [
        "# Data quality",
        "",
        "<!-- Generated by `ogpgraph validate --format markdown > docs/data-quality.md`;"
        " tests/shapes/test_validate.py checks that this file is up to date. Do not edit by hand. -->",
        "",
        "The shipped graph (`data/ttl/*.ttl` with `ontology/ogp.ttl`) is validated against the SHACL shapes",
        "of `shapes/ogp-shapes.ttl` by `ogpgraph validate`. It has no Violation. The Warnings below are",
        "completeness gaps of the source document itself (the *Liasse des engagements*): each row gives the",
        "commitment, the rule (shape) and the source lines to read. Info results are advice.",
        "",
        f"Totals: {_totals(report)}.",
        "",
    ]
    by_shape = Counter(r.shape for r in report.results)
    out += ["## Rules", "", "| rule | severity | results | what it checks |", "|---|---|---:|---|"]
    for shape, n in sorted(by_shape.items(), key=lambda kv: (short(kv[0]))):
        sev = next(r.severity_name for r in report.results if r.shape == shape)
        desc = next((str(d) for d in report.shapes.objects(_node(shape), SH.description)
                     if isinstance(d, Literal) and d.language == "en"), "")
        out.append(f"| `{short(shape)}` | {sev} | {n} | {_md(desc)} |")
    out.append("")
    for severity in ("Violation", "Warning", "Info"):
        results = [r for r in report.results if r.severity_name == severity]
        if not results:
            continue
        out += [f"## {severity}s", "", "| commitment | rule | focus node | source lines | message |",
                "|---|---|---|---|---|"]
        rows = []
        for r in results:
            commitment = report.commitment_of(r.focus)
            label = report.label(commitment) if commitment else None
            c_text = _md(label) if label else (commitment or "—")
            focus = r.focus if commitment != r.focus else "(the commitment)"
            located = report.passages(r.value) if r.value and r.value.startswith("http") else []
            lines = ", ".join(p.lines for p in (located or report.passages(r.focus))) or "—"
            message = r.message("en")
            rows.append((_natural(commitment or "~"), short(r.shape), _natural(r.focus),
                         f"| {c_text} | `{short(r.shape)}` | {_md(focus)} | {lines} | {_md(message)} |"))
        out += [row[-1] for row in sorted(rows, key=lambda x: x[:3])]
        out.append("")
    return "\n".join(out)


RENDERERS = {"text": render_text, "turtle": render_turtle, "json-ld": render_jsonld, "html": render_html,
             "markdown": render_markdown}


def render(report: Report, fmt: str = "text") -> str:
    if fmt not in RENDERERS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    return RENDERERS[fmt](report)


# -- data sent by others (the HTTP service) -------------------------------------------------------
#
# ``POST /shacl/validate`` validates data it did not write against OUR shapes only.
# Rules, each tested in tests/server/test_shacl_http.py:
#
# * only four syntaxes (UNTRUSTED_FORMATS);
# * JSON-LD: no remote context. rdflib 7.6 has no document-loader option and fetches
#   any string ``@context`` (and ``@import``) with urllib, so the JSON is checked
#   first and a context that is not inline is refused; as a second line the child
#   process replaces rdflib's context fetcher by one that refuses;
# * RDF/XML: no DTD at all. rdflib's SAX parser already leaves external entities
#   unread (empty literals) and fetches nothing, but a DOCTYPE is refused outright:
#   expat itself reports it, whatever the document's encoding, before any entity is
#   expanded (so no entity-expansion bombs either);
# * the shapes are ours: pyshacl is given ``shacl_graph`` and never reads shapes or
#   ``sh:shapesGraph`` from the data; ``owl:imports`` in the data are not followed
#   (pyshacl loads the data graph with ``do_owl_imports=False``, and no inference);
# * time: parsing and validation run in a child process that is killed at the limit
#   (:func:`validate_isolated`), memory-capped where the platform allows.

UNTRUSTED_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld",
                     "application/rdf+xml": "xml", "application/n-triples": "nt"}
UNTRUSTED_BASE = "urn:ogpgraph:validate:"  # base IRI of relative IRIs in the client's data
CHILD_MEMORY_BYTES = 4 * 1024 ** 3


class RefusedInput(InputError):
    """Input refused for safety (remote context, DTD): the message says why."""


class ValidationTimeout(Exception):
    """The validation overran its time limit; its process was killed."""


class ValidationFailed(Exception):
    """The validation process failed for a reason other than the input (memory, crash)."""


def _remote_contexts(value, inside_context: bool = False) -> list[str]:
    """Every non-inline JSON-LD context reference in a parsed JSON document."""
    found: list[str] = []
    if isinstance(value, list):
        for item in value:
            found += _remote_contexts(item, inside_context)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                for ctx in item if isinstance(item, list) else [item]:
                    if isinstance(ctx, str):
                        found.append(ctx)
                    elif ctx is not None and not isinstance(ctx, dict):
                        found.append(repr(ctx))
                found += _remote_contexts(item, inside_context=True)
            elif key == "@import" and inside_context:
                found.append(item if isinstance(item, str) else repr(item))
            else:
                found += _remote_contexts(item, inside_context)
    return found


def _refuse_dtd(body: bytes) -> None:
    """Refuse any DOCTYPE or entity declaration, as expat reads it (any encoding)."""
    import xml.parsers.expat

    def refuse(*_args) -> None:
        raise RefusedInput("refused: RDF/XML with a DOCTYPE or entity declaration (DTDs are not accepted)")

    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = lambda *_: refuse()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(body, True)
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(f"cannot parse request body:{exc.lineno}: {_one_line(xml.parsers.expat.ErrorString(exc.code))}"
                         ) from None


def parse_untrusted(body: bytes, media_type: str) -> Graph:
    """Parse data sent by a client, refusing remote contexts and DTDs (:class:`InputError` else)."""
    fmt = UNTRUSTED_FORMATS.get(media_type)
    if fmt is None:
        raise InputError(f"unsupported media type {media_type!r}: send one of {', '.join(UNTRUSTED_FORMATS)}")
    name = "request body"
    if fmt == "json-ld":
        try:
            document = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise _parse_error(name, exc) from None
        try:
            remote = _remote_contexts(document)
        except RecursionError:
            raise InputError(f"cannot parse {name}: JSON nested too deeply") from None
        if remote:
            raise RefusedInput(f"refused: remote JSON-LD context {_one_line(remote[0], 200)} "
                               "(only inline @context objects are accepted; nothing is fetched)")
    if fmt == "xml":
        _refuse_dtd(body)
    graph = _QueryCachingGraph()
    try:
        graph.parse(data=body, format=fmt, publicID=UNTRUSTED_BASE)
    except InputError:
        raise
    except Exception as exc:  # every parser has its own exception types
        raise _parse_error(name, exc) from None
    return graph


def validate_graph(data: Graph, shapes: Path | str | Graph = DEFAULT_SHAPES, severity: str = "violation") -> Report:
    """Validate an already loaded graph against the shapes (no inference) and build the report."""
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    conforms, results = run_shacl(data, shapes_graph, "none", severity)
    return build_report(conforms, results, data, shapes_graph, severity)


def summary(report: Report) -> dict:
    """The verdict as the command line's exit code would give it, with the counts by severity."""
    return {"conforms": report.conforms, "exit_code": 0 if report.conforms else 1,
            "threshold": report.threshold,
            "results": {n.lower(): report.counts.get(n, 0) for n in ("Violation", "Warning", "Info")}}


def _refuse_remote_context(*_args, **_kwargs):
    raise RefusedInput("refused: remote JSON-LD context (nothing is fetched)")


def _isolated_main(conn, body: bytes, media_type: str, fmt: str | None, severity: str, shapes: str) -> None:
    """In the child process: parse, validate, render; send one tuple back."""
    from .children import become_child

    become_child()  # dies with its parent (the forkserver, which dies with the web worker), lower priority
    try:
        import resource
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        soft = CHILD_MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(CHILD_MEMORY_BYTES, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, ValueError, OSError):  # not on this platform
        pass
    from rdflib.plugins.shared.jsonld.context import Context
    Context._fetch_context = _refuse_remote_context  # second line: rdflib never fetches a context here
    try:
        report = validate_graph(parse_untrusted(body, media_type), shapes, severity)
        text = render(report, fmt) if fmt else ""
        conn.send(("ok", summary(report), text))
    except InputError as exc:
        conn.send(("input", str(exc), None))
    except MemoryError:
        conn.send(("failed", "the validation needed more memory than allowed", None))
    except Exception as exc:  # noqa: BLE001 (reported to the parent, not raised)
        conn.send(("failed", f"{type(exc).__name__}: {_one_line(exc)}", None))
    finally:
        conn.close()


_CONTEXT = None


def _process_context():
    """forkserver (modules preloaded: a child starts in milliseconds), else spawn; never plain fork."""
    global _CONTEXT
    if _CONTEXT is None:
        import multiprocessing as mp

        if "forkserver" in mp.get_all_start_methods():
            _CONTEXT = mp.get_context("forkserver")
            _CONTEXT.set_forkserver_preload(["ogpgraph.validate", "pyshacl", "rdflib.plugins.parsers.jsonld"])
        else:
            _CONTEXT = mp.get_context("spawn")
    return _CONTEXT


def validate_isolated(body: bytes, media_type: str, fmt: str | None = None, severity: str = "violation",
                      timeout: float = 20.0, shapes: Path | str = DEFAULT_SHAPES) -> tuple[dict, str]:
    """Validate untrusted data in a child process killed after ``timeout`` seconds.

    Returns (:func:`summary`, the report rendered in ``fmt`` or "" if None). Raises
    :class:`InputError` (bad or refused input), :class:`ValidationTimeout`,
    :class:`ValidationFailed`.
    """
    import time

    if severity not in SEVERITIES:
        raise InputError(f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    if fmt is not None and fmt not in RENDERERS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    ctx = _process_context()
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_isolated_main, args=(send, body, media_type, fmt, severity, str(shapes)),
                          daemon=True, name="ogpgraph-validate")
    deadline = time.monotonic() + timeout
    process.start()
    send.close()
    try:
        if not receive.poll(max(0.0, deadline - time.monotonic())):
            raise ValidationTimeout(f"the validation exceeded the {timeout:g} s time limit and was stopped")
        try:
            status, payload, text = receive.recv()
        except (EOFError, OSError):
            raise ValidationFailed("the validation process ended without an answer (out of memory?)") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        receive.close()
    if status == "ok":
        return payload, text
    if status == "input":
        raise (RefusedInput if payload.startswith("refused:") else InputError)(payload)
    raise ValidationFailed(payload)

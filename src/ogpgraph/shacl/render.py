"""The report written out: text, Turtle or JSON-LD (the ``sh:ValidationReport`` itself), HTML
or Markdown (the data-quality page, ``docs/data-quality.md``).

:func:`render` picks the renderer by format name (:data:`FORMATS`), as ``ogpgraph validate
--format`` and ``POST /shacl/validate`` name them.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict

from rdflib import Graph, Literal
from rdflib.namespace import SH

from .inputs import one_line
from .report import Report, Result, as_term, natural, short

FORMATS = ("text", "turtle", "json-ld", "html", "markdown")
QUOTE_CHARS = 200


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
        out.append(f"{focus}" + (f"  ({one_line(label, 100)})" if label else ""))
        for p in report.passages(focus)[:3]:
            out.append(f"  source lines {p.lines}: {one_line(p.quote, QUOTE_CHARS)}")
        for shape, results in by_shape.items():
            out.append(f"  [{results[0].severity_name}] {short(shape)} — {report.shape_name(shape)}")
            for r in results:
                detail = []
                if r.path:
                    detail.append(f"path {r.path}")
                if r.value is not None:
                    detail.append(f"value {one_line(r.value, 120)}")
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


def render_html(report: Report) -> str:
    """The report as a page: the results at or above the threshold (``ogpgraph validate --format html``)."""
    e = html.escape
    rows = []
    for focus, by_shape in _grouped(report.shown()).items():
        passages = "<br>".join(f"lines {e(p.lines)}: <q>{e(one_line(p.quote, QUOTE_CHARS))}</q>"
                               for p in report.passages(focus)[:3])
        for shape, results in by_shape.items():
            for r in results:
                rows.append(
                    f"<tr class=\"{e(r.severity_name.lower())}\"><td>{e(r.severity_name)}</td>"
                    f"<td>{_link(focus)}</td>"
                    f"<td title=\"{e(shape)}\">{e(short(shape))}</td>"
                    f"<td lang=\"en\">{e(r.message('en'))}</td><td lang=\"fr\">{e(r.message('fr'))}</td>"
                    f"<td>{e(r.path or '')}</td><td>{e(one_line(r.value or '', 120))}</td>"
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
    return one_line(text, 400).replace("|", "\\|")


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
        desc = next((str(d) for d in report.shapes.objects(as_term(shape), SH.description)
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
            rows.append((natural(commitment or "~"), short(r.shape), natural(r.focus),
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

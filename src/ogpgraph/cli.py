"""The ``ogpgraph`` command.

Exit codes: 0 success, 1 the check failed (e.g. unexplained lines), 2 usage or
input error (with a one-line message, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from pathlib import Path

from . import __version__
from .iris import DEFAULT_BASE_IRI, IriError, check_base_iri
from .rdf.emit import CONTACT_MODES
from .source.document import StructureError
from .source.lines import SourceError
from .store.embedded import StoreError

log = logging.getLogger("ogpgraph")


def _base_iri(value: str) -> str:
    try:
        return check_base_iri(value)
    except IriError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _parser() -> argparse.ArgumentParser:
    from .build import DEFAULT_OUT, DEFAULT_SOURCE

    p = argparse.ArgumentParser(
        prog="ogpgraph",
        description="France's OGP action plan 2021-2023 as a linked-data knowledge graph.",
    )
    p.add_argument("--version", action="version", version=f"ogpgraph {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def source_arg(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help="the source document (default: %(default)s); its sha256 is checked")

    b = sub.add_parser("build", help="parse the source and write deterministic Turtle",
                       description="Parse the source document and write the graph as sorted Turtle files.")
    b.add_argument("--base-iri", type=_base_iri, default=DEFAULT_BASE_IRI,
                   help="base of every minted IRI (default: %(default)s); see docs/iris.md")
    b.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default: %(default)s)")
    b.add_argument("--contacts", choices=CONTACT_MODES, default="full",
                   help="full: contacts as published; role: roles and organisations only, "
                        "no names, e-mails or phones; none: no contacts (default: %(default)s)")
    source_arg(b)

    s = sub.add_parser("stats", help="print counts per class of the built graph",
                       description="Count the instances of each class in the Turtle files of a built graph.")
    s.add_argument("--data", type=Path, default=DEFAULT_OUT, help="directory of Turtle files (default: %(default)s)")
    s.add_argument("--format", choices=("text", "json"), default="text")

    sv = sub.add_parser("serve", help="serve the graph as linked data over HTTP",
                        description="Serve the built graph: dereferenceable IRIs with content negotiation "
                                    "and HTML pages. Runs gunicorn with several worker processes; "
                                    "--dev runs Flask's development server instead (never in production).")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    sv.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    sv.add_argument("--workers", type=int, default=2, help="worker processes (default: %(default)s)")
    sv.add_argument("--data", type=Path, default=None, help=f"directory of built Turtle files (default: {DEFAULT_OUT})")
    sv.add_argument("--base-iri", type=_base_iri, default=None,
                    help=f"canonical base IRI the data was built with (default: {DEFAULT_BASE_IRI})")
    sv.add_argument("--contacts", choices=CONTACT_MODES, default=None,
                    help="contact details to publish: full, role (no names, e-mails, phones) or none (default: full)")
    sv.add_argument("--query-timeout", type=float, default=None, metavar="SECONDS",
                    help="SPARQL: a query running longer is stopped (its worker process killed) (default: 30)")
    sv.add_argument("--query-workers", type=int, default=None, metavar="N",
                    help="SPARQL: query worker processes per web worker, i.e. concurrent queries (default: 2)")
    sv.add_argument("--queue-timeout", type=float, default=None, metavar="SECONDS",
                    help="SPARQL: how long a query may wait for a free worker before 503 (default: 5)")
    sv.add_argument("--max-request-bytes", type=int, default=None, metavar="BYTES",
                    help="largest request body accepted, else 413 (default: 1000000)")
    sv.add_argument("--max-result-bytes", type=int, default=None, metavar="BYTES",
                    help="SPARQL: largest serialised result, else 413 (default: 50000000)")
    sv.add_argument("--validate-timeout", type=float, default=None, metavar="SECONDS",
                    help="SHACL: a POST /shacl/validate running longer is stopped, 503 (default: 20)")
    sv.add_argument("--dev", action="store_true", help="Flask development server (auto-reload, single process)")

    c = sub.add_parser("coverage", help="explain every source line (fact or boilerplate)",
                       description="Mark each line of the source as used by a fact or as boilerplate, "
                                   "and list the unexplained ones. Exit 1 if any line is unexplained.")
    c.add_argument("--all", action="store_true", help="print every line with its status, not only a summary")
    source_arg(c)

    va = sub.add_parser("validate", help="validate the graph against the SHACL shapes",
                        description="Validate RDF data against shapes/ogp-shapes.ttl with pyshacl. Without FILE, "
                                    "the built graph (data/ttl/*.ttl and the ontology). Exit 0 if it conforms at "
                                    "the --severity threshold, 1 if not, 2 on a usage or input error.")
    va.add_argument("inputs", nargs="*", metavar="FILE|URL",
                    help="RDF files (format from the extension, Turtle by default) or http(s) URLs "
                         "(fetched with a timeout; any host, loopback included)")
    va.add_argument("--shapes", type=Path, default=None, help="SHACL shapes file (default: shapes/ogp-shapes.ttl)")
    va.add_argument("--format", choices=("text", "turtle", "json-ld", "html", "markdown"), default="text",
                    help="text: results by focus node with their source passage; turtle, json-ld: the "
                         "sh:ValidationReport; html; markdown: the data-quality page (default: %(default)s)")
    va.add_argument("--inference", choices=("none", "rdfs", "owlrl"), default="none",
                    help="entailment to apply before validating (default: %(default)s)")
    va.add_argument("--severity", choices=("violation", "warning", "info"), default="violation",
                    help="lowest severity that makes the data non-conforming (and is shown) (default: %(default)s)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return {"build": _build, "stats": _stats, "coverage": _coverage, "serve": _serve,
                "validate": _validate}[args.command](args)
    except (SourceError, StructureError, StoreError, OSError, ValueError) as exc:
        print(f"ogpgraph {args.command}: error: {exc}", file=sys.stderr)
        return 2


def _build(args: argparse.Namespace) -> int:
    from .build import build

    result = build(args.out, args.source, args.base_iri, args.contacts)
    for path in result.files:
        log.info("wrote %s", path)
    n = sum(len(g) for _, g in result.graphs.items())
    print(f"built {len(result.plan.commitments)} commitments, {n} triples into {args.out}")
    return 0


def class_counts(data: Path) -> Counter[str]:
    """Instances per class (prefixed name) over the Turtle files in ``data``."""
    from rdflib import Graph
    from rdflib.namespace import RDF

    files = sorted(data.glob("*.ttl"))
    if not files:
        raise FileNotFoundError(f"no Turtle files in {data}: run 'ogpgraph build' first")
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    counts: Counter[str] = Counter()
    for _, _, cls in g.triples((None, RDF.type, None)):
        counts[g.namespace_manager.normalizeUri(cls)] += 1
    counts["(triples)"] = len(g)
    return counts


def _stats(args: argparse.Namespace) -> int:
    counts = class_counts(args.data)
    if args.format == "json":
        print(json.dumps(dict(sorted(counts.items())), indent=2))
    else:
        width = max(len(k) for k in counts)
        for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"{k:<{width}}  {v:>7}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .config import Settings

    if args.workers < 1:
        raise ValueError("--workers must be at least 1")
    settings = Settings.from_env(
        data_dir=args.data, base_iri=args.base_iri, contacts=args.contacts, query_timeout=args.query_timeout,
        query_workers=args.query_workers, queue_timeout=args.queue_timeout,
        max_request_bytes=args.max_request_bytes, max_result_bytes=args.max_result_bytes,
        validate_timeout=args.validate_timeout)
    # Load once here so a missing or broken data directory fails now, with a
    # clear message, rather than in every worker.
    from server import create_app

    app = create_app(settings)
    if args.dev:
        app.run(host=args.host, port=args.port, debug=True)
        return 0
    from server.wsgi import serve

    # gunicorn's own worker timeout must outlast the longest legitimate query.
    serve(settings, args.host, args.port, args.workers,
          timeout=int(max(60, max(settings.query_timeout, settings.validate_timeout) + settings.queue_timeout + 30)))
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from .build import load_plan
    from .coverage import line_statuses

    plan, _ = load_plan(args.source)
    statuses = line_statuses(plan)
    totals = Counter(s.status for s in statuses)
    if args.all:
        for s in statuses:
            print(f"{s.number:5d} {s.status:<11} {s.reason:<45} {s.text[:80]}")
    else:
        for s in statuses:
            if s.status == "unexplained":
                print(f"{s.number:5d} unexplained {s.text[:100]}")
    print(", ".join(f"{k}: {totals.get(k, 0)}" for k in ("fact", "boilerplate", "blank", "unexplained")))
    return 1 if totals.get("unexplained") else 0


def _validate(args: argparse.Namespace) -> int:
    from .validate import DEFAULT_SHAPES, render, validate

    report = validate(args.inputs, args.shapes or DEFAULT_SHAPES, args.inference, args.severity)
    sys.stdout.write(render(report, args.format))
    return 0 if report.conforms else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

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
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

from . import __version__, paths
from .iris import DEFAULT_BASE_IRI, IriError, check_base_iri
from .model import CONTACT_MODES
from .source.document import StructureError
from .source.lines import SourceError
from .store import StoreError

log = logging.getLogger("ogpgraph")

# Commands that parse their own arguments, declared by packages above the core (pyproject.toml)
PLUGIN_COMMANDS = ("serve",)


def base_iri_argument(value: str) -> str:
    """An argparse type: a valid base IRI (ends with / or #), else a usage error."""
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
    b.add_argument("--base-iri", type=base_iri_argument, default=DEFAULT_BASE_IRI,
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

    # The HTTP server's command lives with the server (server/command.py), above the core: it is
    # found through the "ogpgraph.commands" entry point and parses its own options.
    sub.add_parser("serve", add_help=False, help="serve the graph as linked data over HTTP (ogpgraph serve --help)")

    ld = sub.add_parser("load", help="push the built graph into a remote SPARQL store",
                        description="Load data/ttl (one named graph per file, the ontology and the shapes, with "
                                    "contacts withheld per --contacts) into a SPARQL 1.1 store, through its Graph "
                                    "Store Protocol and/or SPARQL Update endpoints; with both, the switch to the new "
                                    "data is one atomic update. Unchanged graphs are left alone. Exit 2 if the "
                                    "store cannot be reached. For 'oxigraph serve' on 127.0.0.1:7878: --store "
                                    "http://127.0.0.1:7878/query --store-update http://127.0.0.1:7878/update "
                                    "--store-gsp http://127.0.0.1:7878/store")
    ld.add_argument("--store", required=True, metavar="QUERY_URL", help="the store's SPARQL query endpoint")
    ld.add_argument("--store-update", default=None, metavar="UPDATE_URL", help="its SPARQL 1.1 Update endpoint")
    ld.add_argument("--store-gsp", default=None, metavar="GRAPH_STORE_URL",
                    help="its SPARQL 1.1 Graph Store Protocol endpoint")
    ld.add_argument("--data", type=Path, default=None, help=f"directory of built Turtle files (default: {DEFAULT_OUT})")
    ld.add_argument("--base-iri", type=base_iri_argument, default=None,
                    help=f"base IRI the data was built with (default: {DEFAULT_BASE_IRI})")
    ld.add_argument("--contacts", choices=CONTACT_MODES, default=None,
                    help="contact details the store will hold: full, role or none (default: full); servers "
                         "reading it must use the same mode")
    ld.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                    help="time limit of each write request (default: %(default)s)")
    ld.add_argument("--force", action="store_true",
                    help="rewrite every graph, and allow replacing data loaded for another contacts mode or base IRI")
    ld.add_argument("--per-graph", action="store_true",
                    help="PUT each graph in place (with --store-gsp), not one atomic switch: for large data, where "
                         "the store cannot move every graph in one transaction in time (docs/deploy.md)")

    ir = sub.add_parser("iris", help="check (or extend) the ledger of published IRIs, data/iris.txt",
                        description="Compare the IRIs the built data mints with the append-only ledger "
                                    "data/iris.txt and the retired IRIs (docs/iris.md). --check (the default) "
                                    "exits 1 if a published IRI was dropped without being retired, or a new "
                                    "one is not in the ledger; --write adds the new ones (never removes one).")
    mode = ir.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="check only (default)")
    mode.add_argument("--write", action="store_true", help="add newly minted IRIs to the ledger")
    ir.add_argument("--data", type=Path, default=DEFAULT_OUT, help="directory of built Turtle files (default: %(default)s)")
    ir.add_argument("--ledger", type=Path, default=None, help="the ledger (default: data/iris.txt)")
    ir.add_argument("--retired-iris", type=Path, default=None, metavar="FILE",
                    help="retired IRIs (default: data/reference/retired-iris.yaml)")
    ir.add_argument("--base-iri", type=base_iri_argument, default=DEFAULT_BASE_IRI,
                    help="base IRI the data was built with (default: %(default)s)")

    c = sub.add_parser("coverage", help="explain every source line (fact or boilerplate)",
                       description="Mark each line of the source as used by a fact or as boilerplate, "
                                   "and list the unexplained ones. Exit 1 if any line is unexplained.")
    c.add_argument("--all", action="store_true", help="print every line with its status, not only a summary")
    c.add_argument("--legal", action="store_true",
                   help="list every legal mention (loi, décret, code, Constitution, article…, and the known "
                        "acronyms) with the legal resource it became or why it names none; exit 1 if one is "
                        "unaccounted for")
    c.add_argument("--names", action="store_true",
                   help="list every capitalised or quoted name of the commitments with what it is (a named "
                        "initiative, a legal text, an organisation…) or why it is no initiative "
                        "(data/reference/names.yaml); exit 1 if one is unaccounted for")
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
    va.add_argument("--engine", choices=("pyshacl", "pyshacl-turbo"), default="pyshacl",
                    help="SHACL engine: pyshacl, the reference, or pyshacl-turbo, same reports several times "
                         "faster (docs/shacl-engines.md) (default: %(default)s)")

    cs = sub.add_parser("consistency", help="check the ontology and the data with an OWL 2 reasoner (HermiT)",
                        description="Merge ontology/ogp.ttl with the data (the built graph, or FILE ...) and ask "
                                    "HermiT, through owlready2, whether it is consistent; if not, Pellet names one "
                                    "set of contradicting axioms. Dates (xsd:date, gYearMonth, gYear) become "
                                    "xsd:dateTime for HermiT. Needs Java. Exit 0 consistent (and no unsatisfiable "
                                    "class), 1 inconsistent, 2 on a usage or input error or without Java.")
    cs.add_argument("inputs", nargs="*", metavar="FILE",
                    help="RDF files (format from the extension, Turtle by default) to check with the ontology, "
                         "instead of the built graph")
    cs.add_argument("--data", type=Path, default=None,
                    help=f"directory of built Turtle files (default: {DEFAULT_OUT})")
    cs.add_argument("--ontology", type=Path, default=None, help="the ontology (default: ontology/ogp.ttl)")

    w = sub.add_parser("w3id", help="write the w3id.org redirect rules for a deployment",
                       description="Write the folder the w3id.org repository expects for the ogpgraph namespace (an "
                                   "Apache .htaccess and a README): every https://w3id.org/ogpgraph/... IRI "
                                   "redirected to the same path on --target, query string kept; 303 for id/... "
                                   "(things), 307 for documents and services (POSTs stay POSTs). See docs/deploy.md.")
    w.add_argument("--target", required=True, type=_target, metavar="URL",
                   help="the deployment's address, e.g. https://ogp.example.org/ (a trailing / is added)")
    w.add_argument("--out", type=Path, default=Path("deploy/w3id/ogpgraph"),
                   help="the folder to write (default: %(default)s)")

    from .cache_proxy import DEFAULT_OUT as CACHE_OUT, CacheSettings
    defaults = CacheSettings()
    c = sub.add_parser("cache-config", help="write the nginx configuration of the caching layer",
                       description="Write a complete nginx.conf for an nginx proxy_cache in front of `ogpgraph "
                                   "serve`: keyed by data version, URL, Accept and Accept-Language (the service "
                                   "negotiates, the cache remembers), revalidated with ETags, SPARQL POSTs never "
                                   "kept. Run it with `nginx -c FILE`. See docs/deploy.md.")
    c.add_argument("--listen", default=defaults.listen, help="HOST:PORT the cache answers on (default: %(default)s)")
    c.add_argument("--upstream", default=defaults.upstream,
                   help="HOST:PORT of `ogpgraph serve` (default: %(default)s)")
    c.add_argument("--cache-dir", type=Path, default=defaults.cache_dir,
                   help="where the cache lives on disk (default: %(default)s)")
    c.add_argument("--max-size", default=defaults.max_size,
                   help="the most the cache holds on disk, least recently used out first (default: %(default)s)")
    c.add_argument("--inactive", default=defaults.inactive,
                   help="an entry nobody asked for this long is dropped (default: %(default)s)")
    c.add_argument("--sparql-ttl", type=int, default=defaults.sparql_ttl,
                   help="seconds a GET SPARQL answer is kept; 0: never (default: %(default)s)")
    c.add_argument("--max-request-bytes", type=int, default=defaults.max_body,
                   help="request body limit, as `serve --max-request-bytes` (default: %(default)s)")
    c.add_argument("--max-validate-bytes", type=int, default=defaults.max_validate_body,
                   help="/shacl/validate body limit, as `serve --max-validate-bytes` (default: %(default)s)")
    c.add_argument("--workers", default=defaults.workers, help="nginx worker processes (default: %(default)s)")
    c.add_argument("--run-dir", type=Path, default=defaults.run_dir,
                   help="pid file and temporary files (default: %(default)s)")
    c.add_argument("--user", default=defaults.user,
                   help="the user nginx's workers run as when started as root (default: nginx's own)")
    c.add_argument("--out", type=Path, default=CACHE_OUT, help="the file to write (default: %(default)s)")
    return p


def _target(value: str) -> str:
    from .w3id import target_argument

    try:
        return target_argument(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args, rest = parser.parse_known_args(argv)
    if rest and args.command not in PLUGIN_COMMANDS:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command in PLUGIN_COMMANDS:
            return _plugin(args.command)(rest)
        return {"build": _build, "stats": _stats, "coverage": _coverage,
                "validate": _validate, "iris": _iris, "load": _load,
                "consistency": _consistency, "w3id": _w3id, "cache-config": _cache_config}[args.command](args)
    except (SourceError, StructureError, StoreError, OSError, ValueError) as exc:
        print(f"ogpgraph {args.command}: error: {exc}", file=sys.stderr)
        return 2


def _plugin(name: str) -> Callable[[list[str]], int]:
    """The command ``name`` of an installed package above the core (``server``), by its entry point."""
    found = entry_points(group="ogpgraph.commands", name=name)
    if not found:
        raise ValueError(f"the {name!r} command is not installed: install the ogpgraph package "
                         "(pip install -e . in a checkout), which declares it in pyproject.toml")
    return next(iter(found)).load()


def _w3id(args: argparse.Namespace) -> int:
    from .w3id import write

    for path in write(args.target, args.out):
        print(f"wrote {path}")
    return 0


def _cache_config(args: argparse.Namespace) -> int:
    from .cache_proxy import CacheSettings, write

    settings = CacheSettings(listen=args.listen, upstream=args.upstream, cache_dir=args.cache_dir,
                             max_size=args.max_size, inactive=args.inactive, sparql_ttl=args.sparql_ttl,
                             max_body=args.max_request_bytes, max_validate_body=args.max_validate_bytes,
                             workers=args.workers, run_dir=args.run_dir, user=args.user)
    print(f"wrote {write(settings, args.out)}")
    return 0


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


def _iris(args: argparse.Namespace) -> int:
    from .ledger import DEFAULT_LEDGER, LedgerError, check, minted_iris, read_ledger, write
    from .tombstones import DEFAULT_RETIRED, load_tombstones

    ledger_path, retired_path = args.ledger or DEFAULT_LEDGER, args.retired_iris or DEFAULT_RETIRED
    minted = minted_iris(args.data, args.base_iri)
    tombstones = load_tombstones(retired_path, args.base_iri)
    if args.write:
        try:
            added = write(ledger_path, minted, tombstones, args.base_iri, retired_path)
        except LedgerError as exc:  # the promise would break: the check fails, as --check would
            print(f"ogpgraph iris: {exc}", file=sys.stderr)
            return 1
        print(f"{ledger_path}: {len(added)} new IRI(s) added, {len(read_ledger(ledger_path))} in all")
        return 0
    result = check(minted, read_ledger(ledger_path), tombstones, args.base_iri)
    for problem in result.problems(ledger_path, retired_path):
        print(problem, end="\n\n", file=sys.stderr)
    print(f"{len(minted)} IRIs minted, {len(tombstones)} retired: "
          + ("the ledger holds them all" if result.ok else "the ledger check FAILED"))
    return 0 if result.ok else 1


def _load(args: argparse.Namespace) -> int:
    from .config import Settings
    from .store.loader import Endpoints, push

    settings = Settings.from_env(data_dir=args.data, base_iri=args.base_iri, contacts=args.contacts)
    if args.per_graph and not args.store_gsp:
        raise ValueError("--per-graph needs --store-gsp (graphs are PUT one by one)")
    # Without the Update endpoint the loader PUTs graph by graph (store/loader.py).
    update = None if args.per_graph else args.store_update
    report = push(settings, Endpoints(args.store, update, args.store_gsp), args.force, args.timeout)
    print("\n".join(report.lines()))
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from .build import load_plan
    from .coverage import line_statuses

    plan, resolver = load_plan(args.source)
    if args.legal:
        return _legal_coverage(plan, args.all)
    if args.names:
        return _name_coverage(plan, resolver, args.all)
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


def _legal_coverage(plan, everything: bool) -> int:
    from .legal_coverage import legal_mentions

    mentions = legal_mentions(plan)
    for m in mentions:
        if everything or m.status == "unaccounted for":
            print(f"{m.line:5d} {m.words!r:<32} {m.status:<16} {m.where}")
    totals = Counter(m.status for m in mentions)
    print(", ".join(f"{k}: {totals.get(k, 0)}" for k in ("cited", "not a citation", "unaccounted for")))
    return 1 if totals.get("unaccounted for") else 0


def _name_coverage(plan, resolver, everything: bool) -> int:
    from .name_coverage import STATUSES, name_mentions

    mentions = name_mentions(plan, resolver)
    for m in mentions:
        if everything or m.status == "unaccounted for":
            print(f"{m.line:5d} {m.words[:60]!r:<40} {m.rule:<11} {m.status:<17} {m.where}")
    totals = Counter(m.status for m in mentions)
    print(", ".join(f"{k}: {totals.get(k, 0)}" for k in STATUSES))
    return 1 if totals.get("unaccounted for") else 0


def _validate(args: argparse.Namespace) -> int:
    from .shacl import render, validate
    from .shacl.inputs import DEFAULT_SHAPES

    report = validate(args.inputs, args.shapes or DEFAULT_SHAPES, args.inference, args.severity, args.engine)
    sys.stdout.write(render(report, args.format))
    return 0 if report.conforms else 1


def _consistency(args: argparse.Namespace) -> int:
    from .consistency import check_consistency, render_text

    result = check_consistency(args.inputs, args.data, args.ontology or paths.ONTOLOGY)
    sys.stdout.write(render_text(result))
    return 0 if result.ok else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

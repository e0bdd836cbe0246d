"""``ogpgraph serve``: the HTTP server's own command, its options and how it starts.

It lives with the server, above the core: ``ogpgraph/cli.py`` finds it through the
``ogpgraph.commands`` entry point declared in pyproject.toml, so the core never imports
the server. Errors it raises (a bad option value, a store that cannot be reached) are
reported by the core's command line like every other command's (exit 2).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import tempfile
from pathlib import Path

from ogpgraph import paths
from ogpgraph.cli import base_iri_argument
from ogpgraph.config import Settings
from ogpgraph.iris import DEFAULT_BASE_IRI
from ogpgraph.model import CONTACT_MODES
from ogpgraph.store import StoreError

from . import create_app, metrics
from .availability import unavailable_reason
from .front import FRONTS, Front, wanted
from .prepare import prepare
from .wsgi import serve


def parser() -> argparse.ArgumentParser:
    sv = argparse.ArgumentParser(
        prog="ogpgraph serve",
        description="Serve the built graph: dereferenceable IRIs with content negotiation "
                    "and HTML pages. Runs gunicorn with several worker processes; "
                    "--dev runs Flask's development server instead (never in production).")
    sv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    sv.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    sv.add_argument("--workers", type=int, default=2, help="worker processes (default: %(default)s)")
    sv.add_argument("--data", type=Path, default=None,
                    help=f"directory of built Turtle files (default: {paths.DATA_DIR})")
    sv.add_argument("--base-iri", type=base_iri_argument, default=None,
                    help=f"canonical base IRI the data was built with (default: {DEFAULT_BASE_IRI})")
    sv.add_argument("--contacts", choices=CONTACT_MODES, default=None,
                    help="contact details to publish: full, role (no names, e-mails, phones) or none (default: full)")
    sv.add_argument("--query-timeout", type=float, default=None, metavar="SECONDS",
                    help="SPARQL: a query running longer is stopped (its worker process killed) (default: 30)")
    sv.add_argument("--query-workers", type=int, default=None, metavar="N",
                    help="SPARQL: query worker processes per web worker, i.e. concurrent queries (default: 2)")
    sv.add_argument("--queue-timeout", type=float, default=None, metavar="SECONDS",
                    help="SPARQL: how long a query may wait for a free worker before 503 (default: 5)")
    sv.add_argument("--query-memory", type=int, default=None, metavar="BYTES",
                    help="SPARQL: memory a query may use beyond what its worker holds; past it, 413 and a fresh "
                         "worker (default: 2000000000)")
    sv.add_argument("--query-sandbox", choices=("auto", "required"), default=None,
                    help="SPARQL: query workers run without network access (a network namespace of their own); "
                         "'required' refuses queries where the system cannot do that, 'auto' runs them with a "
                         "warning and a /health problem (default: auto)")
    sv.add_argument("--max-request-bytes", type=int, default=None, metavar="BYTES",
                    help="largest request body accepted, else 413 (default: 1000000)")
    sv.add_argument("--max-validate-bytes", type=int, default=None, metavar="BYTES",
                    help="SHACL: largest body POST /shacl/validate accepts, else 413 (default: 50000000)")
    sv.add_argument("--max-result-bytes", type=int, default=None, metavar="BYTES",
                    help="SPARQL: largest serialised result, else 413 (default: 50000000)")
    sv.add_argument("--validate-timeout", type=float, default=None, metavar="SECONDS",
                    help="SHACL: a POST /shacl/validate running longer is stopped, 503 (default: 20)")
    sv.add_argument("--retired-iris", type=Path, default=None, metavar="FILE",
                    help="retired IRIs, answered with 410 Gone (default: data/reference/retired-iris.yaml)")
    sv.add_argument("--store", default=None, metavar="QUERY_URL",
                    help="serve from a remote SPARQL 1.1 store (its query endpoint), filled by 'ogpgraph load', "
                         "instead of an embedded store per worker (docs/deploy.md)")
    sv.add_argument("--store-timeout", type=float, default=None, metavar="SECONDS",
                    help="remote store: how long to wait for it before answering 503 (default: 10)")
    sv.add_argument("--store-union", action="store_true", default=None,
                    help="remote store: its default graph is the union of its named graphs (e.g. 'oxigraph serve "
                         "--union-default-graph') and it holds only what 'ogpgraph load' wrote; queries then "
                         "name no graphs, which keeps them fast however many graphs there are (docs/deploy.md)")
    sv.add_argument("--front", choices=FRONTS, default="auto",
                    help="nginx in front of gunicorn, so that slow or lying clients cost a connection and never a "
                         "worker (server/front.py); auto: when nginx is installed, with a warning otherwise "
                         "(default: %(default)s)")
    sv.add_argument("--metrics", default=None, metavar="HOST:PORT",
                    help="serve Prometheus metrics at http://HOST:PORT/metrics, an address of its own that the "
                         "public front never forwards to (e.g. 127.0.0.1:9108; default: no metrics; server/metrics.py)")
    sv.add_argument("--dev", action="store_true", help="Flask development server (auto-reload, single process)")
    return sv


def main(argv: list[str]) -> int:
    """``ogpgraph serve ARGS`` (called by the core's command line, which reports errors)."""
    args = parser().parse_args(argv)
    if args.workers < 1:
        raise ValueError("--workers must be at least 1")
    settings = Settings.from_env(
        data_dir=args.data, base_iri=args.base_iri, contacts=args.contacts, query_timeout=args.query_timeout,
        query_workers=args.query_workers, queue_timeout=args.queue_timeout, query_sandbox=args.query_sandbox,
        query_memory=args.query_memory,
        max_request_bytes=args.max_request_bytes, max_result_bytes=args.max_result_bytes,
        max_validate_bytes=args.max_validate_bytes,
        validate_timeout=args.validate_timeout, retired_iris=args.retired_iris, store=args.store,
        store_timeout=args.store_timeout, store_union=args.store_union)
    metrics_dir = _metrics_directory(args.metrics, args.host, args.port) if args.metrics and not args.dev else None
    # Load once here so a missing or broken data directory fails now, with a
    # clear message, rather than in every worker.
    app = create_app(settings)
    reason = unavailable_reason(app)
    if reason is not None:  # a remote store that cannot be reached now
        raise StoreError(f"cannot serve from the store: {reason}")
    if args.dev:
        app.run(host=args.host, port=args.port, debug=True)
        return 0
    prepare(app)  # the downloads, the SHACL report and the landing pages, before anyone asks
    # gunicorn's own worker timeout must outlast the longest legitimate query.
    timeout = int(max(60, max(settings.query_timeout, settings.validate_timeout) + settings.queue_timeout + 30))
    front = Front(settings, args.host, args.port, upstream_timeout=timeout) if wanted(args.front) else None

    def when_ready() -> None:
        """Once gunicorn listens: the front (so it never answers 502), then the metrics address."""
        if front is not None:
            front.start()
        if metrics_dir is not None:
            metrics.serve_scrape_endpoint(args.metrics)

    try:
        if front is None:
            serve(settings, f"{args.host}:{args.port}", args.workers, timeout, when_ready=when_ready)
            return 0
        try:
            front.check_port()
            serve(settings, f"unix:{front.upstream}", args.workers, timeout, when_ready=when_ready)
        finally:
            front.stop()
        return 0
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def _metrics_directory(address: str, host: str, port: int) -> Path:
    """Check ``--metrics HOST:PORT`` (a free address other than the public one) and make the
    directory the workers write their values to, before anything imports prometheus_client."""
    where, _, number = address.rpartition(":")
    if not where or not number.isdigit() or not 0 < int(number) < 65536:
        raise ValueError(f"--metrics must be HOST:PORT, e.g. 127.0.0.1:9108, not {address!r}")
    if int(number) == port and where.strip("[]") in (host, "0.0.0.0", "::"):
        raise ValueError("--metrics must not be the public address: metrics stay off the public surface")
    family = socket.AF_INET6 if ":" in where.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((where.strip("[]"), int(number)))
        except OSError as exc:
            raise ValueError(f"--metrics: cannot listen on {address}: {exc.strerror}") from None
    directory = Path(tempfile.mkdtemp(prefix="ogpgraph-metrics-"))
    os.environ[metrics.MULTIPROC_ENV] = str(directory)
    return directory

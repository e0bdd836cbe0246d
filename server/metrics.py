"""Prometheus metrics of ``ogpgraph serve`` (``--metrics HOST:PORT``), off the public address.

What an operator graphs and alerts on: requests by route class and status, their latency,
SPARQL queries by outcome (answered, malformed, refused by policy, timed out, too large, busy,
unavailable), how long queries wait for a query worker, the rendered-answer cache's hits and
misses, whether the remote store answers, and the data version served.

With the official ``prometheus_client`` in its multiprocess mode: gunicorn runs several
worker processes, each writes its values to files in one directory
(``PROMETHEUS_MULTIPROC_DIR``, set by ``ogpgraph serve`` before anything imports the
library), and the scrape endpoint, served by the gunicorn arbiter on its own address, adds
them up. Not on the public address: the front (nginx) never forwards to it, so a deployment
exposes it only where its Prometheus can reach it (127.0.0.1, a private network).

Without ``--metrics`` nothing is imported or recorded: every function here does nothing.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

from flask import Flask, g, request

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

# The first path segment → the route class a request is counted under (a bounded label set:
# paths themselves are unbounded, every IRI is one)
_ROUTE_CLASSES = {
    "id": "resource", "graph": "resource", "def": "vocabulary", "sparql": "sparql", "search": "search",
    "reconcile": "reconcile", "shacl": "shacl", "download": "download", "rdf-graph-store": "graph-store",
    "fragments": "fragments", "health": "health", "static": "static", "vendor": "static", ".well-known": "dataset", "dataset": "dataset",
    "": "home",
}

_metrics: dict[str, Any] = {}
_lock = threading.Lock()
_paused = False


def enabled() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV)) and not _paused


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Count nothing meanwhile: what ``ogpgraph serve`` prepares before it listens is no request
    (and the arbiter must not make metric files of its own: server/prepare.py)."""
    global _paused
    _paused = True
    try:
        yield
    finally:
        _paused = False


def _get() -> dict[str, Any]:
    """The metric objects, made on first use in each process (after gunicorn's fork)."""
    with _lock:
        if not _metrics:
            from prometheus_client import Counter, Gauge, Histogram

            _metrics.update(
                requests=Counter("ogpgraph_http_requests_total", "HTTP requests answered, by route class and status",
                                 ["route", "status"]),
                latency=Histogram("ogpgraph_http_request_duration_seconds", "Time to answer a request, by route class",
                                  ["route"], buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60)),
                queries=Counter("ogpgraph_sparql_queries_total",
                                "SPARQL queries by outcome: answered, malformed, refused (policy), timed_out, "
                                "too_large, busy (no query worker in time), unavailable, not_acceptable, failed",
                                ["outcome"]),
                queue_wait=Histogram("ogpgraph_sparql_queue_wait_seconds", "Time a query waited for a query worker",
                                     buckets=(.001, .01, .05, .1, .25, .5, 1, 2.5, 5, 10)),
                cache=Counter("ogpgraph_render_cache_total", "Rendered-answer cache lookups, by result",
                              ["result"]),
                store_up=Gauge("ogpgraph_store_available", "1 if the data store answered the last request that "
                               "needed it, 0 if it was unavailable", multiprocess_mode="livemin"),
                data=Gauge("ogpgraph_data_version_info", "The data version each worker serves (value 1)",
                           ["version"], multiprocess_mode="livemax"),
            )
            _metrics["version"] = None
        return _metrics


def route_class(path: str) -> str:
    return _ROUTE_CLASSES.get(path.lstrip("/").split("/", 1)[0], "other")


# Domain error class name → SPARQL outcome (server/errors.py gives the statuses)
_OUTCOMES = {
    "MalformedQuery": "malformed", "UnknownGraph": "malformed", "QueryError": "malformed",
    "EngineCrashed": "malformed", "ForbiddenQuery": "refused", "QueryTimeout": "timed_out",
    "ResultTooLarge": "too_large", "QueryMemoryExceeded": "too_large", "QueryTooLong": "too_large",
    "Overloaded": "busy", "QueriesUnavailable": "unavailable", "StoreUnavailable": "unavailable",
    "StoreAnswerFailed": "unavailable", "NoAcceptableFormat": "not_acceptable",
}


def note_error(exc: Exception) -> None:
    """Called by the error handlers: remembers what went wrong for the request's metrics."""
    if enabled():
        g.metrics_error = next((_OUTCOMES[c.__name__] for c in type(exc).__mro__ if c.__name__ in _OUTCOMES),
                               "failed")


def observe_queue_wait(seconds: float) -> None:
    if enabled():
        _get()["queue_wait"].observe(seconds)


def cache_lookup(hit: bool) -> None:
    if enabled():
        _get()["cache"].labels("hit" if hit else "miss").inc()


def install(app: Flask, data_version: str) -> None:
    """Count every request of ``app`` (which serves ``data_version``)."""
    if not enabled():
        return

    @app.before_request
    def _start() -> None:
        g.metrics_start = time.perf_counter()

    @app.after_request
    def _count(response):
        m = _get()
        route = route_class(request.path)
        m["requests"].labels(route, str(response.status_code)).inc()
        start = g.get("metrics_start")
        if start is not None:
            m["latency"].labels(route).observe(time.perf_counter() - start)
        error = g.get("metrics_error")
        if route == "sparql" and request.method in ("GET", "POST") and (
                request.args.get("query") is not None or request.method == "POST"):
            outcome = error or ("answered" if response.status_code < 400 else "failed")
            m["queries"].labels(outcome).inc()
        if route in ("resource", "sparql", "search", "dataset", "home", "graph-store", "fragments"):
            m["store_up"].set(0 if error == "unavailable" and response.status_code == 503 else 1)
        if m["version"] != data_version:
            if m["version"] is not None:
                m["data"].labels(m["version"]).set(0)
            m["data"].labels(data_version).set(1)
            m["version"] = data_version
        return response


def serve_scrape_endpoint(address: str) -> None:
    """Serve ``/metrics`` (every worker's values, added up) on ``address`` (HOST:PORT), from the
    gunicorn arbiter, in a thread of its own."""
    from prometheus_client import CollectorRegistry, start_http_server
    from prometheus_client.multiprocess import MultiProcessCollector

    host, _, port = address.rpartition(":")
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    start_http_server(int(port), addr=host.strip("[]") or "127.0.0.1", registry=registry)


def worker_exited(pid: int) -> None:
    """gunicorn's ``child_exit``: a dead worker's live gauges stop counting."""
    if enabled():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)

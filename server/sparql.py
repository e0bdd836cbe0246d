"""SPARQL 1.1 Protocol at ``/sparql`` (query operation only; the endpoint is read-only).

Parsing the request follows the spec's three ways to send a query (§2.1):
GET with ``query=``, POST ``application/x-www-form-urlencoded`` and POST
``application/sparql-query``, each with ``default-graph-uri`` /
``named-graph-uri``. The query is checked (ogpgraph.store.safety), then run in
a killable worker process (ogpgraph.store.pool) for the embedded store, or
forwarded with the same limits to a remote store (ogpgraph.store.remote: the
store's own query time limit must then stop the work, docs/deploy.md). GET
without a query returns the Service Description.
"""

from __future__ import annotations

import logging
import threading

from flask import Blueprint, Response, current_app, request
from werkzeug.exceptions import BadRequest, Forbidden, NotAcceptable, UnsupportedMediaType

from ogpgraph.config import Settings
from ogpgraph.service import service_description
from ogpgraph.store import Store, serialise
from ogpgraph.store.pool import GRAPH_FORMATS, SOLUTION_FORMATS, QueryError, QueryPool, QueryRequest, QueryResult
from ogpgraph.store.safety import QueryRefused, check_dataset, inspect_query

log = logging.getLogger(__name__)
bp = Blueprint("sparql", __name__)

# Other names clients send for the same formats.
_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
}
_SD_FORMATS = {"text/turtle": GRAPH_FORMATS["text/turtle"], "application/ld+json": GRAPH_FORMATS["application/ld+json"],
               "application/rdf+xml": GRAPH_FORMATS["application/rdf+xml"],
               "application/n-triples": GRAPH_FORMATS["application/n-triples"]}

_pool_lock = threading.Lock()


def _settings() -> Settings:
    return current_app.config["OGPGRAPH"]


def _store() -> Store:
    return current_app.extensions["ogpgraph.store"]


def _run(request: QueryRequest) -> QueryResult:
    """A remote store runs public queries itself (it cannot be reached from a worker
    process any better than from here); the embedded store's run in the killable pool."""
    store = _store()
    return store.run(request) if store.kind == "remote" else _pool().run(request)


def _pool() -> QueryPool:
    """The query workers, started on first use (unit tests that never query start none)."""
    with _pool_lock:
        pool = current_app.extensions.get("ogpgraph.pool")
        if pool is None:
            s = _settings()
            pool = QueryPool(s, size=s.query_workers, timeout=s.query_timeout, queue_timeout=s.queue_timeout)
            current_app.extensions["ogpgraph.pool"] = pool
        return pool


def _negotiate(offered: list[str]) -> str:
    accept = request.accept_mimetypes
    if not accept:
        return offered[0]
    best = accept.best_match(offered + [a for a, target in _ALIASES.items() if target in offered])
    if best is None:
        raise NotAcceptable(f"none of the types in the Accept header is offered here; offered: {', '.join(offered)}")
    return _ALIASES.get(best, best)


def _error(status: int, message: str, retry_after: int | None = None) -> Response:
    response = Response(f"{message}\n", status, {"Content-Type": "text/plain; charset=utf-8"})
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _read_request() -> tuple[str, list[str], list[str]]:
    """(query, default-graph-uri list, named-graph-uri list) per SPARQL 1.1 Protocol §2.1."""
    if request.method == "GET":
        params = request.args
        queries = params.getlist("query")
    else:
        mimetype = request.mimetype
        if mimetype == "application/x-www-form-urlencoded":
            params = request.form
            if "update" in params:
                raise Forbidden("SPARQL Update is not allowed: this endpoint is read-only")
            queries = params.getlist("query")
        elif mimetype == "application/sparql-query":
            params = request.args
            queries = [request.get_data(as_text=True)]
        elif mimetype == "application/sparql-update":
            raise Forbidden("SPARQL Update is not allowed: this endpoint is read-only")
        else:
            raise UnsupportedMediaType(
                f"POST a query as application/x-www-form-urlencoded or application/sparql-query, "
                f"not {mimetype or 'a body without Content-Type'}")
    if len(queries) != 1:
        raise BadRequest("exactly one 'query' parameter is required" if queries else "missing 'query' parameter")
    return queries[0], params.getlist("default-graph-uri"), params.getlist("named-graph-uri")


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    if request.method == "GET" and "query" not in request.args:
        return _service_description()
    query, default_graphs, named_graphs = _read_request()
    try:
        info = inspect_query(query)
        known = {g.iri for g in _store().graphs}
        # Protocol dataset parameters override the query's FROM / FROM NAMED (§2.1.4).
        default = tuple(default_graphs) or info.default_graphs
        named = tuple(named_graphs) or info.named_graphs
        check_dataset(default, known, "the default graph (FROM / default-graph-uri)")
        check_dataset(named, known, "the named graphs (FROM NAMED / named-graph-uri)")
    except QueryRefused as exc:
        return _error(exc.status, exc.message)

    offered = list(SOLUTION_FORMATS) if info.form in ("SELECT", "ASK") else list(GRAPH_FORMATS)
    media_type = _negotiate(offered)
    try:
        result = _run(QueryRequest(query, media_type, default, named, _settings().max_result_bytes))
    except QueryError as exc:
        retry = 5 if exc.status == 503 else None
        return _error(exc.status, exc.message, retry)
    response = Response(result.body, 200, {"Content-Type": _content_type(media_type)})
    response.headers["Vary"] = "Accept"
    response.cache_control.no_cache = True
    return response


def _content_type(media_type: str) -> str:
    binary = media_type in ("application/sparql-results+json", "application/ld+json")
    return media_type if binary else f"{media_type}; charset=utf-8"


def _service_description():
    # Browsers (text/html preferred over every RDF type; ties go to RDF) get the query page.
    if request.accept_mimetypes.best_match([*_SD_FORMATS, "text/html"]) == "text/html":
        from .sparql_ui import page

        return page()
    media_type = _negotiate(list(_SD_FORMATS))
    base = _settings().base_iri
    cache_key = ("service-description", media_type)
    cache = current_app.extensions["ogpgraph.cache"]

    def render() -> tuple[bytes, str]:
        triples = service_description(_store(), base + "sparql", base + ".well-known/void")
        return serialise(triples, _SD_FORMATS[media_type]), _content_type(media_type)

    from .resources import ready

    return ready(cache.get(cache_key, render), ["Accept"])

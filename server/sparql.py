"""SPARQL 1.1 Protocol at ``/sparql`` (query operation only; the endpoint is read-only).

Parsing the request follows the spec's three ways to send a query (§2.1):
GET with ``query=``, POST ``application/x-www-form-urlencoded`` and POST
``application/sparql-query``. ``default-graph-uri`` / ``named-graph-uri`` are read
from the URL on every method and, on a form POST, from the body too.

This view does no work that depends on the query's text: the text goes, with the
formats the client accepts, to a query worker process (ogpgraph.store.pool) that
applies the policy (ogpgraph.store.policy), has pyoxigraph parse and run it under
a time limit, without network access, and serialises the answer. With a remote
store, a worker checks the query and this process forwards it with the same
limits (ogpgraph.store.remote). GET without a query returns the Service
Description. Relative IRIs in a query resolve against the dataset's base IRI
(docs/sparql.md).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from flask import Blueprint, Response, request
from werkzeug.exceptions import BadRequest, Forbidden, UnsupportedMediaType

from ogpgraph.negotiate import (HTML, JSON_LD, RDF_REPRESENTATIONS, SPARQL_GRAPH, SPARQL_RESULTS, TURTLE, Representation,
                                choose)
from ogpgraph.service import service_description
from ogpgraph.store import serialise
from ogpgraph.store.pool import QueryRequest, QueryResult

from . import app_state
from .errors import not_acceptable
from .responses import ready

log = logging.getLogger(__name__)
bp = Blueprint("sparql", __name__)

# The service description: RDF, or the query page for browsers.
_SD_REPRESENTATIONS = (*(r for r in RDF_REPRESENTATIONS if r is not JSON_LD), HTML)  # JSON-LD: expanded
READ_ONLY = "SPARQL Update is not allowed: this endpoint is read-only"



def _run(query: QueryRequest) -> QueryResult:
    """The embedded store's queries run in the pool; a remote store's are checked there, then forwarded."""
    store = app_state.store()
    if store.kind != "remote":
        return app_state.query_pool().run(query)
    checked = app_state.query_pool().run(replace(query, check_only=True, known_graphs=frozenset(g.iri for g in store.graphs)))
    return store.run(query, checked)


def _read_request() -> tuple[str, list[str], list[str]]:
    """(query, default-graph-uri list, named-graph-uri list) per SPARQL 1.1 Protocol §2.1."""
    default = request.args.getlist("default-graph-uri")
    named = request.args.getlist("named-graph-uri")
    if request.method in ("GET", "HEAD"):
        if "update" in request.args:
            raise Forbidden(READ_ONLY)
        queries = request.args.getlist("query")
    else:
        mimetype = request.mimetype
        if mimetype == "application/x-www-form-urlencoded":
            form = request.form
            if "update" in form or "update" in request.args:
                raise Forbidden(READ_ONLY)
            queries = form.getlist("query")
            default += form.getlist("default-graph-uri")
            named += form.getlist("named-graph-uri")
        elif mimetype == "application/sparql-query":
            charset = request.mimetype_params.get("charset", "utf-8").lower()
            if charset not in ("utf-8", "utf8"):
                raise UnsupportedMediaType(f"send the query in UTF-8, not {charset}")
            try:
                queries = [request.get_data().decode("utf-8")]
            except UnicodeDecodeError as exc:
                raise BadRequest(f"the query is not valid UTF-8 ({exc})") from None
        elif mimetype == "application/sparql-update":
            raise Forbidden(READ_ONLY)
        else:
            raise UnsupportedMediaType(
                f"POST a query as application/x-www-form-urlencoded or application/sparql-query, "
                f"not {mimetype or 'a body without Content-Type'}")
    if len(queries) != 1:
        raise BadRequest("exactly one 'query' parameter is required" if queries else "missing 'query' parameter")
    return queries[0], default, named


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    if request.method in ("GET", "HEAD") and not {"query", "update"} & set(request.args):
        return _service_description()
    text, default_graphs, named_graphs = _read_request()
    accept = request.headers.get("Accept")
    forced = _forced_format(request.args.get("format"))
    if forced is not None:
        results, graph = forced
    elif request.method == "GET" and choose(accept, (*SPARQL_RESULTS, HTML)) is HTML:
        # A browser opening a shared /sparql?query=… link gets the query page, the query filled in
        # and run there (only when it ranks HTML above every result format: */* gets results)
        from .sparql_ui import page

        return page(text)
    else:
        results = choose(accept, SPARQL_RESULTS)
        # A graph query whose Accept names only result formats gets Turtle (as Fuseki does), not 406.
        graph = choose(accept, SPARQL_GRAPH, default=TURTLE)
    s = app_state.settings()
    result = _run(QueryRequest(text, results.extension if results else None, graph.extension,
                               tuple(default_graphs), tuple(named_graphs), s.max_result_bytes, s.base_iri))
    response = Response(result.body, 200, {"Content-Type": result.content_type})
    response.headers["Vary"] = "Accept"
    response.cache_control.no_cache = True
    return response


def _forced_format(name: str | None) -> tuple[Representation | None, Representation] | None:
    """``?format=srj|srx|csv|tsv`` (results) or ``ttl|nt|…`` (graphs): the answer's format whatever
    the Accept header says (links and the query page without JavaScript use it). Other values are
    left to the Accept header: clients such as SPARQLWrapper send their own (``format=json``)
    together with a matching Accept."""
    for r in SPARQL_RESULTS:
        if r.extension == name:
            return r, TURTLE
    for r in SPARQL_GRAPH:
        if r.extension == name:
            return None, r
    return None


def _service_description():
    chosen = choose(request.headers.get("Accept"), _SD_REPRESENTATIONS)
    # Browsers (text/html preferred over every RDF type) get the query page.
    if chosen is HTML:
        from .sparql_ui import page

        return page()
    if chosen is None:
        raise not_acceptable(_SD_REPRESENTATIONS, "the service description")
    cache = app_state.render_cache()

    def render() -> tuple[bytes, str]:
        minter = app_state.minter()
        triples = service_description(app_state.store(), str(minter.sparql_endpoint), str(minter.well_known_void),
                                      str(minter.fragments))
        return serialise(triples, chosen.rdf_format), chosen.content_type


    return ready(cache.get(("service-description", chosen.extension), render), ["Accept"])

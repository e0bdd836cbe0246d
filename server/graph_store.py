"""SPARQL 1.1 Graph Store HTTP Protocol at ``/rdf-graph-store``, read-only; and graph IRIs.

Indirect graph identification (GSP §4.2): ``?default`` names the default graph,
``?graph=IRI`` one named graph of the store (docs/dataset.md lists them). Only
GET and HEAD: the data is rebuilt from its source, never edited over HTTP, so
PUT, POST, DELETE and PATCH get 405 with ``Allow: GET, HEAD``.

The default graph here is the union of the *data* graphs (the built files,
``{base}graph/{file stem}``), the same triples as ``/download/ogpgraph.ttl``;
the ontology and the shapes are named graphs of their own. (The SPARQL
endpoint's default graph is wider: the union of every graph, these two
included.) Each graph is serialised once per data version and format
(``RenderCache``), with a strong ETag and 304s like every document here.

A named graph's own IRI (``{base}graph/{name}``, in the IRI ledger) dereferences too: the
same representations as ``?graph=IRI`` (direct graph identification, GSP §4.1), with
``Content-Location`` naming that address; a retired graph IRI answers 410 (server/tombstones.py).
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, request
from werkzeug.exceptions import BadRequest, MethodNotAllowed, NotFound

from ogpgraph.negotiate import JSON_LD, RDF_REPRESENTATIONS, Representation, choose, split_extension
from ogpgraph.rdf.namespaces import OUTPUT_PREFIXES
from ogpgraph.store import serialise

from . import app_state
from .errors import not_acceptable
from .responses import ready
from .tombstones import gone

bp = Blueprint("graph_store", __name__)

PATH = "/rdf-graph-store"
ALLOWED = "GET, HEAD"
# RDF only: no HTML page for a whole graph.
# JSON-LD stays expanded, as in the downloads (compacting a whole graph with pyld takes seconds).
OFFERED: tuple[Representation, ...] = tuple(r for r in RDF_REPRESENTATIONS if r is not JSON_LD)


# No automatic OPTIONS: the resource supports exactly GET and HEAD, and says so (Allow) to anything else.
@bp.route(PATH, methods=["GET"], provide_automatic_options=False)
def graph_store():
    graph = _requested_graph()
    representation = choose(request.headers.get("Accept"), OFFERED)
    if representation is None:
        raise _not_acceptable_rdf()
    rendered = app_state.render_cache().get(("graph-store", graph, representation.extension),
                            lambda: _render(graph, representation))
    return ready(rendered, ["Accept"])


@bp.get("/graph/<path:rest>")
def graph_iri(rest: str):
    """A named graph at its own IRI: its triples (negotiated, or by extension), 410 if retired."""
    stem, forced = split_extension(request.path.lstrip("/"))
    iri = app_state.settings().base_iri + stem
    retired = gone(iri, forced or choose(request.headers.get("Accept")))
    if retired is not None:
        return retired
    if app_state.store().graph(iri) is None:
        raise NotFound(f"no graph <{iri}> in this store")
    if forced is not None:
        representation = forced if forced in OFFERED else None  # no HTML page for a whole graph
    else:
        representation = choose(request.headers.get("Accept"), OFFERED)
    if representation is None:
        raise _not_acceptable_rdf()
    rendered = app_state.render_cache().get(("graph-store", iri, representation.extension),
                                            lambda: _render(iri, representation))
    response = ready(rendered, [] if forced else ["Accept"])
    response.headers["Content-Location"] = f"{PATH}?graph={iri}"
    return response


@bp.route(PATH, methods=["PUT", "POST", "DELETE", "PATCH", "OPTIONS"], provide_automatic_options=False)
def read_only():
    raise MethodNotAllowed(valid_methods=["GET", "HEAD"],
                           description=f"the graph store is read-only: {request.method} is not allowed, "
                                       f"only {ALLOWED}")


def _requested_graph() -> str | None:
    """None for ``?default``, else the IRI of a graph the store holds (400 / 404 otherwise)."""
    default = "default" in request.args
    graphs = request.args.getlist("graph")
    if default == bool(graphs) or len(graphs) > 1:
        raise BadRequest("give exactly one of '?default' or '?graph=IRI' (SPARQL 1.1 Graph Store Protocol §4.2)")
    if default:
        return None
    iri = graphs[0]
    if app_state.store().graph(iri) is None:
        known = ", ".join(f"<{g.iri}>" for g in app_state.store().graphs)
        raise NotFound(f"no graph <{iri}> in this store; its graphs are {known}")
    return iri


def _not_acceptable_rdf():
    return not_acceptable(OFFERED, "a graph")


def _triples(graph: str | None) -> list[ox.Triple]:
    store = app_state.store()
    publication = app_state.publication()
    if graph == store.graph_iri("ontology"):
        return publication.ontology.triples  # blank nodes labelled canonically: same bytes in every worker
    if graph == store.graph_iri("shapes") and publication.shapes is not None:
        return publication.shapes.triples
    names = [g.iri for g in store.data_graphs()] if graph is None else [graph]
    # A set: a statement in two data graphs is one triple of their union.
    triples = {q.triple for name in names for q in store.quads(name)}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _render(graph: str | None, representation: Representation) -> tuple[bytes, str]:
    # JSON-LD stays expanded, as in the downloads: compacting a whole graph with pyld takes seconds.
    body = serialise(_triples(graph), representation.rdf_format, OUTPUT_PREFIXES)
    return body, representation.content_type

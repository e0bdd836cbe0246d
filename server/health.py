"""``/health``: can this worker serve, from what store, with what data (for load balancers and operators);
``/health/version``: the data version alone, for the caching layer's key (ogpgraph/cache_proxy.py).

200 when the store answers and every graph holds triples; 503 with ``Retry-After`` and the
``problems`` in plain words otherwise (the store unreachable or too slow, not loaded, a graph
empty). ``warnings`` lists what does not stop this worker from answering: a dead query worker
(replaced before the next query runs) and query workers that can reach the network (where the
system cannot isolate them: docs/sparql.md). For a remote store the check is live (a small query with the
store time limit); ``store.data_version`` is what the store holds now, which differs
from ``data_version`` (what this worker serves) for a few seconds after a reload.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from ogpgraph.cache_proxy import EXPECT_HEADER, VERSION_HEADER

from ogpgraph.store.remote import RETRY_AFTER

from . import app_state

bp = Blueprint("health", __name__)


@bp.get("/health/version")
def version():
    """The data version this worker serves, and nothing else: asked by the caching layer (at most once a
    second) for its cache key (ogpgraph/cache_proxy.py). No store query: it answers while the store is down."""
    current = app_state.store().version
    return Response(current + "\n", 200, {"Content-Type": "text/plain; charset=utf-8", VERSION_HEADER: current,
                                          "Cache-Control": "no-store"})


@bp.after_app_request
def _not_stored_under_another_version(response: Response) -> Response:
    """An answer the caching layer keyed with another data version than this worker serves (a remote
    store mid-switch) must not be stored under it: ``no-store``. What it says is right, for this version."""
    expected = request.headers.get(EXPECT_HEADER)
    if expected is not None and expected != app_state.store().version:
        response.headers["Cache-Control"] = "no-store"
    return response


def _pool_warnings() -> list[str]:
    pool = app_state.started_query_pool()
    return pool.problems() if pool else []


@bp.get("/health")
def health():
    store = app_state.store()
    status = store.status()
    problems = status.problems
    ok = not problems
    described = {"kind": store.kind, "data_version": status.version}
    if store.kind == "remote":
        described["endpoint"] = store.endpoint
    body = {
        "status": "ok" if ok else "degraded",
        "data_version": store.version,
        "problems": problems,
        # Worth an operator's eye, not a reason to take the worker out of a load balancer.
        "warnings": store.warnings + _pool_warnings(),
        "store": described,
        # kind: "data" (a built file, part of the dataset), "ontology" or "shapes"
        "graphs": [{"iri": g.iri, "triples": g.triples, "kind": g.kind} for g in store.graphs],
    }
    response = jsonify(body)
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    if not ok:
        response.headers["Retry-After"] = str(RETRY_AFTER)
    return response

"""``/health``: is the store loaded, and with what data (for load balancers and operators)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    store = current_app.extensions["ogpgraph.store"]
    ok = bool(store.graphs) and all(g.triples > 0 for g in store.graphs)
    body = {
        "status": "ok" if ok else "degraded",
        "data_version": store.version,
        # kind: "data" (a built file, part of the dataset), "ontology" or "shapes"
        "graphs": [{"iri": g.iri, "triples": g.triples, "kind": g.kind} for g in store.graphs],
    }
    response = jsonify(body)
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response

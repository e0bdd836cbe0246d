"""The ogpgraph web service: a Flask app factory and its blueprints.

Views parse the request, negotiate, call the core (``ogpgraph.describe``,
``ogpgraph.store``) and respond; no RDF logic lives here. The store is opened
once in the factory and kept on the app.
"""

from __future__ import annotations

import logging

from flask import Flask, request

from ogpgraph.config import Settings
from ogpgraph.publish.description import LICENCE
from ogpgraph.publish.publication import publish
from ogpgraph.store import open_store

from . import app_state, metrics
from .availability import build_app
from .bodies import install as install_whole_bodies
from .errors import register_error_handlers
from .i18n import register_i18n
from .fragments import bp as fragments_bp
from .graph_store import bp as graph_store_bp
from .health import bp as health_bp
from .meta import bp as meta_bp
from .reconcile import bp as reconcile_bp
from .resources import bp as resources_bp
from .search import bp as search_bp
from .shacl import bp as shacl_bp
from .sparql import bp as sparql_bp
from .sparql_ui import bp as sparql_ui_bp
from .tombstones import bp as tombstones_bp

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app; ``settings`` default to ``Settings.from_env()``. With a remote store
    (``settings.store``) the app survives the store going away (server/availability.py)."""
    return build_app(settings or Settings.from_env(), _create_app)


def _create_app(settings: Settings) -> Flask:
    app = Flask(__name__)
    store = open_store(settings).load()
    # Downloads, VoID/DCAT and the ontology documentation: computed once per data version.
    app_state.install(app, settings, store, publish(store))
    register_i18n(app)
    app.jinja_env.globals["licence_url"] = LICENCE  # the site footer links the licence
    register_error_handlers(app)
    metrics.install(app, store.version)
    app.after_request(_cors)
    app.register_blueprint(resources_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(meta_bp)
    app.register_blueprint(sparql_bp)
    app.register_blueprint(sparql_ui_bp)
    app.register_blueprint(shacl_bp)
    app.register_blueprint(graph_store_bp)
    app.register_blueprint(fragments_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(reconcile_bp)
    app.register_blueprint(tombstones_bp)  # reads the retired IRIs; refuses any still in the data
    # Bodies over their route's limit are refused with 413 before any work is done, however they
    # are framed (a chunked body is read whole first: server/bodies.py).
    install_whole_bodies(app, settings)
    log.info("serving %s from %s", settings.base_iri, settings.store or settings.data_dir)
    return app


# What a cross-origin script may send: the negotiation and caching headers, and the body
# types of SPARQL and SHACL POSTs (which make the browser ask first, with a preflight).
_CORS_REQUEST_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since"


def _cors(response):
    """Read-only data, open to any origin (CORS), on every response.

    A preflight (OPTIONS with Access-Control-Request-Method) is answered from the route's own
    ``Allow`` header, so a browser may POST to /sparql or /shacl/validate and to nothing else.
    """
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "Content-Location, ETag, Link, Last-Modified, OGPGraph-Conforms"
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers and "Allow" in response.headers:
        response.headers["Access-Control-Allow-Methods"] = response.headers["Allow"]
        response.headers["Access-Control-Allow-Headers"] = _CORS_REQUEST_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"
    return response

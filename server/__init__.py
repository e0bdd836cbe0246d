"""The ogpgraph web service: a Flask app factory and its blueprints.

Views parse the request, negotiate, call the core (``ogpgraph.describe``,
``ogpgraph.store``) and respond; no RDF logic lives here. The store is opened
once in the factory and kept on the app.
"""

from __future__ import annotations

import logging

from flask import Flask

from ogpgraph.config import Settings
from ogpgraph.store.embedded import EmbeddedStore

from .errors import register_error_handlers
from .i18n import register_i18n
from .resources import bp as resources_bp

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app; ``settings`` default to ``Settings.from_env()``."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["OGPGRAPH"] = settings
    app.extensions["ogpgraph.store"] = EmbeddedStore(settings).load()
    register_i18n(app)
    register_error_handlers(app)
    app.register_blueprint(resources_bp)
    log.info("serving %s from %s", settings.base_iri, settings.data_dir)
    return app

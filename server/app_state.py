"""What the application holds for its views: one accessor each, and where each is set up.

``create_app`` (server/__init__.py) keeps the settings, the store, the publication and the
render cache on the app; blueprints that keep state of their own (the query pool, the search
index, the SHACL slots, the tombstones) set it up when registered. Views read all of it
through these functions, never through ``current_app`` keys or another blueprint's names.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app

from ogpgraph.config import Settings
from ogpgraph.iris import Minter
from ogpgraph.publish.publication import Publication
from ogpgraph.store import Store
from ogpgraph.store.pool import QueryPool

from . import metrics
from .cache import RenderCache, shared_renders

_SETTINGS = "OGPGRAPH"  # in app.config, as Flask's own settings are
_STORE, _PUBLICATION, _RENDER_CACHE = "ogpgraph.store", "ogpgraph.publication", "ogpgraph.cache"
_QUERY_POOL = "ogpgraph.pool"
_pool_lock = threading.Lock()


def install(app: Flask, settings: Settings, store: Store, publication: Publication) -> None:
    app.config[_SETTINGS] = settings
    app.extensions[_STORE] = store
    app.extensions[_PUBLICATION] = publication
    app.extensions[_RENDER_CACHE] = RenderCache(shared=shared_renders(settings.cache_dir, store.version))


def settings() -> Settings:
    return current_app.config[_SETTINGS]


def minter() -> Minter:
    """The IRIs under this deployment's base (``/id/…``, graphs, downloads, the endpoint)."""
    return Minter(settings().base_iri)


def store() -> Store:
    return store_of(current_app)


def store_of(app: Flask) -> Store:
    """The store of ``app`` outside a request (server/availability.py watches its data version)."""
    return app.extensions[_STORE]


def publication() -> Publication:
    """Downloads, the VoID/DCAT description, the ontology and shapes documents (one per data version)."""
    return current_app.extensions[_PUBLICATION]


def render_cache() -> RenderCache:
    """Rendered answers (pages, RDF documents), by key, bounded in bytes."""
    return render_cache_of(current_app)


def render_cache_of(app: Flask) -> RenderCache:
    """The render cache of ``app`` outside a request (server/prepare.py fills its shared tier)."""
    return app.extensions[_RENDER_CACHE]


def query_pool() -> QueryPool:
    """The SPARQL query workers, started on first use (unit tests that never query start none)."""
    with _pool_lock:
        pool = current_app.extensions.get(_QUERY_POOL)
        if pool is None:
            s = settings()
            pool = QueryPool(s, size=s.query_workers, timeout=s.query_timeout, queue_timeout=s.queue_timeout,
                             on_wait=metrics.observe_queue_wait)
            current_app.extensions[_QUERY_POOL] = pool
        return pool


def started_query_pool(app: Flask | None = None) -> QueryPool | None:
    """The query pool of ``app`` (default: the current one) if a query has started it: ``/health``
    reports on it and never starts it; tests and benchmarks close it."""
    return (app or current_app).extensions.get(_QUERY_POOL)

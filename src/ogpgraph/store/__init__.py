"""Where the graph is kept: the store interface (base.py) and its two implementations.

``open_store(settings)`` picks one: a remote SPARQL store when ``settings.store`` names
its query endpoint (``ogpgraph serve --store URL``), else the embedded pyoxigraph store.
"""

from __future__ import annotations

from ..config import Settings
from .base import GraphInfo, Store, StoreError, StoreNotLoaded, StoreStatus, StoreUnavailable, serialise

__all__ = ["GraphInfo", "Store", "StoreError", "StoreNotLoaded", "StoreStatus", "StoreUnavailable", "open_store",
           "serialise"]


def open_store(settings: Settings) -> Store:
    """The store ``settings`` asks for, not loaded yet (call ``.load()``)."""
    if settings.store:
        from .remote import RemoteStore

        return RemoteStore(settings)
    from .embedded import EmbeddedStore

    return EmbeddedStore(settings)

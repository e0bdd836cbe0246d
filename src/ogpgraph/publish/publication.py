"""The aggregate: everything the service publishes about the dataset, made when it is first needed.

It ties the parts together (downloads, statistics, description, ontology and shapes
documents); the parts never import it. The server keeps one :class:`Publication`
per app (``app.extensions["ogpgraph.publication"]``).
"""

from __future__ import annotations

import logging
import threading
import time

import pyoxigraph as ox

from ..store import Store
from .description import dataset_triples
from .downloads import Downloads, Dump
from .ontology import OntologyDocument, ontology_document
from .shapes import ShapesDocument, shapes_document
from .summary import DatasetSummary, summarise

log = logging.getLogger(__name__)


class Publication:
    """What the service publishes about the dataset. The ontology and shapes documents are made at
    start-up (small, and needed to serve their IRIs); the statistics, the downloads and the
    description that states their sizes are made on first use, once per process (the
    downloads once per machine), because their cost grows with the data."""

    def __init__(self, store: Store, ontology: OntologyDocument, shapes: ShapesDocument | None):
        self.store = store
        self.ontology = ontology
        self.shapes = shapes  # None: no shapes file was loaded
        self.downloads = Downloads(store, store.settings.cache_dir)
        self._lock = threading.Lock()
        self._summary: DatasetSummary | None = None
        self._dataset: list[ox.Triple] | None = None

    @property
    def summary(self) -> DatasetSummary:
        with self._lock:
            if self._summary is None:
                started = time.monotonic()
                self._summary = summarise(self.store)
                log.info("dataset: %d triples, %d entities (counted in %.1f s)", self._summary.triples,
                         self._summary.entities, time.monotonic() - started)
            return self._summary

    @property
    def dumps(self) -> dict[str, Dump]:
        return self.downloads.get()

    @property
    def dataset(self) -> list[ox.Triple]:
        """The VoID/DCAT description, with the downloads' sizes and checksums."""
        summary, dumps = self.summary, self.dumps
        with self._lock:
            if self._dataset is None:
                self._dataset = dataset_triples(summary, dumps)
            return self._dataset


def publish(store: Store) -> Publication:
    """The ontology and shapes documents now; statistics, downloads and description on first use."""
    return Publication(store, ontology_document(store), shapes_document(store))

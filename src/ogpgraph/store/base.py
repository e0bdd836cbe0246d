"""The store interface the service is written against, and what its implementations share.

Two implementations: :class:`~ogpgraph.store.embedded.EmbeddedStore` (pyoxigraph in
the process, the default) and :class:`~ogpgraph.store.remote.RemoteStore` (a SPARQL
1.1 store over HTTP: Oxigraph server, Virtuoso, Fuseki, QLever, GraphDB, Neptune).
Both hold the same named graphs (``{base}graph/{file stem}`` per built file, plus
``ontology`` and ``shapes``), present their union as the default graph, and answer
:meth:`Store.query` with pyoxigraph objects (solutions, a boolean, or triples), so the
code above them (``describe``, ``publish``, the server's views) does not know which
one it talks to.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox

from ..config import Settings
from ..iris import Minter

# Graphs that describe the data rather than hold it (not in the dataset, its counts or downloads).
SCHEMA_GRAPHS = ("ontology", "shapes")
# ``{base}graph/load``: what ``ogpgraph load`` put in a remote store (data version, contacts
# mode, graphs); private to the service, never one of the served graphs (store/record.py).
RECORD_GRAPH = "load"
RESERVED_GRAPHS = (*SCHEMA_GRAPHS, RECORD_GRAPH)


class StoreError(Exception):
    """The data cannot be loaded or a query cannot run."""


class StoreUnavailable(StoreError):
    """The remote store cannot answer now (down, too slow, overloaded): worth retrying later (503)."""


class StoreNotLoaded(StoreUnavailable):
    """The remote store answers but holds no data loaded by ``ogpgraph load`` for our base IRI."""


@dataclass(frozen=True)
class GraphInfo:
    iri: str
    source: Path  # the file it was loaded from (for a remote store: as recorded at load time)
    triples: int
    kind: str = "data"  # "data" (a built file), or one of SCHEMA_GRAPHS
    modified: datetime | None = None  # the source file's modification time


@dataclass(frozen=True)
class StoreStatus:
    problems: list[str]  # empty: nothing wrong
    version: str | None  # the data version the store holds now (None: unknown)


class Store(ABC):
    """A read-only store of our named graphs. Subclasses: ``load()`` fills ``graphs``,
    ``version`` and ``modified``; ``query()`` runs a SPARQL query over the union of the graphs."""

    kind = "store"  # "embedded" | "remote"

    def __init__(self, settings: Settings):
        self.settings = settings
        self.mint = Minter(settings.base_iri)
        self.graphs: list[GraphInfo] = []
        # Worth an operator's eye, not a reason to answer 503 (/health lists them): e.g. data that
        # carries no build record, so that nothing could check it was whole
        self.warnings: list[str] = []
        # A digest of what was loaded (files, base IRI, contacts mode): the same data gives
        # the same version in every worker, whichever store it reads.
        self.version = ""
        self.modified: datetime | None = None

    def graph_iri(self, name: str) -> str:
        return str(self.mint.graph(name))

    @abstractmethod
    def load(self) -> "Store":
        """Make the data available (embedded: read the files; remote: read the load record)."""

    @abstractmethod
    def query(self, sparql: str, substitutions: "dict[str, ox.Term] | None" = None):
        """Run a read-only query over the union of the graphs, with ``substitutions`` bound
        to variables: pyoxigraph ``QuerySolutions``, ``QueryBoolean`` or an iterable of ``Triple``."""

    @abstractmethod
    def quads(self, graph: str) -> list[ox.Quad]:
        """Every statement of the named graph ``graph``."""

    @abstractmethod
    def status(self) -> "StoreStatus":
        """What is wrong with the store now, and the data version it holds now (for ``/health``)."""

    def close(self) -> None:
        """Release what the store holds (connections, processes)."""

    def triples(self, construct: str, **bindings: str) -> list[ox.Triple]:
        """The triples of a CONSTRUCT query, with IRIs bound to variables."""
        result = self.query(construct, {k: ox.NamedNode(v) for k, v in bindings.items()})
        return sorted(result, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    def data_graphs(self) -> list[GraphInfo]:
        """The graphs of the built files: the dataset proper, without ontology and shapes."""
        return [g for g in self.graphs if g.kind == "data"]

    def graph(self, iri: str) -> GraphInfo | None:
        return next((g for g in self.graphs if g.iri == iri), None)

    def exists(self, iri: str) -> bool:
        return bool(self.query("ASK { { ?r ?p ?o } UNION { ?s ?p ?r } }", {"r": ox.NamedNode(iri)}))


def serialise(triples: list[ox.Triple], fmt: ox.RdfFormat, prefixes: "dict[str, str] | None" = None) -> bytes:
    """Triples → bytes in ``fmt`` (pyoxigraph's own serialisers)."""
    return ox.serialize(triples, format=fmt, prefixes=prefixes or {}) or b""

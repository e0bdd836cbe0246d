"""The load record: what ``ogpgraph load`` put into a remote store, kept in the store itself.

One statement in the private named graph ``{base}graph/load``::

    <{base}graph/load> <urn:ogpgraph:load-record> "{…JSON…}" .

The JSON holds the data version (the digest the embedded store computes from the
files, the base IRI and the contacts mode), the contacts mode the data was redacted
for, the base IRI, digests of the ontology and shapes files, and each graph with its
kind, triple count, content digest, source file and modification time.

Why in the store: every web worker, on any machine, reads the same record, so they
agree on the data version (and the ETags and ``/health`` built on it) without sharing
anything but the store; a worker refuses to serve data redacted for another contacts
mode than its own (``serve --contacts role`` on a store loaded with ``full`` would
publish what it promises to withhold); and ``load`` can tell which graphs are already
current (idempotence). The record is written in the same update as the graphs it
describes, so readers never see one without the other (store/loader.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox

from .base import GraphInfo

PREDICATE = "urn:ogpgraph:load-record"
FORMAT = 1  # bumped if the JSON changes incompatibly


@dataclass(frozen=True)
class RecordedGraph:
    iri: str
    kind: str
    triples: int
    digest: str  # sha256 of the graph's sorted N-Triples as loaded (after redaction)
    source: str  # file name it was built from
    modified: str  # the source file's modification time, ISO 8601

    def info(self) -> GraphInfo:
        return GraphInfo(self.iri, Path(self.source), self.triples, self.kind, datetime.fromisoformat(self.modified))


@dataclass(frozen=True)
class LoadRecord:
    version: str
    base_iri: str
    contacts: str
    ontology_sha256: str
    shapes_sha256: str  # "" when no shapes were loaded
    graphs: tuple[RecordedGraph, ...]
    loaded_at: str  # ISO 8601, UTC

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "version": self.version, "base_iri": self.base_iri,
                           "contacts": self.contacts, "ontology_sha256": self.ontology_sha256,
                           "shapes_sha256": self.shapes_sha256, "loaded_at": self.loaded_at,
                           "graphs": [g.__dict__ for g in self.graphs]}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "LoadRecord":
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"load record format {data.get('format')!r}, expected {FORMAT}: run 'ogpgraph load' again")
        graphs = tuple(RecordedGraph(**g) for g in data["graphs"])
        return cls(data["version"], data["base_iri"], data["contacts"], data["ontology_sha256"],
                   data["shapes_sha256"], graphs, data["loaded_at"])

    def graph(self, iri: str) -> RecordedGraph | None:
        return next((g for g in self.graphs if g.iri == iri), None)

    def triple(self, graph_iri: str) -> ox.Triple:
        """The record as the one statement of its graph."""
        return ox.Triple(ox.NamedNode(graph_iri), ox.NamedNode(PREDICATE), ox.Literal(self.to_json()))


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_query(graph_iri: str) -> str:
    """The query returning the record (one row, ``?record``), with ``graph_iri`` among the named graphs."""
    return f"SELECT ?record WHERE {{ GRAPH <{graph_iri}> {{ <{graph_iri}> <{PREDICATE}> ?record }} }}"

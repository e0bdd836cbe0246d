"""The whole-dataset downloads: their formats, writing them, and the cache that writes them once.

Every data graph, serialised *from the store* so that the contacts mode (which the
store applies at load) holds for the dumps too, into files under ``{base}download/``:
merged Turtle, gzipped N-Triples and JSON-LD for clients that want one graph; TriG
and gzipped N-Quads for clients that want the named graphs. Written once per data
version and per machine (:class:`Downloads`, with a file lock), byte-identical for
the same data.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..rdf.namespaces import OUTPUT_PREFIXES
from ..store import Store
from .shared import exclusively, replace_atomically, version_directory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DumpFormat:
    name: str            # the file name under {base}download/
    label: str
    media_type: str      # of the RDF itself (before compression)
    rdf_format: ox.RdfFormat
    named_graphs: bool   # quads (one graph per built file) or all graphs merged
    gzipped: bool
    file_type: str       # code in the EU file-type authority table (DCAT-AP dct:format)


DUMP_FORMATS: tuple[DumpFormat, ...] = (
    DumpFormat("ogpgraph.ttl", "Turtle", "text/turtle", ox.RdfFormat.TURTLE, False, False, "RDF_TURTLE"),
    DumpFormat("ogpgraph.nt.gz", "N-Triples (gzip)", "application/n-triples", ox.RdfFormat.N_TRIPLES,
               False, True, "RDF_N_TRIPLES"),
    DumpFormat("ogpgraph.jsonld", "JSON-LD", "application/ld+json", ox.RdfFormat.JSON_LD, False, False, "JSON_LD"),
    DumpFormat("ogpgraph.trig", "TriG", "application/trig", ox.RdfFormat.TRIG, True, False, "RDF_TRIG"),
    DumpFormat("ogpgraph.nq.gz", "N-Quads (gzip)", "application/n-quads", ox.RdfFormat.N_QUADS,
               True, True, "RDF_N_QUADS"),
)


@dataclass(frozen=True)
class Dump:
    format: DumpFormat
    path: Path   # the file, in the downloads directory of this data version
    size: int
    sha256: str

    @property
    def name(self) -> str:
        return self.format.name

    @property
    def content_type(self) -> str:
        """What the file is on the wire: a gzip file is served as one (not as Content-Encoding,
        which clients would silently undo, so the bytes would no longer match the checksum)."""
        if self.format.gzipped:
            return "application/gzip"
        return f"{self.format.media_type}; charset=utf-8"


def data_graphs(store: Store) -> list[str]:
    """The named graphs that make up the dataset: every built file, not the ontology or the shapes."""
    return [g.iri for g in store.data_graphs()]


def _quad_key(q: ox.Quad) -> tuple[str, str, str]:
    return (str(q.subject), str(q.predicate), str(q.object))


def _sorted_quads(store: Store, graphs: list[str]) -> Iterator[ox.Quad]:
    """Every quad, graph by graph (sorted by IRI), each graph's sorted: a stable order that
    never holds more than one graph in memory."""
    for graph in sorted(graphs):
        yield from sorted(store.quads(graph), key=_quad_key)


def _distinct_triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    """The triples of ``quads``, each once even when two graphs state it (the merged dumps)."""
    seen: set[bytes] = set()  # 16-byte digests, not the triples: a tenth of the memory
    for q in quads:
        key = hashlib.blake2b(str(q.triple).encode(), digest_size=16).digest()
        if key not in seen:
            seen.add(key)
            yield q.triple


def write_dumps(store: Store, directory: Path) -> dict[str, Dump]:
    """Write every download into ``directory`` (streamed: memory stays at about one graph) and
    return them with their sizes and SHA-256. Same data, same bytes (sorted statements, gzip
    without a timestamp or a file name), so every machine serving a version publishes the same checksums."""
    graphs = data_graphs(store)
    dumps = {}
    for fmt in DUMP_FORMATS:
        quads = _sorted_quads(store, graphs)
        statements = quads if fmt.named_graphs else _distinct_triples(quads)
        path = directory / fmt.name
        partial = path.with_name(f".{fmt.name}.{os.getpid()}.partial")
        with open(partial, "wb") as raw:
            # JSON-LD stays expanded (pyoxigraph's output): compacting the whole dataset with pyld
            # would hold it in memory, and a bulk dump is read by RDF tools anyway.
            # No timestamp and no file name in the gzip header: the partial file's name holds a PID
            out = (gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=6, mtime=0)
                   if fmt.gzipped else raw)
            with out if fmt.gzipped else contextlib.nullcontext():
                ox.serialize(statements, output=out, format=fmt.rdf_format, prefixes=OUTPUT_PREFIXES)
        digest = hashlib.sha256()
        with open(partial, "rb") as written:
            for chunk in iter(lambda: written.read(1 << 20), b""):
                digest.update(chunk)
        os.replace(partial, path)
        dumps[fmt.name] = Dump(fmt, path, path.stat().st_size, digest.hexdigest())
    return dumps


class Downloads:
    """The downloads of one data version, written once per machine, on first use.

    At start-up a worker only knows where they go: serialising the dataset five times is
    work for the first request that needs a download or its size (the dataset description),
    and for one process only. Workers and servers sharing the machine (and ``cache_dir``)
    share the files: the first takes a file lock and writes them with a manifest, the
    others wait for the lock and read the manifest. The directory is named by the data
    version, which changes with the data, the base IRI and the contacts mode.
    """

    def __init__(self, store: Store, cache_dir: Path):
        self.store = store
        self.directory = cache_dir / f"downloads-{store.version}"
        self._dumps: dict[str, Dump] | None = None
        self._lock = threading.Lock()

    def get(self) -> dict[str, Dump]:
        with self._lock:
            if self._dumps is None:
                self._dumps = self._load_or_write()
            return self._dumps

    def _load_or_write(self) -> dict[str, Dump]:
        version_directory(self.directory.parent, self.directory.name)
        with exclusively(self.directory):
            return self.read_or_write_holding_lock()

    def read_or_write_holding_lock(self) -> dict[str, Dump]:
        """The dumps, written first if need be; the caller holds the directory's lock (server/prepare.py
        takes it before the workers start, so that they wait for these files rather than write them)."""
        manifest = self.directory / "manifest.json"
        dumps = self._read_manifest(manifest)
        if dumps is None:
            started = time.monotonic()
            dumps = write_dumps(self.store, self.directory)
            entries = {d.name: {"size": d.size, "sha256": d.sha256} for d in dumps.values()}
            replace_atomically(manifest, json.dumps(entries, indent=1, sort_keys=True).encode())
            log.info("downloads written to %s in %.1f s: %s", self.directory, time.monotonic() - started,
                     ", ".join(f"{d.name} ({d.size} bytes)" for d in dumps.values()))
        return dumps

    def _read_manifest(self, manifest: Path) -> dict[str, Dump] | None:
        """The dumps a previous writer recorded, if all are there with the recorded sizes."""
        try:
            entries = json.loads(manifest.read_text())
        except (OSError, ValueError):
            return None
        dumps = {}
        for fmt in DUMP_FORMATS:
            entry, path = entries.get(fmt.name), self.directory / fmt.name
            if not isinstance(entry, dict) or not path.is_file() or path.stat().st_size != entry.get("size"):
                return None
            dumps[fmt.name] = Dump(fmt, path, entry["size"], entry["sha256"])
        return dumps

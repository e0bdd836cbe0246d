"""Rendered representations, kept as ready bytes for the life of a data version.

The data never changes while a worker runs, so a representation rendered once
can be served again as is: the per-request path becomes negotiation plus a
dictionary lookup. The cache is bounded in bytes (least recently used first out), so
neither a crawl of every representation nor a stream of made-up IRIs (each remembered
as "no such resource") can exhaust a worker's memory.

Behind each worker's memory, a tier on disk shared by every worker of the machine
(:class:`SharedRenders`, a directory per data version and code version under
``Settings.cache_dir``): what one worker rendered, the others read instead of rendering it
again, and so does the next start of the server on the same data. No worker warms up alone.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Hashable

import ogpgraph
from ogpgraph import paths
from ogpgraph.publish.shared import version_directory

from . import metrics

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendered:
    body: bytes
    content_type: str
    etag: str  # strong validator: a digest of the body


# What an entry costs beyond its body: the key, the dictionary slot, the Rendered object.
ENTRY_OVERHEAD = 512
DEFAULT_MAX_BYTES = 256_000_000  # per web worker: every representation of our dataset fits several times


DEFAULT_MAX_DISK_BYTES = 2_000_000_000  # what one worker may add to the shared tier


class SharedRenders:
    """Rendered bytes on disk, shared by the processes that serve one data version with one code.

    One file per key (its digest): the media type on the first line, then the body; written to a
    private name then renamed, so a reader sees a whole file or none. Absent answers ("no such
    resource") are not written: made-up IRIs cost memory in one worker, bounded there, not disk.
    Each process stops adding files once it has written ``max_bytes`` (made-up fragments and
    queries cannot fill the disk); what is there stays readable.
    """

    def __init__(self, directory: Path, max_bytes: int = DEFAULT_MAX_DISK_BYTES):
        self.directory = directory
        self.max_bytes = max_bytes
        self._written = 0
        self._warned = False
        self._lock = threading.Lock()

    def _path(self, key: Hashable) -> Path:
        digest = hashlib.sha256(repr(key).encode("utf-8", "backslashreplace")).hexdigest()
        return self.directory / digest[:2] / digest[2:]

    def read(self, key: Hashable) -> tuple[bytes, str] | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        content_type, newline, body = data.partition(b"\n")
        return (body, content_type.decode("ascii")) if newline else None

    def write(self, key: Hashable, body: bytes, content_type: str) -> None:
        with self._lock:
            if self._written + len(body) > self.max_bytes:
                return
            self._written += len(body)
        path = self._path(key)
        partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
        try:
            path.parent.mkdir(exist_ok=True)
            partial.write_bytes(content_type.encode("ascii") + b"\n" + body)
            os.replace(partial, path)
        except OSError as exc:  # a full or read-only disk: serve from memory; said once, not per rendering
            (log.debug if self._warned else log.warning)("cannot keep a rendering in %s: %s", self.directory, exc)
            self._warned = True
            partial.unlink(missing_ok=True)


RENDER_DIRECTORY = "render-{version}-{code}"


def code_version() -> str:
    """A digest of the code that renders (the server and the core, templates and strings included,
    and the example queries the SPARQL page lists): renderings of the same data by other code are
    other files."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        digest = hashlib.sha256()
        for root, suffixes in ((Path(__file__).parent, (".py", ".html")),
                               (Path(ogpgraph.__file__).parent, (".py", ".html")), (paths.QUERIES_DIR, (".rq",))):
            for path in sorted(p for p in root.rglob("*") if p.suffix in suffixes and p.is_file()):
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
        _CODE_VERSION = digest.hexdigest()[:12]
    return _CODE_VERSION


_CODE_VERSION: str | None = None


def shared_renders(cache_dir: Path, data_version: str) -> SharedRenders | None:
    """The shared tier of ``data_version`` under ``cache_dir`` (None, with a warning, if it cannot be used)."""
    try:
        return SharedRenders(version_directory(cache_dir, RENDER_DIRECTORY.format(version=data_version,
                                                                                  code=code_version())))
    except OSError as exc:
        log.warning("renderings are kept in each worker only: %s", exc)
        return None


class RenderCache:
    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, shared: SharedRenders | None = None):
        self.max_bytes = max_bytes
        self.shared = shared
        self._entries: OrderedDict[Hashable, Rendered | None] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def _cost(entry: "Rendered | None") -> int:
        return ENTRY_OVERHEAD + (len(entry.body) if entry is not None else 0)

    def get(self, key: Hashable, render: Callable[[], tuple[bytes, str] | None]) -> Rendered | None:
        """The cached rendering of ``key``, rendering it on first use (None = no such resource)."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                metrics.cache_lookup(hit=True)
                return self._entries[key]
        metrics.cache_lookup(hit=False)
        produced = self.shared.read(key) if self.shared is not None else None
        if produced is None:
            produced = render()
            if produced is not None and self.shared is not None:
                self.shared.write(key, *produced)
        entry = None
        if produced is not None:
            body, content_type = produced
            entry = Rendered(body, content_type, hashlib.sha256(body).hexdigest()[:32])
        cost = self._cost(entry)
        if cost > self.max_bytes:
            return entry  # served, not kept: it alone would fill the cache
        with self._lock:
            if key in self._entries:  # rendered meanwhile by another thread
                self._bytes -= self._cost(self._entries.pop(key))
            self._entries[key] = entry
            self._bytes += cost
            while self._bytes > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= self._cost(evicted)
        return entry

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        """What the entries cost now, by the same count as the bound."""
        return self._bytes

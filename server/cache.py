"""Rendered representations, kept as ready bytes for the life of a data version.

The data never changes while a worker runs, so a representation rendered once
can be served again as is: the per-request path becomes negotiation plus a
dictionary lookup. The cache is bounded in bytes (least recently used first out), so
neither a crawl of every representation nor a stream of made-up IRIs (each remembered
as "no such resource") can exhaust a worker's memory.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Hashable

from . import metrics


@dataclass(frozen=True)
class Rendered:
    body: bytes
    content_type: str
    etag: str  # strong validator: a digest of the body


# What an entry costs beyond its body: the key, the dictionary slot, the Rendered object.
ENTRY_OVERHEAD = 512
DEFAULT_MAX_BYTES = 256_000_000  # per web worker: every representation of our dataset fits several times


class RenderCache:
    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES):
        self.max_bytes = max_bytes
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
        produced = render()
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

"""Rendered representations, kept as ready bytes for the life of a data version.

The data never changes while a worker runs, so a representation rendered once
can be served again as is: the per-request path becomes negotiation plus a
dictionary lookup. Entries are bounded (LRU) so a crawl cannot exhaust memory.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Hashable


@dataclass(frozen=True)
class Rendered:
    body: bytes
    content_type: str
    etag: str  # strong validator: a digest of the body


class RenderCache:
    def __init__(self, maxsize: int = 4096):
        self.maxsize = maxsize
        self._entries: OrderedDict[Hashable, Rendered | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], tuple[bytes, str] | None]) -> Rendered | None:
        """The cached rendering of ``key``, rendering it on first use (None = no such resource)."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        produced = render()
        entry = None
        if produced is not None:
            body, content_type = produced
            entry = Rendered(body, content_type, hashlib.sha256(body).hexdigest()[:32])
        with self._lock:
            self._entries[key] = entry
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        return entry

    def __len__(self) -> int:
        return len(self._entries)

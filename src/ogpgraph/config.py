"""One settings object for the service; no settings are read at import time.

Defaults → environment variables prefixed ``OGPGRAPH_`` → explicit overrides
(the command line, or a test's config), in that order.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from . import paths
from .iris import DEFAULT_BASE_IRI, check_base_iri
from .model import CONTACT_MODES



# Field types as written in the annotations (strings, under `from __future__ import annotations`).
_CONVERT = {"Path": Path, "float": float, "int": int, "str": str,
            "bool": lambda raw: raw.strip().lower() in ("1", "true", "yes", "on")}


@dataclass(frozen=True)
class Settings:
    base_iri: str = DEFAULT_BASE_IRI
    data_dir: Path = paths.DATA_DIR
    ontology: Path = paths.ONTOLOGY
    # SHACL shapes, served at /def/shapes and loaded as {base}graph/shapes; skipped if the file is absent
    shapes: Path = paths.SHAPES
    # Retired IRIs, answered with 410 Gone (docs/iris.md); none may still be in the data
    retired_iris: Path = paths.RETIRED_IRIS
    contacts: str = "full"  # what contact details the service shows: full | role | none
    # SPARQL endpoint limits (each answered with a clear error when reached)
    query_timeout: float = 30.0  # seconds a query may run before its worker is killed
    query_workers: int = 2  # concurrent queries per web worker process
    # bytes a query may use beyond what its worker holds at start (413 past it; the worker is replaced).
    # 2 GB: 2 web workers x 2 query workers at the cap fit a 24 GiB machine with room to spare
    query_memory: int = 2_000_000_000
    queue_timeout: float = 5.0  # seconds a query may wait for a free query worker (then 503)
    max_request_bytes: int = 1_000_000  # request body (413 beyond), on every route but the one below
    # POST /shacl/validate: validators send whole datasets (ours is 2.2 MB of Turtle); the work is
    # bounded by validate_timeout and the validation process's memory cap, not by a small body limit
    max_validate_bytes: int = 50_000_000
    max_result_bytes: int = 50_000_000  # serialised result (413 beyond)
    # Query workers run in a network namespace of their own, so no query can open a connection
    # (store/sandbox.py): "auto" runs them unprotected (with a warning in the log)
    # where the system cannot isolate them; "required" refuses to answer queries there
    query_sandbox: str = "auto"
    validate_timeout: float = 20.0  # seconds a POST /shacl/validate may run before its process is killed (503)
    # A remote SPARQL 1.1 store (its query endpoint URL) instead of the embedded one; filled by
    # `ogpgraph load` (docs/deploy.md). Empty: each worker embeds its own pyoxigraph store.
    store: str = ""
    store_timeout: float = 10.0  # seconds the service waits for the remote store (then 503 + Retry-After)
    store_refresh: float = 10.0  # seconds between checks of the remote store's data version (rolling updates)
    # The remote store's default graph is the union of its named graphs, and it holds only what
    # `ogpgraph load` wrote: queries then name no graphs (fast however many graphs; docs/deploy.md)
    store_union: bool = False
    # Files written once per data version and shared by the workers of a machine (the downloads)
    cache_dir: Path = field(default_factory=lambda: Path(tempfile.gettempdir()) / f"ogpgraph-{os.getuid()}")

    def __post_init__(self) -> None:
        check_base_iri(self.base_iri)
        if self.contacts not in CONTACT_MODES:
            raise ValueError(f"contacts must be one of {', '.join(CONTACT_MODES)}, not {self.contacts!r}")
        for name in ("query_timeout", "query_workers", "query_memory", "queue_timeout", "max_request_bytes",
                     "max_validate_bytes", "max_result_bytes", "validate_timeout", "store_timeout", "store_refresh"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)!r}")
        if self.query_sandbox not in ("auto", "required"):
            raise ValueError(f"query_sandbox must be auto or required, not {self.query_sandbox!r}")
        if self.store and not self.store.startswith(("http://", "https://")):
            raise ValueError(f"store must be the http(s) URL of a SPARQL query endpoint, not {self.store!r}")

    @classmethod
    def from_env(cls, environ: "dict[str, str] | None" = None, **overrides: object) -> "Settings":
        """Defaults, then ``OGPGRAPH_<FIELD>`` variables, then ``overrides`` (None = not given)."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(f"OGPGRAPH_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _CONVERT.get(f.type, str)(raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

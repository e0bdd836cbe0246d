"""``ogpgraph load``: put the built graph into a remote SPARQL store, one named graph per file.

What is pushed is exactly what the embedded store would serve in the same contacts
mode: the files are loaded into an :class:`EmbeddedStore` first (which withholds contact
details for ``--contacts role|none``), then each of its graphs is sent as sorted
N-Triples. The load record (store/record.py) is written with them.

How, by what the store offers:

* Graph Store Protocol **and** SPARQL Update (the default for ``oxigraph serve``: /store
  and /update): each changed graph is PUT into a staging graph
  (``{base}graph/staging/{stem}``), then ONE update request moves every staging graph
  onto its target, drops graphs no longer built and rewrites the record. Stores run an
  update request as one transaction (Oxigraph, Fuseki, GraphDB, Neptune), so readers
  see the old data or the new, never a mix: this is how data rolls out without downtime.
* Graph Store Protocol only (or ``--per-graph``): each graph is PUT in place (a PUT replaces
  its graph; most stores do it in one transaction, but the graphs change one after the
  other), the record last. For large data: Oxigraph 0.5 did not finish the single move of
  2 million triples (100 synthetic plans) within 300 s, while PUTs graph by graph did
  (benchmarks/RESULTS.md, scale benchmark).
* SPARQL Update only: ``INSERT DATA`` into the staging graphs (in chunks), then the same
  single move as above.

Idempotent: a graph whose digest (sha256 of its sorted N-Triples) is the one the store's
record holds and whose triple count the store confirms is left alone; when nothing
changed, nothing is written. A store that cannot be reached raises
:class:`StoreUnavailable` (``ogpgraph load`` exits 2 with the reason).
"""

from __future__ import annotations

import hashlib
import logging
import urllib.parse
import urllib.request
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from urllib.error import HTTPError, URLError

import pyoxigraph as ox

from ..config import Settings
from ..iris import Minter
from .base import RECORD_GRAPH, StoreError, StoreUnavailable
from .embedded import EmbeddedStore
from .record import LoadRecord, RecordedGraph, file_digest
from .remote import RemoteStore

log = logging.getLogger(__name__)

# Triples per INSERT DATA request when loading without the Graph Store Protocol.
INSERT_CHUNK = 1000  # Virtuoso 7.2 runs out of parser memory at ~5000 triples per request


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str | None = None  # SPARQL 1.1 Update endpoint
    gsp: str | None = None  # SPARQL 1.1 Graph Store Protocol endpoint (indirect identification, ?graph=)


@dataclass
class LoadReport:
    endpoint: str
    version: str
    contacts: str
    method: str  # how the graphs were written (or "nothing to write")
    actions: list[tuple[str, str, int]] = field(default_factory=list)  # (replaced|unchanged|removed, iri, triples)

    @property
    def wrote(self) -> bool:
        return any(action != "unchanged" for action, _, _ in self.actions)

    def lines(self) -> list[str]:
        head = (f"store {self.endpoint}: data version {self.version}, contacts {self.contacts}"
                + ("" if self.wrote else ": already up to date, nothing written"))
        body = [f"  {action:<9} <{iri}>" + (f" ({n} triples)" if action != "removed" else "")
                for action, iri, n in self.actions]
        return [head, *body] + ([f"  written by {self.method}"] if self.wrote else [])


def push(settings: Settings, endpoints: Endpoints, force: bool = False, timeout: float = 300.0) -> LoadReport:
    """Load the built files of ``settings.data_dir`` into the remote store at ``endpoints``."""
    if not (endpoints.update or endpoints.gsp):
        raise StoreError("loading needs the store's Graph Store Protocol endpoint (--store-gsp), its SPARQL Update "
                         "endpoint (--store-update), or both (atomic)")
    local = EmbeddedStore(settings).load()
    remote = RemoteStore(settings, endpoints.query)
    old = remote.read_record()  # the first contact: StoreUnavailable here means "cannot reach the store"
    if old is not None and not force:
        if old.contacts != settings.contacts:
            raise StoreError(f"the store at {endpoints.query} holds data loaded with --contacts {old.contacts}: "
                             f"servers reading it serve that mode, and replacing it in place with --contacts "
                             f"{settings.contacts} data would change what they publish under them. Load "
                             "another store (docs/deploy.md), or pass --force")
        if old.base_iri != settings.base_iri:
            raise StoreError(f"the store at {endpoints.query} holds data for base IRI <{old.base_iri}>, not "
                             f"<{settings.base_iri}>: load another store, or pass --force")

    bodies: dict[str, bytes] = {}
    recorded: list[RecordedGraph] = []
    for g in local.graphs:
        body = _ntriples(local.quads(g.iri))
        bodies[g.iri] = body
        modified = (g.modified or datetime.now(timezone.utc)).isoformat()
        recorded.append(RecordedGraph(g.iri, g.kind, g.triples, hashlib.sha256(body).hexdigest(), g.source.name,
                                      modified))
    record = LoadRecord(local.version, settings.base_iri, settings.contacts, file_digest(settings.ontology),
                        file_digest(settings.shapes) if settings.shapes.is_file() else "", tuple(recorded),
                        datetime.now(timezone.utc).replace(microsecond=0).isoformat())

    live = remote.graph_counts([g.iri for g in recorded] + [g.iri for g in (old.graphs if old else ())])
    changed, unchanged = [], []
    for g in recorded:
        before = old.graph(g.iri) if old else None
        same = before is not None and before.digest == g.digest and live.get(g.iri, 0) == g.triples
        (unchanged if same and not force else changed).append(g)
    stale = [g for g in (old.graphs if old else ()) if record.graph(g.iri) is None]
    same_record = old is not None and replace(old, loaded_at="") == replace(record, loaded_at="")
    report = LoadReport(endpoints.query, record.version, record.contacts, "nothing to write")
    report.actions += sorted(("unchanged", g.iri, g.triples) for g in unchanged)
    if not changed and not stale and same_record:
        return report

    record_iri = remote.graph_iri(RECORD_GRAPH)
    writer = _Writer(endpoints, timeout)
    if endpoints.update:
        staging = {g.iri: _staging(settings, g.iri) for g in changed}
        for g in changed:
            writer.put(staging[g.iri], bodies[g.iri]) if endpoints.gsp else writer.insert(staging[g.iri], bodies[g.iri])
        swap = [f"DROP SILENT GRAPH <{g.iri}> ; MOVE SILENT GRAPH <{staging[g.iri]}> TO GRAPH <{g.iri}>"
                for g in changed]
        swap += [f"DROP SILENT GRAPH <{g.iri}>" for g in stale]
        swap += [f"DROP SILENT GRAPH <{record_iri}>",
                 f"INSERT DATA {{ GRAPH <{record_iri}> {{ {_ntriples_text([record.triple(record_iri)])} }} }}"]
        writer.update(" ;\n".join(swap))
        report.method = ("Graph Store Protocol PUT into staging graphs, then one atomic SPARQL Update"
                         if endpoints.gsp else "SPARQL Update (INSERT DATA into staging graphs, then one atomic move)")
    else:
        for g in changed:
            writer.put(g.iri, bodies[g.iri])
        for g in stale:
            writer.delete(g.iri)
        writer.put(record_iri, _ntriples_text([record.triple(record_iri)]).encode("utf-8"))
        report.method = "Graph Store Protocol PUT, graph by graph (not atomic across graphs)"
    report.actions += [("replaced", g.iri, g.triples) for g in changed] + [("removed", g.iri, 0) for g in stale]
    report.actions.sort(key=lambda a: a[1])

    after = remote.graph_counts([g.iri for g in changed])
    wrong = [f"<{g.iri}>: {after.get(g.iri, 0)} triples, not {g.triples}" for g in changed
             if after.get(g.iri, 0) != g.triples]
    if wrong:
        raise StoreError("the store does not hold what was loaded: " + "; ".join(wrong))
    return report


def _staging(settings: Settings, iri: str) -> str:
    return str(Minter(settings.base_iri).graph(f"staging/{iri.rsplit('/', 1)[-1]}"))


def _ntriples(quads: list[ox.Quad]) -> bytes:
    """The statements of one graph as sorted N-Triples: the same bytes for the same graph, blank
    nodes included (relabelled by RDF Dataset Canonicalization), hence a digest to compare loads by."""
    if any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(dataset)
    return _ntriples_text([q.triple for q in quads]).encode("utf-8")


def _ntriples_text(triples: list[ox.Triple]) -> str:
    return "".join(sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples))


class _Writer:
    """The few write requests loading needs, over plain HTTP (urllib), each with a time limit."""

    def __init__(self, endpoints: Endpoints, timeout: float):
        self.endpoints = endpoints
        self.timeout = timeout

    def put(self, graph: str, body: bytes) -> None:
        self._send("PUT", self._gsp_url(graph), body, "application/n-triples")

    def delete(self, graph: str) -> None:
        self._send("DELETE", self._gsp_url(graph), None, None, missing_ok=True)

    def update(self, text: str) -> None:
        body = urllib.parse.urlencode({"update": text}).encode("ascii")
        self._send("POST", self.endpoints.update, body, "application/x-www-form-urlencoded")

    def insert(self, graph: str, body: bytes) -> None:
        """Replace ``graph`` by ``body`` (N-Triples) with SPARQL Update: INSERT DATA in chunks; a graph
        with blank nodes in one request (a label means one node within a request only), as
        ``INSERT {…} WHERE {}``, which Virtuoso accepts blank nodes in (its INSERT DATA does not)."""
        lines = body.decode("utf-8").splitlines(keepends=True)
        self.update(f"DROP SILENT GRAPH <{graph}>")
        if any("_:" in line for line in lines):
            self.update(f"INSERT {{ GRAPH <{graph}> {{\n{''.join(lines)}}} }} WHERE {{}}")
            return
        for start in range(0, len(lines), INSERT_CHUNK):
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{''.join(lines[start:start + INSERT_CHUNK])}}} }}")

    def _gsp_url(self, graph: str) -> str:
        url = self.endpoints.gsp
        return f"{url}{'&' if '?' in url else '?'}graph={urllib.parse.quote(graph, safe='')}"

    def _send(self, method: str, url: str, body: bytes | None, content_type: str | None,
              missing_ok: bool = False) -> None:
        request = urllib.request.Request(url, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except HTTPError as exc:
            if missing_ok and exc.code == 404:
                return
            detail = " ".join(exc.read(500).decode("utf-8", "replace").split())
            if exc.code >= 500 or exc.code in (404, 429):
                raise StoreUnavailable(f"{method} {url} answered {exc.code} {exc.reason}: {detail}") from None
            raise StoreError(f"{method} {url} answered {exc.code} {exc.reason}: {detail}") from None
        except (URLError, OSError) as exc:
            raise StoreUnavailable(f"{method} {url}: {getattr(exc, 'reason', exc)}") from None

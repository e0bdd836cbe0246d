"""The embedded store: pyoxigraph, in memory, loaded from ``data/ttl/`` at start.

Each Turtle file becomes one named graph, ``{base}graph/{file stem}``, and the
ontology is loaded into ``{base}graph/ontology``; queries see the union of all
graphs as their default graph. The store is read-only once loaded: nothing in
this module runs an update after :meth:`EmbeddedStore.load`.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox

from ..config import Settings

log = logging.getLogger(__name__)

# Contact details withheld by `--contacts role`: names, e-mails, phones, and the
# people themselves (``ogp:person`` links and ``foaf:Person`` resources).
_WITHHOLD_ROLE = """
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
PREFIX ogp: <https://w3id.org/ogpgraph/def/ogp#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DELETE { GRAPH ?g { ?s ?p ?o } } WHERE {
  GRAPH ?g {
    { ?s ?p ?o . ?s a ogp:Contact . FILTER(?p IN (vcard:fn, vcard:hasEmail, vcard:hasTelephone, ogp:phone, ogp:person)) }
    UNION { ?s a foaf:Person . ?s ?p ?o }
  }
}
"""
_WITHHOLD_ALL = """
PREFIX ogp: <https://w3id.org/ogpgraph/def/ogp#>
DELETE { GRAPH ?g { ?s ?p ?o . ?c ?cp ?contact } } WHERE {
  GRAPH ?g { ?contact a ogp:Contact . { ?contact ?p ?o BIND(?contact AS ?s) } UNION { ?c ?cp ?contact } }
}
"""


class StoreError(Exception):
    """The data cannot be loaded or a query cannot run."""


@dataclass(frozen=True)
class GraphInfo:
    iri: str
    source: Path
    triples: int


class EmbeddedStore:
    """A read-only pyoxigraph store holding the built graph and the ontology."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = ox.Store()
        self.graphs: list[GraphInfo] = []
        self.version = ""  # a digest of what was loaded: same data, same version, in every worker
        self.modified: datetime | None = None

    def graph_iri(self, name: str) -> str:
        return f"{self.settings.base_iri}graph/{name}"

    def load(self) -> "EmbeddedStore":
        files = sorted(self.settings.data_dir.glob("*.ttl"))
        if not files:
            raise StoreError(f"no Turtle files in {self.settings.data_dir}: run 'ogpgraph build' first")
        sources = [(f.stem, f) for f in files] + [("ontology", self.settings.ontology)]
        digest = hashlib.sha256(f"{self.settings.base_iri}|{self.settings.contacts}".encode())
        for _, path in sources:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        self.version = digest.hexdigest()[:20]
        self.modified = datetime.fromtimestamp(max(p.stat().st_mtime for _, p in sources), timezone.utc)
        for name, path in sources:
            graph = ox.NamedNode(self.graph_iri(name))
            try:
                self.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph)
            except (OSError, SyntaxError, ValueError) as exc:
                raise StoreError(f"cannot load {path}: {exc}") from exc
        if self.settings.contacts == "role":
            self.store.update(_WITHHOLD_ROLE)
        elif self.settings.contacts == "none":
            self.store.update(_WITHHOLD_ALL)
        for name, path in sources:
            graph = ox.NamedNode(self.graph_iri(name))
            count = sum(1 for _ in self.store.quads_for_pattern(None, None, None, graph))
            self.graphs.append(GraphInfo(graph.value, path, count))
            log.info("loaded %s: %d triples into <%s>", path, count, graph.value)
        return self

    def query(self, sparql: str, substitutions: "dict[str, ox.NamedNode] | None" = None):
        """Run a read-only query over the union of the graphs."""
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        return self.store.query(sparql, use_default_graph_as_union=True, substitutions=subs)

    def triples(self, construct: str, **bindings: str) -> list[ox.Triple]:
        """The triples of a CONSTRUCT query, with IRIs bound to variables."""
        result = self.query(construct, {k: ox.NamedNode(v) for k, v in bindings.items()})
        return sorted(result, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    def exists(self, iri: str) -> bool:
        return bool(self.query("ASK { { ?r ?p ?o } UNION { ?s ?p ?r } }", {"r": ox.NamedNode(iri)}))


def serialise(triples: list[ox.Triple], fmt: ox.RdfFormat, prefixes: "dict[str, str] | None" = None) -> bytes:
    """Triples → bytes in ``fmt`` (pyoxigraph's own serialisers)."""
    return ox.serialize(triples, format=fmt, prefixes=prefixes or {}) or b""

"""The embedded store: pyoxigraph, in memory, loaded from ``data/ttl/`` at start.

N-Quads and TriG files in the directory keep the graph names they hold (docs/dataset.md).
Each Turtle file becomes one named graph, ``{base}graph/{file stem}`` (the
*data graphs*); the ontology is loaded into ``{base}graph/ontology`` and the
SHACL shapes, when their file exists, into ``{base}graph/shapes``. Queries see
the union of all graphs as their default graph. The store is read-only once loaded: nothing in
this module runs an update after :meth:`EmbeddedStore.load`.

``ogpgraph load`` also builds one of these to push into a remote store exactly what
the embedded store would serve (contacts withheld included): see store/loader.py.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime, timezone

import pyoxigraph as ox

from ..build_record import RECORD_NAME, RecordMismatch, check_files, check_triples, read_record
from ..config import Settings
from ..rdf.blank_nodes import tree_labels
from ..rdf.namespaces import sparql_prefixes
from .base import RESERVED_GRAPHS, SCHEMA_GRAPHS, GraphInfo, Store, StoreError, StoreStatus

log = logging.getLogger(__name__)

# Contact details withheld by `--contacts role`: names, e-mails, phones, and the
# people themselves (``ogp:person`` links and ``foaf:Person`` resources).
_WITHHOLD_ROLE = sparql_prefixes("vcard", "ogp", "foaf") + """
DELETE { GRAPH ?g { ?s ?p ?o } } WHERE {
  { GRAPH ?tg { ?s a ogp:Contact } GRAPH ?g { ?s ?p ?o }
    FILTER(?p IN (vcard:fn, vcard:hasEmail, vcard:hasTelephone, ogp:phone, ogp:person)) }
  UNION { GRAPH ?tg { ?s a foaf:Person } GRAPH ?g { ?s ?p ?o } }
}
"""
_WITHHOLD_ALL = sparql_prefixes("ogp") + """
DELETE { GRAPH ?g { ?s ?p ?o . ?c ?cp ?contact } } WHERE {
  GRAPH ?tg { ?contact a ogp:Contact }
  GRAPH ?g { { ?contact ?p ?o BIND(?contact AS ?s) } UNION { ?c ?cp ?contact } }
}
"""

# The literal values a contacts mode withholds, read before they are deleted: the
# source quotes (``oa:exact``) and description texts repeat them verbatim, so
# deleting the contact resources alone would still publish every name, e-mail
# and phone through the provenance graph.
_WITHHELD_VALUES = sparql_prefixes("vcard", "ogp", "foaf") + """
SELECT DISTINCT ?value WHERE {
  { ?c a ogp:Contact ; vcard:fn|ogp:phone|vcard:hasEmail ?value }
  UNION { ?person a foaf:Person ; foaf:name ?value }
}
"""
# E-mail addresses still published after withholding (the report's institutional
# mailbox, kept in every mode by design: see rdf/emit.py) stay readable in quotes.
_KEPT_EMAILS = sparql_prefixes("vcard") + "SELECT DISTINCT ?m WHERE { ?x vcard:hasEmail ?m }"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
REDACTED = "[…]"
# Data files that name their own graphs, besides the Turtle files (one graph each).
DATASET_FORMATS = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


class EmbeddedStore(Store):
    """A read-only pyoxigraph store holding the built graph and the ontology."""

    kind = "embedded"

    def __init__(self, settings: Settings):
        super().__init__(settings)
        self.store = ox.Store()

    def load(self) -> "EmbeddedStore":
        files = sorted(self.settings.data_dir.glob("*.ttl"))
        datasets = sorted(p for ext in DATASET_FORMATS for p in self.settings.data_dir.glob(f"*.{ext}"))
        if not files:
            raise StoreError(f"no Turtle files in {self.settings.data_dir}: run 'ogpgraph build' first")
        clash = [f for f in files if f.stem in RESERVED_GRAPHS]
        if clash:
            raise StoreError(f"{clash[0]}: a data file cannot be named like the graph <{self.graph_iri(clash[0].stem)}>")
        record = self._build_record(files)
        sources = [(f.stem, f) for f in files] + [("ontology", self.settings.ontology)]
        if self.settings.shapes.is_file():
            sources.append(("shapes", self.settings.shapes))
        else:
            log.warning("no SHACL shapes at %s: /def/shapes and <%s> are not served",
                        self.settings.shapes, self.graph_iri("shapes"))
        digest = hashlib.sha256(f"{self.settings.base_iri}|{self.settings.contacts}".encode())
        for path in datasets:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
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
            if record is not None and path.name in record:
                try:
                    check_triples(path, sum(1 for _ in self.store.quads_for_pattern(None, None, None, graph)), record)
                except RecordMismatch as exc:
                    raise StoreError(str(exc)) from None
        named = self._load_datasets(datasets)
        if self.settings.contacts != "full":
            withheld = [_plain(r["value"]) for r in self.store.query(_WITHHELD_VALUES, use_default_graph_as_union=True)]
            # "none" withholds everything "role" does (the people too), then the contacts themselves.
            self.store.update(_WITHHOLD_ROLE)
            if self.settings.contacts == "none":
                self.store.update(_WITHHOLD_ALL)
            self._redact_literals(withheld)
        self._label_blank_nodes()
        for iri, name, path in [(self.graph_iri(n), n, p) for n, p in sources] + [(i, "", p) for i, p in named]:
            graph = ox.NamedNode(iri)
            count = sum(1 for _ in self.store.quads_for_pattern(None, None, None, graph))
            kind = name if name in SCHEMA_GRAPHS else "data"
            modified = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
            self.graphs.append(GraphInfo(graph.value, path, count, kind, modified))
            log.info("loaded %s: %d triples into <%s>", path, count, graph.value)
        return self

    def _build_record(self, files: list) -> "dict | None":
        """The build record of the data directory, its files checked (StoreError if they differ);
        None, with a warning, for data that carries none."""
        try:
            record = read_record(self.settings.data_dir)
            if record is not None:
                check_files(self.settings.data_dir, record)
        except RecordMismatch as exc:
            raise StoreError(f"refusing to serve partial or altered data: {exc}") from None
        if record is None:
            warning = (f"{self.settings.data_dir} has no {RECORD_NAME}: the data was not built by "
                       "'ogpgraph build' here, so nothing checks that its files are whole")
            log.warning("%s", warning)
            self.warnings.append(warning)
        return record

    def _load_datasets(self, paths: list) -> list:
        """N-Quads and TriG files: each named graph they hold is loaded under its own IRI.

        (graph IRI, file) per graph. Used to serve data whose graphs have names of their own (the
        W3C protocol tests' ``http://kasei.us/…/data1.rdf``); our build writes Turtle only.
        """
        loaded: list = []
        taken = {g.value for g in self.store.named_graphs()} | {self.graph_iri(name) for name in RESERVED_GRAPHS}
        for path in paths:
            fmt = DATASET_FORMATS[path.suffix[1:]]
            try:
                names = {quad.graph_name for quad in ox.parse(path=str(path), format=fmt)}
                if ox.DefaultGraph() in names:
                    raise StoreError(f"{path}: every statement of an N-Quads or TriG data file must be in a "
                                     "named graph")
                clash = sorted(g.value for g in names if g.value in taken)
                if clash:
                    raise StoreError(f"{path}: the graph <{clash[0]}> is already another file's")
                self.store.bulk_load(path=str(path), format=fmt)
            except (OSError, SyntaxError, ValueError) as exc:
                raise StoreError(f"cannot load {path}: {exc}") from exc
            for graph in sorted(names, key=lambda g: g.value):
                taken.add(graph.value)
                loaded.append((graph.value, path))
        return loaded

    def _redact_literals(self, withheld: list[str]) -> None:
        """Replace withheld names, phones and any unpublished e-mail address in every literal by ``[…]``.

        The quotes are then no longer byte-exact copies of the source: in
        role/none mode that is the point (the line selectors still locate them).
        """
        kept = {_plain(r["m"]).lower() for r in self.store.query(_KEPT_EMAILS, use_default_graph_as_union=True)}
        values = sorted({v for v in withheld if v.strip()}, key=len, reverse=True)
        pattern = re.compile("|".join([re.escape(v) for v in values] + [_EMAIL]))

        def redact(match: re.Match) -> str:
            return match.group(0) if match.group(0).lower() in kept else REDACTED

        schema = {ox.NamedNode(self.graph_iri(name)) for name in SCHEMA_GRAPHS}
        changed = []
        for quad in self.store:
            obj = quad.object
            if isinstance(obj, ox.Literal) and quad.graph_name not in schema:
                text = pattern.sub(redact, obj.value)
                if text != obj.value:
                    new = ox.Literal(text, language=obj.language) if obj.language else ox.Literal(text, datatype=obj.datatype)
                    changed.append((quad, ox.Quad(quad.subject, quad.predicate, new, quad.graph_name)))
        for old, new in changed:
            self.store.remove(old)
            self.store.add(new)
        log.info("redacted withheld contact details in %d literals", len(changed))

    def _label_blank_nodes(self) -> None:
        """Give the blank nodes (OWL class expressions, SHACL lists) labels that depend on the data only.

        The parser labels them at random, differently in each worker: answers that show or order
        them (SPARQL results, Triple Pattern Fragments' pages) would then differ from one worker
        to the next. Left random, with a warning, where ``tree_labels`` cannot label them.
        """
        touching = [q for q in self.store if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]
        labels = tree_labels([q.triple for q in touching])
        if labels is None:
            warning = "blank nodes keep the parser's random labels (they do not form trees): answers that show them differ between workers"
            log.warning("%s", warning)
            self.warnings.append(warning)
            return
        for quad in touching:
            self.store.remove(quad)
            self.store.add(ox.Quad(labels.get(quad.subject, quad.subject), quad.predicate,
                                   labels.get(quad.object, quad.object), quad.graph_name))
        log.info("labelled %d blank nodes by their content", len(labels))

    def query(self, sparql: str, substitutions: "dict[str, ox.NamedNode] | None" = None):
        """Run a read-only query over the union of the graphs."""
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        return self.store.query(sparql, use_default_graph_as_union=True, substitutions=subs)

    def quads(self, graph: str) -> list[ox.Quad]:
        return list(self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def status(self) -> StoreStatus:
        problems = [f"the graph <{g.iri}> is empty" for g in self.graphs if g.triples == 0]
        return StoreStatus(problems if self.graphs else ["no graph is loaded"], self.version)


def _plain(term: "ox.NamedNode | ox.Literal") -> str:
    """A withheld value as it is written in the text: ``mailto:`` and ``tel:`` IRIs lose their scheme."""
    value = term.value
    for scheme in ("mailto:", "tel:"):
        if isinstance(term, ox.NamedNode) and value.startswith(scheme):
            return value[len(scheme):]
    return value

"""A remote SPARQL 1.1 store (Oxigraph server, Virtuoso, Fuseki, QLever, GraphDB, Neptune).

Queries go through SPARQLWrapper (the SPARQL 1.1 Protocol, POST, form-encoded) with a
time limit. The dataset of every query is named explicitly with the protocol's
``default-graph-uri`` and ``named-graph-uri`` parameters, one per graph of ours: the
default graph is then the union of our graphs (as in the embedded store) on any store,
whatever its own default-graph convention, and nothing else the store may hold is
visible. Answers are asked for in one canonical format (SPARQL JSON results, N-Triples)
and parsed with pyoxigraph, so callers get the same objects as from the embedded store.

What the store holds is described by the load record that ``ogpgraph load`` wrote
(store/record.py); :meth:`RemoteStore.load` reads it and refuses data loaded for another
base IRI, contacts mode, ontology or shapes than this server's.

Failures: a store that refuses connections, answers 5xx, or does not answer within
``Settings.store_timeout`` raises :class:`StoreUnavailable` (the server answers 503 with
``Retry-After``); nothing is cached about the failure, so the next request tries again
and service resumes by itself when the store is back.
"""

from __future__ import annotations

import ast
import http.client
import logging
import threading
import time
import warnings
from dataclasses import replace
from pathlib import Path
from urllib.error import HTTPError

import pyoxigraph as ox
from SPARQLWrapper import POST, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (EndPointInternalError, EndPointNotFound, QueryBadFormed,
                                            SPARQLWrapperException, Unauthorized, URITooLong)

from ..config import Settings
from ..rdf.namespaces import sparql_prefixes
from .base import RECORD_GRAPH, Store, StoreError, StoreNotLoaded, StoreStatus, StoreUnavailable
from .errors import (MalformedQuery, Overloaded, QueriesUnavailable, QueryError, QueryTimeout, QueryTooLong,
                     ResultTooLarge, StoreAnswerFailed)
from .policy import scan
from .pool import CheckedQuery, QueryRequest, QueryResult, serialise_result
from .record import LoadRecord, file_digest, read_query
from .substitute import substitute

log = logging.getLogger(__name__)

# What we ask the store for, by query form, and how to parse what it sends (by Content-Type).
_ACCEPT = {
    "SELECT": "application/sparql-results+json, application/sparql-results+xml;q=0.8",
    "ASK": "application/sparql-results+json, application/sparql-results+xml;q=0.8",
    "CONSTRUCT": "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8",
    "DESCRIBE": "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8",
}
_RESULT_PARSERS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML, "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
_GRAPH_PARSERS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
# The store's canonical encoding (JSON results, N-Triples) is wordier than most formats a
# client asks for, so the raw answer may be this many times the client's result limit.
RAW_FACTOR = 2
# Retry-After (seconds) when the store is down, slow or busy.
RETRY_AFTER = 5

_WITHHELD = {
    # Checked at start (role, none): a store loaded for another mode would publish what we withhold.
    "role": sparql_prefixes("vcard", "ogp", "foaf") + """
               ASK { { ?c a ogp:Contact ; ?p ?v FILTER(?p IN (vcard:fn, vcard:hasEmail, vcard:hasTelephone,
                                                              ogp:phone, ogp:person)) }
                     UNION { ?x a foaf:Person } }""",
    "none": sparql_prefixes("ogp", "foaf") + """
               ASK { { ?c a ogp:Contact } UNION { ?x a foaf:Person } }""",
}


class StoreTimeout(StoreUnavailable):
    """The store did not answer within the time limit."""


class StoreAnswerError(StoreError):
    """The store answered the query with an error (its status and message)."""

    def __init__(self, status: int, message: str):
        super().__init__(f"the store answered {status}: {message}")
        self.status = status
        self.message = message


class RemoteStore(Store):
    """Our named graphs in a SPARQL 1.1 store, read through its query endpoint."""

    kind = "remote"

    def __init__(self, settings: Settings, endpoint: str | None = None):
        super().__init__(settings)
        self.endpoint = endpoint or settings.store
        if not self.endpoint:
            raise StoreError("no remote store: give its query endpoint URL (--store)")
        self.record: LoadRecord | None = None
        # Public queries in flight in this process (the embedded store's worker count, same meaning).
        self._slots = threading.BoundedSemaphore(settings.query_workers)

    # -- loading -------------------------------------------------------------------------

    def load(self) -> "RemoteStore":
        record = self.read_record()
        if record is None:
            raise StoreNotLoaded(f"the store at {self.endpoint} holds no data loaded for <{self.settings.base_iri}> "
                                 f"(no load record in <{self.graph_iri(RECORD_GRAPH)}>): run 'ogpgraph load "
                                 f"--store {self.endpoint} --store-gsp … --store-update …' first")
        self.check_record(record)
        self.record = record
        # The ontology and shapes files are this server's own (their digests match the record's):
        # the documents served from them (the hand-written Turtle) read them.
        local = {"ontology": self.settings.ontology, "shapes": self.settings.shapes}
        self.graphs = [replace(g.info(), source=local.get(g.kind, Path(g.source))) for g in record.graphs]
        self.version = record.version
        self.modified = max((g.modified for g in self.graphs if g.modified), default=None)
        self._check_withheld()
        self.check_counts(record)  # after the withheld details, whose refusal says more
        log.info("remote store %s: data version %s, %d graphs, contacts %s", self.endpoint, self.version,
                 len(self.graphs), record.contacts)
        return self

    def read_record(self, timeout: float | None = None) -> LoadRecord | None:
        """The load record in the store, or None if there is none."""
        record_graph = self.graph_iri(RECORD_GRAPH)
        rows = list(self._run(read_query(record_graph), (), (record_graph,), timeout))
        if not rows:
            return None
        try:
            return LoadRecord.from_json(rows[0]["record"].value)
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"the load record in <{record_graph}> cannot be read ({exc}): run 'ogpgraph load' again") \
                from exc

    def graph_counts(self, graphs: list[str]) -> dict[str, int]:
        """Triples per named graph, as the store counts them now."""
        graphs = sorted(set(graphs))
        if not graphs:
            return {}
        rows = self._run("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", (), tuple(graphs))
        return {r["g"].value: int(r["n"].value) for r in rows}

    def check_counts(self, record: LoadRecord) -> None:
        """Refuse to serve a store that no longer holds what was loaded (a graph emptied or cut)."""
        live = self.graph_counts([g.iri for g in record.graphs])
        wrong = [f"<{g.iri}> holds {live.get(g.iri, 0)} triples, {g.triples} were loaded"
                 for g in record.graphs if live.get(g.iri, 0) != g.triples]
        if wrong:
            raise StoreError(f"the store at {self.endpoint} does not hold what 'ogpgraph load' wrote: "
                             + "; ".join(wrong[:5]) + ": run 'ogpgraph load' again")

    def check_record(self, record: LoadRecord) -> None:
        """Refuse to serve data loaded for another base IRI, contacts mode, ontology or shapes."""
        s = self.settings
        if record.base_iri != s.base_iri:
            raise StoreError(f"the store at {self.endpoint} was loaded for base IRI <{record.base_iri}>, "
                             f"not <{s.base_iri}>: serve it with --base-iri {record.base_iri}")
        if record.contacts != s.contacts:
            raise StoreError(
                f"the store at {self.endpoint} was loaded with --contacts {record.contacts}; this server was started "
                f"with --contacts {s.contacts}: start it with --contacts {record.contacts}, or load a store with "
                f"'ogpgraph load --contacts {s.contacts}'")
        if record.ontology_sha256 != file_digest(s.ontology):
            raise StoreError(f"the store at {self.endpoint} holds another ontology than {s.ontology}: "
                             "run 'ogpgraph load' with this version")
        shapes = file_digest(s.shapes) if s.shapes.is_file() else ""
        if record.shapes_sha256 != shapes:
            raise StoreError(f"the store at {self.endpoint} holds other SHACL shapes than {s.shapes}: "
                             "run 'ogpgraph load' with this version")

    def _check_withheld(self) -> None:
        """The record says role/none: check the data agrees (a store filled by other means might not)."""
        check = _WITHHELD.get(self.settings.contacts)
        if check and self.query(check):
            raise StoreError(f"the store at {self.endpoint} holds contact details that --contacts "
                             f"{self.settings.contacts} withholds: reload it with 'ogpgraph load --contacts "
                             f"{self.settings.contacts}'")

    # -- queries from the service ----------------------------------------------------------

    def _dataset(self) -> tuple[str, ...]:
        """The graphs every query names (as default-graph-uri and named-graph-uri): ours.

        Stores evaluate a default graph made of N named graphs pattern by pattern, graph by
        graph, so this costs in proportion to the number of graphs: with one plan per graph
        a lookup slowed from 15 ms (5 graphs) to 500 ms (200 graphs) on Oxigraph (scale
        benchmark). With ``store_union`` the store's own union default graph is used and no
        graph is named: the store must then hold nothing but what ``ogpgraph load`` wrote.
        """
        if self.settings.store_union:
            return ()
        return tuple(g.iri for g in self.graphs)

    def query(self, sparql: str, substitutions: "dict[str, ox.Term] | None" = None):
        text = substitute(sparql, substitutions or {})
        return self._run(text, self._dataset(), self._dataset())

    def quads(self, graph: str) -> list[ox.Quad]:
        name = ox.NamedNode(graph)
        triples = self._run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}", (), (graph,))
        return [ox.Quad(t.subject, t.predicate, t.object, name) for t in triples]

    def _run(self, text: str, default: tuple[str, ...], named: tuple[str, ...], timeout: float | None = None):
        form, body, content_type = self._send(text, default, named, timeout or self.settings.store_timeout)
        try:
            return _parse(form, body, content_type)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"the store's answer ({content_type}) cannot be parsed: {exc}") from exc

    # -- the public endpoint -----------------------------------------------------------------

    def run(self, request: QueryRequest, checked: CheckedQuery) -> QueryResult:
        """A public query, checked by the policy (``checked``: by a query worker), forwarded with our limits.

        The same contract as ``QueryPool.run``: the result serialised in the client's
        format (by pyoxigraph, as the embedded store would), ``QueryError`` otherwise.
        The store keeps running a query we stopped waiting for unless it enforces its
        own time limit: configure one (docs/deploy.md).
        """
        if not self._slots.acquire(timeout=self.settings.queue_timeout):
            raise Overloaded(f"all {self.settings.query_workers} query slots are busy; try again shortly")
        try:
            limit = request.max_bytes
            if checked.protocol_dataset or checked.info.has_dataset:
                default, named = checked.default_graphs, checked.named_graphs
            else:
                default = named = self._dataset()
            # Relative IRIs resolve against our base, whatever the store would use. Only when the
            # query has some: the store's error positions then stay right (line 1 shifts otherwise).
            text = request.query
            if request.base_iri and checked.info.relative_iris:
                text = f"BASE <{request.base_iri}> {text}"
            try:
                form, body, content_type = self._send(text, default, named, self.settings.query_timeout,
                                                      max_bytes=limit * RAW_FACTOR)
                result = _parse(form, body, content_type)
            except StoreTimeout:
                raise QueryTimeout(f"the query exceeded the {self.settings.query_timeout:g} s time limit "
                                   "and was abandoned") from None
            except StoreUnavailable as exc:
                raise QueriesUnavailable(f"the store is unavailable: {exc}; try again shortly") from None
            except _TooLarge:
                raise ResultTooLarge(f"the result is larger than the {limit}-byte limit") from None
            except StoreAnswerError as exc:
                raise _public_error(exc) from None
            except (SyntaxError, ValueError) as exc:
                raise StoreAnswerFailed(f"the store's answer cannot be read: {exc}") from None
            try:
                return serialise_result(result, request)
            except OverflowError as exc:
                raise ResultTooLarge(str(exc)) from None
        finally:
            self._slots.release()

    # -- health ------------------------------------------------------------------------------

    def status(self) -> StoreStatus:
        """Reachable, loaded, every graph non-empty; and the data version it holds now (a worker
        serving an older one switches within ``store_refresh`` seconds: not a problem)."""
        try:
            record = self.read_record()
        except StoreTimeout:
            return StoreStatus([f"the store at {self.endpoint} did not answer within "
                                f"{self.settings.store_timeout:g} s"], None)
        except StoreUnavailable as exc:
            return StoreStatus([f"the store at {self.endpoint} cannot be reached: {exc}"], None)
        except StoreError as exc:
            return StoreStatus([str(exc)], None)
        if record is None:
            return StoreStatus([f"the store at {self.endpoint} holds no data loaded by 'ogpgraph load' "
                                "(no load record)"], None)
        values = " ".join(f"<{g.iri}>" for g in self.graphs)
        try:
            empty = [r["g"].value for r in self._run(
                f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}",
                (), self._dataset())]
        except StoreError as exc:
            return StoreStatus([str(exc)], record.version)
        return StoreStatus([f"the graph <{g}> is empty in the store" for g in empty], record.version)

    # -- HTTP --------------------------------------------------------------------------------

    def _send(self, text: str, default: tuple[str, ...], named: tuple[str, ...], timeout: float,
              max_bytes: int | None = None) -> tuple[str, bytes, str]:
        """(query form, body, media type) of the store's answer to ``text``."""
        wrapper = SPARQLWrapper(self.endpoint)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)  # bodies have no length limit; GET URLs do
        wrapper.setOnlyConneg(True)  # no format=… parameters: some stores refuse unknown ones
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns on forms it cannot name
            wrapper.setQuery(text)
        # The form is read by our scan, which lexes as the engine does (comments, strings, IRIs),
        # not by SPARQLWrapper's guess: it took "# … addresses" in a comment for an ADD update.
        # Text without a query form is malformed: sent all the same, for the store's parser to say
        # why (a 400 with its message), as the engine does in-process.
        form = scan(text).form or "SELECT"
        if form not in _ACCEPT:
            raise StoreError(f"not a query the service sends: {text[:80]!r}")
        wrapper.queryType = form  # what makes SPARQLWrapper send it as query=, not update=
        wrapper.addCustomHttpHeader("Accept", _ACCEPT[form])
        for graph in default:
            wrapper.addParameter("default-graph-uri", graph)
        for graph in named:
            wrapper.addParameter("named-graph-uri", graph)
        wrapper.timeout = timeout  # not setTimeout(): it rounds down to whole seconds, 0.5 → no timeout
        deadline = time.monotonic() + timeout
        try:
            response = wrapper.query().response
            try:
                content_type = response.headers.get_content_type()
                body = _read(response, deadline, max_bytes)
            finally:
                response.close()
        except StoreError:
            raise
        except (QueryBadFormed, URITooLong) as exc:
            raise StoreAnswerError(400 if isinstance(exc, QueryBadFormed) else 414, _message(exc)) from None
        except EndPointInternalError as exc:
            message = _message(exc)
            if "timeout" in message.lower() or "timed out" in message.lower():
                raise StoreTimeout(f"the store stopped the query at its own time limit: {message}") from None
            raise StoreAnswerError(500, message) from None
        except (EndPointNotFound, Unauthorized) as exc:
            raise StoreUnavailable(f"{self.endpoint} answered {exc.msg.lower()}") from None
        except HTTPError as exc:  # other statuses: 502, 503, 504, 429, 403…
            raise StoreUnavailable(f"{self.endpoint} answered HTTP {exc.code} {exc.reason}") from None
        except SPARQLWrapperException as exc:
            raise StoreUnavailable(f"{self.endpoint}: {exc}") from None
        except TimeoutError:
            raise StoreTimeout(f"no answer from {self.endpoint} within {timeout:g} s") from None
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, DNS, URLError (wrapping a timeout too)
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise StoreTimeout(f"no answer from {self.endpoint} within {timeout:g} s") from None
            raise StoreUnavailable(f"cannot reach {self.endpoint}: {reason}") from None
        return form, body, content_type


class _TooLarge(StoreError):
    pass


def _read(response, deadline: float, max_bytes: int | None) -> bytes:
    """The response body, read in chunks under a total deadline and a size cap."""
    # The socket timeout bounds each read; shrinking it to what is left of the deadline
    # bounds the whole body too (a store trickling bytes cannot hold us past it).
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)
    chunks, size = [], 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise StoreTimeout("the store's answer took longer than the time limit")
        if response.isclosed():  # http.client closes it once the announced length is read
            return b"".join(chunks)
        if sock is not None:
            try:
                sock.settimeout(left)
            except OSError:  # already closed by http.client: the next read returns what is left
                sock = None
        chunk = response.read(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if max_bytes is not None and size > max_bytes:
            raise _TooLarge(f"more than {max_bytes} bytes")
        chunks.append(chunk)


def _parse(form: str, body: bytes, content_type: str):
    if form in ("SELECT", "ASK"):
        fmt = _RESULT_PARSERS.get(content_type)
        if fmt is None:
            raise ValueError(f"a {form} answer as {content_type!r} (expected SPARQL JSON or XML results)")
        return ox.parse_query_results(body, format=fmt)
    fmt = _GRAPH_PARSERS.get(content_type)
    if fmt is None:
        raise ValueError(f"a {form} answer as {content_type!r} (expected N-Triples, Turtle or RDF/XML)")
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]


def _message(exc: SPARQLWrapperException) -> str:
    """The store's own message, out of SPARQLWrapper's exception text (…Response:\\nb'…')."""
    text = str(exc)
    _, _, raw = text.partition("Response:\n")
    try:
        message = ast.literal_eval(raw).decode("utf-8", "replace") if raw else exc.msg
    except (ValueError, SyntaxError):
        message = raw or exc.msg
    message = " ".join(message.split())
    return message[:500] + ("…" if len(message) > 500 else "")


def _public_error(exc: StoreAnswerError) -> QueryError:
    if exc.status == 400:
        # The store's own parser judged it (the policy scan found nothing to refuse).
        return MalformedQuery(f"malformed query (the store's message): {exc.message}")
    if exc.status == 414:
        return QueryTooLong(f"the store refused the query as too long: {exc.message}")
    return StoreAnswerFailed(f"the store failed to answer the query: {exc.message}")

"""Public queries run in worker processes that can be killed.

pyoxigraph cannot cancel a running query from Python, so a timeout that only
stops *waiting* would leave the CPU burning. Each query runs in a child process
holding its own read-only copy of the store; when a query overruns its time
limit the child is killed (SIGKILL) and a fresh one started in its place, so
the work really stops and the other workers keep answering meanwhile.

The web process never runs a public query itself. It waits for an idle worker
for at most ``queue_timeout`` seconds, then answers "overloaded" (503).
"""

from __future__ import annotations

import io
import logging
import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph as ox

from ..config import Settings

log = logging.getLogger(__name__)

# Media type → pyoxigraph serialiser, per kind of result.
SOLUTION_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


class QueryError(Exception):
    """The query ran but failed (evaluation error, result too large…)."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class QueryTimeout(QueryError):
    status = 503


class Overloaded(QueryError):
    status = 503


@dataclass(frozen=True)
class QueryRequest:
    query: str
    media_type: str  # a key of SOLUTION_FORMATS or GRAPH_FORMATS
    default_graphs: tuple[str, ...] = ()  # empty: the union of all graphs
    named_graphs: tuple[str, ...] = ()  # empty: all graphs
    max_bytes: int = 50_000_000


@dataclass(frozen=True)
class QueryResult:
    body: bytes
    media_type: str


class Bounded(io.RawIOBase):
    """A write buffer that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int):
        super().__init__()
        self.buffer = bytearray()
        self.limit = limit

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(self.buffer) + len(data) > self.limit:
            raise OverflowError(f"the result is larger than the {self.limit}-byte limit")
        self.buffer += data
        return len(data)


def execute(store: ox.Store, request: QueryRequest) -> QueryResult:
    """Run one query on ``store`` and serialise its result (in the worker process)."""
    options: dict = {}
    if request.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    result = store.query(request.query, **options)
    out = Bounded(request.max_bytes)
    if isinstance(result, ox.QueryTriples):
        fmt = GRAPH_FORMATS[request.media_type]
    else:
        fmt = SOLUTION_FORMATS[request.media_type]
    result.serialize(out, format=fmt)
    return QueryResult(bytes(out.buffer), request.media_type)


def _worker_main(settings: Settings, conn: Connection) -> None:
    from .embedded import EmbeddedStore

    store = EmbeddedStore(settings).load().store
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the web process is gone: so are we
            return
        try:
            conn.send(("ok", execute(store, request)))
        except OverflowError as exc:
            conn.send(("error", (413, str(exc))))
        except (SyntaxError, ValueError, OSError, RuntimeError, KeyError) as exc:
            conn.send(("error", (400, f"query failed: {exc}")))


class _Worker:
    def __init__(self, settings: Settings, context: mp.context.BaseContext):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(settings, child), daemon=True,
                                       name="ogpgraph-query-worker")
        self.process.start()
        child.close()
        self._ready = False

    def wait_ready(self, timeout: float) -> None:
        if self._ready:
            return
        if not self.conn.poll(timeout):
            raise RuntimeError("query worker did not start in time")
        status, _ = self.conn.recv()
        self._ready = status == "ready"

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryPool:
    """A fixed number of killable query worker processes."""

    def __init__(self, settings: Settings, size: int = 2, timeout: float = 30.0, queue_timeout: float = 5.0,
                 start_timeout: float = 60.0):
        if size < 1:
            raise ValueError("the query pool needs at least one worker")
        self.settings = settings
        self.size = size
        self.timeout = timeout
        self.queue_timeout = queue_timeout
        self.start_timeout = start_timeout
        # "spawn": a clean interpreter, safe whatever threads the web process runs.
        self._context = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        for _ in range(size):
            worker = _Worker(settings, self._context)
            self._workers.append(worker)
            self._idle.put(worker)

    def run(self, request: QueryRequest) -> QueryResult:
        try:
            worker = self._idle.get(timeout=self.queue_timeout)
        except queue.Empty:
            raise Overloaded(f"all {self.size} query workers are busy; try again shortly") from None
        try:
            worker.wait_ready(self.start_timeout)
            worker.conn.send(request)
            if not worker.conn.poll(self.timeout):
                log.warning("query exceeded %.1f s; killing its worker (pid %s)", self.timeout, worker.process.pid)
                worker = self._replace(worker)
                raise QueryTimeout(f"the query exceeded the {self.timeout:g} s time limit and was stopped")
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            worker = self._replace(worker)
            raise QueryError(f"the query worker failed ({exc}); it has been restarted", 500) from exc
        finally:
            self._idle.put(worker)
        if status == "ok":
            return payload
        code, message = payload
        raise QueryError(message, code)

    def _replace(self, worker: _Worker) -> _Worker:
        worker.kill()
        fresh = _Worker(self.settings, self._context)
        with self._lock:
            self._workers = [w for w in self._workers if w is not worker] + [fresh]
        return fresh

    def close(self) -> None:
        with self._lock:
            for worker in self._workers:
                worker.kill()
            self._workers = []

"""Public queries run in worker processes that can be killed, and that cannot reach the network.

pyoxigraph cannot cancel a running query from Python, so a timeout that only
stops *waiting* would leave the CPU burning. Each query runs in a child process
holding its own read-only copy of the store; when a query overruns its time
limit the child is killed (SIGKILL) and a fresh one started in its place, so
the work really stops and the other workers keep answering meanwhile.

Everything that depends on the query's text happens in the worker, under that
time limit: the policy scan (store/policy.py), the dataset checks, parsing and
evaluation by pyoxigraph, serialisation. The web process only passes the text
on, so a huge or pathological query costs it nothing. Each worker first moves
into a network namespace of its own (store/sandbox.py): a SERVICE call the scan
missed still cannot connect anywhere. It dies with its web worker and runs at a
lower priority (ogpgraph.children), and its memory is capped (``query_memory``):
a worker that dies on a query is told apart by what it wrote last (memory, stack,
other), logged, and replaced.

The web process waits for an idle worker for at most ``queue_timeout`` seconds,
then answers "overloaded" (503). With a remote store the workers hold no data:
they only check queries (``QueryRequest.check_only``), which the web process
then forwards.
"""

from __future__ import annotations

import contextlib
import io
import logging
import multiprocessing as mp
import os
import queue
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph as ox

from ..config import Settings
from ..negotiate import EXPANDED, SPARQL_GRAPH, SPARQL_RESULTS, Representation
from ..rdf import jsonld
from .errors import (EngineCrashed, ForbiddenQuery, MalformedQuery, NoAcceptableFormat, Overloaded, QueriesUnavailable,
                     QueryError, QueryMemoryExceeded, QueryTimeout, ResultTooLarge, WorkerFailed, by_name)
from .policy import QueryInfo, check_dataset, scan

# Re-exported: the query errors lived here before store/errors.py.
__all__ = ["CheckedQuery", "Overloaded", "QueryError", "QueryPool", "QueryRequest", "QueryResult", "QueryTimeout",
           "execute", "serialise_result"]

log = logging.getLogger(__name__)

QUERY_STACK_BYTES = 1 << 30
MEMORY_MESSAGE = ("the query needed more memory than a query may use (--query-memory): it was stopped; "
                  "narrow it (a LIMIT does not help an ORDER BY over a cross product)")
# How a worker dies when pyoxigraph overflows its stack or aborts on a query.
_ENGINE_CRASHES = {signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS}
RESULTS_BY_EXTENSION = {r.extension: r for r in SPARQL_RESULTS}
GRAPH_BY_EXTENSION = {r.extension: r for r in SPARQL_GRAPH}


@dataclass(frozen=True)
class QueryRequest:
    query: str
    results: str | None  # extension of the SPARQL_RESULTS representation for SELECT/ASK (None: not acceptable)
    graph: str  # extension of the SPARQL_GRAPH representation for CONSTRUCT/DESCRIBE
    default_graphs: tuple[str, ...] = ()  # the protocol's default-graph-uri
    named_graphs: tuple[str, ...] = ()  # the protocol's named-graph-uri
    max_bytes: int = 50_000_000
    base_iri: str | None = None  # relative IRIs in the query resolve against it
    known_graphs: frozenset[str] = frozenset()  # the graphs FROM may name (check_only: the worker has no store)
    check_only: bool = False  # only apply the policy (remote stores run the query themselves)


@dataclass(frozen=True)
class QueryResult:
    body: bytes
    content_type: str


@dataclass(frozen=True)
class CheckedQuery:
    """A query the policy lets through, with the dataset it runs on (empty: the union of our graphs)."""

    info: QueryInfo
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    protocol_dataset: bool  # the dataset comes from default-graph-uri / named-graph-uri


def check(request: QueryRequest, known: set[str] | frozenset[str], sandboxed: bool) -> CheckedQuery:
    """Apply the policy to ``request``: raise ForbiddenQuery, UnknownGraph, MalformedQuery or
    NoAcceptableFormat, or say what dataset it reads.

    A query the scan refuses is first given to pyoxigraph on an empty store when this process
    cannot reach the network: a malformed one then gets the engine's 400, as any malformed
    query does, and only a well-formed one the policy's 403.
    """
    try:
        info = scan(request.query, request.base_iri)
    except ForbiddenQuery as exc:
        if sandboxed:
            problem = _syntax_error(request.query, request.base_iri, update="read-only" in exc.message)
            if problem:
                raise MalformedQuery(f"malformed query: {problem}") from None
        raise
    protocol = bool(request.default_graphs or request.named_graphs)
    default = request.default_graphs if protocol else info.default_graphs
    named = request.named_graphs if protocol else info.named_graphs
    check_dataset(default, known, "the default graph (FROM / default-graph-uri)")
    check_dataset(named, known, "the named graphs (FROM NAMED / named-graph-uri)")
    if info.form in ("SELECT", "ASK") and request.results is None:
        raise NoAcceptableFormat(f"a {info.form} query's results are offered as "
                                 f"{', '.join(r.media_type for r in SPARQL_RESULTS)}: the Accept header names none")
    return CheckedQuery(info, default, named, protocol)


def _syntax_error(text: str, base: str | None, update: bool) -> str | None:
    """pyoxigraph's syntax error for ``text`` (on an empty, throw-away store), or None if it parses."""
    try:
        if update:
            ox.Store().update(text, base_iri=base)
        else:
            ox.Store().query(text, base_iri=base)
    except SyntaxError as exc:
        return str(exc)
    except Exception:  # noqa: BLE001 - parsed, then failed to run (no network here): well-formed
        return None
    return None


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


def serialise_result(result, request: QueryRequest) -> QueryResult:
    """A pyoxigraph result (solutions, boolean, triples) in the representation the client chose."""
    out = Bounded(request.max_bytes)
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        if request.results is None:
            raise NoAcceptableFormat("the query's results are offered as "
                                     f"{', '.join(r.media_type for r in SPARQL_RESULTS)}: the Accept header names none")
        representation: Representation = RESULTS_BY_EXTENSION[request.results]
        result.serialize(out, format=representation.results_format)
    else:
        representation = GRAPH_BY_EXTENSION[request.graph]
        if representation.rdf_format is ox.RdfFormat.JSON_LD and representation.profile != EXPANDED:
            triples = list(result)
            raw = Bounded(request.max_bytes)
            ox.serialize(triples, raw, format=ox.RdfFormat.JSON_LD)
            out.write(jsonld.compact(bytes(raw.buffer)))
        else:
            ox.serialize(result, out, format=representation.rdf_format)
    return QueryResult(bytes(out.buffer), representation.content_type)


def execute(store: ox.Store, request: QueryRequest, known: set[str], sandboxed: bool = False) -> QueryResult:
    """Check, run and serialise one public query on ``store`` (in the worker process)."""
    checked = check(request, known, sandboxed)
    options: dict = {"base_iri": request.base_iri}
    if checked.protocol_dataset:
        # The protocol's parameters replace the query's FROM / FROM NAMED (SPARQL 1.1 Protocol §2.1.4).
        options["default_graph"] = [ox.NamedNode(g) for g in checked.default_graphs]
        options["named_graphs"] = [ox.NamedNode(g) for g in checked.named_graphs]
    elif not checked.info.has_dataset:
        options["use_default_graph_as_union"] = True
    try:
        result = store.query(request.query, **options)
        return serialise_result(result, request)
    except SyntaxError as exc:
        raise MalformedQuery(f"malformed query: {exc}") from None


def _worker_main(settings: Settings, conn: Connection, parent_pid: int | None = None,
                 stderr_path: str | None = None) -> None:
    from ..children import become_child
    from .embedded import EmbeddedStore
    from .sandbox import isolate_network

    if stderr_path:
        # What the engine says when it dies (Rust's "memory allocation of N bytes failed", "has
        # overflowed its stack") goes to a file the web process reads to say why (_Worker.why_dead).
        with open(stderr_path, "ab", buffering=0) as err:
            os.dup2(err.fileno(), 2)
    if parent_pid is not None:
        become_child(parent_pid)  # dies with its web worker, runs at a lower priority
    problem = isolate_network()  # first, while this process is still single-threaded
    if problem and settings.query_sandbox == "required":
        conn.send(("refused", f"query workers cannot be isolated from the network: {problem}"))
        return
    store = None if settings.store else EmbeddedStore(settings).load()
    known = {g.iri for g in store.graphs} if store else set()
    _cap_memory(settings.query_memory)
    conn.send(("ready", problem))
    # pyoxigraph parses and evaluates recursively: a deeply nested query (7,000 chained "+")
    # overflows the main thread's 8 MB stack and kills the process. Queries run in a thread
    # with a stack that deep nesting within the request size limit fits in (reserved, not used).
    threading.stack_size(QUERY_STACK_BYTES)
    runner = threading.Thread(target=_serve, args=(conn, store, known, problem is None), name="query")
    runner.start()
    runner.join()


def _cap_memory(query_memory: int) -> None:
    """Cap this process's address space: what it holds now (interpreter, store), the query thread's
    reserved stack, and ``query_memory`` bytes for a query's work. Past it, an allocation fails: in
    Python a MemoryError, in pyoxigraph an abort (the web process tells them apart: _Worker.why_dead)."""
    try:
        import resource

        with open("/proc/self/status") as status:
            size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
        cap = size + QUERY_STACK_BYTES + query_memory
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    except (ImportError, OSError, ValueError, StopIteration) as exc:  # not Linux
        log.warning("query workers run without a memory cap: %s", exc)


def _serve(conn: Connection, store, known: set[str], sandboxed: bool) -> None:
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the web process is gone: so are we
            return
        try:
            if request.check_only:
                conn.send(("ok", check(request, request.known_graphs, sandboxed)))
            else:
                conn.send(("ok", execute(store.store, request, known, sandboxed)))
        except QueryError as exc:
            conn.send(("error", (type(exc).__name__, exc.message)))
        except OverflowError as exc:
            conn.send(("error", (ResultTooLarge.__name__, str(exc))))
        except MemoryError:
            conn.send(("error", (QueryMemoryExceeded.__name__, MEMORY_MESSAGE)))
        except (SyntaxError, ValueError, OSError, RuntimeError, KeyError, TypeError) as exc:
            # pyoxigraph's evaluation errors (an unknown function, a SERVICE it could not reach…)
            conn.send(("error", (QueryError.__name__, f"query failed: {exc}")))


class _Worker:
    def __init__(self, settings: Settings, context: mp.context.BaseContext):
        self.conn, child = context.Pipe()
        handle, self.stderr_path = tempfile.mkstemp(prefix="ogpgraph-query-worker-", suffix=".stderr")
        os.close(handle)
        self.process = context.Process(target=_worker_main, args=(settings, child, os.getpid(), self.stderr_path),
                                       daemon=True, name="ogpgraph-query-worker")
        self.process.start()
        child.close()
        self._ready = False
        self.sandbox_problem: str | None = None  # why it can reach the network (None: it cannot)

    def wait_ready(self, timeout: float) -> None:
        if self._ready:
            return
        if not self.conn.poll(timeout):
            raise RuntimeError("query worker did not start in time")
        status, detail = self.conn.recv()
        if status == "refused":
            raise QueriesUnavailable(f"queries cannot be answered here: {detail}")
        self._ready = status == "ready"
        if detail:
            self.sandbox_problem = detail
            log.warning("query worker (pid %s) can reach the network: %s", self.process.pid, detail)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()
        with contextlib.suppress(OSError):
            os.unlink(self.stderr_path)

    def why_dead(self) -> tuple[str, str]:
        """(cause, the last lines it wrote) for a worker that died: "memory", "stack" or "other"."""
        self.process.join(timeout=2)
        try:
            with open(self.stderr_path, "rb") as err:
                err.seek(max(0, os.path.getsize(self.stderr_path) - 4000))
                tail = err.read().decode("utf-8", "replace")
        except OSError:
            tail = ""
        code = self.process.exitcode
        if "memory allocation of" in tail:
            return "memory", tail
        if "overflowed its stack" in tail or (code is not None and -code in _ENGINE_CRASHES):
            return "stack", tail
        return "other", tail


class QueryPool:
    """A fixed number of killable query worker processes."""

    def __init__(self, settings: Settings, size: int = 2, timeout: float = 30.0, queue_timeout: float = 5.0,
                 start_timeout: float = 60.0, on_wait: "Callable[[float], None] | None" = None):
        if size < 1:
            raise ValueError("the query pool needs at least one worker")
        self.settings = settings
        self.on_wait = on_wait  # told how long each query waited for a worker (the server's metrics)
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

    def run(self, request: QueryRequest) -> "QueryResult | CheckedQuery":
        """Run (or with ``check_only``, only check) ``request`` in an idle worker."""
        waited = time.monotonic()
        try:
            worker = self._idle.get(timeout=self.queue_timeout)
        except queue.Empty:
            raise Overloaded(f"all {self.size} query workers are busy; try again shortly") from None
        finally:
            if self.on_wait is not None:
                self.on_wait(time.monotonic() - waited)
        try:
            if not worker.process.is_alive():  # died since its last query (killed, crashed): replace it first
                log.warning("query worker (pid %s) died (exit %s); starting a new one", worker.process.pid,
                            worker.process.exitcode)
                worker = self._replace(worker)
            try:
                worker.wait_ready(self.start_timeout)
            except QueryError:
                worker = self._replace(worker)  # it refused to start (query_sandbox = required)
                raise
            worker.conn.send(request)
            if not worker.conn.poll(self.timeout):
                log.warning("query exceeded %.1f s; killing its worker (pid %s)", self.timeout, worker.process.pid)
                worker = self._replace(worker)
                raise QueryTimeout(f"the query exceeded the {self.timeout:g} s time limit and was stopped")
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            cause, tail = worker.why_dead()
            log.error("query worker (pid %s) died during a query (exit %s, %s): %s", worker.process.pid,
                      worker.process.exitcode, cause, " | ".join(tail.strip().splitlines()[-3:]) or "no message")
            worker = self._replace(worker)
            if cause == "memory":
                raise QueryMemoryExceeded(MEMORY_MESSAGE) from exc
            if cause == "stack":
                # pyoxigraph evaluates recursively: a query nested deeper than the worker's stack
                # (QUERY_STACK_BYTES) overflows it.
                raise EngineCrashed(
                    "the query engine crashed on this query (its stack overflowed): a query nested too deeply "
                    "for it does that; simplify the query (its worker has been restarted)") from exc
            raise WorkerFailed(f"the query worker failed ({exc}); it has been restarted") from exc
        finally:
            self._idle.put(worker)
        if status == "ok":
            return payload
        name, message = payload
        raise by_name(name, message)

    def problems(self) -> list[str]:
        """What is wrong with the pool now, in plain words (for ``/health``)."""
        with self._lock:
            workers = list(self._workers)
        out = [f"query worker pid {w.process.pid} is dead (exit {w.process.exitcode}); it is replaced on the "
               "next query" for w in workers if not w.process.is_alive()]
        if self.sandbox_problem:
            out.append(f"query workers can reach the network: {self.sandbox_problem}")
        return out

    @property
    def sandbox_problem(self) -> str | None:
        """Why some query worker can reach the network (None: none can, as far as is known yet)."""
        return next((w.sandbox_problem for w in self._workers if w.sandbox_problem), None)

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

"""Defence in depth: a query worker cannot reach the network even with the policy check removed.

The real worker (``store.pool._worker_main``) runs in a forked process whose policy scan is
replaced by one that lets everything through; a SERVICE query aimed at a local listener then
reaches pyoxigraph, which tries to connect, and the worker's network namespace (store/sandbox.py)
is all that stops it. A control worker with the sandbox removed too does connect: the listener
would see a connection if one were made.
"""

import multiprocessing as mp
import os
import time

import pytest

from ogpgraph.config import Settings
from ogpgraph.store import policy, pool, sandbox
from ogpgraph.store.pool import QueryRequest
from server import app_state


def _worker_without_policy(settings, conn, keep_sandbox: bool) -> None:
    pool.scan = lambda text, base=None: policy.QueryInfo("SELECT", (), ())  # no policy at all
    if not keep_sandbox:
        sandbox.isolate_network = lambda: "removed by the test"
    pool._worker_main(settings, conn)


def _ask(keep_sandbox: bool, query: str):
    context = mp.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_worker_without_policy, args=(Settings(), child, keep_sandbox), daemon=True)
    process.start()
    try:
        assert parent.poll(60), "the worker did not start"
        status, problem = parent.recv()
        assert status == "ready"
        parent.send(QueryRequest(query, "srj", "ttl"))
        assert parent.poll(30), "the worker did not answer"
        return problem, parent.recv()
    finally:
        process.kill()
        process.join(5)


@pytest.mark.parametrize("service", ["SERVICE", "SERVICE SILENT"])
def test_the_worker_cannot_connect_even_without_the_policy(listener, service):
    query = f"SELECT * WHERE {{ {service} <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    problem, answer = _ask(True, query)
    assert problem is None, f"the query worker is not isolated: {problem}"
    time.sleep(0.3)
    assert listener.connections == 0
    if service == "SERVICE":
        assert answer[0] == "error" and "unreachable" in answer[1][1].lower()


def test_control_without_the_sandbox_the_same_query_connects(listener):
    query = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    problem, _ = _ask(False, query)
    assert problem == "removed by the test"
    deadline = time.monotonic() + 5
    while listener.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert listener.connections >= 1


def test_isolation_is_checked_not_assumed():
    """In a fresh process: isolate, then prove 127.0.0.1 is unreachable."""
    context = mp.get_context("fork")
    parent, child = context.Pipe()

    def run(conn):
        conn.send(sandbox.isolate_network())

    process = context.Process(target=run, args=(child,))
    process.start()
    assert parent.poll(10)
    assert parent.recv() is None
    process.join(5)


def _worker_that_cannot_isolate(settings, conn) -> None:
    sandbox.isolate_network = lambda: "unshare(CLONE_NEWNET): EPERM (stand-in for a system that forbids it)"
    pool._worker_main(settings, conn)


@pytest.mark.parametrize("mode,expected", [("required", "refused"), ("auto", "ready")])
def test_where_isolation_is_impossible_required_refuses_and_auto_warns(mode, expected):
    context = mp.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_worker_that_cannot_isolate, args=(Settings(query_sandbox=mode), child),
                              daemon=True)
    process.start()
    try:
        assert parent.poll(60), "the worker did not start"
        status, detail = parent.recv()
        assert status == expected
        assert "EPERM" in detail  # the reason travels: refused, or logged with the ready message
    finally:
        process.kill()
        process.join(5)


def test_a_dead_query_worker_shows_in_health_and_is_replaced_before_the_next_query():
    """Killed between two queries (here by SIGKILL), a worker is named in /health's warnings,
    and the next query runs on a fresh one instead of failing with "Broken pipe"."""
    import signal

    from server import create_app

    app = create_app(Settings())
    client = app.test_client()
    ask = {"query": "ASK {}"}, {"Accept": "application/sparql-results+json"}
    assert client.get("/sparql", query_string=ask[0], headers=ask[1]).status_code == 200
    pool = app_state.started_query_pool(app)
    try:
        for worker in list(pool._workers):
            worker.wait_ready(60)
            os.kill(worker.process.pid, signal.SIGKILL)
            worker.process.join(5)
        warnings = client.get("/health").get_json()["warnings"]
        assert any("is dead" in w for w in warnings), warnings
        for _ in range(4):
            r = client.get("/sparql", query_string=ask[0], headers=ask[1])
            assert r.status_code == 200 and r.get_json()["boolean"] is True
        assert not any("is dead" in w for w in client.get("/health").get_json()["warnings"])
    finally:
        pool.close()

"""Overload of the SPARQL endpoint: every query worker is used, and when none frees up within
the queue timeout, the request gets 503 with ``Retry-After`` and a message that says so.

``ogpgraph serve`` runs gunicorn *gthread* workers with ``--query-workers + 2`` threads each:
a web worker takes as many queries at once as it has query workers, queues the next ones for
``--queue-timeout`` seconds, and keeps two threads for pages and ``/health``. The first test
shows it over HTTP on a real server with one web worker; the pool itself is then tested
in-process (real worker processes, real data, no stub), and through the real Flask app.

Every wait is bounded: the slow queries are killed at their time limit and every thread is
joined with a timeout, so each test ends within 30 s.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from ogpgraph.config import Settings
from ogpgraph.store.pool import Overloaded, QueryPool, QueryRequest
from server import app_state
from server.errors import status_for

# Every triple four times over: ~20 000^4 solutions, far beyond any time limit.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FAST = "ASK { ?s ?p ?o }"
JSON = "application/sparql-results+json"
QUERY_TIMEOUT = 3.0
QUEUE_TIMEOUT = 0.5


def test_every_query_worker_is_used_and_the_queue_times_out(start_server):
    url = start_server("--workers", "1", "--query-workers", "2", "--queue-timeout", "1",
                       "--query-timeout", "4")
    requests.get(url + "/sparql", params={"query": FAST}, headers={"Accept": JSON}, timeout=20)  # workers up

    def slow(delay: float) -> tuple[int, str, str | None, float]:
        time.sleep(delay)  # the third arrives when both query workers are busy
        start = time.monotonic()
        r = requests.get(url + "/sparql", params={"query": CARTESIAN}, headers={"Accept": JSON}, timeout=25)
        return r.status_code, r.text, r.headers.get("Retry-After"), time.monotonic() - start

    with ThreadPoolExecutor(3) as executor:
        running = [executor.submit(slow, delay) for delay in (0, 0, 0.5)]
        time.sleep(1)
        # Pages and /health keep their own threads while both query workers are busy
        started = time.monotonic()
        assert requests.get(url + "/health", timeout=5).status_code == 200
        health_seconds = time.monotonic() - started
        outcomes = [f.result(timeout=30) for f in running]
    for status, text, retry_after, _ in outcomes:
        assert status == 503, text
        assert retry_after is not None and int(retry_after) > 0
    timed_out = [o for o in outcomes if "time limit" in o[1]]
    refused = [o for o in outcomes if "time limit" not in o[1]]
    # Both query workers ran a query at once (each stopped at its own limit, 4 s)...
    assert len(timed_out) == 2 and all(3.5 < seconds < 10 for *_, seconds in timed_out), outcomes
    # ...and the third waited for one in the queue, then was refused: busy, after about a second
    assert len(refused) == 1 and "busy" in refused[0][1] and refused[0][3] < 3.5, refused
    assert health_seconds < 1, health_seconds
    # Afterwards the killed workers have been replaced: a quick query is answered.
    r = requests.get(url + "/sparql", params={"query": FAST}, headers={"Accept": JSON}, timeout=20)
    assert r.status_code == 200 and r.json()["boolean"] is True


@pytest.fixture
def pool():
    pool = QueryPool(Settings(), size=1, timeout=QUERY_TIMEOUT, queue_timeout=QUEUE_TIMEOUT)
    try:
        yield pool
    finally:
        pool.close()


def test_pool_refuses_a_query_when_its_only_worker_stays_busy(pool):
    # Warm up: the worker process has loaded the store and answers.
    assert b"true" in pool.run(QueryRequest(FAST, "srj", "ttl")).body
    outcome: dict[str, object] = {}

    def slow() -> None:
        try:
            pool.run(QueryRequest(CARTESIAN, "srj", "ttl"))
        except Exception as exc:  # noqa: BLE001 - recorded and checked below
            outcome["error"] = exc

    thread = threading.Thread(target=slow)
    thread.start()
    deadline = time.monotonic() + 5
    while pool._idle.qsize() and time.monotonic() < deadline:  # until the slow query holds the worker
        time.sleep(0.01)
    start = time.monotonic()
    with pytest.raises(Overloaded) as refused:
        pool.run(QueryRequest(FAST, "srj", "ttl"))
    waited = time.monotonic() - start
    thread.join(timeout=QUERY_TIMEOUT + 10)
    assert not thread.is_alive()
    assert QUEUE_TIMEOUT - 0.05 <= waited < QUEUE_TIMEOUT + 1.0, waited
    assert status_for(refused.value) == 503
    assert "busy" in refused.value.message
    assert "time limit" in str(outcome["error"])  # the slow query itself was stopped
    # The replaced worker serves again.
    assert b"true" in pool.run(QueryRequest(FAST, "srj", "ttl")).body


def test_app_answers_503_with_retry_after_when_no_query_worker_frees_up():
    from server import create_app

    app = create_app(Settings(query_workers=1, queue_timeout=QUEUE_TIMEOUT, query_timeout=QUERY_TIMEOUT))
    try:
        client = app.test_client()
        warm = client.get("/sparql", query_string={"query": FAST}, headers={"Accept": JSON})
        assert warm.status_code == 200
        pool = app_state.started_query_pool(app)
        slow_response = {}

        def slow() -> None:
            r = app.test_client().get("/sparql", query_string={"query": CARTESIAN}, headers={"Accept": JSON})
            slow_response["status"], slow_response["text"] = r.status_code, r.get_data(as_text=True)

        thread = threading.Thread(target=slow)
        thread.start()
        deadline = time.monotonic() + 5
        while pool._idle.qsize() and time.monotonic() < deadline:
            time.sleep(0.01)
        start = time.monotonic()
        r = client.get("/sparql", query_string={"query": FAST}, headers={"Accept": JSON})
        waited = time.monotonic() - start
        thread.join(timeout=QUERY_TIMEOUT + 10)
        assert not thread.is_alive()
        assert r.status_code == 503
        assert int(r.headers["Retry-After"]) > 0
        assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert "all 1 query workers are busy; try again shortly" in r.get_data(as_text=True)
        assert waited < QUEUE_TIMEOUT + 1.0, waited
        assert slow_response["status"] == 503 and "time limit" in slow_response["text"]
    finally:
        pool = app_state.started_query_pool(app)
        if pool is not None:
            pool.close()

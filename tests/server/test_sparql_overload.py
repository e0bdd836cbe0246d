"""Overload of the SPARQL endpoint: when no query worker frees up within the queue
timeout, the request gets 503 with ``Retry-After`` and a message that says so.

Why not (only) over a real server: ``ogpgraph serve`` runs gunicorn *sync*
workers, each handling one request at a time, and each web worker owns its own
``QueryPool``. A web worker therefore never has two queries competing for its
pool: with ``--query-workers 1`` its single query worker is busy only with the
request that worker is handling, and further concurrent requests wait in the
listen backlog (for a free *web* worker), not in the pool's queue. The
"all query workers are busy" 503 cannot arise over HTTP with this server; what
saturation produces there is waiting, then the query time limit (503 +
``Retry-After`` too). The first test shows exactly that on a real server.

The queue timeout itself is then tested in-process, on a real ``QueryPool``
(real worker processes, real data, no stub): with one worker busy on a slow
query, a second query is refused with ``Overloaded`` after ``queue_timeout``;
and through the real Flask app (test client, two threads), the same situation
answers 503, ``Retry-After`` and a clear message.

Every wait is bounded: the slow query is killed at its time limit and every
thread is joined with a timeout, so each test ends within 30 s.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from ogpgraph.config import Settings
from ogpgraph.store.pool import Overloaded, QueryPool, QueryRequest
from server.errors import status_for

# Every triple four times over: ~20 000^4 solutions, far beyond any time limit.
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FAST = "ASK { ?s ?p ?o }"
JSON = "application/sparql-results+json"
QUERY_TIMEOUT = 3.0
QUEUE_TIMEOUT = 0.5


def test_saturated_server_waits_then_stops_each_query_at_its_time_limit(start_server):
    url = start_server("--query-workers", "1", "--queue-timeout", str(QUEUE_TIMEOUT),
                       "--query-timeout", str(QUERY_TIMEOUT))
    web_workers = 2  # the fixture always starts 2 gunicorn workers
    concurrent = web_workers + 1  # more requests than web workers: one must wait for a free worker

    def slow() -> tuple[int, str, str | None, float]:
        start = time.monotonic()
        r = requests.get(url + "/sparql", params={"query": CARTESIAN}, headers={"Accept": JSON}, timeout=25)
        return r.status_code, r.text, r.headers.get("Retry-After"), time.monotonic() - start

    started = time.monotonic()
    with ThreadPoolExecutor(concurrent) as executor:
        outcomes = list(executor.map(lambda _: slow(), range(concurrent)))
    assert time.monotonic() - started < 25
    for status, text, retry_after, _ in outcomes:
        assert status == 503, text
        assert retry_after is not None and int(retry_after) > 0
        # The time limit, never "busy": a sync web worker's pool is never contended (see above).
        assert "time limit" in text, text
    # The request that found both web workers busy waited for one (backlog), then ran its own full time.
    assert max(seconds for *_, seconds in outcomes) > 2 * QUERY_TIMEOUT - 0.5
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
        pool = app.extensions["ogpgraph.pool"]
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
        pool = app.extensions.get("ogpgraph.pool")
        if pool is not None:
            pool.close()

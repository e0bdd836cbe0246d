"""A remote store that goes down, or stops answering, under a running server (issue 6, item 4).

Everything is real: an ``oxigraph serve`` process (killed with SIGKILL and restarted on
the same port and data directory), an ``ogpgraph serve --store`` gunicorn server, and
between them, for the "slow store" case, a TCP relay on 127.0.0.1 that can stop relaying
and hold connections open without a byte of answer, as a store stuck on a lock or a
dead network path would. What the clients must see:

* 503 with ``Retry-After`` and a message saying the store is unavailable, within the
  configured time limit (each request below has a client timeout just above it: a hang
  fails the test), never a 500 or a stack trace;
* ``/health`` 503, naming the problem;
* service back by itself when the store is, without restarting ogpgraph.

These tests start their own stores whatever ``OGPGRAPH_TEST_STORE`` says, so they run
once, in the embedded pass (see conftest.py).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time

import pytest
import requests
from oxigraph_server import OxigraphServer

from ogpgraph.ports import free_port

STORE_TIMEOUT = 2  # --store-timeout of the server under test
QUERY_TIMEOUT = 3  # --query-timeout
CLIENT_TIMEOUT = QUERY_TIMEOUT + 7  # a request hanging longer than this fails the test
# N-Triples: a representation `ogpgraph serve` does not prepare at start (server/prepare.py), so while
# the store is down this server has it only if it read it before (with a cache directory of its own)
C = "/id/fr/2021-2023/commitment/{}.nt"
TITLE_12 = "Renforcer l'engagement citoyen des jeunes"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


class Relay:
    """TCP relay 127.0.0.1:port → upstream; ``hang()`` makes new connections get no answer at all."""

    def __init__(self, upstream_port: int):
        self.upstream = upstream_port
        self.hanging = False
        self.held: list[socket.socket] = []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def hang(self) -> None:
        self.hanging = True

    def relay(self) -> None:
        self.hanging = False

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self.sock.accept()
            except OSError:
                continue
            if self.hanging:
                self.held.append(client)  # accepted, never read, never answered
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream), timeout=5)
            except OSError:
                client.close()
                continue
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:  # one side is done: end both directions; each pump closes the socket it reads
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            src.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join(timeout=2)
        self.sock.close()
        for s in self.held:
            s.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("faults") / "store").start()
    server.load()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def relay(store):
    r = Relay(store.port)
    yield r
    r.close()


@pytest.fixture(scope="module")
def url(tmp_path_factory, serve_process, relay):
    """An ogpgraph server reading the store through the relay, with a cache directory of its own."""
    cache = tmp_path_factory.mktemp("faults-cache")
    cache.chmod(0o700)
    env = pytest.MonkeyPatch()
    env.setenv("OGPGRAPH_CACHE_DIR", str(cache))
    try:
        with serve_process(tmp_path_factory.mktemp("faults-server"), "--store", f"http://127.0.0.1:{relay.port}/query",
                           "--store-timeout", str(STORE_TIMEOUT), "--query-timeout", str(QUERY_TIMEOUT)) as u:
            yield u
    finally:
        env.undo()


def get(url: str, path: str, **kwargs) -> requests.Response:
    return requests.get(url + path, timeout=CLIENT_TIMEOUT, **kwargs)


def sparql(url: str) -> requests.Response:
    return get(url, "/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})


def assert_unavailable(r: requests.Response, *words: str) -> None:
    assert r.status_code == 503, (r.status_code, r.text[:300])
    assert int(r.headers["Retry-After"]) > 0
    assert "Traceback" not in r.text and 'File "' not in r.text
    for word in words:
        assert word in r.text, (word, r.text[:300])


def wait_until_served(url: str, path: str, seconds: float = 30) -> requests.Response:
    """Poll ``path`` until it answers 200 (the server recovering by itself), at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        r = get(url, path)
        if r.status_code == 200 or time.monotonic() > deadline:
            return r
        time.sleep(0.5)


def test_store_killed_then_restarted(url, store):
    assert get(url, C.format(12)).status_code == 200
    assert sparql(url).status_code == 200

    store.stop(kill=True)  # SIGKILL: the store crashes
    try:
        # An IRI no worker has rendered yet must be read from the store: it cannot be.
        assert_unavailable(get(url, C.format(13)), "store", "unavailable")
        assert_unavailable(sparql(url), "store")
        health = get(url, "/health")
        assert_unavailable(health)
        assert health.json()["status"] == "degraded"
        assert any("cannot be reached" in p for p in health.json()["problems"]), health.json()
    finally:
        store.start()  # same port, same data directory

    # Back without restarting ogpgraph: every worker, page, query and /health.
    r = wait_until_served(url, C.format(13))
    assert r.status_code == 200 and "commitment/13" in r.text
    assert TITLE_12 in get(url, C.format(12)).text
    assert sparql(url).json()["results"]["bindings"][0]["n"]["value"].isdigit()
    for _ in range(4):  # both web workers
        health = get(url, "/health")
        assert health.status_code == 200 and health.json()["problems"] == []


def test_store_that_never_answers(url, relay):
    assert get(url, C.format(20)).status_code == 200
    relay.hang()
    try:
        assert_unavailable(get(url, C.format(21)), f"within {STORE_TIMEOUT} s")
        # The public endpoint has its own limit, the query time limit.
        assert_unavailable(sparql(url), "time limit")
        health = get(url, "/health")
        assert_unavailable(health)
        assert any(f"did not answer within {STORE_TIMEOUT} s" in p for p in health.json()["problems"])
    finally:
        relay.relay()
    r = wait_until_served(url, C.format(21))
    assert r.status_code == 200 and "commitment/21" in r.text
    assert get(url, "/health").json()["status"] == "ok"


def test_serve_refuses_to_start_without_its_store():
    dead = f"http://127.0.0.1:{free_port()}/query"
    result = subprocess.run([sys.executable, "-m", "ogpgraph", "serve", "--port", str(free_port()), "--store", dead],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "cannot serve from the store" in result.stderr and "cannot reach" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_worker_started_while_the_store_is_down_serves_once_it_is_up(tmp_path):
    """gunicorn stops for good if a worker fails to boot: one that starts while the store is
    down must come up anyway, answer 503, and serve as soon as the store answers."""
    from ogpgraph.config import Settings
    from server import create_app
    from server.availability import RETRY_INTERVAL

    later = OxigraphServer(tmp_path / "later")  # not started yet
    app = create_app(Settings(store=later.query, store_timeout=STORE_TIMEOUT))
    client = app.test_client()
    r = client.get(C.format(12))
    assert r.status_code == 503 and int(r.headers["Retry-After"]) > 0
    assert "cannot reach" in r.get_data(as_text=True)
    health = client.get("/health")
    assert health.status_code == 503 and health.get_json()["status"] == "unavailable"
    with later:
        later.load()
        time.sleep(RETRY_INTERVAL)
        r = client.get(C.format(12))
        assert r.status_code == 200, r.get_data(as_text=True)[:300]
        assert TITLE_12 in r.get_data(as_text=True)
        assert client.get("/health").get_json()["status"] == "ok"

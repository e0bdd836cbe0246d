"""Real ogpgraph servers (gunicorn, 2 workers) on 127.0.0.1 for the HTTP tests.

``server_url``: the default server (``ogpgraph serve`` with no options), one per session.
``start_server(*args)``: a factory for servers with other options, e.g.
``start_server("--contacts", "role")``; servers with the same arguments are shared
for the session and all are stopped at its end.

The same suites run against a remote store when ``OGPGRAPH_TEST_STORE`` says which
(``make test`` runs them twice):

* unset or ``embedded``: every server embeds its store (the default);
* ``oxigraph``: a real ``oxigraph serve`` process per contacts mode, filled by
  ``ogpgraph load --contacts MODE``; every server gets ``--store`` (the one of its
  ``--contacts`` mode), and apps built in the test process with ``create_app()`` read
  the ``full`` one (``OGPGRAPH_STORE``);
* ``external``: stores started and loaded by someone else (benchmarks/virtuoso.py), their
  query URLs by contacts mode in ``OGPGRAPH_TEST_STORE_URLS`` (JSON); a mode without one
  skips its tests.

A few tests are about the embedded store's own machinery and are skipped against a
remote store (``EMBEDDED_ONLY`` below, each with its reason).
"""

import contextlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ogpgraph.ports import free_port
from server.front import nginx_binary


def _import_helper(name: str):
    """A module of tests/ by its file (tests/ on sys.path would make tests/server shadow `server`)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parents[1] / f"{name}.py")
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


OxigraphServer = _import_helper("oxigraph_server").OxigraphServer  # also importable by the tests from here on

START_TIMEOUT = 90  # seconds to the first answer (a new data version is prepared first: ~10 s, more under load)
STORE = os.environ.get("OGPGRAPH_TEST_STORE", "") or "embedded"
if STORE not in ("embedded", "oxigraph", "external"):
    raise pytest.UsageError(f"OGPGRAPH_TEST_STORE must be embedded, oxigraph or external, not {STORE!r}")
REMOTE = STORE != "embedded"

# Tests of the embedded store's machinery: skipped in the remote pass, with why.
EMBEDDED_ONLY = {
    "test_sparql.py::test_timeout_stops_the_work_and_others_keep_being_served":
        "measures that OUR killed query process stops burning CPU; with a remote store the query runs in "
        "the store, which must enforce its own time limit (docs/deploy.md; oxigraph 0.5 does not stop an "
        "aggregate at --timeout-s)",
    "test_sparql_overload.py::test_every_query_worker_is_used_and_the_queue_times_out":
        "its never-ending aggregate queries would keep the store's CPU busy for the rest of the session: "
        "oxigraph 0.5 stops neither an aggregate nor a query whose client hung up (the remote time limit "
        "itself: test_remote_faults.py, with a store that never answers)",
    "test_sparql_overload.py::test_pool_refuses_a_query_when_its_only_worker_stays_busy":
        "a unit test of the embedded store's QueryPool",
    "test_sparql_overload.py::test_app_answers_503_with_retry_after_when_no_query_worker_frees_up":
        "drives the embedded store's QueryPool in-process (the remote store's 503s: test_remote_faults.py)",
    "test_sparql.py::test_a_huge_expression_is_answered_or_stopped_at_the_time_limit":
        "oxigraph serve (0.5) itself stops answering after a 7,000-term expression (its parser recurses; "
        "docs/deploy.md): the remote store's limit, not ours",
    "test_sparql.py::test_a_query_that_crashes_the_engine_is_a_clear_400_and_the_server_goes_on":
        "the same query would abort the remote oxigraph serve itself (its parser recurses; docs/deploy.md)",
    "test_sparql.py::test_a_query_over_the_memory_cap_is_413_and_the_others_go_on":
        "caps OUR query workers' memory; with a remote store the query runs in the store (and oxigraph 0.5 "
        "would keep computing it for the rest of the session)",
    "test_w3c_syntax.py":
        "measures our front door on the embedded engine, whose verdicts and messages it lists by test id; a "
        "remote store answers with its own",
    "test_w3c_evaluation.py":
        "serves its own data directory (our data plus the suites' graphs); the remote pass's stores hold our data only",
    "test_w3c_protocol.py":
        "serves its own data directory (our data plus the manifest's graphs); the remote pass's stores hold our data only",
    "test_orphans.py":
        "its never-ending query would keep the remote store's CPU busy for the rest of the session (oxigraph 0.5 "
        "does not stop a query whose client hung up)",
    "test_sandbox.py":
        "the embedded query workers' network namespace (a remote store runs queries itself)",
    "test_prepare.py":
        "starts its own embedded server with a cache directory of its own: run once, in the embedded pass",
    "test_cache_proxy.py":
        "starts its own servers on its own data (a reload is a restart on other data): run once, in the embedded pass",
    "test_remote_faults.py":
        "starts and kills its own oxigraph stores whatever OGPGRAPH_TEST_STORE says: run once, in the embedded pass",
}


def pytest_collection_modifyitems(config, items):
    if not REMOTE:
        return
    for item in items:
        test = "/" + item.nodeid.split("[")[0]  # without parameters: path::name
        module = test.split("::")[0]
        for key, reason in EMBEDDED_ONLY.items():
            if test.endswith("/" + key) or module.endswith("/" + key):
                item.add_marker(pytest.mark.skip(reason=f"embedded store only: {reason}"))


def _contacts_mode(args: tuple[str, ...]) -> str:
    return args[args.index("--contacts") + 1] if "--contacts" in args else "full"


@pytest.fixture(scope="session")
def remote_store(tmp_path_factory):
    """Factory: ``remote_store(contacts_mode) -> query URL`` of a store loaded in that mode (remote passes only)."""
    urls: dict[str, str] = {}
    if STORE == "external":
        urls.update(json.loads(os.environ.get("OGPGRAPH_TEST_STORE_URLS", "{}")))
    with contextlib.ExitStack() as stack:
        def get(mode: str) -> str:
            if mode not in urls:
                if STORE == "external":
                    pytest.skip(f"no external store loaded with --contacts {mode} (OGPGRAPH_TEST_STORE_URLS)")
                server = stack.enter_context(OxigraphServer(tmp_path_factory.mktemp("oxigraph") / mode))
                server.load("--contacts", mode)
                urls[mode] = server.query
            return urls[mode]

        yield get


@pytest.fixture(scope="session", autouse=True)
def _in_process_apps_use_the_remote_store(remote_store):
    """In a remote pass, ``create_app()`` in this process reads the remote store too (``OGPGRAPH_STORE``)."""
    if not REMOTE:
        yield
        return
    url = remote_store("full")
    previous = os.environ.get("OGPGRAPH_STORE")
    os.environ["OGPGRAPH_STORE"] = url
    yield
    if previous is None:
        os.environ.pop("OGPGRAPH_STORE", None)
    else:
        os.environ["OGPGRAPH_STORE"] = previous



def missing(reason: str) -> None:
    """A tool a test needs is not installed: skip, except under make or CI, where it must be there."""
    if os.environ.get("MAKELEVEL") or os.environ.get("CI"):
        pytest.fail(reason + "; under make or CI it must be there", pytrace=False)
    pytest.skip(reason)


def stop_process(proc: subprocess.Popen, grace: float = 10) -> None:
    """Ask ``proc`` to stop, and kill it if it has not within ``grace`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def nginx() -> str:
    """Debian's nginx (nginx-light, `make system-deps` as root): the front of `ogpgraph serve` and the caching layer."""
    path = nginx_binary()
    if path is None:
        missing("nginx not found (Debian: nginx-light, installed by `make system-deps` as root)")
    return path


@contextlib.contextmanager
def running_server(log_dir: Path, *args: str, port: int | None = None) -> Iterator[str]:
    """``python -m ogpgraph serve *args`` on ``port`` (default: a free one); yields its base URL, stops it after."""
    port = port or free_port()
    # The access log goes to a file: a pipe nobody reads would fill up and block the server.
    log_path = log_dir / "server.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ogpgraph", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", "2", *args],
            stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    pytest.fail(f"server {' '.join(args)} exited early:\n{log_path.read_text()}")
                try:
                    requests.get(url + "/health", timeout=2).close()
                    break
                except requests.RequestException:  # not listening yet, or too busy to answer
                    time.sleep(0.2)
            else:
                pytest.fail(f"server {' '.join(args)} did not start within {START_TIMEOUT} s")
            yield url
        finally:
            stop_process(proc)


@pytest.fixture(scope="session")
def start_server(tmp_path_factory, remote_store):
    """Factory: ``start_server(*args) -> url`` of a running ``ogpgraph serve *args``
    (``--store`` added in a remote pass: see the module docstring)."""
    servers: dict[tuple[str, ...], str] = {}
    with contextlib.ExitStack() as stack:
        def start(*args: str) -> str:
            if args not in servers:
                log_dir = tmp_path_factory.mktemp("server")
                store = ("--store", remote_store(_contacts_mode(args))) if REMOTE else ()
                servers[args] = stack.enter_context(running_server(log_dir, *args, *store))
            return servers[args]

        yield start


@pytest.fixture(scope="session")
def server_url(start_server):
    return start_server()


@pytest.fixture(scope="session")
def serve_process():
    """``running_server(log_dir, *args)`` as is (no ``--store`` added), for tests that manage a server's lifetime."""
    return running_server


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop = True
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()

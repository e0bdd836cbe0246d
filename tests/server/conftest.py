"""Real ogpgraph servers (gunicorn, 2 workers) on 127.0.0.1 for the HTTP tests.

``server_url``: the default server (``ogpgraph serve`` with no options), one per session.
``start_server(*args)``: a factory for servers with other options, e.g.
``start_server("--contacts", "role")``; servers with the same arguments are shared
for the session and all are stopped at its end.
"""

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

START_TIMEOUT = 30  # seconds for a server to answer its first request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(log_dir: Path, *args: str) -> Iterator[str]:
    """``python -m ogpgraph serve *args`` on a free port; yields its base URL, stops it after."""
    port = free_port()
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
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def start_server(tmp_path_factory):
    """Factory: ``start_server(*args) -> url`` of a running ``ogpgraph serve *args``."""
    servers: dict[tuple[str, ...], str] = {}
    with contextlib.ExitStack() as stack:
        def start(*args: str) -> str:
            if args not in servers:
                log_dir = tmp_path_factory.mktemp("server")
                servers[args] = stack.enter_context(running_server(log_dir, *args))
            return servers[args]

        yield start


@pytest.fixture(scope="session")
def server_url(start_server):
    return start_server()


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

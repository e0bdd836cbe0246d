"""A real ``oxigraph serve`` process (PyPI package ``oxigraph``) for the remote-store tests.

Used by tests/server/conftest.py (the server suites against a remote store), by
tests/server/test_remote_faults.py (which kills and restarts it) and by tests/test_load.py.
The data directory (``--location``) outlives the process, so a restart on the same port
serves the same data, as a real store would after a crash.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests

from ogpgraph.ports import free_port

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
START_TIMEOUT = 30



class OxigraphServer:
    """``oxigraph serve --location DIR --bind 127.0.0.1:PORT``, started and stopped on demand."""

    def __init__(self, location: Path, port: int | None = None, *serve_args: str):
        if OXIGRAPH is None:
            raise RuntimeError("the 'oxigraph' command is missing: pip install -e '.[test]' installs it")
        self.location = location
        self.port = port or free_port()
        self.log = location.with_suffix(".log")
        self.proc: subprocess.Popen | None = None
        self.serve_args = serve_args  # more `oxigraph serve` options, e.g. --union-default-graph

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query(self) -> str:
        return self.base + "/query"

    @property
    def update(self) -> str:
        return self.base + "/update"

    @property
    def gsp(self) -> str:
        return self.base + "/store"

    def start(self) -> "OxigraphServer":
        self.location.mkdir(parents=True, exist_ok=True)
        with open(self.log, "a") as log:
            self.proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(self.location),
                                          "--bind", f"127.0.0.1:{self.port}", *self.serve_args],
                                         stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"oxigraph exited early:\n{self.log.read_text()}")
            try:
                r = requests.get(self.query, params={"query": "ASK {}"}, timeout=2)
                if r.status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"oxigraph did not answer within {START_TIMEOUT} s:\n{self.log.read_text()}")

    def stop(self, kill: bool = False) -> None:
        """Stop the process (SIGTERM, or SIGKILL: a crash); the data directory stays."""
        if self.proc is None:
            return
        self.proc.kill() if kill else self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def load(self, *args: str) -> subprocess.CompletedProcess:
        """``ogpgraph load`` into this store (GSP and Update: atomic); fails the caller if it fails."""
        result = subprocess.run([sys.executable, "-m", "ogpgraph", "load", "--store", self.query,
                                 "--store-update", self.update, "--store-gsp", self.gsp, *args],
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise RuntimeError(f"ogpgraph load {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
        return result

    def __enter__(self) -> "OxigraphServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

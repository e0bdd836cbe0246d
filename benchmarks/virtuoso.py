"""The server test suites against Virtuoso (Debian's virtuoso-opensource), not run by CI.

    apt-get install virtuoso-opensource        # Debian/Ubuntu: virtuoso-t and isql-vt
    .venv/bin/python benchmarks/virtuoso.py [PYTEST ARGS…]   # default: tests/server but the crawl

For each contacts mode (full, role, none) it starts a private Virtuoso 7 (its own
database directory, ports and virtuoso.ini under a temporary directory; the system
service is not touched), lets the SPARQL endpoint's user update (the only grant loading
needs), loads data/ttl with ``ogpgraph load``, then runs pytest with
``OGPGRAPH_TEST_STORE=external`` and the three query URLs
(tests/server/conftest.py), and stops the Virtuoso processes. It prints how long each
load took and pytest's summary; its exit code is pytest's. The crawl test (every IRI, in
every format) is left out by default: Virtuoso takes about 2 s per resource description.

Virtuoso settings that matter (written in the generated virtuoso.ini, see docs/deploy.md):
``ResultSetMaxRows`` (Virtuoso silently truncates larger answers: raised far above any
graph we serve), ``MaxQueryExecutionTime`` (the store's own query time limit, which
must stop a query ogpgraph gave up on).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import Request, wait_ready  # noqa: E402
from ogpgraph.paths import ROOT  # noqa: E402
from ogpgraph.ports import free_port  # noqa: E402

MODES = ("full", "role", "none")
START_TIMEOUT = 120

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxQueryMem = 500M
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 30
"""


class Virtuoso:
    """One private Virtuoso: ``virtuoso-t +foreground`` on two free ports of 127.0.0.1."""

    def __init__(self, directory: Path):
        self.dir = directory
        self.sql_port, self.http_port = free_port(), free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def gsp(self) -> str:
        # Graph Store Protocol: Virtuoso's INSERT DATA refuses blank nodes and large requests.
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"

    def start(self) -> "Virtuoso":
        self.dir.mkdir(parents=True)
        ini = self.dir / "virtuoso.ini"
        ini.write_text(INI.format(dir=self.dir, sql_port=self.sql_port, http_port=self.http_port))
        log = open(self.dir / "stdout.log", "w")
        self.proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=self.dir,
                                     stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_ready(self.proc, "127.0.0.1", self.http_port, Request("/sparql?query=ASK+%7B%7D"),
                       self.dir / "stdout.log", START_TIMEOUT)
        except RuntimeError as exc:
            raise RuntimeError(f"virtuoso-t {exc}") from None
        # The anonymous SPARQL user may update (loading goes through /sparql and /sparql-graph-crud).
        self.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
        self.sql('GRANT EXECUTE ON DB.DBA.SPARQL_INSERT_DICT_CONTENT TO "SPARQL";')
        self.sql('GRANT EXECUTE ON DB.DBA.SPARQL_DELETE_DICT_CONTENT TO "SPARQL";')
        return self

    def sql(self, statement: str) -> None:
        subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
                       check=True, capture_output=True, timeout=60)

    def stop(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.sql("shutdown;")
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the databases (their directory is printed)")
    args, pytest_args = parser.parse_known_args(argv)
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        print("virtuoso-t / isql-vt not found: apt-get install virtuoso-opensource", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="ogpgraph-virtuoso-"))
    stores: list[Virtuoso] = []
    try:
        urls = {}
        for mode in MODES:
            store = Virtuoso(work / mode).start()
            stores.append(store)
            start = time.monotonic()
            load = subprocess.run([sys.executable, "-m", "ogpgraph", "load", "--store", store.sparql,
                                   "--store-update", store.sparql, "--store-gsp", store.gsp, "--contacts", mode],
                                  cwd=ROOT, capture_output=True, text=True, timeout=600)
            print(load.stdout + load.stderr, end="")
            if load.returncode != 0:
                return load.returncode
            print(f"loaded --contacts {mode} into Virtuoso at {store.sparql} in {time.monotonic() - start:.1f} s")
            urls[mode] = store.sparql
        env = dict(os.environ, OGPGRAPH_TEST_STORE="external", OGPGRAPH_TEST_STORE_URLS=json.dumps(urls))
        tests = pytest_args or ["tests/server", "--ignore=tests/server/test_crawl.py"]
        return subprocess.run([sys.executable, "-m", "pytest", *tests], cwd=ROOT, env=env).returncode
    finally:
        for store in stores:
            store.stop()
        if args.keep:
            print(f"databases kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

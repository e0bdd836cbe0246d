"""No orphans: when a web worker is killed (``kill -9``) mid-query, its query worker dies with it.

Before, the query worker kept running with parent 1 at 100 % CPU, with no time limit (the
hostile-clients issue saw it for 35 s and 5 min 40 s). Now the kernel kills it
(``PR_SET_PDEATHSIG``, ogpgraph.children).
"""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from ogpgraph.ports import free_port

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # pid (comm) state ppid …: comm may hold spaces, so split after the last ")".
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killing_a_web_worker_mid_query_kills_its_query_worker(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(tmp_path / "server.log", "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "ogpgraph", "serve", "--host", "127.0.0.1", "--port",
                                   str(port), "--workers", "1", "--query-timeout", "120"],
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(url + "/health", timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.3)
        def ask_slowly() -> None:
            try:
                requests.get(url + "/sparql", params={"query": CARTESIAN}, timeout=30)
            except requests.RequestException:
                pass  # its web worker is killed under it: the connection drops, as expected

        slow = threading.Thread(target=ask_slowly, daemon=True)
        slow.start()
        time.sleep(3)  # the query worker is started and busy
        web_workers = _children(server.pid)
        query_workers = [q for w in web_workers for q in _children(w)]
        assert web_workers and query_workers, "no web or query worker found"
        for worker in web_workers:
            os.kill(worker, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while any(_alive(q) for q in query_workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [q for q in query_workers if _alive(q)], "query workers outlived their web worker"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

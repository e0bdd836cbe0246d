#!/usr/bin/env python3
"""One client must not hurt the others: ``ogpgraph serve`` under a mixed load with hostile clients
alongside (the hostile-clients issue, item 8). A benchmark, not a test: it reports what it measured.

For ``--duration`` seconds (30), on loopback, against ``ogpgraph serve`` as shipped (nginx front,
2 gunicorn workers):

- **the mixed load**: ``--connections`` (32) keep-alive clients, each cycling through pages (home,
  commitment, organisation), Turtle and JSON-LD documents, SPARQL queries of ``queries/``, search
  and reconciliation;
- **expensive queries**: ``--expensive`` (5) clients each sending, again and again, a query that
  runs until its time limit (a four-way cross product, counted);
- **slow connections**: ``--slow`` (200) connections that dribble header lines and never finish a
  request, reopened whenever the front cuts one;
- **/health** polled twice a second, and the server's memory (its whole process group) every second.

It prints what every kind of request got (status classes, latency), how long ``/health`` took at
worst, the 5xx that are not the documented 503 (time limit, busy, with ``Retry-After``), and the
server's memory, and replaces the "Resilience under load" section of benchmarks/RESULTS.md.
The clients are Python threads (every status is recorded, which wrk does not), so they share the
machine's CPUs with the server: the point is who gets answered, not the highest rate.

    .venv/bin/python benchmarks/resilience.py [--duration 30] [--connections 32] [--help]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (check_loopback, group_rss_mb, serve_command, spawn, stop_all, stop_on_exit,  # noqa: E402
                     wait_ready)
from ogpgraph.paths import QUERIES_DIR  # noqa: E402
from ogpgraph.ports import free_port  # noqa: E402
from results import DEFAULT_RESULTS, machine, md_table, notes_block, print_table, replace_section  # noqa: E402

SECTION_TITLE = "# Resilience under load"
C12 = "/id/fr/2021-2023/commitment/12"
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
FORM = "application/x-www-form-urlencoded"
# What the numbers do not say by themselves (written under the table)
NOTE = (
    "\n"
    'Queries are not told apart by cost: while the expensive ones hold every query slot (2 web '
    'workers × 2), cheap SPARQL queries wait their queue timeout (5 s) and get the documented 503 '
    '(busy, Retry-After), and a client that sends them waits too; pages, documents, search, '
    'reconciliation and /health keep their own threads and stay fast. How many cheap queries get '
    'through varies from run to run with which worker the expensive ones land on (65 to 2,900 of '
    "them in this session's runs). Fairness between clients, or a cost estimate before running, "
    'would be the next step.'
    "\n"
)


def mix() -> list[tuple[str, str, str, str | None, str | None]]:
    """(kind, method, path, Accept, form body) of the mixed load."""
    queries = sorted(QUERIES_DIR.glob("*.rq"))
    sparql = [("sparql", "POST", "/sparql", "application/sparql-results+json",
               urllib.parse.urlencode({"query": q.read_text(encoding="utf-8")})) for q in queries
              if "SELECT" in q.read_text(encoding="utf-8").upper()][:8]
    reconcile = urllib.parse.urlencode({"queries": json.dumps({"q0": {"query": "DINUM"}, "q1": {"query": "CNIL"}})})
    return [
        ("page", "GET", "/", "text/html", None),
        ("page", "GET", C12, "text/html", None),
        ("page", "GET", "/id/organisation/dinum", "text/html", None),
        ("turtle", "GET", C12, "text/turtle", None),
        ("turtle", "GET", "/id/organisation/dinum", "text/turtle", None),
        ("json-ld", "GET", C12, "application/ld+json", None),
        *sparql,
        ("search", "GET", "/search?q=donn%C3%A9es+ouvertes", "application/json", None),
        ("search", "GET", "/search?q=transparence", "text/html", None),
        ("reconcile", "POST", "/reconcile", "application/json", reconcile),
    ]


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.latencies: dict[str, list[float]] = collections.defaultdict(list)
        self.unexpected: list[str] = []  # 5xx other than the documented 503

    def add(self, kind: str, status: int, seconds: float, headers: dict[str, str], body: bytes) -> None:
        with self.lock:
            self.statuses[kind][status] += 1
            self.latencies[kind].append(seconds)
            documented = status == 503 and "retry-after" in headers
            if status >= 500 and not documented and len(self.unexpected) < 20:
                self.unexpected.append(f"{kind} {status}: {body[:120]!r}")


def request(conn: http.client.HTTPConnection, method: str, path: str, accept: str | None,
            body: str | None) -> tuple[int, dict[str, str], bytes]:
    headers = {**({"Accept": accept} if accept else {}), **({"Content-Type": FORM} if body else {})}
    conn.request(method, path, body, headers)
    r = conn.getresponse()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()


def client(host: str, port: int, requests: list, offset: int, until: float, rec: Recorder,
           timeout: float) -> None:
    conn, i = http.client.HTTPConnection(host, port, timeout=timeout), offset
    while time.monotonic() < until:
        kind, method, path, accept, body = requests[i % len(requests)]
        i += 1
        started = time.monotonic()
        try:
            status, headers, data = request(conn, method, path, accept, body)
        except (OSError, http.client.HTTPException) as exc:
            rec.add(kind, 0, time.monotonic() - started, {}, repr(exc).encode())
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
            continue
        rec.add(kind, status, time.monotonic() - started, headers, data)
    conn.close()


def slow_connections(host: str, port: int, count: int, until: float, stats: dict[str, int]) -> None:
    """``count`` connections dribbling header lines, never a whole request; reopened when cut."""
    socks: list[socket.socket | None] = [None] * count
    while time.monotonic() < until:
        for k in range(count):
            s = socks[k]
            try:
                if s is None:
                    s = socket.create_connection((host, port), timeout=2)
                    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
                    socks[k] = s
                    stats["opened"] += 1
                else:
                    s.sendall(b"X-Slow: 1\r\n")
            except OSError:
                if s is not None:
                    s.close()
                socks[k] = None
                stats["cut"] += 1
        time.sleep(1)
    for s in socks:
        if s is not None:
            s.close()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1", help="loopback address to serve on (default: %(default)s)")
    p.add_argument("--duration", type=float, default=30, help="seconds of load (default: %(default)s)")
    p.add_argument("--connections", type=int, default=32, help="mixed-load clients (default: %(default)s)")
    p.add_argument("--expensive", type=int, default=5, help="clients sending expensive queries (default: %(default)s)")
    p.add_argument("--slow", type=int, default=200, help="slow connections (default: %(default)s)")
    p.add_argument("--query-timeout", type=float, default=10, help="the server's --query-timeout (default: %(default)s)")
    p.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="RESULTS.md to update (default: %(default)s)")
    p.add_argument("--no-write", action="store_true", help="print only")
    args = p.parse_args()
    host = check_loopback(args.host)
    stop_on_exit()
    port = free_port(host)
    work = Path(tempfile.mkdtemp(prefix="ogpgraph-resilience-"))
    env = {**os.environ, "OGPGRAPH_CACHE_DIR": str(work / "cache")}
    server = spawn(serve_command(host, port, "--workers", "2", "--query-timeout", str(args.query_timeout)),
                   work / "serve.log", env=env)
    try:
        wait_ready(server, host, port, "/health", work / "serve.log")
        requests = mix()
        rec = Recorder()
        for kind, method, path, accept, body in requests:  # each answer rendered once before the clock runs
            conn = http.client.HTTPConnection(host, port, timeout=60)
            request(conn, method, path, accept, body)
            conn.close()
        rss_before = group_rss_mb(server.pid)
        until = time.monotonic() + args.duration
        slow_stats = {"opened": 0, "cut": 0}
        threads = [threading.Thread(target=slow_connections, args=(host, port, args.slow, until, slow_stats))]
        threads += [threading.Thread(target=client, args=(host, port, [("expensive", "POST", "/sparql",
                    "application/sparql-results+json", urllib.parse.urlencode({"query": EXPENSIVE}))], 0, until,
                    rec, args.query_timeout + 30)) for _ in range(args.expensive)]
        threads += [threading.Thread(target=client, args=(host, port, requests, 7 * k, until, rec, 60))
                    for k in range(args.connections)]
        health: list[float] = []
        health_bad: collections.Counter = collections.Counter()
        rss: list[float] = []
        for t in threads:
            t.start()
        while time.monotonic() < until:
            started = time.monotonic()
            try:
                conn = http.client.HTTPConnection(host, port, timeout=10)
                status, _, _ = request(conn, "GET", "/health", None, None)
                conn.close()
            except OSError as exc:
                status = type(exc).__name__
            health.append(time.monotonic() - started)
            if status != 200:
                health_bad[status] += 1
            rss.append(group_rss_mb(server.pid))
            time.sleep(0.5)
        for t in threads:
            t.join(timeout=args.query_timeout + 60)
    finally:
        stop_all()
    rows = []
    for kind in sorted(rec.statuses):
        counts, lat = rec.statuses[kind], sorted(rec.latencies[kind])
        classes = ", ".join(f"{code}: {n}" for code, n in sorted(counts.items()))
        rows.append([kind, str(sum(counts.values())), classes, f"{1000 * statistics.median(lat):.0f}",
                     f"{1000 * lat[int(0.99 * (len(lat) - 1))]:.0f}", f"{1000 * lat[-1]:.0f}"])
    header = ["requests", "count", "statuses", "p50 ms", "p99 ms", "max ms"]
    print_table(header, rows)
    summary = [
        f"/health: {len(health)} polls, worst {1000 * max(health):.0f} ms, median {1000 * statistics.median(health):.0f} ms"
        + (f", not 200: {dict(health_bad)}" if health_bad else ", all 200"),
        f"5xx other than a documented 503 (with Retry-After): {len(rec.unexpected)}"
        + (" — " + "; ".join(rec.unexpected[:5]) if rec.unexpected else ""),
        f"slow connections: {args.slow} kept open (each reopened when cut), {slow_stats['opened']} opened, "
        f"{slow_stats['cut']} cut by the front (5 s header timeout) and reopened",
        f"server memory (process group): {rss_before:.0f} MB before, {max(rss):.0f} MB at most, {rss[-1]:.0f} MB at the end",
    ]
    for line in summary:
        print(line)
    if not args.no_write:
        m = machine()
        text = (f"{SECTION_TITLE}\n\n{dt.date.today().isoformat()}, {m['cpu']}, "
                f"`benchmarks/resilience.py --duration {args.duration:g} --connections {args.connections} "
                f"--expensive {args.expensive} --slow {args.slow} --query-timeout {args.query_timeout:g}`: "
                f"`ogpgraph serve` as shipped (nginx front, 2 gthread workers), Python clients on the same "
                f"machine.\n\n" + md_table(header, rows) + "\n" + notes_block("Measured", summary) + NOTE)
        replace_section(args.results, text)
        print(f"wrote the section to {args.results}")
    return 1 if rec.unexpected else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The SPARQL front door's own cost, in one run (the front-door issue, item 7).

Loopback only, bounded in time, never run by CI or the tests. Three measures:

0. The web side's CPU for one ~1 MB query of several shapes (in-process app): the query
   worker does the scan, the parse and the run, so this stays small whatever the shape.
1. **The front door's cost per query**, in-process with ``timeit``: negotiation (both
   ``choose()`` calls a request makes) plus the policy (``scan`` and the dataset checks,
   which run in the query worker), for every ``queries/*.rq`` and for ``ASK {}``, against the
   median latency of a trivial query (``ASK {}``) through ``/sparql`` on one connection.
2. **Unique query texts against a repeated one**: ``wrk`` with 2,000 distinct ASK texts
   (``ASK { FILTER(N > 0) }``) rotated, against the same ``ASK { FILTER(1 > 0) }`` every
   time: nothing is cached per text, so the two should run at the same rate.
3. **Trivial-query throughput against the Python ceiling**: ``ASK {}`` through our
   ``ogpgraph serve`` against a bare Flask app answering the same bytes
   (benchmarks/bare_flask_app.py) under the same gunicorn configuration (2 sync workers,
   the same JSON access log), same wrk settings.

The engine-bound ratio against ``oxigraph serve`` is benchmarks/sparql.py's (run it too).
Prints a table and replaces the "SPARQL front door" section of benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/front_door.py [--duration 10] [--connections 8] [--help]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (Request, check_loopback, group_cpu, gunicorn_command, per_call, serve_command,  # noqa: E402
                     spawn, stop_all, stop_on_exit, wait_quiet, wait_ready)
from ogpgraph.paths import QUERIES_DIR  # noqa: E402
from ogpgraph.ports import free_port  # noqa: E402
from results import DEFAULT_RESULTS, machine, md_table, print_table, replace_section  # noqa: E402
from wrk import run_wrk, write_script  # noqa: E402

SECTION_TITLE = "# SPARQL front door benchmark results"
ACCEPT = "application/sparql-results+json"


def ask(text: str) -> Request:
    return Request.sparql("/sparql", text, ACCEPT)


def front_door_cost(min_time: float) -> list[list[str]]:
    """Per-query cost of negotiation + policy, in µs, for each query of the mix."""
    from ogpgraph.config import Settings
    from ogpgraph.negotiate import SPARQL_GRAPH, SPARQL_RESULTS, TURTLE, choose
    from ogpgraph.store.embedded import EmbeddedStore
    from ogpgraph.store.policy import check_dataset, scan

    settings = Settings.from_env(environ={})
    known = {g.iri for g in EmbeddedStore(settings).load().graphs}
    texts = {"ask-empty": "ASK {}"} | {p.stem: p.read_text() for p in sorted(QUERIES_DIR.glob("*.rq"))}
    rows = []
    for name, text in texts.items():
        def front_door():
            choose(ACCEPT, SPARQL_RESULTS)
            choose(ACCEPT, SPARQL_GRAPH, default=TURTLE)
            info = scan(text, settings.base_iri)
            check_dataset(info.default_graphs, known, "default")
            check_dataset(info.named_graphs, known, "named")

        rows.append([name, str(len(text)), per_call(front_door, min_time)])
    return rows


def web_worker_cost(size: int) -> list[list[str]]:
    """CPU time this process (the web side of the app, in-process) spends on one ``size``-byte
    query of several shapes: the query worker's own CPU is not counted (another process)."""
    from ogpgraph.config import Settings
    from server import app_state, create_app

    app = create_app(Settings.from_env(environ={}, query_timeout=5.0))
    client = app.test_client()
    client.post("/sparql", data=b"ASK {}", headers={"Content-Type": "application/sparql-query"})  # workers up
    n = size // 2
    shapes = {
        "1+1+…+1": "SELECT (" + "+".join(["1"] * (n - 10)) + " AS ?x) {}",
        "nested groups": "SELECT * WHERE " + "{" * (n - 10) + "}" * (n - 10),
        "nested parentheses": "SELECT (" + "(" * (n - 10) + "1" + ")" * (n - 10) + " AS ?x) {}",
        "one long string": 'SELECT * WHERE { ?s ?p "' + "a" * (size - 40) + '" }',
        "a comment, then SERVICE": "#" + "x" * (size - 80) + "\rSELECT * WHERE { SERVICE <http://127.0.0.1:9/> { } }",
    }
    rows = []
    for name, text in shapes.items():
        body = text.encode()
        before = time.process_time()
        response = client.post("/sparql", data=body, headers={"Content-Type": "application/sparql-query"})
        spent = time.process_time() - before
        rows.append([name, f"{len(body):,}", f"{spent * 1000:.1f}", str(response.status_code)])
        print(f"  {name:28s} {len(body):>9,} bytes  web side {spent * 1000:7.1f} ms CPU  -> {response.status_code}")
    pool = app_state.started_query_pool(app)
    if pool:
        pool.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1", help="loopback address to serve on (default: %(default)s)")
    p.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default: %(default)s)")
    p.add_argument("--connections", type=int, default=8, help="wrk connections (default: %(default)s)")
    p.add_argument("--threads", type=int, default=2, help="wrk threads (default: %(default)s)")
    p.add_argument("--unique", type=int, default=2000, help="distinct query texts in measure 2 (default: %(default)s)")
    p.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="results file (default: %(default)s)")
    p.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = p.parse_args(argv)
    host = check_loopback(args.host)
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("front_door.py: wrk not found (apt-get install wrk)")
    stop_on_exit()
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="ogpgraph-front-door-"))
    results: dict[str, object] = {}
    try:
        print("== 1. front door cost, in-process (negotiation + policy scan + dataset checks)")
        cost = front_door_cost(0.3)
        for name, size, seconds in cost:
            print(f"  {name:48s} {size:>6s} chars  {seconds * 1e6:8.1f} µs")

        print("== 4. the web side's CPU for a ~1 MB query of each shape (in-process app)")
        big = web_worker_cost(990_000)

        print("== servers: ogpgraph serve, bare Flask (same gunicorn options)")
        ours_port, bare_port = free_port(host), free_port(host)
        ours = spawn(serve_command(host, ours_port, "--workers", "2"), work / "ours.log")
        bare = spawn(gunicorn_command("bare_flask_app:app", host, bare_port, chdir=Path(__file__).parent),
                     work / "bare.log")
        for port, proc, log in ((ours_port, ours, work / "ours.log"), (bare_port, bare, work / "bare.log")):
            try:
                wait_ready(proc, host, port, ask("ASK {}"), log, timeout=90)
            except RuntimeError as exc:
                raise SystemExit(f"front_door.py: the server on {port} {exc}")

        repeated = write_script([ask("ASK { FILTER(1 > 0) }")], work / "repeated.lua", spread=7)
        unique = write_script([ask(f"ASK {{ FILTER({n} > 0) }}") for n in range(1, args.unique + 1)],
                              work / "unique.lua", spread=7)
        empty = write_script([ask("ASK {}")], work / "ask.lua", spread=7)
        one = argparse.Namespace(threads=1, connections=1, duration=args.duration)

        def measure(label: str, port: int, proc, script: Path, settings=args):
            wait_quiet(10)
            before = group_cpu(proc.pid)
            result = run_wrk(wrk, host, port, script, settings)
            result.server_cpu = group_cpu(proc.pid) - before
            print(f"  {label:44s} {result.rps:9.0f} req/s  p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:7.2f} ms"
                  f"  errors {result.errors}")
            results[label] = result
            return result

        # Warm both (query workers start on first use).
        measure("warm-up ours", ours_port, ours, empty, argparse.Namespace(threads=1, connections=2, duration=3))
        print("== 2. unique query texts against a repeated one (ours)")
        rep = measure("ours, one ASK text repeated", ours_port, ours, repeated)
        uni = measure(f"ours, {args.unique} distinct ASK texts", ours_port, ours, unique)
        print("== 3. ASK {} against the Python ceiling")
        ask_ours = measure("ours, ASK {}", ours_port, ours, empty)
        ask_bare = measure("bare Flask, same bytes", bare_port, bare, empty)
        latency = measure("ours, ASK {}, one connection", ours_port, ours, empty, one)
    finally:
        stop_all()
    trivial_ms = latency.p50_ms
    cost_rows = [[name, size, f"{seconds * 1e6:.1f}", f"{seconds * 1e3 / trivial_ms * 100:.2f} %"]
                 for name, size, seconds in cost]
    worst = max(seconds for _, _, seconds in cost)
    median = statistics.median(seconds for _, _, seconds in cost)
    summary = [
        ["front door cost / trivial query: `ASK {}`",
         f"{cost[0][2] * 1e6:.0f} µs / {trivial_ms * 1000:.0f} µs", f"{cost[0][2] * 1e3 / trivial_ms * 100:.2f} %",
         "≤ 5 %"],
        ["front door cost / trivial query: median of the mix",
         f"{median * 1e6:.0f} µs / {trivial_ms * 1000:.0f} µs", f"{median * 1e3 / trivial_ms * 100:.2f} %", "≤ 5 %"],
        ["front door cost / trivial query: worst of the mix",
         f"{worst * 1e6:.0f} µs / {trivial_ms * 1000:.0f} µs", f"{worst * 1e3 / trivial_ms * 100:.2f} %", "≤ 5 %"],
        ["distinct texts / one repeated text (req/s)", f"{uni.rps:.0f} / {rep.rps:.0f}", f"{uni.rps / rep.rps:.2f}×",
         "≈ 1×"],
        ["ASK {}: ours / bare Flask (req/s)", f"{ask_ours.rps:.0f} / {ask_bare.rps:.0f}",
         f"{ask_ours.rps / ask_bare.rps:.2f}×", "≥ 0.8×"],
        ["ASK {}: ours / bare Flask (req per server CPU-s)", f"{ask_ours.per_cpu_s:.0f} / {ask_bare.per_cpu_s:.0f}",
         f"{ask_ours.per_cpu_s / ask_bare.per_cpu_s:.2f}×" if ask_bare.per_cpu_s else "-", ""],
    ]
    print()
    print_table(["measure", "values", "ratio", "aim"], summary)
    if not args.no_write:
        m = machine()
        text = "\n".join([
            SECTION_TITLE, "",
            f"Run {dt.date.today().isoformat()} by `benchmarks/front_door.py` (wrk {args.threads} threads, "
            f"{args.connections} connections, {args.duration} s per run; {m['cpu']}), "
            f"in {time.monotonic() - started:.0f} s. Both servers: gunicorn, 2 sync workers, the same "
            "JSON access log; loopback.", "",
            md_table(["measure", "values", "ratio", "aim"], summary), "",
            "Front door cost per query (in-process `timeit`, best of 3: both negotiations, the policy scan and "
            "the dataset checks), against the median latency of `ASK {}` through `/sparql` on one connection:", "",
            md_table(["query", "chars", "µs", "of a trivial query"], cost_rows), "",
            "The web side's CPU for one ~1 MB query (in-process app, `time.process_time`; the query worker's "
            "CPU is another process's: the scan, the parse and the run are there, under the time limit):", "",
            md_table(["query shape", "bytes", "web side, ms CPU", "status"], big), "",
        ])
        replace_section(args.results, text)
        print(f"\nwrote the '{SECTION_TITLE[2:]}' section of {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

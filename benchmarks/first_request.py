#!/usr/bin/env python3
"""First-request benchmark: how long the first visitor after a start waits, per resource type,
against a warm server, for a new data version (cold) and a restart on the same one (warm).

Loopback only, never run by CI or the tests. For each start:

- ``cold``: an empty cache directory (``OGPGRAPH_CACHE_DIR``): a data version this machine has never
  served, so ``ogpgraph serve`` prepares it before it listens (server/prepare.py);
- ``warm``: the same cache directory again (a restart, or a worker recycled, on the same data).

Measured: the time from the start of the command to the first ``/health`` answer; then, per
resource type, the latency of its first request (one at a time, a new connection each: what the
first visitor sees) and the median of the next ``--repeats`` (the thousandth). Tables on stdout and
in the "First-request benchmark results" section of benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/first_request.py [--repeats 20] [--workers 2] [--help]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ is not a package
from harness import Request, fetch, serve_command, spawn, stop, stop_on_exit, wait_ready  # noqa: E402
from ogpgraph.ports import free_port  # noqa: E402
from results import DEFAULT_RESULTS, md_table, print_table, replace_section, run_lines  # noqa: E402

SECTION_TITLE = "# First-request benchmark results"
# (resource type, path, Accept); the landing pages are prepared at start, the others are not.
TYPES = [
    ("home page", "/", "text/html"),
    ("commitment, HTML", "/id/fr/2021-2023/commitment/12", "text/html"),
    ("commitment, Turtle", "/id/fr/2021-2023/commitment/12", "text/turtle"),
    ("chapter, HTML", "/id/fr/2021-2023/chapter/7", "text/html"),
    ("milestone, HTML", "/id/fr/2021-2023/commitment/12/milestone/3", "text/html"),
    ("organisation, HTML", "/id/organisation/dinum", "text/html"),
    ("legal text, HTML", "/id/legal/reglement-ue-2016-679", "text/html"),
    ("dataset (VoID), HTML", "/id/dataset", "text/html"),
    ("ontology, HTML", "/def/ogp", "text/html"),
    ("SHACL report, HTML", "/shacl/report", "text/html"),
    ("download, Turtle", "/download/ogpgraph.ttl", "*/*"),
    ("fragment, N-Quads", "/fragments?page=2", "application/n-quads"),
    ("search, JSON", "/search?q=donn%C3%A9es", "application/json"),
]


def timed(host: str, port: int, path: str, accept: str) -> float:
    start = time.perf_counter()
    status, _, _ = fetch(host, port, Request(path, accept), timeout=120)
    if status != 200:
        raise RuntimeError(f"{path}: HTTP {status}")
    return time.perf_counter() - start


def run(label: str, cache: Path, args, env: dict[str, str], tmp: Path) -> dict:
    port = free_port(args.host)
    log = tmp / f"server-{label}.log"
    started = time.monotonic()
    proc = spawn(serve_command(args.host, port, "--workers", str(args.workers)), log,
                 env={**env, "OGPGRAPH_CACHE_DIR": str(cache)})
    try:
        wait_ready(proc, args.host, port, "/health", log, timeout=600)
        ready = time.monotonic() - started
        first = {name: timed(args.host, port, path, accept) for name, path, accept in TYPES}
        steady = {name: statistics.median(timed(args.host, port, path, accept) for _ in range(args.repeats))
                  for name, path, accept in TYPES}
    finally:
        stop(proc)
    print(f"{label}: ready in {ready:.1f} s")
    return {"ready": ready, "first": first, "steady": steady}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--repeats", type=int, default=20, help="requests after the first, per type")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--results", type=Path, default=DEFAULT_RESULTS)
    p.add_argument("--no-write", action="store_true")
    args = p.parse_args(argv)
    stop_on_exit()
    tmp = Path(tempfile.mkdtemp(prefix="ogpgraph-first-request-"))
    cache = tmp / "cache"
    cache.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OGPGRAPH_")}
    try:
        runs = {label: run(label, cache, args, env, tmp) for label in ("cold", "warm")}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    header = ["resource type", "cold: first (ms)", "warm: first (ms)", "steady, median (ms)"]
    rows = [[name, f"{runs['cold']['first'][name] * 1000:.1f}", f"{runs['warm']['first'][name] * 1000:.1f}",
             f"{runs['warm']['steady'][name] * 1000:.1f}"] for name, _, _ in TYPES]
    rows.append(["(start to the first /health answer)", f"{runs['cold']['ready'] * 1000:.0f}",
                 f"{runs['warm']['ready'] * 1000:.0f}", "–"])
    print_table(header, rows)
    if args.no_write:
        return 0
    text = f"""{SECTION_TITLE}

Generated by `benchmarks/first_request.py`; numbers as measured, not edited.

{run_lines(("gunicorn", "Flask", "pyoxigraph"), [])}
- `ogpgraph serve --workers {args.workers}` (the front, gunicorn), one request at a time, a new connection each
- cold: a cache directory this data version was never served from (the server prepares it before it
  listens: downloads, SHACL report, landing pages; server/prepare.py); warm: a restart on the same one
- first: the first request of each type after the start; steady: the median of the next {args.repeats}

{md_table(header, rows)}
"""
    replace_section(args.results, text)
    print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Caching-layer benchmark: dereferencing through the nginx cache ``ogpgraph cache-config`` writes,
in front of ``ogpgraph serve``, against nginx serving the same bytes from files.

Loopback only, bounded in time, never run by CI or the tests. Steps:

1. Two mixes of URLs, each IRI in four formats (Turtle, HTML, JSON-LD, N-Triples) asked for with
   an ``Accept`` header on the bare IRI path: *hot*, the fixed sample of benchmarks/deref.py (the
   plan, chapters, commitments, milestones, organisations, people, passages), and *all*, every IRI
   under the base in the built data.
2. ``ogpgraph serve`` (the production default) on a free port; every URL fetched once and its
   bytes written to a file; nginx serves those files (the ceiling, as in deref.py).
3. The caching layer's nginx (``ogpgraph cache-config``: 2 workers, the cache in a temporary
   directory) in front of the same server; every URL fetched once through it (the cache fills),
   the hit ratio of a second pass checked.
4. wrk, the same threads, connections and duration, rotating through each mix: the static nginx,
   then the cache. CPU per request counts every process of each side (for the cache: its nginx
   and the whole ``ogpgraph serve`` group behind it).
5. Tables on stdout and in the "Caching layer benchmark results" section of benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/cache.py [--duration 10] [--connections 16] [--help]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ is not a package
from deref import FORMATS, Target, pick_mix, prerender, start_nginx  # noqa: E402
from harness import fetch, group_cpu, serve_command, spawn, stop, stop_all, stop_on_exit, wait_quiet, wait_ready  # noqa: E402
from ogpgraph.cache_proxy import STATUS_HEADER, CacheSettings, config  # noqa: E402
from ogpgraph.ports import free_port  # noqa: E402
from results import (DEFAULT_RESULTS, fmt_bg, md_table, notes_block, print_table, replace_section,  # noqa: E402
                     run_lines, tool_version)
from wrk import Result, add_load_options, check_load_options, run_wrk, write_script, wrk_version  # noqa: E402

SECTION_TITLE = "# Caching layer benchmark results"


def every_iri(data_dir: Path, base_iri: str) -> list[Target]:
    """Every IRI under the base that the built data uses as a subject, in every format."""
    import pyoxigraph as ox

    store = ox.Store()
    for f in sorted(data_dir.glob("*.ttl")):
        store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE)
    iris = sorted({q.subject.value.split("#", 1)[0] for q in store
                   if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(base_iri + "id/")})
    return [Target("all", "/" + iri[len(base_iri):], ext, accept) for iri in iris for ext, accept in FORMATS]


def fill(targets: list[Target], host: str, port: int, concurrency: int = 4) -> dict[str, int]:
    """Fetch every URL once (negotiated); the cache statuses seen."""
    statuses: dict[str, int] = {}
    with cf.ThreadPoolExecutor(concurrency) as pool:
        for status, _, headers in pool.map(lambda t: fetch(host, port, t.request("accept")), targets):
            if status != 200:
                raise RuntimeError(f"HTTP {status} through the cache")
            key = headers.get(STATUS_HEADER.lower(), "none")
            statuses[key] = statuses.get(key, 0) + 1
    return statuses


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Benchmark dereferencing through the caching layer (ogpgraph cache-config) against nginx "
                    "serving the same bytes from files. Loopback only; not run by CI.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    add_load_options(p, connections=16)
    p.add_argument("--mixes", default="hot,all", help="hot: deref.py's sample; all: every IRI (comma-separated)")
    p.add_argument("--wait-quiet", type=float, default=3,
                   help="before each run, wait up to this many seconds for other processes' CPU use to drop")
    p.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="Markdown file to write")
    p.add_argument("--no-write", action="store_true", help="print only; do not write --results")
    args = p.parse_args(argv)
    check_load_options(p, args)
    args.mixes = [m.strip() for m in args.mixes.split(",") if m.strip()]
    if not args.mixes or set(args.mixes) - {"hot", "all"}:
        p.error("--mixes: hot and/or all")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from ogpgraph.config import Settings

    settings = Settings.from_env()
    wrk = shutil.which("wrk")
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
    if not wrk or not nginx:
        raise SystemExit("cache.py: needs wrk and nginx (apt-get install wrk nginx-light)")
    stop_on_exit()
    t_start = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="ogpgraph-cache-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("OGPGRAPH_")}
    mixes = {"hot": pick_mix(settings.data_dir, settings.base_iri)} if "hot" in args.mixes else {}
    if "all" in args.mixes:
        mixes["all"] = every_iri(settings.data_dir, settings.base_iri)
    results: dict[tuple[str, str], Result] = {}
    fills: dict[str, dict[str, int]] = {}
    notes: list[str] = []

    def run(name: str, mix: str, port: int, groups: list[int]) -> None:
        requests = [t.request("accept") for t in mixes[mix]]
        background = wait_quiet(args.wait_quiet)
        cpu0 = sum(group_cpu(g) for g in groups)
        result = run_wrk(wrk, args.host, port, write_script(requests, tmp / f"{mix}.lua"), args)
        result.server_cpu, result.background = sum(group_cpu(g) for g in groups) - cpu0, background
        results[(name, mix)] = result
        print(f"  {mix:4s} {result.rps:8.0f} req/s  p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:6.2f} ms  "
              f"{result.per_cpu_s:7.0f} req/CPU-s  errors {result.errors}")

    try:
        port = free_port(args.host)
        log = tmp / "server.log"
        proc = spawn(serve_command(args.host, port), log, env=env)
        wait_ready(proc, args.host, port, "/health", log, timeout=120)
        www = tmp / "www"
        www.mkdir()
        for mix, targets in mixes.items():
            kept, size = prerender(targets, args.host, port, www)
            mixes[mix] = kept
            print(f"{mix}: {len(kept)} URLs, {size / 1e6:.1f} MB")

        # The ceiling: nginx on the files.
        nport = free_port(args.host)
        prefix = tmp / "nginx-static"
        prefix.mkdir()
        nproc = start_nginx(nginx, args.host, nport, www, prefix, 2)
        try:
            wait_ready(nproc, args.host, nport, next(iter(mixes.values()))[0].ext_path, prefix / "nginx.out")
            print("\n== nginx, static files, 2 workers")
            for mix in mixes:
                run("nginx (static files)", mix, nport, [nproc.pid])
        finally:
            stop(nproc, signal.SIGQUIT)

        # The caching layer in front of the server.
        cport = free_port(args.host)
        cdir = tmp / "cache"
        (cdir / "run").mkdir(parents=True)
        conf = cdir / "nginx.conf"
        conf.write_text(config(CacheSettings(listen=f"{args.host}:{cport}", upstream=f"{args.host}:{port}",
                                             cache_dir=cdir / "store", run_dir=cdir / "run", workers="2",
                                             user="root" if os.geteuid() == 0 else "")))
        cproc = spawn([nginx, "-p", str(cdir), "-c", str(conf), "-g", "daemon off;"], cdir / "nginx.out")
        try:
            wait_ready(cproc, args.host, cport, "/health", cdir / "nginx.out")
            print("\n== the caching layer (nginx proxy_cache, 2 workers) in front of ogpgraph serve")
            for mix, targets in mixes.items():
                fill(targets, args.host, cport)
                fills[mix] = fill(targets, args.host, cport)
                print(f"  {mix}: second pass {fills[mix]}")
                run("ogpgraph behind its caching layer", mix, cport, [cproc.pid, proc.pid])
        finally:
            stop(cproc, signal.SIGQUIT)
            stop(proc)
    finally:
        stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    report(args, mixes, results, fills, notes, time.monotonic() - t_start, wrk)
    return 0


def report(args, mixes, results, fills, notes, elapsed, wrk) -> None:
    header = ["server", "mix", "URLs", "req/s", "p50 ms", "p99 ms", "MB/s", "errors", "× nginx", "req/CPU-s",
              "× nginx (CPU)", "bg CPU"]
    rows, summary = [], []
    for (name, mix), r in results.items():
        base = results.get(("nginx (static files)", mix))
        rows.append([name, mix, str(len(mixes[mix])), f"{r.rps:.0f}", f"{r.p50_ms:.2f}", f"{r.p99_ms:.2f}",
                     f"{r.mb_s:.1f}", str(r.errors), f"{r.rps / base.rps:.2f}" if base else "–",
                     f"{r.per_cpu_s:.0f}", f"{r.per_cpu_s / base.per_cpu_s:.2f}" if base and base.per_cpu_s else "–",
                     fmt_bg(r.background)])
        if base and r is not base:
            target = " — aim ≥ 0.5×: " + ("met" if r.rps / base.rps >= 0.5 else "NOT met") if mix == "hot" else ""
            summary.append(f"- `{mix}`: through the caching layer / nginx static = **{r.rps / base.rps:.2f}×** "
                           f"({r.rps:.0f} vs {base.rps:.0f} req/s){target}; second pass before the run: {fills[mix]}")
    print()
    print_table(header, rows)
    print("\n" + "\n".join(summary))
    print(f"\ntotal time {elapsed:.0f}s")
    if args.no_write:
        return
    text = f"""{SECTION_TITLE}

Generated by `benchmarks/cache.py`; numbers as measured, not edited.

{run_lines(("gunicorn", "Flask", "pyoxigraph"), [tool_version(["nginx", "-v"]).replace("nginx version: ", ""),
                                                  wrk_version(wrk)])}
- load: wrk, {args.threads} threads, {args.connections} connections, {args.duration}s per run, bare IRI paths
  with an `Accept` header (Turtle, HTML, JSON-LD, N-Triples), rotated in order
- mixes: `hot` = the sample of benchmarks/deref.py; `all` = every IRI under `id/` in the built data
- nginx (static files): 2 workers, the bytes `ogpgraph serve` answered, `Accept` mapped to a file
- the caching layer: `ogpgraph cache-config`'s nginx, 2 workers, filled by one pass over the mix
  before the run; its CPU counts its nginx and the whole `ogpgraph serve` behind it (the version
  subrequest reaches the service at most once a second)

{md_table(header, rows)}

{chr(10).join(summary)}
"""
    replace_section(args.results, text + notes_block("Notes", notes))
    print(f"wrote {args.results}")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Triple Pattern Fragments benchmark: what a query costs our server through Comunica and
``/fragments`` against the same query through ``/sparql``; and single fragment requests against
nginx serving the same bytes from files.

Loopback only, bounded in time, never run by CI or the tests. Steps:

1. The queries: the SELECT and ASK example queries Comunica answers as ``/sparql`` does
   (tests/server/test_fragments_comunica.py leaves out 03, 04 and 12 for a Comunica COUNT bug);
   each is checked again here (same number of rows, same boolean) and left out if it differs.
2. ``ogpgraph serve`` (the production default: nginx front, gunicorn, 2 workers) on a free port.
3. Through Comunica (``node_modules/.bin/comunica-sparql``, the fragments URL as its source), each
   query once *cold* (the server just started: every fragment rendered on demand) then once
   *warm* (the same fragments again, from the render cache). Per run: the server's CPU seconds
   (its process group, from /proc), the fragment requests Comunica made, Comunica's own CPU
   seconds (the work the client took over) and the wall time.
4. Through ``/sparql``: wrk rotating through the same queries as POSTs (as benchmarks/sparql.py
   does), ``--duration`` seconds: the server's CPU per answered query.
5. The fragment requests of step 3 (read back from the server's access log, with Comunica's
   Accept header) replayed by wrk, ``--duration`` seconds: req/s and server CPU per fragment;
   then the same bytes, written to files, served by nginx under the same wrk run.
6. Tables on stdout and in the "Triple Pattern Fragments benchmark results" section of
   ``benchmarks/RESULTS.md`` (other sections are kept).

    .venv/bin/python benchmarks/fragments.py [--duration 10] [--connections 8] [--help]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ is not a package
from deref import start_nginx  # noqa: E402
from harness import (Request, fetch, group_cpu, serve_command, spawn, stop, stop_all, stop_on_exit,  # noqa: E402
                     wait_idle, wait_quiet, wait_ready)
from ogpgraph.paths import QUERIES_DIR  # noqa: E402
from ogpgraph.ports import free_port  # noqa: E402
from results import (DEFAULT_RESULTS, fmt_bg, md_table, notes_block, print_table, replace_section,  # noqa: E402
                     run_lines, tool_version)
from wrk import Result, add_load_options, check_load_options, run_wrk, write_script, wrk_version  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
COMUNICA = ROOT / "node_modules" / ".bin" / "comunica-sparql"
SECTION_TITLE = "# Triple Pattern Fragments benchmark results"
RESULTS_ACCEPT = "application/sparql-results+json"
# Left out, as in tests/server/test_fragments_comunica.py: Comunica's COUNT differs there.
COMUNICA_DIFFERS = ("03-", "04-", "12-")


@dataclass
class Run:
    """One Comunica run of one query."""

    server_cpu: float  # seconds
    client_cpu: float  # seconds (Comunica's node process)
    wall: float
    requests: int | None  # HTTP requests Comunica made (None: it does not say, as for ASK)
    rows: object  # row count, or the ASK boolean


def queries() -> list[Path]:
    out = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        body = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("#"))
        words = body.upper().split()
        form = next((w for w in words if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), None)
        if form in ("SELECT", "ASK") and not path.name.startswith(COMUNICA_DIFFERS):
            out.append(path)
    return out


def answer_size(answer: dict) -> object:
    return answer["boolean"] if "boolean" in answer else len(answer["results"]["bindings"])


def comunica(url: str, query: Path, pgid: int) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0, start = group_cpu(pgid), time.monotonic()
    out = subprocess.run([str(COMUNICA), url, "-f", str(query), "-t", RESULTS_ACCEPT],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    wall = time.monotonic() - start
    wait_idle(pgid, 5)
    cpu = group_cpu(pgid) - cpu0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode:
        raise RuntimeError(f"comunica failed on {query.name}: {out.stderr.strip()[-300:]}")
    answer = json.loads(out.stdout)
    client = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(cpu, client, wall, answer.get("metadata", {}).get("httpRequests"), answer_size(answer))


def fragment_requests(log: Path) -> list[Request]:
    """Every fragment request the access log holds, in order, with the Accept header it carried."""
    out = []
    for line in log.read_text(errors="replace").splitlines():
        if not line.startswith("{"):
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("path") == "/fragments" and entry.get("status") == 200:
            query = entry.get("query")
            out.append(Request("/fragments" + (f"?{query}" if query else ""), entry.get("accept")))
    return out


def measure(name: str, wrk: str, args, port: int, pgid: int, mix: list[Request], tmp: Path) -> Result:
    script = write_script(mix, tmp / f"{name.split()[0]}.lua")
    wait_idle(pgid, 10)
    background = wait_quiet(args.wait_quiet, exclude=pgid)
    cpu0 = group_cpu(pgid)
    result = run_wrk(wrk, args.host, port, script, args, timeout=30)
    wait_idle(pgid, 10)
    result.server_cpu, result.background = group_cpu(pgid) - cpu0, background
    print(f"  {name}: {result.rps:.0f} req/s, p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, "
          f"{result.errors} errors, {result.per_cpu_s:.0f} req per server CPU-s")
    return result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Benchmark the Triple Pattern Fragments interface: server CPU per query through "
                    "Comunica + /fragments against /sparql, and fragment requests against nginx serving the "
                    "same bytes. Loopback only; not run by CI.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    add_load_options(p, connections=8)
    p.add_argument("--wait-quiet", type=float, default=3,
                   help="before each wrk run, wait up to this many seconds for other processes' CPU use to drop")
    p.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="Markdown file to write")
    p.add_argument("--no-write", action="store_true", help="print only; do not write --results")
    args = p.parse_args(argv)
    check_load_options(p, args)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = shutil.which("wrk")
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
    for what, found in (("wrk (apt-get install wrk)", wrk), ("Comunica (make test installs it: npm ci)",
                                                             COMUNICA.exists() and shutil.which("node"))):
        if not found:
            raise SystemExit(f"fragments.py: {what} is needed")
    stop_on_exit()
    t_start = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="ogpgraph-fragments-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("OGPGRAPH_")}
    port = free_port(args.host)
    log = tmp / "server.log"
    notes: list[str] = []
    try:
        proc = spawn(serve_command(args.host, port), log, env=env)
        wait_ready(proc, args.host, port, "/health", log, timeout=120)
        wait_idle(proc.pid, 30)
        base = f"http://{args.host}:{port}"
        fragments_url = base + "/fragments"

        # 1. The queries, and /sparql's answers.
        mix, expected = [], {}
        for path in queries():
            status, body, _ = fetch(args.host, port, Request.sparql("/sparql", path.read_text(), RESULTS_ACCEPT), 60)
            if status != 200:
                notes.append(f"{path.stem}: /sparql answered {status}; left out")
                continue
            mix.append(path)
            expected[path.stem] = answer_size(json.loads(body))

        # 3. Comunica, cold then warm.
        runs: dict[str, dict[str, Run]] = {}
        for temperature in ("cold", "warm"):
            print(f"\n== Comunica through /fragments, {temperature}")
            for path in mix:
                run = comunica(fragments_url, path, proc.pid)
                if run.rows != expected[path.stem]:
                    notes.append(f"{path.stem}: Comunica gave {run.rows} rows, /sparql {expected[path.stem]}; "
                                 "left out")
                    continue
                runs.setdefault(path.stem, {})[temperature] = run
                print(f"  {path.stem}: {run.requests or '?'} requests, server {run.server_cpu * 1000:.0f} ms CPU, "
                      f"Comunica {run.client_cpu:.2f} s CPU, {run.wall:.2f} s")
        agreed = [p for p in mix if len(runs.get(p.stem, {})) == 2]
        fragment_mix = fragment_requests(log)

        # 4. /sparql under wrk, the same queries.
        print("\n== /sparql under wrk, the same queries")
        sparql = measure("sparql /sparql", wrk, args, port, proc.pid,
                         [Request.sparql("/sparql", p.read_text(), RESULTS_ACCEPT) for p in agreed], tmp)

        # 5. Single fragment requests: ours, then nginx on the same bytes.
        print(f"\n== the {len(fragment_mix)} fragment requests Comunica made, replayed by wrk")
        ours = measure("fragments /fragments", wrk, args, port, proc.pid, fragment_mix, tmp)
        www = tmp / "www" / "f"
        www.mkdir(parents=True)
        files = []
        for i, request in enumerate(dict.fromkeys(fragment_mix)):
            status, body, headers = fetch(args.host, port, request)
            if status != 200:
                raise RuntimeError(f"{request.path}: HTTP {status}")
            (www / f"{i}").write_bytes(body)
            files.append(Request(f"/f/{i}", request.accept))
        index = {r: files[i] for i, r in enumerate(dict.fromkeys(fragment_mix))}
        nginx_result: Result | str = "skipped: nginx not installed"
        if nginx:
            stop(proc)
            nport = free_port(args.host)
            prefix = tmp / "nginx"
            prefix.mkdir()
            nproc = start_nginx(nginx, args.host, nport, www.parent, prefix, os.cpu_count() or 1)
            try:
                wait_ready(nproc, args.host, nport, files[0].path, prefix / "nginx.out")
                print("\n== nginx serving the same bytes from files")
                nginx_result = measure("nginx files", wrk, args, nport, nproc.pid,
                                       [index[r] for r in fragment_mix], tmp)
            finally:
                stop(nproc, signal.SIGQUIT)
    finally:
        stop_all()
        shutil.rmtree(tmp, ignore_errors=True)

    report(args, agreed, runs, sparql, ours, nginx_result, len(fragment_mix), len(set(fragment_mix)), notes,
           time.monotonic() - t_start, wrk)
    return 0


def report(args, agreed, runs, sparql: Result, ours: Result, nginx, replayed: int, distinct: int, notes, elapsed,
           wrk) -> None:
    header = ["query", "fragment requests", "server CPU ms (cold)", "server CPU ms (warm)",
              "Comunica CPU s", "wall s (warm)"]
    rows = []
    for path in agreed:
        cold, warm = runs[path.stem]["cold"], runs[path.stem]["warm"]
        rows.append([path.stem, "–" if warm.requests is None else str(warm.requests), f"{cold.server_cpu * 1000:.0f}", f"{warm.server_cpu * 1000:.0f}",
                     f"{warm.client_cpu:.2f}", f"{warm.wall:.2f}"])
    n = len(agreed)
    cold_ms = sum(runs[p.stem]["cold"].server_cpu for p in agreed) / n * 1000
    warm_ms = sum(runs[p.stem]["warm"].server_cpu for p in agreed) / n * 1000
    sparql_ms = 1000 / sparql.per_cpu_s if sparql.per_cpu_s else float("nan")
    replay_ms = 1000 / ours.per_cpu_s if ours.per_cpu_s else float("nan")
    counted = [runs[p.stem]["warm"].requests for p in agreed if runs[p.stem]["warm"].requests is not None]
    requests = sum(counted) / max(len(counted), 1)
    client = sum(runs[p.stem]["warm"].client_cpu for p in agreed) / n
    load_header = ["server", "requests", "req/s", "p50 ms", "p99 ms", "errors", "req/CPU-s", "× nginx", "bg CPU"]
    load_rows = []
    for name, r in (("ogpgraph /sparql (the queries)", sparql), ("ogpgraph /fragments (Comunica's requests)", ours),
                    ("nginx (the same fragments, from files)", nginx)):
        if isinstance(r, str):
            notes.append(f"{name}: {r}")
            continue
        ratio = f"{r.rps / nginx.rps:.2f}" if isinstance(nginx, Result) and r is not sparql else "–"
        load_rows.append([name, str(r.requests), f"{r.rps:.0f}", f"{r.p50_ms:.1f}", f"{r.p99_ms:.1f}",
                          str(r.errors), f"{r.per_cpu_s:.0f}", ratio, fmt_bg(r.background)])
    summary = [
        f"- mean over the {n} queries, server CPU per answered query: **{sparql_ms:.1f} ms through /sparql**; "
        f"through Comunica + /fragments {warm_ms:.1f} ms warm (one run, pages from the render cache; "
        f"{requests:.0f} fragment requests per query where Comunica counts them) and {cold_ms:.1f} ms cold (pages rendered on demand): "
        f"**{warm_ms / sparql_ms:.2f}×** and {cold_ms / sparql_ms:.2f}× the /sparql cost",
        f"- the same fragment requests under wrk (warm): {replay_ms:.2f} ms of server CPU each, "
        f"i.e. {replay_ms * requests:.1f} ms per query at {requests:.0f} requests per query",
        f"- Comunica's own CPU: {client:.2f} s per query on the client (the joins, filters and aggregates "
        "the server no longer does)",
    ]
    if isinstance(nginx, Result):
        summary.append(f"- single fragment requests: ours / nginx = **{ours.rps / nginx.rps:.2f}×** req/s "
                       f"({ours.rps:.0f} vs {nginx.rps:.0f}); per server CPU-second "
                       f"{ours.per_cpu_s / nginx.per_cpu_s:.2f}×")
    print()
    print_table(header, rows)
    print()
    print_table(load_header, load_rows)
    print("\n" + "\n".join(summary))
    for note in notes:
        print(f"  {note}")
    print(f"\ntotal time {elapsed:.0f}s")
    if args.no_write:
        return
    tools = [tool_version(["nginx", "-v"]).replace("nginx version: ", ""), wrk_version(wrk),
             "Comunica " + json.loads((ROOT / "node_modules/@comunica/query-sparql/package.json").read_text())["version"]]
    text = f"""{SECTION_TITLE}

Generated by `benchmarks/fragments.py`; numbers as measured, not edited.

{run_lines(("gunicorn", "Flask", "pyoxigraph"), tools)}
- load: wrk, {args.threads} threads, {args.connections} connections, {args.duration}s per run; Comunica runs one
  query at a time (`comunica-sparql URL/fragments -f query.rq`), cold (server just started) then warm
- server CPU: the server's whole process group (nginx front, gunicorn arbiter and workers), from /proc
- the /fragments replay: the {replayed} requests Comunica made in both passes ({distinct} distinct URLs), with
  its Accept header, in order; nginx serves the same bytes from files

{md_table(header, rows)}

{md_table(load_header, load_rows)}

{chr(10).join(summary)}
"""
    replace_section(args.results, text + notes_block("Left out", notes))
    print(f"wrote {args.results}")


if __name__ == "__main__":
    sys.exit(main())

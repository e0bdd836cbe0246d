#!/usr/bin/env python3
"""SPARQL endpoint benchmark: our /sparql against Oxigraph's server and rdflib-endpoint.

Loopback only, bounded in time, never run by CI or the tests. Steps:

1. The mix: every ``queries/*.rq`` (SELECT, ASK, CONSTRUCT), each in one of two classes:
   *trivial* (ASK forms and single-resource lookups, ``--trivial``) or *engine* (aggregates,
   joins, text filters over the whole graph: everything else).
2. The data: the same files our store loads (``data/ttl/*.ttl`` and the ontology), each into
   the same named graph IRI, the default graph being the union of them all:
   ``oxigraph load --graph`` per file then ``oxigraph serve --union-default-graph``; for
   rdflib-endpoint an rdflib ``Dataset(default_union=True)`` (benchmarks/rdflib_endpoint_app.py).
3. Answers: start each server in turn (``ogpgraph serve`` with default settings first), POST
   every query once (form-encoded, ``Accept: application/sparql-results+json`` or
   ``text/turtle``) and compare the row counts, ASK booleans and CONSTRUCT triple counts
   with ours. A query that fails, times out or answers differently on a server is left out of
   that server's mix (and said so); the ratios are computed on a mix both servers answer alike.
4. Load: ``wrk`` with a generated Lua script rotating through a class's queries, as POSTs,
   same threads / connections / duration for every server; req/s, p50/p99 latency and
   requests per server CPU-second (robust to other load on the machine).
5. The cost of our safety machinery (the policy scan of ogpgraph.store.policy and the
   round trip to a killable worker of ogpgraph.store.pool), measured in-process with timeit
   against running the same query directly on the store: nothing in the server changes.
6. Tables on stdout and in the "SPARQL endpoint benchmark results" section of
   ``benchmarks/RESULTS.md`` (other sections are kept).

Processes, the loopback guard and /proc CPU accounting come from harness.py, the wrk runs from
wrk.py, the tables and RESULTS.md from results.py.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/sparql.py [--duration 10] [--connections 8] [--help]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ is not a package
from harness import (Request, fetch, group_cpu, oxigraph_bin, per_call, serve_command, spawn,  # noqa: E402
                     stop, stop_all, stop_on_exit, wait_idle, wait_quiet, wait_ready)
from ogpgraph.paths import QUERIES_DIR  # noqa: E402
from ogpgraph.ports import free_port  # noqa: E402
from results import (DEFAULT_RESULTS, fmt_bg, md_table, module_version, notes_block, print_table,  # noqa: E402
                     replace_section, run_lines)
from wrk import Result, add_load_options, check_load_options, run_wrk, write_script, wrk_version  # noqa: E402

SECTION_TITLE = "# SPARQL endpoint benchmark results"
SELECT_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "text/turtle"
CLASSES = ("engine", "trivial")
# Single-resource lookups (a VALUES line binding one IRI or number): the "trivial" class with ASK.
DEFAULT_LOOKUPS = "02,15"


# --------------------------------------------------------------------------- the mix

@dataclass(frozen=True)
class Query:
    name: str  # file stem
    text: str
    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    cls: str  # engine | trivial

    @property
    def accept(self) -> str:
        return SELECT_ACCEPT if self.form in ("SELECT", "ASK") else GRAPH_ACCEPT

    def request(self, endpoint: str) -> Request:
        return Request.sparql(endpoint, self.text, self.accept)


def load_queries(qdir: Path, lookups: set[str]) -> list[Query]:
    from ogpgraph.store.errors import QueryRefused
    from ogpgraph.store.policy import scan

    out = []
    for f in sorted(qdir.glob("*.rq")):
        text = f.read_text()
        try:
            form = scan(text).form
        except QueryRefused as exc:
            print(f"  note: {f.name} is refused by our own checks ({exc.message}); left out", file=sys.stderr)
            continue
        prefix = f.stem.split("-", 1)[0]
        cls = "trivial" if form == "ASK" or prefix in lookups or f.stem in lookups else "engine"
        out.append(Query(f.stem, text, form, cls))
    if not out:
        raise SystemExit(f"sparql.py: no queries in {qdir}")
    return out


# --------------------------------------------------------------------------- servers

@dataclass
class Peer:
    key: str  # ours | oxigraph | rdflib
    name: str
    path: str  # the query endpoint
    ready_path: str
    note: str = ""
    skip: str = ""
    proc: subprocess.Popen | None = None
    port: int = 0
    answers: dict[str, tuple] = field(default_factory=dict)  # query -> answer key
    failed: dict[str, str] = field(default_factory=dict)  # query -> why it is not in the mix


def clean_env() -> dict[str, str]:
    """Our environment without OGPGRAPH_* settings: `ogpgraph serve` runs with its defaults."""
    return {k: v for k, v in os.environ.items() if not k.startswith("OGPGRAPH_")}


def graph_files(settings) -> list[tuple[str, Path]]:
    """(graph IRI, Turtle file) for everything our store loads, named as it names them."""
    from ogpgraph.store.embedded import EmbeddedStore

    store = EmbeddedStore(settings)
    files = [(f.stem, f) for f in sorted(settings.data_dir.glob("*.ttl"))] + [("ontology", settings.ontology)]
    if len(files) == 1:
        raise SystemExit(f"sparql.py: no Turtle files in {settings.data_dir}: run 'ogpgraph build' first")
    return [(store.graph_iri(name), path) for name, path in files]


def prepare_oxigraph(binary: str, graphs: list[tuple[str, Path]], location: Path, log: Path) -> None:
    for iri, path in graphs:
        out = subprocess.run([binary, "load", "--location", str(location), "--file", str(path), "--graph", iri],
                             capture_output=True, text=True, timeout=300, start_new_session=True)
        if out.returncode != 0:
            raise RuntimeError(f"oxigraph load {path.name} failed: {out.stderr.strip()[:300]}")
        log.write_text(log.read_text() + out.stdout + out.stderr if log.exists() else out.stdout + out.stderr)


def start_peer(peer: Peer, args, tmp: Path, graphs, ox_location: Path) -> None:
    peer.port = free_port(args.host)
    bind = f"{args.host}:{peer.port}"
    log = tmp / f"{peer.key}.log"
    env = clean_env()
    if peer.key == "ours":
        cmd = serve_command(args.host, peer.port)
    elif peer.key == "oxigraph":
        cmd = [oxigraph_bin(), "serve", "--location", str(ox_location), "--bind", bind, "--union-default-graph"]
    else:
        env["OGPGRAPH_BENCH_GRAPHS"] = json.dumps([[iri, str(p)] for iri, p in graphs])
        cmd = [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(__file__).resolve().parent),
               "--factory", "rdflib_endpoint_app:create", "--host", args.host, "--port", str(peer.port),
               "--workers", str(args.rdflib_workers), "--log-level", "warning", "--no-access-log"]
    peer.proc = spawn(cmd, log, env=env)
    wait_ready(peer.proc, args.host, peer.port, peer.ready_path, log, timeout=90)
    wait_idle(peer.proc.pid, 30)  # every worker has loaded its data


def stop_peer(peer: Peer) -> None:
    if peer.proc is not None:
        stop(peer.proc)
        peer.proc = None


# --------------------------------------------------------------------------- answers

def answer_key(q: Query, body: bytes) -> tuple:
    if q.form == "ASK":
        return ("boolean", json.loads(body)["boolean"])
    if q.form == "SELECT":
        return ("rows", len(json.loads(body)["results"]["bindings"]))
    import pyoxigraph as ox

    return ("triples", sum(1 for _ in ox.parse(body, format=ox.RdfFormat.TURTLE)))


def fmt_answer(key: tuple | None) -> str:
    if key is None:
        return "–"
    kind, value = key
    return {"boolean": str(value).lower(), "rows": f"{value} rows", "triples": f"{value} triples"}[kind]


def verify(peer: Peer, queries: list[Query], args, reference: Peer | None) -> None:
    for q in queries:
        t0 = time.monotonic()
        try:
            status, body, _ = fetch(args.host, peer.port, q.request(peer.path), args.verify_timeout)
        except TimeoutError:
            peer.failed[q.name] = f"no answer within {args.verify_timeout:g} s"
            print(f"  {q.name}: TIMEOUT after {args.verify_timeout:g} s")
            continue
        except OSError as exc:
            peer.failed[q.name] = f"connection error: {exc}"
            print(f"  {q.name}: {exc}")
            continue
        took = time.monotonic() - t0
        if status != 200:
            msg = body.decode(errors="replace").strip().replace("\n", " ")[:160]
            peer.failed[q.name] = f"HTTP {status}: {msg}"
            print(f"  {q.name}: HTTP {status} {msg}")
            continue
        try:
            key = answer_key(q, body)
        except (ValueError, KeyError, SyntaxError) as exc:
            peer.failed[q.name] = f"unreadable answer: {exc}"
            print(f"  {q.name}: unreadable answer {exc}")
            continue
        peer.answers[q.name] = key
        ref = reference.answers.get(q.name) if reference else key
        same = ref == key
        if not same:
            peer.failed[q.name] = f"different answer: {fmt_answer(key)} (ours: {fmt_answer(ref)})"
        print(f"  {q.name:48s} {q.form:9s} {q.cls:7s} {fmt_answer(key):>13s} {took * 1000:8.0f} ms"
              f"{'' if same else '  MISMATCH (ours: ' + fmt_answer(ref) + ')'}")


# --------------------------------------------------------------------------- safety cost

def safety_cost(queries: list[Query], min_time: float) -> dict:
    """Time, per query, the direct path (execute on the store) against the checked one
    (a QueryPool worker round trip, in which the worker scans, checks and runs the query), and the
    policy scan alone (``inspect`` columns: the same number twice, the scan has no cache)."""
    from ogpgraph.config import Settings
    from ogpgraph.store.embedded import EmbeddedStore
    from ogpgraph.negotiate import SPARQL_GRAPH, SPARQL_RESULTS, choose
    from ogpgraph.store.policy import check_dataset, scan
    from ogpgraph.store.pool import QueryPool, QueryRequest, execute

    settings = Settings.from_env(environ={})
    store = EmbeddedStore(settings).load()
    known = {g.iri for g in store.graphs}
    pool = QueryPool(settings, size=1, timeout=settings.query_timeout, queue_timeout=settings.queue_timeout)
    rows = []
    try:
        for q in queries:
            results = choose(q.accept, SPARQL_RESULTS)
            req = QueryRequest(q.text, results.extension if results else None,
                               choose(q.accept, SPARQL_GRAPH, default=SPARQL_GRAPH[0]).extension, (), (),
                               settings.max_result_bytes, settings.base_iri)
            pool.run(req)  # worker started and warm
            direct = per_call(lambda: execute(store.store, req, known), min_time)

            def checks():
                info = scan(q.text, settings.base_iri)
                check_dataset(info.default_graphs, known, "default")
                check_dataset(info.named_graphs, known, "named")

            cached = cold = per_call(checks, min_time / 4)
            pooled = per_call(lambda: pool.run(req), min_time)
            rows.append({"query": q.name, "cls": q.cls, "direct": direct, "inspect_cached": cached,
                         "inspect_cold": cold, "pool": pooled})
            print(f"  {q.name:48s} direct {direct * 1e3:8.3f} ms  pool {pooled * 1e3:8.3f} ms  "
                  f"check cached {cached * 1e6:6.1f} µs  cold {cold * 1e3:7.2f} ms")
    finally:
        pool.close()
    return {"rows": rows}


# --------------------------------------------------------------------------- main

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Benchmark the SPARQL endpoint: `ogpgraph serve` vs `oxigraph serve` vs rdflib-endpoint "
                    "on the queries/ mix (same data, same wrk client), plus the cost of our query safety "
                    "checks and worker pool. Loopback only; not run by CI. Needs the `bench` extra "
                    "(pip install -e '.[bench]') and wrk.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    add_load_options(p, connections=8)
    p.add_argument("--queries", type=Path, default=QUERIES_DIR, help="directory of *.rq files")
    p.add_argument("--trivial", default=DEFAULT_LOOKUPS,
                   help="comma-separated query numbers (file-name prefixes) that are lookups; with every "
                        "ASK they form the 'trivial' class, the rest the 'engine' class")
    p.add_argument("--servers", default="ours,oxigraph,rdflib", help="which servers to run (comma-separated)")
    p.add_argument("--rdflib-workers", type=int, default=2,
                   help="uvicorn worker processes for rdflib-endpoint (its handler runs queries on the event "
                        "loop, so one worker answers one query at a time)")
    p.add_argument("--verify-timeout", type=float, default=20,
                   help="seconds to wait for each answer while checking answers; a query that takes longer "
                        "on a server is left out of its mix")
    p.add_argument("--wrk-timeout", type=int, default=30, help="wrk --timeout: a slower request counts as an error")
    p.add_argument("--warm", type=int, default=3, help="seconds of discarded load per class before measuring")
    p.add_argument("--idle-limit", type=float, default=30,
                   help="after warm-up, wait up to this many seconds for the server to finish the requests "
                        "wrk abandoned (slow servers keep computing them) before measuring")
    p.add_argument("--safety-time", type=float, default=0.4,
                   help="about this many seconds of timeit per query and path in the safety-cost step "
                        "(0 skips the step)")
    p.add_argument("--budget", type=int, default=480,
                   help="overall time limit in seconds: runs that would not fit are skipped and reported")
    p.add_argument("--wait-quiet", type=float, default=3,
                   help="before each run, wait up to this many seconds for the CPU use of processes other "
                        "than the server's to drop below 15%% (the last reading is reported as 'bg CPU')")
    p.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="Markdown file to update")
    p.add_argument("--no-write", action="store_true", help="print only; do not write --results")
    args = p.parse_args(argv)
    check_load_options(p, args)
    if not 1 <= args.rdflib_workers <= 16:
        p.error("--rdflib-workers must be 1..16")
    args.servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    if "ours" not in args.servers or set(args.servers) - {"ours", "oxigraph", "rdflib"}:
        p.error("--servers: ours (required), oxigraph, rdflib")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from ogpgraph.config import Settings

    wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("sparql.py: wrk not found (apt-get install wrk)")
    settings = Settings.from_env(environ={})  # what `ogpgraph serve` runs with by default
    lookups = {s.strip() for s in args.trivial.split(",") if s.strip()}
    queries = load_queries(args.queries, lookups)
    by_name = {q.name: q for q in queries}

    peers = [Peer("ours", "ogpgraph serve (default: gunicorn sync x2, 2 query workers each)", "/sparql", "/health"),
             Peer("oxigraph", "oxigraph serve --union-default-graph", "/query", "/"),
             Peer("rdflib", f"rdflib-endpoint (uvicorn x{args.rdflib_workers})", "/sparql", "/sparql")]
    peers = [p for p in peers if p.key in args.servers]
    for p in peers:
        if p.key == "oxigraph" and not oxigraph_bin():
            p.skip = "not installed (pip install -e '.[bench]')"
        if p.key == "rdflib" and not (module_version("rdflib-endpoint") and module_version("uvicorn")):
            p.skip = "not installed (pip install -e '.[bench]')"
    ours = peers[0]

    stop_on_exit()
    t_start = time.monotonic()
    left = lambda: args.budget - (time.monotonic() - t_start)  # noqa: E731
    tmp = Path(tempfile.mkdtemp(prefix="ogpgraph-sparql-"))
    results: dict[tuple[str, str, str], Result | str] = {}  # (peer, mix, class) -> result
    mixes: dict[str, list[str]] = {}
    safety: dict | None = None
    notes: list[str] = []
    try:
        print(f"queries: {len(queries)} = " + ", ".join(
            f"{c} {sum(q.cls == c for q in queries)} ({' '.join(q.name.split('-')[0] for q in queries if q.cls == c)})"
            for c in CLASSES))
        graphs = graph_files(settings)
        ox_location = tmp / "oxigraph"
        if any(p.key == "oxigraph" and not p.skip for p in peers):
            try:
                prepare_oxigraph(oxigraph_bin(), graphs, ox_location, tmp / "oxigraph-load.log")
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                next(p for p in peers if p.key == "oxigraph").skip = f"load failed: {exc}"

        # 1. Answers, one server at a time (ours first: the reference).
        for peer in peers:
            if peer.skip:
                print(f"\n== {peer.name}: skipped, {peer.skip}")
                continue
            print(f"\n== answers: {peer.name}")
            try:
                start_peer(peer, args, tmp, graphs, ox_location)
                verify(peer, queries, args, None if peer is ours else ours)
            except RuntimeError as exc:
                peer.skip = f"failed to start: {str(exc).splitlines()[0]}"
                print(f"  {peer.skip}\n{exc}")
            finally:
                stop_peer(peer)
        if ours.skip:
            raise SystemExit(f"sparql.py: our server did not run: {ours.skip}")
        live = [p for p in peers if not p.skip]

        # The mixes: every query ours answers; and, if some peer fails one, those all answer alike.
        full = [q.name for q in queries if q.name not in ours.failed]
        common = [n for n in full if all(n not in p.failed for p in live)]
        mixes["full"] = full
        if common != full:
            mixes["common"] = common
        for p in live:
            for name, why in p.failed.items():
                notes.append(f"{p.name}: `{name}` left out of its mix: {why}")

        # 2. Load, one server at a time.
        for peer in live:
            runs = [(m, c) for m, names in mixes.items() if set(names) <= set(peer.answers) - set(peer.failed)
                    for c in CLASSES if any(by_name[n].cls == c for n in names)]
            need = 15 + len(runs) * (args.duration + args.warm + args.wait_quiet + 4)
            if left() < need:
                why = f"time budget (--budget {args.budget}s: {left():.0f}s left, {need:.0f}s needed)"
                notes.append(f"{peer.name}: not measured, {why}")
                print(f"\n== {peer.name}: skipped, {why}")
                continue
            print(f"\n== load: {peer.name}")
            try:
                start_peer(peer, args, tmp, graphs, ox_location)
                for mix, cls in runs:
                    qs = [by_name[n] for n in mixes[mix] if by_name[n].cls == cls]
                    script = write_script([q.request(peer.path) for q in qs], tmp / f"{peer.key}-{mix}-{cls}.lua",
                                          spread=7)
                    if args.warm:
                        warm = argparse.Namespace(**{**vars(args), "duration": args.warm})
                        run_wrk(wrk, args.host, peer.port, script, warm, args.wrk_timeout)
                    wait_idle(peer.proc.pid, args.idle_limit)
                    bg = wait_quiet(args.wait_quiet, exclude=peer.proc.pid)
                    cpu0 = group_cpu(peer.proc.pid)
                    try:
                        r = run_wrk(wrk, args.host, peer.port, script, args, args.wrk_timeout)
                    except (RuntimeError, subprocess.TimeoutExpired) as exc:
                        results[(peer.key, mix, cls)] = f"failed: {exc}"
                        print(f"  {mix}/{cls} failed: {exc}")
                        continue
                    r.server_cpu = group_cpu(peer.proc.pid) - cpu0
                    r.background = bg
                    if r.requests == 0:
                        results[(peer.key, mix, cls)] = (f"no request completed in {args.duration}s "
                                                         f"(wrk timeout {args.wrk_timeout}s)")
                        print(f"  {mix}/{cls}: no request completed")
                        continue
                    results[(peer.key, mix, cls)] = r
                    print(f"  {mix:6s} {cls:7s} ({len(qs):2d} queries) bg {fmt_bg(bg):>4s} {r.rps:8.1f} req/s  "
                          f"p50 {r.p50_ms:8.2f} ms  p99 {r.p99_ms:8.2f} ms  {r.per_cpu_s:7.1f} req/CPU-s  "
                          f"errors {r.errors}{' (' + r.detail + ')' if r.detail else ''}")
            except RuntimeError as exc:
                notes.append(f"{peer.name}: failed: {str(exc).splitlines()[0]}")
                print(f"  failed: {exc}")
            finally:
                stop_peer(peer)

        # 3. The cost of the safety machinery, in-process (no server running).
        if args.safety_time > 0:
            need = len(full) * args.safety_time * 8 + 10
            if left() < need:
                notes.append(f"safety cost: not measured, time budget ({left():.0f}s left, ~{need:.0f}s needed)")
            else:
                print("\n== safety cost (in-process timeit: direct execute vs policy scan + pool round trip)")
                wait_quiet(args.wait_quiet)
                safety = safety_cost([by_name[n] for n in full], args.safety_time)
    finally:
        stop_all()
        shutil.rmtree(tmp, ignore_errors=True)

    report(args, queries, peers, mixes, results, safety, notes, time.monotonic() - t_start, wrk)
    return 0


# --------------------------------------------------------------------------- report

def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if a and b else "–"


def report(args, queries, peers, mixes, results, safety, notes, elapsed, wrk) -> None:
    by_name = {q.name: q for q in queries}

    # Answers
    live = [p for p in peers if not p.skip]
    a_header = ["query", "form", "class"] + [p.key for p in live]
    a_rows = []
    for q in queries:
        cells = [q.name, q.form, q.cls]
        for p in live:
            if q.name in p.failed and q.name not in p.answers:
                cells.append("ERROR" if "HTTP" in p.failed[q.name] else "TIMEOUT" if "within" in p.failed[q.name]
                             else "FAIL")
            else:
                cells.append(fmt_answer(p.answers.get(q.name)) + (" ≠" if q.name in p.failed else ""))
        a_rows.append(cells)

    # Load
    header = ["server", "mix", "class", "queries", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "req/CPU-s",
              "bg CPU"]
    rows = []
    for p in peers:
        for mix in mixes:
            for cls in CLASSES:
                r = results.get((p.key, mix, cls))
                if r is None:
                    continue
                n = sum(by_name[x].cls == cls for x in mixes[mix])
                if isinstance(r, str):
                    rows.append([p.key, mix, cls, str(n), r, "", "", "", "", "", ""])
                    continue
                rows.append([p.key, mix, cls, str(n), f"{r.rps:.1f}", f"{r.p50_ms:.2f}", f"{r.p99_ms:.2f}",
                             f"{r.max_ms:.1f}", str(r.errors) + (f" ({r.detail})" if r.detail else ""),
                             f"{r.per_cpu_s:.1f}", fmt_bg(r.background)])

    # Ratios: ours / peer on the largest mix both ran.
    r_header = ["ours / peer", "mix", "class", "req/s", "req/CPU-s", "p50 (lower = ours faster)", "p99"]
    r_rows = []
    for p in peers:
        if p.key == "ours":
            continue
        for cls in CLASSES:
            for mix in mixes:
                mine, theirs = results.get(("ours", mix, cls)), results.get((p.key, mix, cls))
                if isinstance(mine, Result) and isinstance(theirs, Result):
                    r_rows.append([f"ours / {p.key}", mix, cls, ratio(mine.rps, theirs.rps),
                                   ratio(mine.per_cpu_s, theirs.per_cpu_s), ratio(mine.p50_ms, theirs.p50_ms),
                                   ratio(mine.p99_ms, theirs.p99_ms)])
                    break

    # Safety
    s_header = ["class", "queries", "direct ms/query", "checked ms/query", "overhead (check cached)",
                "check, uncached ms", "overhead (uncached)", "HTTP share (cached)"]
    s_rows = []
    if safety:
        for cls in CLASSES:
            rs = [r for r in safety["rows"] if r["cls"] == cls]
            if not rs:
                continue
            direct = statistics.mean(r["direct"] for r in rs)
            cached = statistics.mean(r["inspect_cached"] + r["pool"] for r in rs)
            cold = statistics.mean(r["inspect_cold"] + r["pool"] for r in rs)
            parse = statistics.mean(r["inspect_cold"] for r in rs)
            # The same extra time against what one HTTP request costs our server end to end
            # (CPU-seconds per request, from the load runs on the full mix).
            http = results.get(("ours", "full", cls))
            share = (f"{(cached - direct) * http.per_cpu_s * 100:.0f}% of {1e3 / http.per_cpu_s:.1f} ms"
                     if isinstance(http, Result) and http.per_cpu_s else "–")
            s_rows.append([cls, str(len(rs)), f"{direct * 1e3:.3f}", f"{cached * 1e3:.3f}",
                           f"{(cached - direct) / direct * 100:+.0f}%", f"{parse * 1e3:.2f}",
                           f"{(cold - direct) / direct * 100:+.0f}%", share])
        total_direct = statistics.mean(r["direct"] for r in safety["rows"])
        total_cached = statistics.mean(r["inspect_cached"] + r["pool"] for r in safety["rows"])
        total_cold = statistics.mean(r["inspect_cold"] + r["pool"] for r in safety["rows"])
        s_rows.append(["all", str(len(safety["rows"])), f"{total_direct * 1e3:.3f}", f"{total_cached * 1e3:.3f}",
                       f"{(total_cached - total_direct) / total_direct * 100:+.0f}%",
                       f"{statistics.mean(r['inspect_cold'] for r in safety['rows']) * 1e3:.2f}",
                       f"{(total_cold - total_direct) / total_direct * 100:+.0f}%", ""])

    print("\nAnswers (row counts / ASK / CONSTRUCT triples; ≠ = differs from ours):")
    print_table(a_header, a_rows)
    print("\nLoad:")
    print_table(header, rows)
    if r_rows:
        print("\nRatios:")
        print_table(r_header, r_rows)
    if s_rows:
        print("\nSafety machinery (in-process, per query, mean over the class):")
        print_table(s_header, s_rows)
    for n in notes:
        print(f"  note: {n}")
    print(f"\ntotal time {elapsed:.0f}s")
    if args.no_write:
        return

    mix_lines = "\n".join(
        f"  - `{mix}`: " + "; ".join(f"{cls} {sum(by_name[n].cls == cls for n in names)} "
                                    f"({', '.join(n.split('-')[0] for n in names if by_name[n].cls == cls)})"
                                    for cls in CLASSES)
        for mix, names in mixes.items())
    bgs = [r.background for r in results.values() if isinstance(r, Result) and r.background is not None]
    noise = (f"other processes' CPU share just before the runs: {min(bgs) * 100:.0f}–{max(bgs) * 100:.0f}% "
             f"(median {statistics.median(bgs) * 100:.0f}%)" if bgs else "background CPU: not measured")
    text = f"""{SECTION_TITLE}

Generated by `benchmarks/sparql.py` (see `benchmarks/README.md`); numbers as measured, not edited.

{run_lines(("gunicorn", "Flask", "pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "uvicorn"), [wrk_version(wrk)])}
- servers: {'; '.join(f'`{p.key}` = {p.name}' for p in peers)}; the same files in the same named graphs,
  default graph = their union
- load: wrk, {args.threads} threads, {args.connections} connections, {args.duration}s per run after {args.warm}s
  of discarded warm-up (`wrk -t{args.threads} -c{args.connections} -d{args.duration}s --timeout {args.wrk_timeout}s
  --latency`), POST form-encoded, `Accept: {SELECT_ACCEPT}` (SELECT, ASK) or `{GRAPH_ACCEPT}` (CONSTRUCT),
  rotating through the class's queries
- classes: `trivial` = ASK and single-resource lookups ({args.trivial}); `engine` = the rest
  (aggregates, joins, text filters over the whole graph)
- mixes: `full` = every query ours answers; `common` = those every server answers alike (only when they differ)
{mix_lines}
- noise: {noise}; `req/CPU-s` (requests per CPU-second of the server's own processes, from /proc)
  does not depend on what other processes took, req/s and latencies do
- total time {elapsed:.0f}s

Answers (SELECT rows, ASK boolean, CONSTRUCT triples; `≠`: differs from ours, so left out of that
server's mix; ERROR / TIMEOUT (> {args.verify_timeout:g} s): likewise):

{md_table(a_header, a_rows)}

{md_table(header, rows)}

Ratios, ours / peer (on the `full` mix when the peer answers all of it, else `common`):

{md_table(r_header, r_rows) if r_rows else '(none measured)'}
"""
    if s_rows:
        text += f"""
Cost of our safety machinery, measured in-process with `timeit` (best of 3), no server running:
`direct` = `pool.execute()` on an `EmbeddedStore` in this process (what an unchecked endpoint would
do); `checked` = the policy scan (store/policy.py, run in the query worker)
+ `check_dataset` + `QueryPool.run()` (pickling over a pipe to a worker process, which runs the same
`execute`). `uncached` is a query text seen for the first time (the parse is paid again). The last
column relates the cached overhead to one HTTP request's server CPU time in the load run above.

{md_table(s_header, s_rows)}
"""
    replace_section(args.results, text + notes_block("Notes", notes))
    print(f"wrote {args.results} ({SECTION_TITLE[2:]} section)")


if __name__ == "__main__":
    sys.exit(main())

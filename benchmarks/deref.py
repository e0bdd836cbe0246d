#!/usr/bin/env python3
"""Dereferencing benchmark: ogpgraph's server against nginx serving the same bytes.

Loopback only, bounded in time, never run by CI or the tests. Steps:

1. Pick a fixed, representative mix of IRIs from the built Turtle (plan, chapters,
   commitments, milestones, organisations, people, passages) x 4 formats
   (Turtle, HTML, JSON-LD, N-Triples).
2. Start ``ogpgraph serve`` (the production default) on a free 127.0.0.1 port,
   fetch every URL once to get the exact bytes it serves and write them to
   files; serve those files with nginx (temporary nginx.conf, ``try_files`` on
   path + extension, a ``map`` from Accept to extension): the practical ceiling.
3. Drive both with ``wrk`` (same threads, connections, duration), rotating
   through the mix in two modes: ``ext`` (``/id/....ttl`` URLs, no Accept
   header) and ``accept`` (the bare IRI path with an ``Accept`` header).
4. Repeat with other WSGI servers running the same app (``server.wsgi:app``,
   settings from ``OGPGRAPH_*`` variables): gunicorn sync / gthread with
   several sizes, granian (WSGI), bjoern; whatever is not installed is skipped.
5. Print a table and write it to ``benchmarks/RESULTS.md``.

Every process started here runs in its own process group and is stopped (by
that group id) before the script exits, also on Ctrl-C. Without ``wrk`` a
(much weaker) Python client is used instead, and the tables say so.

    .venv/bin/python benchmarks/deref.py [--duration 10] [--connections 16]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import grp
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (Request, fetch, gunicorn_command, group_cpu, serve_command, spawn, stop,  # noqa: E402
                     stop_all, stop_on_exit, wait_quiet, wait_ready)
from ogpgraph.ports import free_port  # noqa: E402
from results import (DEFAULT_RESULTS, fmt_bg, md_table, module_version, notes_block, print_table,  # noqa: E402
                     replace_section, run_lines, tool_version)
from wrk import (Result, add_load_options, check_load_options, run_python_client, run_wrk,  # noqa: E402
                 write_script, wrk_version)

# (extension, Accept header) — the four formats of the mix.
FORMATS = (
    ("ttl", "text/turtle"),
    ("html", "text/html"),
    ("jsonld", "application/ld+json"),
    ("nt", "application/n-triples"),
)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OGP = "https://w3id.org/ogpgraph/def/ogp#"
# kind -> (class IRI, how many IRIs of that kind the mix takes, extra filter)
KINDS = {
    "plan": (OGP + "ActionPlan", 1),
    "chapter": (OGP + "Chapter", 4),
    "commitment": (OGP + "Commitment", 8),
    "milestone": (OGP + "Milestone", 8),
    "organisation": ("http://www.w3.org/ns/org#Organization", 6),
    "person": ("http://xmlns.com/foaf/0.1/Person", 4),
    "passage": ("http://www.w3.org/ns/oa#SpecificResource", 6),
}


# --------------------------------------------------------------------------- the mix

@dataclass(frozen=True)
class Target:
    kind: str
    path: str  # local path of the IRI, e.g. /id/fr/2021-2023/commitment/12
    ext: str
    accept: str

    @property
    def ext_path(self) -> str:
        return f"{self.path}.{self.ext}"

    def request(self, mode: str) -> Request:
        """``ext``: the extension URL, no Accept header; ``accept``: the bare IRI path with one."""
        return Request(self.ext_path) if mode == "ext" else Request(self.path, self.accept)


def pick_mix(data_dir: Path, base_iri: str) -> list[Target]:
    """A deterministic sample: evenly spaced IRIs of each kind, in every format."""
    import pyoxigraph as ox

    store = ox.Store()
    files = sorted(data_dir.glob("*.ttl"))
    if not files:
        raise SystemExit(f"deref.py: no Turtle files in {data_dir}: run 'ogpgraph build' first")
    for f in files:
        store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE)
    targets = []
    for kind, (cls, count) in KINDS.items():
        iris = sorted({q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE),
                                                                        ox.NamedNode(cls))
                       if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(base_iri)})
        if not iris:
            print(f"  note: no {kind} in the data", file=sys.stderr)
            continue
        count = min(count, len(iris))
        chosen = [iris[round(i * (len(iris) - 1) / max(count - 1, 1))] for i in range(count)]
        for iri in dict.fromkeys(chosen):
            for ext, accept in FORMATS:
                targets.append(Target(kind, "/" + iri[len(base_iri):], ext, accept))
    return targets


def prerender(targets: list[Target], host: str, port: int, www: Path) -> tuple[list[Target], int]:
    """Fetch each representation once from our server and write it under ``www``.

    Also checks that the negotiated response (bare IRI + Accept) has the same bytes.
    Returns the targets that answered 200, and the total size of their bodies.
    """
    kept, total, mismatched = [], 0, 0
    for t in targets:
        status, body, _ = fetch(host, port, t.request("ext"))
        if status != 200:
            print(f"  skip {t.ext_path}: HTTP {status}", file=sys.stderr)
            continue
        status2, body2, headers2 = fetch(host, port, t.request("accept"))
        if status2 != 200 or body2 != body or headers2.get("content-location") != t.ext_path:
            mismatched += 1
        out = www / t.ext_path.lstrip("/")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(body)
        kept.append(t)
        total += len(body)
    if mismatched:
        print(f"  warning: {mismatched} negotiated responses differ from their extension URL", file=sys.stderr)
    return kept, total


def warm_pass(targets: list[Target], host: str, port: int, concurrency: int) -> float:
    """Fetch every URL once, ``concurrency`` at a time."""
    start = time.monotonic()
    with cf.ThreadPoolExecutor(concurrency) as pool:
        for status, _, _ in pool.map(lambda t: fetch(host, port, t.request("accept")), targets):
            if status != 200:
                raise RuntimeError(f"warm-up got HTTP {status}")
    return time.monotonic() - start


# --------------------------------------------------------------------------- nginx

NGINX_CONF = """\
worker_processes {workers};
{user}pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
daemon off;
master_process on;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    types {{
        text/turtle ttl;
        text/html html;
        application/ld+json jsonld;
        application/n-triples nt;
    }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/turtle application/ld+json;  # text/html is in the default list
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max=2000 inactive=60s;
    server_tokens off;
    # The same negotiation table the benchmark's Accept mode uses.
    map $http_accept $ext {{
        default               ttl;
        "text/turtle"         ttl;
        "text/html"           html;
        "application/ld+json" jsonld;
        "application/n-triples" nt;
    }}
    server {{
        listen {listen};
        root {www};
        location / {{
            add_header Vary Accept;
            try_files $uri $uri.$ext =404;
        }}
    }}
}}
"""


def start_nginx(nginx: str, host: str, port: int, www: Path, prefix: Path, workers: int) -> subprocess.Popen:
    user = ""
    if os.geteuid() == 0:
        # nginx's workers drop root; let them read the files.
        for name in ("www-data", "nobody"):
            try:
                pw = pwd.getpwnam(name)
            except KeyError:
                continue
            user = f"user {name} {grp.getgrgid(pw.pw_gid).gr_name};\n"
            break
        for d in [prefix.parent, prefix, www, *www.rglob("*")]:
            d.chmod(0o755 if d.is_dir() else 0o644)
    listen = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workers=workers, user=user, prefix=prefix, listen=listen, www=www))
    log = prefix / "nginx.out"
    proc = spawn([nginx, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")], log)
    return proc


# --------------------------------------------------------------------------- servers under test

@dataclass
class Server:
    name: str
    kind: str  # nginx | ogpgraph | gunicorn | granian | bjoern
    note: str = ""
    workers: int = 2
    worker_class: str = "sync"
    threads: int = 1
    access_log: bool = True
    skip: str = ""  # why it cannot run here

    def command(self, host: str, port: int) -> list[str]:
        py = sys.executable
        if self.kind == "ogpgraph":
            return serve_command(host, port, "--workers", str(self.workers))
        if self.kind == "gunicorn":
            return gunicorn_command("server.wsgi:app", host, port, self.workers, self.worker_class,
                                    self.threads, self.access_log)
        if self.kind == "granian":
            return [py, "-m", "granian", "--interface", "wsgi", "--host", host, "--port", str(port),
                    "--workers", str(self.workers), "--blocking-threads", str(self.threads),
                    "--no-ws", "--log-level", "warning", "server.wsgi:app"]
        if self.kind == "bjoern":
            # bjoern is one single-threaded process: fork before loading the app and
            # share the port with SO_REUSEPORT.
            code = textwrap.dedent(f"""
                import os, bjoern
                for _ in range({self.workers} - 1):
                    if os.fork() == 0:
                        break
                from server import create_app
                bjoern.run(create_app(), {host!r}, {port}, reuse_port=True)
            """)
            return [py, "-c", code]
        raise ValueError(self.kind)


def server_matrix() -> list[Server]:
    servers = [
        Server("ogpgraph serve (gunicorn sync x2)", "ogpgraph", "current production default"),
        Server("gunicorn gthread x2, 4 threads", "gunicorn", "keep-alive", 2, "gthread", 4),
        Server("gunicorn gthread x2, 8 threads", "gunicorn", "keep-alive", 2, "gthread", 8),
        Server("granian wsgi x2", "granian", "no access log", 2, "", 1, False),
        Server("gunicorn sync x4", "gunicorn", "", 4, "sync"),
        Server("gunicorn sync x2, no access log", "gunicorn", "cost of the JSON access log", 2, "sync", 1, False),
        Server("bjoern x2 (SO_REUSEPORT)", "bjoern", "no access log", 2, "", 1, False),
        Server("meinheld", "meinheld", skip=""),
    ]
    for s in servers:
        if s.kind == "granian" and not module_version("granian"):
            s.skip = "not installed (pip install granian)"
        if s.kind == "bjoern" and not module_version("bjoern"):
            s.skip = "not installed (needs libev-dev and a C compiler: pip install bjoern)"
        if s.kind == "meinheld":
            s.skip = ("not installed: meinheld 1.0.2 (last release, 2020) requires greenlet<0.5, "
                      "which does not build on Python 3.11") if not module_version("meinheld") else \
                     "installed but not wired in (unmaintained)"
    return servers


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Benchmark dereferencing: ogpgraph's server vs nginx serving the same pre-rendered "
                    "bytes, and WSGI server choices. Loopback only; not run by CI.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    add_load_options(p, connections=16)
    p.add_argument("--modes", default="ext,accept",
                   help="ext: /id/...ttl URLs; accept: bare IRI path + Accept header (comma-separated)")
    p.add_argument("--only", default="",
                   help="comma-separated substrings: run only matching server rows (nginx and the default "
                        "always run)")
    p.add_argument("--nginx-workers", type=int, default=0, help="nginx worker_processes (0: one per core)")
    p.add_argument("--budget", type=int, default=570,
                   help="overall time limit in seconds: servers that would not fit are skipped")
    p.add_argument("--warm-limit", type=int, default=60, help="at most this many seconds of warm-up per server")
    p.add_argument("--wait-quiet", type=float, default=3,
                   help="before each run, wait up to this many seconds for other processes' CPU use "
                        "to drop below 15%% (the reading is reported as 'bg CPU')")
    p.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="Markdown file to write")
    p.add_argument("--no-write", action="store_true", help="print only; do not write --results")
    p.add_argument("--python-client", action="store_true", help="use the Python client even if wrk exists")
    args = p.parse_args(argv)
    check_load_options(p, args)
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not args.modes or set(args.modes) - {"ext", "accept"}:
        p.error("--modes: ext and/or accept")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from ogpgraph.config import Settings

    settings = Settings.from_env()
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
                                           if os.access(p, os.X_OK)), None)
    wrk = None if args.python_client else shutil.which("wrk")
    client = "wrk" if wrk else "python (fallback: wrk not found)"
    if not wrk and not args.python_client:
        print("wrk not found (apt-get install wrk): using the Python client, which is much slower than "
              "nginx and will understate its ceiling", file=sys.stderr)

    stop_on_exit()
    t_start = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="ogpgraph-deref-"))
    results: dict[tuple[str, str], Result | str] = {}
    try:
        targets = pick_mix(settings.data_dir, settings.base_iri)
        kinds = {}
        for t in targets:
            kinds[t.kind] = kinds.get(t.kind, 0) + 1
        print(f"mix: {len(targets)} URLs = " + ", ".join(f"{k} {n // len(FORMATS)}" for k, n in kinds.items())
              + f" IRIs x {len(FORMATS)} formats ({', '.join(e for e, _ in FORMATS)})")

        def load(name: str, port: int, mode: str) -> Result:
            requests = [t.request(mode) for t in targets]
            if wrk:
                return run_wrk(wrk, args.host, port, write_script(requests, tmp / f"mix-{mode}.lua"), args)
            return run_python_client(args.host, port, requests, args)

        def measure(server_name: str, port: int, pgid: int) -> None:
            for mode in args.modes:
                bg = wait_quiet(args.wait_quiet)
                try:
                    cpu0 = group_cpu(pgid)
                    r = load(server_name, port, mode)
                    r.server_cpu = group_cpu(pgid) - cpu0
                    r.background = bg
                except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
                    results[(server_name, mode)] = f"failed: {exc}"
                    print(f"  {mode:6s} failed: {exc}")
                    continue
                results[(server_name, mode)] = r
                print(f"  {mode:6s} bg {fmt_bg(bg):>4s} {r.rps:9.0f} req/s  p50 {r.p50_ms:7.2f} ms  p99 {r.p99_ms:7.2f} ms  "
                      f"{r.mb_s:7.1f} MB/s  {r.per_cpu_s:6.0f} req/CPU-s  errors {r.errors}{' (' + r.detail + ')' if r.detail else ''}")

        warm_per_worker: list[float] = []

        def warm(srv: Server, port: int) -> None:
            """Each worker renders a representation on first use and keeps the bytes: load the
            server with the mix in short windows until throughput stops rising, so that every
            worker has rendered every URL before we measure."""
            start = time.monotonic()
            took = warm_pass(targets, args.host, port, srv.workers + 1)
            rates: list[float] = []
            if wrk:
                window = argparse.Namespace(**{**vars(args), "duration": 2})
                script = write_script([t.request("accept") for t in targets], tmp / "warm.lua")
                while time.monotonic() - start < args.warm_limit:
                    r = run_wrk(wrk, args.host, port, script, window)
                    rates.append(r.rps)
                    # Warm: no longer speeding up, and no request slow enough to be a render
                    # (a cold plan page takes seconds; a cached response, milliseconds).
                    if len(rates) >= 2 and r.rps <= 1.10 * max(rates[:-1]) and r.max_ms < 300:
                        break
            else:
                for _ in range(3 * srv.workers):
                    warm_pass(targets, args.host, port, srv.workers + 1)
            warm_per_worker.append((time.monotonic() - start) / max(srv.workers, 1))
            print(f"  warmed in {time.monotonic() - start:.0f}s (first pass {took:.1f}s; 2s windows: "
                  + ", ".join(f"{r:.0f}" for r in rates) + " req/s)")

        def run_server(srv: Server) -> None:
            port = free_port(args.host)
            log = tmp / f"server-{len(results)}-{srv.kind}.log"
            print(f"\n== {srv.name} on {args.host}:{port}")
            proc = spawn(srv.command(args.host, port), log)
            try:
                wait_ready(proc, args.host, port, "/health", log)
                warm(srv, port)
                measure(srv.name, port, proc.pid)
            except RuntimeError as exc:
                for mode in args.modes:
                    results[(srv.name, mode)] = f"failed: {str(exc).splitlines()[0]}"
                print(f"  failed: {exc}")
            finally:
                stop(proc)

        servers = server_matrix()
        default = servers[0]

        # 1. Our server, production default: also the source of the pre-rendered bytes.
        www = tmp / "www"
        www.mkdir()
        port = free_port(args.host)
        log = tmp / "server-prerender.log"
        proc = spawn(default.command(args.host, port), log)
        try:
            wait_ready(proc, args.host, port, "/health", log)
            targets, total = prerender(targets, args.host, port, www)
        finally:
            stop(proc)
        print(f"pre-rendered {len(targets)} files, {total / 1e6:.2f} MB "
              f"(mean {total / max(len(targets), 1) / 1e3:.1f} kB per response)")

        # 2. nginx on those files.
        nginx_name = "nginx (static files)"
        if nginx:
            nport = free_port(args.host)
            prefix = tmp / "nginx"
            prefix.mkdir()
            nworkers = args.nginx_workers or os.cpu_count() or 1
            print(f"\n== {nginx_name}, {nworkers} workers, on {args.host}:{nport}")
            nproc = start_nginx(nginx, args.host, nport, www, prefix, nworkers)
            try:
                wait_ready(nproc, args.host, nport, targets[0].ext_path, prefix / "nginx.out")
                for t in targets:  # same bytes, both ways
                    if fetch(args.host, nport, t.request("accept"))[1] != (www / t.ext_path.lstrip("/")).read_bytes():
                        raise RuntimeError(f"nginx does not serve {t.path} ({t.accept}) as expected")
                measure(nginx_name, nport, nproc.pid)
            except RuntimeError as exc:
                print(f"  nginx failed: {exc}")
                for mode in args.modes:
                    results[(nginx_name, mode)] = f"failed: {str(exc).splitlines()[0]}"
            finally:
                stop(nproc, signal.SIGQUIT)
        else:
            print("nginx not found (apt-get install nginx): no ceiling to compare with")
            for mode in args.modes:
                results[(nginx_name, mode)] = "skipped: nginx not installed"

        # 3./4. Our app under each WSGI server.
        only = [s.strip().lower() for s in args.only.split(",") if s.strip()]
        for srv in servers:
            if srv is not default and only and not any(o in srv.name.lower() for o in only):
                continue
            # start + warm-up + one run per mode (each after a quiet check)
            warm_guess = min(args.warm_limit, max(warm_per_worker, default=args.warm_limit) * srv.workers)
            need = 10 + warm_guess + len(args.modes) * (args.duration + args.wait_quiet + 2)
            left = args.budget - (time.monotonic() - t_start)
            if not srv.skip and left < need:
                srv.skip = f"time budget (--budget {args.budget}s: {left:.0f}s left, up to {need:.0f}s needed)"
            if srv.skip:
                print(f"\n== {srv.name}: skipped, {srv.skip}")
                for mode in args.modes:
                    results[(srv.name, mode)] = f"skipped: {srv.skip}"
                continue
            run_server(srv)
    finally:
        stop_all()
        shutil.rmtree(tmp, ignore_errors=True)

    elapsed = time.monotonic() - t_start
    report(args, results, nginx_name, default.name, servers, client, targets, elapsed, wrk)
    return 0


def report(args, results, nginx_name, default_name, servers, client, targets, elapsed, wrk) -> None:
    header = ["server", "mode", "req/s", "p50 ms", "p99 ms", "max ms", "MB/s", "errors", "× nginx", "req/CPU-s", "× nginx (CPU)", "bg CPU"]
    rows, notes = [], []
    for name in [nginx_name] + [s.name for s in servers]:
        for mode in args.modes:
            r = results.get((name, mode))
            if r is None:
                continue
            if isinstance(r, str):
                if mode == args.modes[0]:
                    notes.append(f"{name}: {r}")
                continue
            base = results.get((nginx_name, mode))
            ratio = f"{r.rps / base.rps:.2f}" if isinstance(base, Result) and base.rps else "–"
            cratio = (f"{r.per_cpu_s / base.per_cpu_s:.2f}" if isinstance(base, Result) and base.per_cpu_s
                      else "–")
            rows.append([name, mode, f"{r.rps:.0f}", f"{r.p50_ms:.2f}", f"{r.p99_ms:.2f}", f"{r.max_ms:.1f}",
                         f"{r.mb_s:.1f}", str(r.errors), ratio,
                         f"{r.per_cpu_s:.0f}", cratio, fmt_bg(r.background)])
    print()
    print_table(header, rows)
    for n in notes:
        print(f"  {n}")

    summary = []
    for mode in args.modes:
        ours, ng = results.get((default_name, mode)), results.get((nginx_name, mode))
        if isinstance(ours, Result) and isinstance(ng, Result):
            ratio = ours.rps / ng.rps
            cratio = ours.per_cpu_s / ng.per_cpu_s if ng.per_cpu_s else 0
            summary.append(f"- `{mode}`: ours (`{default_name}`) / nginx = **{ratio:.2f}×** "
                           f"({ours.rps:.0f} vs {ng.rps:.0f} req/s) — target ≥ 0.25×: "
                           f"{'met' if ratio >= 0.25 else 'NOT met'}; per server CPU-second: "
                           f"{cratio:.2f}× ({ours.per_cpu_s:.0f} vs {ng.per_cpu_s:.0f} req/CPU-s)")
        best = max(((s.name, results.get((s.name, mode))) for s in servers
                    if isinstance(results.get((s.name, mode)), Result)),
                   key=lambda x: x[1].rps, default=None)
        lean = max(((s.name, results.get((s.name, mode))) for s in servers
                    if isinstance(results.get((s.name, mode)), Result)),
                   key=lambda x: x[1].per_cpu_s, default=None)
        if best and lean:
            summary.append(f"- `{mode}`: most req/s: {best[0]} ({best[1].rps:.0f}); "
                           f"most req per server CPU-second: {lean[0]} ({lean[1].per_cpu_s:.0f})")
    print("\n" + "\n".join(summary))
    print(f"\ntotal time {elapsed:.0f}s")
    if args.no_write:
        return

    tools = [tool_version(["nginx", "-v"]).replace("nginx version: ", ""), *([wrk_version(wrk)] if wrk else [])]
    kinds: dict[str, int] = {}
    for t in targets:
        kinds[t.kind] = kinds.get(t.kind, 0) + 1
    text = f"""# Dereferencing benchmark results

Generated by `benchmarks/deref.py` (see `benchmarks/README.md`); numbers as measured, not edited.

{run_lines(("gunicorn", "Flask", "Werkzeug", "pyoxigraph", "granian", "bjoern"), tools)}
- load: {client}, {args.threads} threads, {args.connections} connections, {args.duration}s per run
  (`wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency`)
- mix: {len(targets)} URLs = {', '.join(f'{k} {n // len(FORMATS)}' for k, n in kinds.items())} IRIs
  × {len(FORMATS)} formats ({', '.join(e for e, _ in FORMATS)}), rotated in order
- modes: `ext` = `/id/….ttl` URLs, no Accept header; `accept` = the bare IRI path with an `Accept`
  header (content negotiation; nginx maps the header to the extension and `try_files`)
- our servers were warmed (every URL fetched several times, so every worker has rendered it);
  gunicorn rows log every request as JSON (as `ogpgraph serve` does), granian and bjoern rows do not
- `req/CPU-s`: requests per CPU-second used by the server's own processes during the run (from
  /proc): unlike req/s it does not depend on how much CPU other processes took, so it is the figure
  to compare when `bg CPU` (other processes' share of the CPUs just before the run) is not near 0%

{md_table(header, rows)}

{chr(10).join(summary)}
"""
    replace_section(args.results, text + notes_block("Not measured", notes))
    print(f"wrote {args.results}")


if __name__ == "__main__":
    sys.exit(main())

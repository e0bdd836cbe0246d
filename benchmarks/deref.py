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
import atexit
import concurrent.futures as cf
import datetime as dt
import http.client
import importlib.metadata
import ipaddress
import json
import os
import platform
import pwd
import grp
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RESULTS = ROOT / "benchmarks" / "RESULTS.md"

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


# --------------------------------------------------------------------------- processes

_STARTED: list[subprocess.Popen] = []


def spawn(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start ``cmd`` in a new session (its own process group), output to ``log``."""
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=ROOT, env=env, start_new_session=True)
    _STARTED.append(proc)
    return proc


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM, grace: float = 12.0) -> None:
    """Stop the process group we created for ``proc`` (leader pid == group id)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    # The leader may be gone while forked workers of its group linger.
    try:
        os.killpg(proc.pid, 0)
    except ProcessLookupError:
        pass
    else:
        time.sleep(0.5)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    if proc in _STARTED:
        _STARTED.remove(proc)


def stop_all() -> None:
    for proc in list(_STARTED):
        stop(proc, grace=5)


def _on_signal(signum, _frame):
    stop_all()
    sys.exit(128 + signum)


# --------------------------------------------------------------------------- network helpers

def check_loopback(host: str) -> str:
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        raise SystemExit(f"{Path(sys.argv[0]).name}: --host must be a literal loopback address (127.0.0.1, ::1), not {host!r}")
    if not addr.is_loopback:
        raise SystemExit(f"{Path(sys.argv[0]).name}: refusing non-loopback target {host}: this benchmark runs on loopback only")
    return host


def free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def http_get(host: str, port: int, path: str, accept: str | None = None,
             timeout: float = 30.0) -> tuple[int, bytes, dict[str, str]]:
    check_loopback(host)
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": accept} if accept else {})
        resp = conn.getresponse()
        return resp.status, resp.read(), {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()


def wait_ready(proc: subprocess.Popen, host: str, port: int, path: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited with {proc.returncode}:\n{tail(log)}")
        try:
            status, _, _ = http_get(host, port, path, timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"not ready after {timeout:.0f}s:\n{tail(log)}")


def _cpu_times() -> tuple[int, int]:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields[:8]), idle


def background_cpu(seconds: float = 1.0) -> float | None:
    """Share of all cores busy (0-1) over ``seconds``, while we are not loading anything."""
    try:
        t0, i0 = _cpu_times()
        time.sleep(seconds)
        t1, i1 = _cpu_times()
    except (OSError, ValueError, IndexError):
        return None
    return 1 - (i1 - i0) / max(t1 - t0, 1)


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of process group ``pgid``."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid:  # fields after "(comm)": state ppid pgrp ...; utime, stime at 11, 12
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_quiet(limit: float, threshold: float = 0.15) -> float | None:
    """Wait (up to ``limit`` seconds) for other processes to leave the CPUs; the last reading."""
    deadline = time.monotonic() + limit
    while True:
        busy = background_cpu()
        if busy is None or busy <= threshold or time.monotonic() >= deadline:
            return busy


def tail(log: Path, n: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


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
        status, body, _ = http_get(host, port, t.ext_path)
        if status != 200:
            print(f"  skip {t.ext_path}: HTTP {status}", file=sys.stderr)
            continue
        status2, body2, headers2 = http_get(host, port, t.path, t.accept)
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
        for status, _, _ in pool.map(lambda t: http_get(host, port, t.path, t.accept), targets):
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
            return [py, "-m", "ogpgraph", "serve", "--host", host, "--port", str(port),
                    "--workers", str(self.workers)]
        if self.kind == "gunicorn":
            # The same options as `ogpgraph serve` (server/wsgi.py), via gunicorn's CLI.
            cmd = [py, "-m", "gunicorn", "server.wsgi:app", "--bind", f"{host}:{port}",
                   "--workers", str(self.workers), "--worker-class", self.worker_class,
                   "--threads", str(self.threads), "--timeout", "60", "--graceful-timeout", "10",
                   "--error-logfile", "-", "--log-level", "info", "--limit-request-line", "8190"]
            if self.access_log:
                cmd += ["--access-logfile", "-", "--logger-class", "server.wsgi.JsonAccessLogger"]
            return cmd
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


def module_version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


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


# --------------------------------------------------------------------------- load generation

WRK_LUA = """\
-- Generated by benchmarks/deref.py: rotate through the URL mix.
-- {path, Accept header or false}
local mix = {
%s
}
local counter = 0
function setup(thread)
    thread:set("offset", counter)
    counter = counter + 1
end
local reqs = {}
local i = 0
function init(args)
    -- Built here, not at load time: wrk.format adds the Host header only once wrk.host is known.
    for n, m in ipairs(mix) do
        local headers = {["Host"] = wrk.host .. ":" .. wrk.port}
        if m[2] then headers["Accept"] = m[2] end
        reqs[n] = wrk.format("GET", m[1], headers)
    end
    i = (offset * 37) %% #reqs
end
function request()
    i = i %% #reqs + 1
    return reqs[i]
end
""" + "\n"

# The report wrk prints at the end (one WRKJSON line, read by run_wrk); a %-template
# fragment (hence the %%), shared with benchmarks/sparql.py.
WRK_LUA_DONE = """\
function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'WRKJSON {"requests":%%d,"duration_us":%%d,"bytes":%%d,"connect":%%d,"read":%%d,"write":%%d,' ..
        '"status":%%d,"timeout":%%d,"p50":%%d,"p90":%%d,"p99":%%d,"max":%%d,"mean":%%f}\\n',
        summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
        e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
        latency.max, latency.mean))
end
"""
WRK_LUA = WRK_LUA + WRK_LUA_DONE


def lua_str(s: str) -> str:
    if not s.isprintable() or not s.isascii():
        raise ValueError(f"unexpected character in {s!r}")
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_script(targets: list[Target], mode: str, path: Path) -> Path:
    lines = []
    for t in targets:
        if mode == "ext":
            lines.append(f"    {{{lua_str(t.ext_path)}, false}},")
        else:
            lines.append(f"    {{{lua_str(t.path)}, {lua_str(t.accept)}}},")
    path.write_text(WRK_LUA % "\n".join(lines))
    return path


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    mb_s: float
    requests: int
    errors: int
    client: str
    detail: str = ""
    background: float | None = None  # share of CPU busy with other work just before the run
    server_cpu: float = 0.0  # CPU seconds the server's processes used during the run

    @property
    def per_cpu_s(self) -> float:
        """Requests per CPU-second of the server: robust to other load on the machine."""
        return self.requests / self.server_cpu if self.server_cpu else 0.0


def run_wrk(wrk: str, host: str, port: int, script: Path, args: argparse.Namespace,
            timeout: int = 5) -> Result:
    """One wrk run; ``timeout``: seconds after which wrk counts a request as timed out."""
    url = f"http://{host}:{port}/" if ":" not in host else f"http://[{host}]:{port}/"
    cmd = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", f"{timeout}s",
           "--latency", "-s", str(script), url]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + timeout + 60)
    line = next((l for l in out.stdout.splitlines() if l.startswith("WRKJSON ")), None)
    if out.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr.strip()[:500]}")
    d = json.loads(line[len("WRKJSON "):])
    secs = d["duration_us"] / 1e6
    errors = d["connect"] + d["read"] + d["write"] + d["status"] + d["timeout"]
    detail = ", ".join(f"{k} {d[k]}" for k in ("connect", "read", "write", "status", "timeout") if d[k])
    return Result(d["requests"] / secs, d["p50"] / 1000, d["p99"] / 1000, d["max"] / 1000,
                  d["bytes"] / secs / 1e6, d["requests"], errors, "wrk", detail)


def _py_client_worker(host: str, port: int, reqs: list[tuple[str, dict]], conns: int, duration: float,
                      offset: int) -> tuple[list[float], int, int]:
    import threading

    latencies: list[float] = []
    counts = {"bytes": 0, "errors": 0}
    lock = threading.Lock()
    end = time.monotonic() + duration

    def one(k: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=5)
        i = offset + k * 7
        mine, nbytes, errs = [], 0, 0
        while time.monotonic() < end:
            path, headers = reqs[i % len(reqs)]
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                body = resp.read()
                if resp.status != 200:
                    errs += 1
                if resp.will_close:
                    conn.close()
                nbytes += len(body)
                mine.append(time.perf_counter() - t0)
            except OSError:
                errs += 1
                conn.close()
        with lock:
            latencies.extend(mine)
            counts["bytes"] += nbytes
            counts["errors"] += errs

    threads = [threading.Thread(target=one, args=(k,)) for k in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, counts["bytes"], counts["errors"]


def run_python_client(host: str, port: int, targets: list[Target], mode: str, args: argparse.Namespace) -> Result:
    """Fallback when wrk is missing: processes x threads of http.client (keep-alive)."""
    reqs = [(t.ext_path, {}) if mode == "ext" else (t.path, {"Accept": t.accept}) for t in targets]
    procs = max(1, args.threads)
    per = [args.connections // procs + (1 if k < args.connections % procs else 0) for k in range(procs)]
    start = time.monotonic()
    with cf.ProcessPoolExecutor(procs) as pool:
        futures = [pool.submit(_py_client_worker, host, port, reqs, n, args.duration, k * 37)
                   for k, n in enumerate(per) if n]
        parts = [f.result(timeout=args.duration + 60) for f in futures]
    secs = time.monotonic() - start
    lat = sorted(x for p in parts for x in p[0])
    nbytes = sum(p[1] for p in parts)
    errors = sum(p[2] for p in parts)
    if not lat:
        raise RuntimeError("no request completed")
    q = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000  # noqa: E731
    return Result(len(lat) / secs, q(50), q(99), lat[-1] * 1000, nbytes / secs / 1e6, len(lat), errors,
                  "python")


# --------------------------------------------------------------------------- reporting

def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines()
                      if l.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return {"cpu": f"{os.cpu_count()} cores ({cpu}){mem}",
            "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version()}


def tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (out.stdout + out.stderr).strip().splitlines()
    return text[0] if text else "?"


def replace_section(path: Path, text: str) -> None:
    """Write ``text`` (starting with a ``# Title`` line) into ``path``, replacing the section with
    the same title (up to the next ``# `` heading) and keeping the others (each benchmark owns one)."""
    title = text.splitlines()[0]
    if not title.startswith("# "):
        raise ValueError("a section starts with a '# ' heading")
    try:
        lines = path.read_text().splitlines(keepends=True)
    except FileNotFoundError:
        lines = []
    sections: list[list[str]] = []
    for line in lines:
        if line.startswith("# ") or not sections:
            sections.append([])
        sections[-1].append(line)
    body = text if text.endswith("\n") else text + "\n"
    out, replaced = [], False
    for sec in sections:
        if sec[0].rstrip("\n") == title:
            out.append(body)
            replaced = True
        else:
            out.append("".join(sec))
    if not replaced:
        out.append(body)
    path.write_text("\n".join(part.rstrip("\n") + "\n" for part in out if part.strip()))


def fmt_bg(bg: float | None) -> str:
    return "?" if bg is None else f"{bg * 100:.0f}%"


def fmt_row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(fmt_row(header, widths))
    print(fmt_row(["-" * w for w in widths], widths))
    for r in rows:
        print(fmt_row(r, widths))


def md_table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


# --------------------------------------------------------------------------- main

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Benchmark dereferencing: ogpgraph's server vs nginx serving the same pre-rendered "
                    "bytes, and WSGI server choices. Loopback only; not run by CI.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--duration", type=int, default=10, help="seconds per wrk run (1-60)")
    p.add_argument("--connections", type=int, default=16, help="concurrent connections (1-256)")
    p.add_argument("--threads", type=int, default=2, help="load-generator threads (wrk -t)")
    p.add_argument("--host", default="127.0.0.1", help="loopback address to bind and target")
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
    check_loopback(args.host)
    if not 1 <= args.duration <= 60:
        p.error("--duration must be 1..60 seconds")
    if not 1 <= args.connections <= 256:
        p.error("--connections must be 1..256")
    if not 1 <= args.threads <= args.connections:
        p.error("--threads must be 1..connections")
    args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not args.modes or set(args.modes) - {"ext", "accept"}:
        p.error("--modes: ext and/or accept")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from ogpgraph.config import Settings

    settings = Settings.from_env()
    nginx = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
                                           if os.access(p, os.X_OK)), None)
    wrk = None if args.python_client else shutil.which("wrk")
    client = "wrk" if wrk else "python (fallback: wrk not found)"
    if not wrk and not args.python_client:
        print("wrk not found (apt-get install wrk): using the Python client, which is much slower than "
              "nginx and will understate its ceiling", file=sys.stderr)

    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
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
            script = wrk_script(targets, mode, tmp / f"mix-{mode}.lua")
            if wrk:
                return run_wrk(wrk, args.host, port, script, args)
            return run_python_client(args.host, port, targets, mode, args)

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
                script = wrk_script(targets, "accept", tmp / "warm.lua")
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
                    if http_get(args.host, nport, t.path, t.accept)[1] != (www / t.ext_path.lstrip("/")).read_bytes():
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

    m = machine()
    versions = [f"Python {m['python']}"]
    for dist in ("gunicorn", "Flask", "Werkzeug", "pyoxigraph", "granian", "bjoern"):
        v = module_version(dist)
        if v:
            versions.append(f"{dist} {v}")
    versions.append(tool_version(["nginx", "-v"]).replace("nginx version: ", ""))
    if wrk:
        versions.append(tool_version([wrk, "-v"]).split(" Copyright")[0])
    kinds: dict[str, int] = {}
    for t in targets:
        kinds[t.kind] = kinds.get(t.kind, 0) + 1
    text = f"""# Dereferencing benchmark results

Generated by `benchmarks/deref.py` (see `benchmarks/README.md`); numbers as measured, not edited.

- date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}
- machine: {m['cpu']}; {m['os']}; loopback only; the load generator shares the same cores
- versions: {', '.join(versions)}
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
    if notes:
        text += "\nNot measured:\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"
    replace_section(args.results, text)
    print(f"wrote {args.results}")


if __name__ == "__main__":
    sys.exit(main())

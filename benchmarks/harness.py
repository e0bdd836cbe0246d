"""What every benchmark here shares to run servers on loopback and watch them:

- processes: each one it starts runs in a new session (its own process group), is remembered,
  and is stopped by that group id when done, on error, at exit and on SIGTERM / SIGINT;
- the commands that start our server (``ogpgraph serve``, or gunicorn with its options) and
  where Oxigraph's server is;
- loopback HTTP: the guard that refuses any other host, one request (``Request``, ``fetch``),
  waiting until a server answers;
- what the processes cost: CPU seconds and resident memory of a process group (from /proc),
  how busy the other processes keep the machine, and ``timeit`` of a call in this process.

Load generation (wrk) is wrk.py's; reporting (tables, RESULTS.md) results.py's.
"""

from __future__ import annotations

import atexit
import http.client
import ipaddress
import os
import shutil
import signal
import subprocess
import sys
import time
import timeit
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ogpgraph.paths import ROOT

FORM = "application/x-www-form-urlencoded"


# --------------------------------------------------------------------------- processes

_STARTED: list[subprocess.Popen] = []


def spawn(cmd: list[str], log: Path, env: dict[str, str] | None = None,
          stderr: int = subprocess.STDOUT) -> subprocess.Popen:
    """Start ``cmd`` from the repository root in a new session (its own process group), its
    output appended to ``log`` (``stderr``: ``subprocess.PIPE`` to read it apart)."""
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=stderr, stdin=subprocess.DEVNULL,
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


def stop_on_exit() -> None:
    """Stop every process group started here when the script exits, also on SIGTERM and Ctrl-C."""
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)


def tail(log: Path, n: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


# --------------------------------------------------------------------------- server commands

def ogpgraph_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "ogpgraph", *args]


def serve_command(host: str, port: int, *options: str) -> list[str]:
    """``ogpgraph serve`` on ``host:port``, with its defaults but for ``options``."""
    return ogpgraph_command("serve", "--host", host, "--port", str(port), *options)


def gunicorn_command(app: str, host: str, port: int, workers: int = 2, worker_class: str = "sync",
                     threads: int = 1, access_log: bool = True, chdir: Path | None = None) -> list[str]:
    """gunicorn running ``app`` with the options ``ogpgraph serve`` uses (server/wsgi.py), through
    gunicorn's command line; ``access_log``: its JSON access log, one line per request."""
    cmd = [sys.executable, "-m", "gunicorn", app, *(["--chdir", str(chdir)] if chdir else []),
           "--bind", f"{host}:{port}", "--workers", str(workers), "--worker-class", worker_class,
           "--threads", str(threads), "--timeout", "60", "--graceful-timeout", "10",
           "--error-logfile", "-", "--log-level", "info", "--limit-request-line", "8190"]
    if access_log:
        cmd += ["--access-logfile", "-", "--logger-class", "server.wsgi.JsonAccessLogger"]
    return cmd


def oxigraph_bin() -> str | None:
    """Oxigraph's server: the one ``pip install -e '.[bench]'`` put beside our Python, else on PATH."""
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


# --------------------------------------------------------------------------- loopback HTTP

def check_loopback(host: str) -> str:
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        raise SystemExit(f"{Path(sys.argv[0]).name}: --host must be a literal loopback address (127.0.0.1, ::1), not {host!r}")
    if not addr.is_loopback:
        raise SystemExit(f"{Path(sys.argv[0]).name}: refusing non-loopback target {host}: this benchmark runs on loopback only")
    return host


def base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@dataclass(frozen=True)
class Request:
    """One HTTP request of a benchmark: a GET, or with a ``body`` a form-encoded POST."""

    path: str
    accept: str | None = None
    body: str | None = None  # form-encoded

    @classmethod
    def sparql(cls, endpoint: str, query: str, accept: str) -> Request:
        """``query`` POSTed form-encoded to ``endpoint``."""
        return cls(endpoint, accept, urllib.parse.urlencode({"query": query}))

    @property
    def method(self) -> str:
        return "GET" if self.body is None else "POST"

    @property
    def headers(self) -> dict[str, str]:
        return {**({"Content-Type": FORM} if self.body is not None else {}),
                **({"Accept": self.accept} if self.accept else {})}


def fetch(host: str, port: int, request: Request, timeout: float = 30.0) -> tuple[int, bytes, dict[str, str]]:
    """Status, body and headers (names in lower case) of one request, on a connection of its own."""
    check_loopback(host)
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(request.method, request.path, request.body, request.headers)
        resp = conn.getresponse()
        return resp.status, resp.read(), {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()


def wait_ready(proc: subprocess.Popen, host: str, port: int, request: Request | str, log: Path,
               timeout: float = 60) -> float:
    """Wait until ``request`` (or a GET of that path) answers 200 while ``proc`` lives; the seconds it took."""
    request = Request(request) if isinstance(request, str) else request
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"exited with {proc.returncode}:\n{tail(log)}")
        try:
            if fetch(host, port, request, timeout=5)[0] == 200:
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"not ready after {timeout:.0f}s:\n{tail(log)}")


# --------------------------------------------------------------------------- what processes cost

_TICKS = os.sysconf("SC_CLK_TCK")


def _group_stats(pgid: int) -> Iterator[list[str]]:
    """For each live process of group ``pgid``, the fields of /proc/PID/stat after "(comm)":
    state ppid pgrp ...; utime and stime at 11 and 12, rss (pages) at 21."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            group = int(fields[2])
        except (OSError, IndexError, ValueError):
            continue
        if group == pgid:
            yield fields


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the live processes of process group ``pgid``."""
    return sum(int(f[11]) + int(f[12]) for f in _group_stats(pgid)) / _TICKS


def group_rss_mb(pgid: int) -> float:
    """Resident memory (MB) of the live processes of process group ``pgid``."""
    return sum(int(f[21]) for f in _group_stats(pgid)) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _cpu_times() -> tuple[int, int]:
    """All CPUs' ticks so far: in total, and idle (idle + iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields[:8]), idle


def _others_busy(seconds: float, exclude: int | None) -> float | None:
    """Share of all cores (0-1) busy over ``seconds`` with processes outside group ``exclude``."""
    try:
        t0, i0 = _cpu_times()
        g0 = group_cpu(exclude) if exclude is not None else 0.0
        time.sleep(seconds)
        t1, i1 = _cpu_times()
        g1 = group_cpu(exclude) if exclude is not None else 0.0
    except (OSError, ValueError, IndexError):
        return None
    total = max(t1 - t0, 1)
    return max((total - (i1 - i0)) / total - (g1 - g0) * _TICKS / total, 0.0)


def wait_quiet(limit: float, threshold: float = 0.15, exclude: int | None = None) -> float | None:
    """Wait (up to ``limit`` seconds) for other processes to leave the CPUs: those other than this
    one's load and, with ``exclude``, than that process group (a server that may still be busy).
    Returns the last reading, the share of all cores they used over one second (None: unknown)."""
    deadline = time.monotonic() + limit
    while True:
        busy = _others_busy(1.0, exclude)
        if busy is None or busy <= threshold or time.monotonic() >= deadline:
            return busy


def wait_idle(pgid: int, limit: float, threshold: float = 0.05) -> float:
    """Wait (up to ``limit`` s) until the server's processes stop using CPU: a worker still loading
    its data, or still answering requests a previous wrk run abandoned, would otherwise compete
    with the measured run and be counted in its CPU time. Returns the seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        c0 = group_cpu(pgid)
        time.sleep(0.5)
        if (group_cpu(pgid) - c0) / 0.5 <= threshold:
            break
    return time.monotonic() - start


def per_call(fn: Callable[[], object], min_time: float) -> float:
    """Seconds per call of ``fn`` in this process: the best of 3 timeit runs of about ``min_time`` s each."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(1, int(number * min_time / 0.2))
    return min(timer.repeat(repeat=3, number=number)) / number

"""The HTTP front of ``ogpgraph serve``: nginx, started and stopped with the server.

Why a front at all: gunicorn's workers read a request with blocking calls, so a client that
dribbles its headers or its body holds a worker (sync) or a thread (gthread) for as long as it
likes. Probed, two such connections took the site down for 60 s and 200 answered nothing in
60 s. gunicorn's own documentation asks for a buffering proxy in front for exactly this reason.

Why nginx: it is event-driven (a slow connection costs a few kilobytes, not a worker), it reads
each request whole, with timeouts, before gunicorn sees it (``proxy_request_buffering``), it
takes slow readers' answers off gunicorn's hands (``proxy_buffering``), and it is packaged by
every distribution (Debian's ``nginx-light`` is enough: no third-party module is used).

Shape: nginx listens on ``--host:--port``; gunicorn listens on a Unix socket in a private
directory, reachable by nothing else. nginx runs as one process (``master_process off``) tied
to ``ogpgraph serve`` by ``PR_SET_PDEATHSIG``, so no ``kill`` of the server can leave it behind
holding the port.

Limits nginx enforces, before any work is done:
- a request's headers must arrive within :data:`HEADER_TIMEOUT` seconds, and each part of its
  body within :data:`BODY_TIMEOUT` seconds of the previous one: a Content-Length larger than
  the body, or a chunked body that never ends, is cut there (nginx logs a 408 and closes the
  connection; it sends no answer to a client that stopped sending);
- a body larger than its route's limit (``--max-request-bytes``, ``--max-validate-bytes``) is
  refused with 413 and the limit, without being stored or sent on. (The application checks the
  same limits itself, server/bodies.py, for ``--front none``; letting nginx send it a body the
  application then refused unread made nginx's write fail and answer 502.)
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ogpgraph.children import die_with_parent
from ogpgraph.config import Settings

log = logging.getLogger(__name__)

HEADER_TIMEOUT = 5  # seconds for a request's headers
BODY_TIMEOUT = 5  # seconds between two reads of a body
KEEPALIVE_TIMEOUT = 15  # seconds an idle kept-alive connection stays open
CONNECTIONS = 4096  # connections nginx holds at once (slow ones included)
FRONTS = ("auto", "nginx", "none")


class FrontError(OSError):
    """nginx is wanted but missing, or does not start."""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
                                          if os.access(p, os.X_OK)), None)


def wanted(front: str) -> bool:
    """Whether to start nginx for ``--front``: ``auto`` when it is installed (a warning otherwise)."""
    if front == "none":
        return False
    if nginx_binary() is None:
        if front == "nginx":
            raise FrontError("--front nginx: no nginx on this machine (apt-get install nginx-light)")
        log.warning("no nginx on this machine: gunicorn answers clients directly, so slow clients can "
                    "hold its workers (install nginx-light; docs/deploy.md)")
        return False
    return True


@dataclass
class Front:
    """nginx on ``host:port`` in front of gunicorn on :attr:`upstream` (a Unix socket)."""

    settings: Settings
    host: str
    port: int
    upstream_timeout: int  # seconds nginx waits for gunicorn's answer (outlasts any query)

    def __post_init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="ogpgraph-front-"))
        self.upstream = self.directory / "gunicorn.sock"
        self.process: subprocess.Popen | None = None
        # gunicorn's workers are forks of this process and leave it by raising SystemExit through
        # the same stack: only the process that made the front may stop it
        self.owner = os.getpid()

    def config(self) -> str:
        d, s = self.directory, self.settings
        listen = f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"
        return NGINX_CONF.format(
            dir=d, listen=listen, upstream=self.upstream, connections=CONNECTIONS,
            header_timeout=HEADER_TIMEOUT, body_timeout=BODY_TIMEOUT, keepalive=KEEPALIVE_TIMEOUT,
            upstream_timeout=self.upstream_timeout,
            max_body=s.max_request_bytes, max_validate_body=s.max_validate_bytes)

    def check_port(self) -> None:
        """Fail now, with the reason, if ``host:port`` cannot be listened on (before gunicorn starts)."""
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx does
            try:
                probe.bind((self.host, self.port))
            except OSError as exc:
                raise FrontError(f"cannot listen on {self.host}:{self.port}: {exc.strerror}") from None

    def start(self) -> None:
        """Start nginx (gunicorn's ``when_ready``: it listens, no worker has started yet)."""
        try:
            self._start()
        except FrontError as exc:
            # Within gunicorn's arbiter nothing unwinds cleanly from here: say why, clean up, leave
            log.error("%s", exc)
            self.stop()
            os._exit(2)

    def _start(self) -> None:
        path = self.directory / "nginx.conf"
        path.write_text(self.config(), encoding="utf-8")
        binary = nginx_binary()
        checked = subprocess.run([binary, "-t", "-q", "-e", "stderr", "-p", str(self.directory), "-c", str(path)],
                                 capture_output=True, text=True)
        if checked.returncode != 0:
            raise FrontError(f"nginx refuses its configuration: {checked.stderr.strip()}")
        parent = os.getpid()
        self.process = subprocess.Popen([binary, "-e", "stderr", "-p", str(self.directory), "-c", str(path)],
                                        preexec_fn=lambda: die_with_parent(parent))
        # nginx writes its pid file once it listens; a busy port makes it retry for 2.5 s, then exit
        deadline = time.monotonic() + 10
        while not (self.directory / "nginx.pid").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise FrontError(f"nginx could not start on {self.host}:{self.port} (see its message above)")
            time.sleep(0.05)
        log.info("nginx %s answers on %s:%d in front of gunicorn on %s", _version(binary), self.host,
                 self.port, self.upstream)

    def stop(self) -> None:
        if os.getpid() != self.owner:
            return
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish the answers under way
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


def _version(binary: str) -> str:
    out = subprocess.run([binary, "-v"], capture_output=True, text=True).stderr.strip()
    return out.rsplit("/", 1)[-1] if "/" in out else out


NGINX_CONF = """\
# Written by `ogpgraph serve` (server/front.py) for this run only.
daemon off;
master_process off;
worker_shutdown_timeout 5s;  # a graceful stop does not wait for slow clients
pid {dir}/nginx.pid;
error_log stderr warn;

events {{
    worker_connections {connections};
}}

http {{
    access_log off;  # gunicorn writes the JSON access log (with X-Forwarded-For)
    server_tokens off;
    client_body_temp_path {dir}/client-body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;

    # Slow clients cost a connection here, never a gunicorn worker
    client_header_timeout {header_timeout}s;
    client_body_timeout {body_timeout}s;
    send_timeout 60s;
    keepalive_timeout {keepalive}s;
    # Headers too large are gunicorn's to refuse (431, 414): nginx lets through more than it accepts
    client_body_buffer_size 1m;  # bodies up to the default limit stay in memory (larger ones: a temp file)
    client_header_buffer_size 16k;
    large_client_header_buffers 8 64k;

    upstream gunicorn {{
        server unix:{upstream};
        keepalive 32;
    }}

    server {{
        listen {listen};
        client_max_body_size {max_body};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_request_buffering on;  # a body reaches gunicorn whole, with a Content-Length
        proxy_buffering on;          # and its answer leaves it at once, however slow the reader
        proxy_read_timeout {upstream_timeout}s;
        proxy_send_timeout {upstream_timeout}s;
        proxy_redirect off;
        proxy_intercept_errors off;  # the application's own errors pass unchanged

        error_page 413 @too_large;
        error_page 502 504 =503 @unavailable;

        location = /shacl/validate {{
            client_max_body_size {max_validate_body};
            # (error_page here replaces the server's: both are restated)
            error_page 413 @too_large_validate;
            error_page 502 504 =503 @unavailable;
            proxy_pass http://gunicorn;
        }}
        location / {{
            proxy_pass http://gunicorn;
        }}
        location @too_large {{
            default_type text/plain;
            return 413 "413 Request Entity Too Large: the request body is larger than the {max_body}-byte limit of this route\\n";
        }}
        location @too_large_validate {{
            default_type text/plain;
            return 413 "413 Request Entity Too Large: the request body is larger than the {max_validate_body}-byte limit of /shacl/validate\\n";
        }}
        location @unavailable {{
            default_type text/plain;
            add_header Retry-After 5 always;
            return 503 "The service is starting, restarting or overloaded: retry in a few seconds.\\n";
        }}
    }}
}}
"""

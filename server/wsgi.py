"""Production serving: gunicorn, several worker processes, each with its own store.

``ogpgraph serve`` runs this; ``gunicorn 'server.wsgi:app'`` works too (settings
then come from ``OGPGRAPH_*`` environment variables). Flask's development
server is only used with ``ogpgraph serve --dev``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from ogpgraph.config import Settings

from . import create_app, metrics


# Threads per web worker beyond its query slots (see `serve`)
PAGE_THREADS = 32


class JsonAccessLogger(Logger):
    """One JSON object per request on the access log (machine-readable, injection-safe)."""

    def access(self, resp, req, environ, request_time) -> None:
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.syslog):
            return
        line = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "remote": environ.get("REMOTE_ADDR") or None,
            # the client's address as the front (nginx) saw it, when there is one
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "status": int(str(resp.status).split()[0]) if resp.status else None,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "accept": environ.get("HTTP_ACCEPT"),
            "agent": environ.get("HTTP_USER_AGENT"),
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))


class GunicornServer(BaseApplication):
    """Gunicorn configured from Python, loading the app in each worker."""

    def __init__(self, settings: Settings, options: dict[str, Any]):
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings:  # an option of a newer gunicorn than the one installed is left out
                self.cfg.set(key, value)

    def load(self):
        return create_app(self.settings)


def serve(settings: Settings, bind: str, workers: int, timeout: int = 60,
          when_ready: Callable[[], None] | None = None) -> None:
    """gunicorn on ``bind`` (``host:port``, or ``unix:PATH`` behind the front: server/front.py);
    ``when_ready`` runs once gunicorn listens (the front starts then, so it never answers 502)."""
    options: dict[str, Any] = {
        "bind": bind,
        "workers": workers,
        # Threads, so that a worker's query slots are all used and queries queue for them (503 past
        # --queue-timeout). A query waiting for a slot holds its thread: PAGE_THREADS more keep
        # pages and /health answered while every slot is busy and queries queue (benchmarks/resilience.py).
        "worker_class": "gthread",
        "threads": settings.query_workers + PAGE_THREADS,
        # A worker busy for longer than this is killed and replaced: the last
        # line of defence against a request that never ends.
        "timeout": timeout,
        "graceful_timeout": 10,
        "accesslog": "-",
        "logger_class": JsonAccessLogger,
        "errorlog": "-",
        "loglevel": "info",
        # Requests larger than this are refused before reaching the app.
        "limit_request_line": 8190,
    }
    if when_ready is not None:
        options["when_ready"] = lambda _arbiter: when_ready()
    if metrics.enabled():
        options["child_exit"] = lambda _arbiter, worker: metrics.worker_exited(worker.pid)
    # gunicorn 27's control socket is one path per user (~/.gunicorn/gunicorn.ctl), which every
    # server of that user would share; we use signals, not it
    options["control_socket_disable"] = True
    GunicornServer(settings, options).run()


def __getattr__(name: str):
    # `gunicorn server.wsgi:app` — built on first access, not at import.
    if name == "app":
        return create_app()
    raise AttributeError(name)

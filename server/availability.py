"""Serving from a remote store that may be down, slow, or reloaded under us.

* A request whose store query fails (refused, 5xx, no answer within
  ``Settings.store_timeout``) gets **503 with Retry-After** and a message saying so,
  never a hang or a stack trace (server/errors.py maps StoreUnavailable). Nothing about the
  failure is remembered: the next request asks the store again, so service resumes
  by itself when the store is back.
* A worker that starts while the store cannot be reached does not crash (gunicorn
  would stop the whole server after a worker fails to boot): it answers 503 and
  ``/health`` says why, and builds the real app on a later request once the store
  answers.
* Rolling data updates: every ``Settings.store_refresh`` seconds a background thread
  reads the store's load record; when ``ogpgraph load`` has switched the data to a new
  version, a new app (new downloads, VoID, caches) is built beside the running one and
  swapped in. If the new data may not be served by this worker (loaded for another
  contacts mode, ontology…), the worker stops serving data (503 with the reason)
  rather than publish it.

The embedded store needs none of this: ``build_app`` returns the app as built.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Callable

from flask import Flask, Response

from ogpgraph.config import Settings
from ogpgraph.store import StoreError, StoreUnavailable
from ogpgraph.store.remote import RETRY_AFTER, RemoteStore

from . import app_state, metrics
from .prepare import make_shared_files


log = logging.getLogger(__name__)

# While the store is unreachable, how often a request may try to build the app again.
RETRY_INTERVAL = 1.0


_UNAVAILABLE = "ogpgraph.unavailable"


def unavailable_reason(app: Flask) -> str | None:
    """Why ``app`` answers 503 for every request (its remote store is unreachable), or None."""
    return app.extensions.get(_UNAVAILABLE)


def build_app(settings: Settings, build: Callable[[Settings], Flask]) -> Flask:
    """``build(settings)``, or for a remote store the same app wrapped so that it survives the store."""
    if not settings.store:
        return build(settings)
    holder = _Holder(settings, build)
    try:
        app = build(settings)
    except StoreUnavailable as exc:
        log.warning("the store is unavailable at start: %s; answering 503 until it is back", exc)
        app = _unavailable_app(str(exc))
        app.extensions[_UNAVAILABLE] = str(exc)
        holder.reason = str(exc)
    else:
        holder.current, holder.version = app.wsgi_app, app_state.store_of(app).version
    app.wsgi_app = holder
    return app


class _Holder:
    """The WSGI callable of a remote-store app: the current app, rebuilt when needed."""

    def __init__(self, settings: Settings, build: Callable[[Settings], Flask]):
        self.settings = settings
        self.build = build
        self.current: Callable | None = None  # the served app's own wsgi_app
        self.version = ""
        self.reason = ""  # why there is no current app
        self._fallback = _unavailable_app("")  # answers while there is no current app
        self._lock = threading.Lock()
        self._next_try = 0.0
        self._next_check = time.monotonic() + settings.store_refresh
        self._checking = False

    def __call__(self, environ, start_response):
        if self.current is None:
            self._try_build()
        elif time.monotonic() >= self._next_check and not self._checking:
            self._checking = True
            threading.Thread(target=self._check_version, name="ogpgraph-store-refresh", daemon=True).start()
        current = self.current
        if current is not None:
            return current(environ, start_response)
        self._fallback.extensions[_UNAVAILABLE] = self.reason
        return self._fallback.wsgi_app(environ, start_response)

    def _try_build(self) -> None:
        """Build the app now, in this request, at most once per RETRY_INTERVAL (others get 503 meanwhile)."""
        now = time.monotonic()
        if now < self._next_try or not self._lock.acquire(blocking=False):
            return
        try:
            self._next_try = now + RETRY_INTERVAL
            self._swap(self.build(self.settings))
            log.info("the store answers again: serving data version %s", self.version)
        except StoreUnavailable as exc:
            self.reason = str(exc)
        except StoreError as exc:  # reachable, but holds data this worker may not serve
            log.error("cannot serve the store's data: %s", exc)
            self.reason = str(exc)
        finally:
            self._lock.release()

    def _check_version(self) -> None:
        """Background: has ``ogpgraph load`` switched the store to another data version?"""
        try:
            record = RemoteStore(self.settings).read_record()
            if record is not None and record.version != self.version:
                log.info("the store now holds data version %s (serving %s): rebuilding", record.version, self.version)
                app = self.build(self.settings)
                _make_shared_files(app)  # before it serves, so that no request makes them
                with self._lock:
                    self._swap(app)
        except StoreUnavailable as exc:  # requests answer 503 themselves meanwhile; try again later
            log.warning("store version check: %s", exc)
        except StoreError as exc:
            log.error("the store's new data cannot be served by this worker, which stops serving data: %s", exc)
            self.current, self.reason = None, str(exc)
        finally:
            self._next_check = time.monotonic() + self.settings.store_refresh
            self._checking = False

    def _swap(self, app: Flask) -> None:
        self.current, self.version, self.reason = app.wsgi_app, app_state.store_of(app).version, ""


def _make_shared_files(app: Flask) -> None:
    """The new version's downloads, SHACL report and search index, made in this background thread
    while the old version goes on serving; should that fail, the first requests make them."""
    started = time.monotonic()
    try:
        make_shared_files(app)
        log.info("made the shared files of data version %s in %.1f s", app_state.store_of(app).version,
                 time.monotonic() - started)
    except Exception:  # noqa: BLE001 - serving the new data does not depend on them
        log.exception("making the shared files of the new data version failed (the first requests will make them)")


def _unavailable_app(reason: str) -> Flask:
    """An app that answers every request with 503 and the reason; ``/health`` in JSON."""
    app = Flask(__name__)
    app.extensions[_UNAVAILABLE] = reason
    metrics.install(app, "")

    @app.route("/", defaults={"path": ""}, methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
    @app.route("/<path:path>", methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
    def unavailable(path: str):
        metrics.note_error(StoreUnavailable(app.extensions[_UNAVAILABLE]))
        why = app.extensions[_UNAVAILABLE] or "the data store is unavailable"
        if path == "health":
            body = json.dumps({"status": "unavailable", "problems": [why]}, indent=1)
            return Response(body, 503, {"Content-Type": "application/json", "Retry-After": str(RETRY_AFTER),
                                        "Cache-Control": "no-store"})
        return Response(f"503 Service Unavailable: {why}; try again in {RETRY_AFTER} s\n", 503,
                        {"Content-Type": "text/plain; charset=utf-8", "Retry-After": str(RETRY_AFTER),
                         "Cache-Control": "no-store"})

    return app

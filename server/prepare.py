"""What ``ogpgraph serve`` makes once per data version and machine, so that no request makes it.

Before: the first request for a download wrote all five (seconds; minutes at 100 plans), the
first for ``/shacl/report`` validated the data (~7 s; 16 min at 100 plans), the first search of
each worker built its index, and every worker rendered every page for itself. Now, with the app
it builds anyway to check the data, before gunicorn starts:

* it renders the pages people land on (home, plan, chapters, commitments, the dataset, the
  ontology and shapes documents, the SPARQL and fragments pages, in both languages, and Turtle) into the
  shared tier of the render cache (server/cache.py): every worker's first request for them is a
  file read (about a second at this size);
* it starts one background process (:func:`_make_in_background`) that takes the locks of the
  downloads, the SHACL report and the search index and makes them: a request that needs one
  before it is ready waits for that process, and never makes it itself; a start on a data version
  this machine has served finds them all and the process ends at once. The server does not wait
  for it: start-up does not grow with the data;
* it marks those directories in use for as long as the server runs, and removes the ones of other
  data versions that no running server holds and that nobody wrote to for an hour.

When a remote store is switched to new data while the server runs, server/availability.py makes the
new version's files the same way (:func:`make_shared_files`, in its background thread) before the
new version serves.
"""

from __future__ import annotations

import fcntl
import logging
import os
import select
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, ContextManager, Iterator

from flask import Flask

from ogpgraph.children import become_child
from ogpgraph.publish.shared import exclusively, hold, prune, version_directory
from ogpgraph.search import SearchIndexCache
from ogpgraph.rdf.namespaces import OGP
from ogpgraph.store.base import StoreError

from . import app_state, metrics
from .i18n import LANGUAGES
from .shacl import REPORT_MAX_TRIPLES, published_triples, read_or_make_report_holding_lock, report_directory_name

log = logging.getLogger(__name__)

_LANDING = "SELECT ?r WHERE { { ?r a ?type } VALUES ?type { %s } } ORDER BY ?r" % " ".join(
    f"<{OGP}{name}>" for name in ("ActionPlan", "Chapter", "Commitment"))
_DOCUMENTS = ("/", "/id/dataset", "/def/ogp", "/def/shapes", "/sparql", "/fragments")


def prepare(app: Flask) -> int | None:
    """Render the landing pages, start the background maker; the maker's pid (None: not started).
    Never raises: serving does not depend on it."""
    started = time.monotonic()
    try:
        with metrics.paused(), app.app_context():
            store, settings = app_state.store(), app_state.settings()
            directories = _held_directories(app)
            removed = prune(settings.cache_dir, store.version)
            paths = list(_DOCUMENTS) + ["/" + row["r"].value[len(settings.base_iri):]
                                        for row in store.query(_LANDING)]
        maker = _make_in_background(app, directories)
        rendered = _render(app, paths)
        log.info("prepared data version %s in %.1f s: %d landing representations rendered%s; downloads, SHACL "
                 "report and search index made by process %s", store.version, time.monotonic() - started, rendered,
                 f", {len(removed)} directories of other versions removed" if removed else "", maker)
        return maker
    except (OSError, StoreError) as exc:
        log.warning("could not prepare the shared files (the first requests will make them): %s", exc)
        return None
    except Exception:  # a bug here must not keep the data from being served: said loudly, then served
        log.exception("preparing the shared files failed (the first requests will make them)")
        return None


def make_shared_files(app: Flask) -> None:
    """Make (or find) the downloads, the SHACL report and the search index of ``app``'s data version
    in this thread, each under its machine-wide lock.

    For a data version the store is switched to while the server runs (server/availability.py):
    the new app is built and made ready beside the one serving, which goes on serving until it is,
    so that no request makes them then either. Raises what making them raises. Metrics are not
    paused: in a worker, that would pause the requests' too (what it makes is counted as work)."""
    directories = _held_directories(app)
    _make(app, directories, exclusively)


@dataclass(frozen=True)
class _Directories:
    """Where a data version's shared files are made, each under its own lock."""

    downloads: Path
    report: Path
    renders: Path | None  # the shared renderings, where the search index is kept too (None: no shared tier)

    def all(self) -> list[Path]:
        return [d for d in (self.downloads, self.report, self.renders) if d is not None]


def _held_directories(app: Flask) -> _Directories:
    """The directories of ``app``'s data version, marked in use for as long as this process and its
    forks run."""
    with app.app_context():
        store, settings = app_state.store(), app_state.settings()
        shared = app_state.render_cache_of(app).shared
        directories = _Directories(
            downloads=version_directory(settings.cache_dir, app_state.publication().downloads.directory.name),
            report=version_directory(settings.cache_dir, report_directory_name(store.version)),
            renders=shared.directory if shared is not None else None)
    for directory in directories.all():
        hold(directory)
    return directories


def _make(app: Flask, directories: _Directories, locked: Callable[[Path], ContextManager]) -> None:
    """The downloads, the SHACL report and the search index, each made inside ``locked(directory)``:
    the lock of its directory, held until it is made."""
    with app.app_context():
        store, settings = app_state.store(), app_state.settings()
        with locked(directories.downloads):
            app_state.publication().downloads.read_or_write_holding_lock()
        with locked(directories.report):
            triples = published_triples(store)
            if triples <= REPORT_MAX_TRIPLES:
                with app.test_request_context("/shacl/report"):
                    read_or_make_report_holding_lock(store, directories.report)
            else:
                log.warning("the SHACL report of %d triples is not made (over %d: pyshacl holds the whole graph "
                            "in memory) and /shacl/report answers 503; validate offline with `ogpgraph validate` "
                            "(docs/deploy.md)", triples, REPORT_MAX_TRIPLES)
        if directories.renders is not None:
            with locked(directories.renders):
                SearchIndexCache.load_or_build_holding_lock(store, settings.base_iri, directories.renders)


@contextmanager
def _released_after(lock: IO) -> Iterator[None]:
    """A lock the background maker took before the workers started: released once its thing is made."""
    try:
        yield
    finally:
        lock.close()


def _render(app: Flask, paths: list[str]) -> int:
    rendered = 0
    with metrics.paused():
        for path in paths:
            for accept, lang in [("text/html", lang) for lang in LANGUAGES] + [("text/turtle", None)]:
                if path in ("/", "/sparql") and lang is None:
                    continue  # pages only
                with app.test_request_context(path, headers={"Accept": accept},
                                              query_string={"lang": lang} if lang else None):
                    # The view itself, without the request hooks (metrics, CORS): this is no request.
                    rendered += app.make_response(app.dispatch_request()).status_code == 200
    return rendered


def _make_in_background(app: Flask, directories: _Directories) -> int | None:
    """Fork the process that makes the downloads, the SHACL report and the search index; its pid.

    ``directories``: theirs. The child takes their locks first and only then lets
    this process go on (a byte through a pipe), so the workers, which start after this returns, can
    only wait for what it makes; it releases each lock once its thing is made, and dies with the
    server. None (the first requests make them) if it does not say it holds the locks in time."""
    parent = os.getpid()
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid:
        os.close(ready_w)
        with os.fdopen(ready_r, "rb") as ready:
            readable, _, _ = select.select([ready], [], [], 30)
            if not readable or ready.read(1) != b"1":
                log.warning("the background maker of the shared files did not start: the first requests make them")
                return None
        return pid
    code = 1
    try:
        os.close(ready_r)
        become_child(parent)
        locks = {}
        for directory in directories.all():
            locks[directory] = open(directory / ".lock", "w")  # the lock `exclusively` takes (publish/shared.py)
            fcntl.flock(locks[directory], fcntl.LOCK_EX)
        os.write(ready_w, b"1")
        os.close(ready_w)
        with metrics.paused():
            _make(app, directories, lambda directory: _released_after(locks[directory]))
        code = 0
    except BaseException:  # noqa: BLE001 - a fork of the server never returns into the server's code
        log.exception("the background maker of the shared files failed (the first requests will make them)")
    finally:
        os._exit(code)

"""SHACL validation over HTTP: the report of our own data, and validation of data sent to us.

* ``GET /shacl/report``: the ``sh:ValidationReport`` of the data this server
  publishes (the store's content, so withheld contacts stay withheld) against
  ``shapes/ogp-shapes.ttl``; Turtle, JSON-LD or HTML (every result, warnings
  included) by content negotiation, 406 otherwise. Validation takes seconds, so
  it runs once per data version and web worker, on the first request, under a
  lock (concurrent first requests wait for that one run); the three renderings
  are then kept as bytes and served with ETag / 304.
* ``POST /shacl/validate``: the body (Turtle, JSON-LD, RDF/XML, N-Triples; 415
  otherwise) is validated against OUR shapes in a child process killed after
  ``Settings.validate_timeout`` seconds (503). ``?severity=violation|warning|info``
  sets the threshold, as ``ogpgraph validate --severity`` does.

  The verdict, i.e. the exit code ``ogpgraph validate`` would give: the status is
  200 whether the data conforms or not (the validation itself succeeded; 4xx/5xx
  mean it could not be done: exit 2); the verdict travels in the header
  ``OGPGraph-Conforms: true|false`` on every 200, and in the body: ``sh:conforms``
  in the Turtle / JSON-LD report, or, for ``Accept: application/json``, a summary
  ``{"conforms", "exit_code", "threshold", "results": {"violation", "warning",
  "info"}}``. ``text/plain`` gives the command line's text report.

  Untrusted-input rules (size, time, no remote JSON-LD context, no DTD, our shapes
  only, no owl:imports) are enforced by ``ogpgraph.shacl.untrusted`` (see there); bad
  or refused input is a 400 naming the problem and, for syntax errors, the line.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from rdflib import Graph
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from ogpgraph.config import Settings
from ogpgraph.negotiate import REPORT_REPRESENTATIONS, VALIDATION_REPRESENTATIONS, body_media_type, choose
from ogpgraph.publish.shared import exclusively, replace_atomically, version_directory
from ogpgraph.shacl.inputs import InputError
from ogpgraph.shacl.isolated import ValidationFailed, ValidationTimeout, validate_isolated
from ogpgraph.shacl.render import render_html, render_jsonld, render_turtle, with_stable_blank_nodes
from ogpgraph.shacl.report import SEVERITIES
from ogpgraph.shacl.run import validate_graph
from ogpgraph.shacl.untrusted import UNTRUSTED_FORMATS

from . import app_state
from .cache import Rendered
from .errors import RETRY_AFTER, domain_error_response, error_response, not_acceptable
from .responses import ready

log = logging.getLogger(__name__)
bp = Blueprint("shacl", __name__, url_prefix="/shacl")

# POST /shacl/validate: the report's renderer per representation (None: the JSON summary).
_VALIDATE_RENDERERS = {"ttl": "turtle", "jsonld": "json-ld", "json": None, "txt": "text"}


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    version: str | None = None
    rendered: dict[str, Rendered] = field(default_factory=dict)
    slots: threading.BoundedSemaphore | None = None


@bp.record_once
def _init(setup_state) -> None:
    settings: Settings = setup_state.app.config["OGPGRAPH"]
    setup_state.app.extensions["ogpgraph.shacl"] = _State(slots=threading.BoundedSemaphore(settings.query_workers))


def _state() -> _State:
    return current_app.extensions["ogpgraph.shacl"]



# -- the report of our own data -------------------------------------------------------------------

def _own_report() -> dict[str, Rendered]:
    """The renderings of the report of the published data: made once per data version and machine
    (the first worker to need them validates, ~7 s; the others read its files), then kept."""
    state, store = _state(), app_state.store()
    with state.lock:  # the first request of this worker reads or makes them; the others wait, then reuse
        if state.version != store.version or not state.rendered:
            directory = version_directory(app_state.settings().cache_dir, f"shacl-report-{store.version}")
            with exclusively(directory):  # one worker of the machine validates
                bodies = _read_report(directory)
                if bodies is None:
                    bodies = _make_report(store)
                    for ext, body in bodies.items():
                        replace_atomically(directory / f"report.{ext}", body)
            state.rendered = {r.extension: Rendered(bodies[r.extension], r.content_type,
                                                    hashlib.sha256(bodies[r.extension]).hexdigest()[:32])
                              for r in REPORT_REPRESENTATIONS}
            state.version = store.version
        return state.rendered


def _read_report(directory: Path) -> dict[str, bytes] | None:
    paths = {r.extension: directory / f"report.{r.extension}" for r in REPORT_REPRESENTATIONS}
    if not all(p.is_file() for p in paths.values()):
        return None
    return {ext: p.read_bytes() for ext, p in paths.items()}


def _make_report(store) -> dict[str, bytes]:
    # The published graphs, not the shapes themselves should the store also hold them.
    shapes = ox.NamedNode(store.graph_iri("shapes"))  # our own base IRI: safe to write in the query
    triples = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {shapes}) }}")
    published = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    data = Graph().parse(data=published, format="nt")
    log.info("validating the published data (%d triples) against the shapes", len(data))
    report = with_stable_blank_nodes(validate_graph(data))
    return {"ttl": render_turtle(report).encode("utf-8"), "html": render_html(report, everything=True).encode("utf-8"),
            "jsonld": render_jsonld(report).encode("utf-8")}


@bp.get("/report")
def report():
    representation = choose(request.headers.get("Accept"), REPORT_REPRESENTATIONS)
    if representation is None:
        raise not_acceptable(REPORT_REPRESENTATIONS, "the SHACL report")
    return ready(_own_report()[representation.extension], ["Accept"])


# -- validating data sent to us ------------------------------------------------------------------



@bp.post("/validate")
def validate():
    media_type = body_media_type(request.mimetype)
    if media_type not in UNTRUSTED_FORMATS:
        raise UnsupportedMediaType(
            f"send the data as one of {', '.join(UNTRUSTED_FORMATS)} (Content-Type {request.mimetype or 'missing'!r})")
    chosen = choose(request.headers.get("Accept"), VALIDATION_REPRESENTATIONS)
    if chosen is None:
        raise not_acceptable(VALIDATION_REPRESENTATIONS, "a validation report")
    severity = request.args.get("severity", "violation")
    if severity not in SEVERITIES:
        raise BadRequest(f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    body = request.get_data(cache=False)  # over Settings.max_validate_bytes: 413 before this (server/bodies.py)
    if not body.strip():
        raise BadRequest("the request body is empty: send the RDF data to validate")
    settings, state = app_state.settings(), _state()
    fmt, content_type = _VALIDATE_RENDERERS[chosen.extension], chosen.content_type
    if not state.slots.acquire(timeout=settings.queue_timeout):
        return error_response(503, "all validation slots are busy; try again shortly", retry_after=RETRY_AFTER)
    try:
        result, text = validate_isolated(body, media_type, fmt, severity, settings.validate_timeout)
    except InputError as exc:
        return domain_error_response(exc)
    except ValidationTimeout as exc:
        log.warning("POST /shacl/validate: %s", exc)
        return domain_error_response(exc, f"{exc}; send a smaller graph")
    except ValidationFailed as exc:
        log.warning("POST /shacl/validate failed: %s", exc)
        return domain_error_response(exc)
    finally:
        state.slots.release()
    payload = json.dumps(result, indent=1).encode() + b"\n" if fmt is None else text.encode("utf-8")
    response = Response(payload, 200, {"Content-Type": content_type, "Vary": "Accept",
                                       "OGPGraph-Conforms": "true" if result["conforms"] else "false",
                                       "Cache-Control": "no-store"})
    return response

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
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, g, render_template, request
from rdflib import Graph
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from ogpgraph.config import Settings
from ogpgraph.negotiate import REPORT_REPRESENTATIONS, VALIDATION_REPRESENTATIONS, body_media_type, choose
from ogpgraph.publish.shared import exclusively, replace_atomically, version_directory
from ogpgraph.shacl.inputs import InputError
from ogpgraph.shacl.isolated import ValidationFailed, ValidationTimeout, validate_isolated
from ogpgraph.shacl.inputs import one_line
from ogpgraph.shacl.render import QUOTE_CHARS, render_jsonld, render_turtle, with_stable_blank_nodes
from ogpgraph.shacl.report import SEVERITIES, short
from ogpgraph.shacl.run import validate_graph
from ogpgraph.shacl.untrusted import UNTRUSTED_FORMATS

from . import app_state
from .cache import Rendered
from .errors import RETRY_AFTER, domain_error_response, error_response, not_acceptable
from .i18n import LANGUAGES, current_language
from .responses import href, ready

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

# Above this many triples the service does not make the report, at start or in a request: pyshacl
# holds the whole graph in memory (4.4 GB and 4 minutes at 2.9 million triples, benchmarks/RESULTS.md),
# which one worker of a shared machine must not spend. Such data is validated offline.
REPORT_MAX_TRIPLES = 3_000_000


class ReportTooLarge(Exception):
    """The published data is over :data:`REPORT_MAX_TRIPLES`: its report is an offline job."""

    def __init__(self, triples: int):
        super().__init__(
            f"the SHACL report of the published data ({triples:,} triples) is not made by the service: above "
            f"{REPORT_MAX_TRIPLES:,} triples validation holds too much memory for a shared server; validate it "
            "offline with `ogpgraph validate` (docs/deploy.md)")


def published_triples(store) -> int:
    return sum(g.triples for g in store.data_graphs())


def _own_report() -> dict[str, Rendered]:
    """The renderings of the report of the published data: made once per data version and machine
    (the background maker of server/prepare.py validates, ~7 s; the workers read its files), then kept."""
    state, store = _state(), app_state.store()
    with state.lock:  # the first request of this worker reads or makes them; the others wait, then reuse
        if state.version != store.version or not state.rendered:
            triples = published_triples(store)
            if triples > REPORT_MAX_TRIPLES:
                raise ReportTooLarge(triples)
            directory = version_directory(app_state.settings().cache_dir, report_directory_name(store.version))
            with exclusively(directory):  # one worker of the machine validates (or server/prepare.py did)
                bodies = read_or_make_report_holding_lock(store, directory)
            types = {r.extension: r.content_type for r in REPORT_REPRESENTATIONS}
            state.rendered = {key: Rendered(body, types[key.split(".")[0]], hashlib.sha256(body).hexdigest()[:32])
                              for key, body in bodies.items()}
            state.version = store.version
        return state.rendered


# The files a report's renderings depend on besides the data: a new version of any of them makes
# new files (the cache directory outlives the server)
_RENDERING_VERSION = hashlib.sha256(b"".join(
    (Path(__file__).parent / name).read_bytes()
    for name in ("shacl.py", "strings.py", "templates/shacl_report.html", "templates/base.html",
                 "templates/_macros.html"))).hexdigest()[:12]



def read_or_make_report_holding_lock(store, directory: Path) -> dict[str, bytes]:
    """The report's files, made first if need be; the caller holds ``directory``'s lock (and a request
    context: the pages are rendered here)."""
    bodies = _read_report(directory)
    if bodies is None:
        bodies = _make_report(store)
        for ext, body in bodies.items():
            replace_atomically(directory / f"report.{ext}", body)
    return bodies


def report_directory_name(version: str) -> str:
    """The shared directory of the report of data ``version`` (under ``Settings.cache_dir``)."""
    return f"shacl-report-{version}-{_RENDERING_VERSION}"


# What is kept of the report: the RDF documents, and the page in each language
_REPORT_FILES = ("ttl", "jsonld", *(f"html.{lang}" for lang in LANGUAGES))


def _read_report(directory: Path) -> dict[str, bytes] | None:
    paths = {key: directory / f"report.{key}" for key in _REPORT_FILES}
    if not all(p.is_file() for p in paths.values()):
        return None
    return {key: p.read_bytes() for key, p in paths.items()}


def _make_report(store) -> dict[str, bytes]:
    # The published graphs, not the shapes themselves should the store also hold them.
    shapes = ox.NamedNode(store.graph_iri("shapes"))  # our own base IRI: safe to write in the query
    triples = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {shapes}) }}")
    published = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    data = Graph().parse(data=published, format="nt")
    log.info("validating the published data (%d triples) against the shapes", len(data))
    report = with_stable_blank_nodes(validate_graph(data))
    bodies = {"ttl": render_turtle(report).encode("utf-8"), "jsonld": render_jsonld(report).encode("utf-8")}
    # The page in each language, in the site's style (templates/shacl_report.html). The request
    # contexts share this request's `g`, where the page language is kept: set it, then put it back.
    outer = g.pop("lang", None)
    for lang in LANGUAGES:
        with current_app.test_request_context(f"/shacl/report?lang={lang}"):
            g.lang = lang
            bodies[f"html.{lang}"] = render_template(
                "shacl_report.html", conforms=report.conforms, threshold=report.threshold, rows=_rows(report, lang),
                totals=[(name, report.counts.get(severity, 0)) for name, severity in
                        (("violations", "Violation"), ("warnings", "Warning"), ("infos", "Info"))]).encode("utf-8")
    g.pop("lang", None)
    if outer is not None:
        g.lang = outer
    return bodies


def _rows(report, lang: str) -> list[dict]:
    """Every result (whatever the threshold) as a row of the page: focus nodes of ours link to this
    server, messages in ``lang`` where the shapes have it."""
    base = app_state.settings().base_iri
    passages: dict[str, list] = {}
    rows = []
    for r in report.results:
        if r.focus not in passages:
            passages[r.focus] = [{"lines": p.lines, "quote": one_line(p.quote, QUOTE_CHARS)}
                                 for p in report.passages(r.focus)[:3]]
        message_lang = lang if r.messages.get(lang) else next((k for k in r.messages if k), lang)
        ours = r.focus.startswith(base)
        rows.append({
            "severity": r.severity_name, "focus": r.focus,
            "focus_href": href(r.focus) if ours or re.match(r"^https?://", r.focus, re.IGNORECASE) else None,
            "focus_label": r.focus[len(base):] if ours else r.focus,
            "shape": r.shape, "shape_short": short(r.shape), "message": r.message(message_lang),
            "message_lang": message_lang, "path": r.path or "", "value": one_line(r.value or "", 120),
            "passages": passages[r.focus]})
    return rows


@bp.get("/report")
def report():
    representation = choose(request.headers.get("Accept"), REPORT_REPRESENTATIONS)
    if representation is None:
        raise not_acceptable(REPORT_REPRESENTATIONS, "the SHACL report")
    try:
        renderings = _own_report()
    except ReportTooLarge as exc:  # not a passing condition: no Retry-After
        return error_response(503, str(exc))
    if representation.extension == "html":
        return ready(renderings[f"html.{current_language()}"], ["Accept", "Accept-Language"])
    return ready(renderings[representation.extension], ["Accept"])


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

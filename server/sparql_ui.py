"""The SPARQL query page for browsers, its example queries and its editor library.

- ``GET /sparql`` from a browser (Accept prefers text/html): the query page
  (``server.sparql`` hands over to :func:`page`; other clients get the Service
  Description). The page is a plain form (textarea + submit by GET) that
  ``static/sparql.js`` enhances: example menu, results table, downloads, and the
  Yasqe editor when its files are installed.
- ``GET /sparql/examples``: the example queries of ``queries/*.rq`` as JSON
  (``[{name, title, answers, query}]``), read once when the app starts.
- ``GET /static/vendor/yasqe/<file>``: the editor's dist files, served from
  ``node_modules`` (``make install`` runs ``npm ci``); only the listed files.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, send_file, url_for
from werkzeug.exceptions import NotFound

from ogpgraph import paths
from ogpgraph.rdf.namespaces import PREFIXES, sparql_prefixes

from . import app_state
from .i18n import current_language, page_strings
from .responses import ready
from .strings import STRINGS

log = logging.getLogger(__name__)
bp = Blueprint("sparql_ui", __name__)

EXAMPLES_DIR = paths.QUERIES_DIR
NODE_MODULES = paths.NODE_MODULES
# The editor library: URL file name -> (path under node_modules, media type). Nothing else is served.
VENDOR_PACKAGE = "@zazuko/yasqe"
VENDOR_FILES = {
    "yasqe.min.js": (f"{VENDOR_PACKAGE}/build/yasqe.min.js", "text/javascript"),
    "yasqe.min.css": (f"{VENDOR_PACKAGE}/build/yasqe.min.css", "text/css"),
}
# The prefixes the editor starts with, in this order.
EDITOR_PREFIXES = ("ogp", "dcterms", "rdfs", "skos", "org", "foaf", "vcard", "prov", "schema", "xsd")
DEFAULT_QUERY = """\
SELECT ?chapter ?number ?title WHERE {
  ?chapter a ogp:Chapter ;
    ogp:chapterNumber ?number ;
    dcterms:title ?title .
}
ORDER BY ?number
"""
# Download formats offered for each kind of result (media type, label, file extension).
DOWNLOADS = {
    "solutions": [("application/sparql-results+json", "JSON", "srj"),
                  ("application/sparql-results+xml", "XML", "srx"),
                  ("text/csv", "CSV", "csv"),
                  ("text/tab-separated-values", "TSV", "tsv")],
    "graph": [("text/turtle", "Turtle", "ttl"),
              ("application/ld+json", "JSON-LD", "jsonld"),
              ("application/rdf+xml", "RDF/XML", "rdf"),
              ("application/n-triples", "N-Triples", "nt")],
}
_HEADER = re.compile(r"#\s*(title|answers)\s*:\s*(.*)", re.IGNORECASE)


def load_examples(directory: Path) -> list[dict[str, str]]:
    """``[{name, title, answers, query}]`` for each ``*.rq`` in ``directory``, by file name.

    ``title`` and ``answers`` come from the leading ``# Title: …`` / ``# Answers: …``
    comment lines, continued on the next comment lines until a sentence ends (so a
    note after the header is not taken in); ``query`` is the whole file, comments included.
    """
    examples = []
    for path in sorted(directory.glob("*.rq")) if directory.is_dir() else []:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("example query %s skipped: %s", path, exc)
            continue
        fields: dict[str, str] = {}
        last = None
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped.startswith("#"):
                break
            match = _HEADER.match(stripped)
            if match:
                last = match.group(1).lower()
                fields[last] = match.group(2).strip()
            elif last and _continues(fields[last], stripped):
                fields[last] = f"{fields[last]} {stripped.lstrip('#').strip()}"
            else:
                last = None
        examples.append({"name": path.stem,
                         "title": fields.get("title") or path.stem.replace("-", " ").replace("_", " "),
                         "answers": fields.get("answers", ""),
                         "query": text})
    return examples


def _continues(text: str, line: str) -> bool:
    """Whether comment ``line`` carries on a header value that so far reads ``text``."""
    rest = line.lstrip("#").strip()
    return bool(rest) and not text.rstrip().endswith((".", "?", "!")) and not re.match(r"\w+\s*:", rest)


def _vendor_path(name: str) -> Path | None:
    entry = VENDOR_FILES.get(name)
    if entry is None:
        return None
    path = NODE_MODULES / entry[0]
    return path if path.is_file() else None


def _vendor_version() -> str | None:
    """The installed editor's version (for cache-busting URLs), or None when it is not installed."""
    if not all(_vendor_path(name) for name in VENDOR_FILES):
        return None
    try:
        return str(json.loads((NODE_MODULES / VENDOR_PACKAGE / "package.json").read_text("utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "0"


@bp.record_once
def _load(state) -> None:
    """Read the examples and look for the editor once, when the app is built."""
    examples = load_examples(EXAMPLES_DIR)
    state.app.extensions["ogpgraph.sparql_ui"] = {
        "examples": examples,
        "examples_json": json.dumps(examples, ensure_ascii=False, indent=1).encode("utf-8"),
        "vendor_version": _vendor_version(),
    }
    log.info("%d example queries from %s; editor library %s", len(examples), EXAMPLES_DIR,
             "installed" if state.app.extensions["ogpgraph.sparql_ui"]["vendor_version"] else "not installed")


def _ui() -> dict:
    return current_app.extensions["ogpgraph.sparql_ui"]



def ui_string(key: str, **values: object) -> str:
    text = STRINGS["sparql." + key][current_language()]
    return text.format(**values) if values else text


def prefix_block() -> str:
    return sparql_prefixes(*EDITOR_PREFIXES)


def page(query: str | None = None) -> Response:
    """The query page (called by ``server.sparql`` when the client prefers HTML); with ``query``
    (a shared ``/sparql?query=…`` link), that query filled in and run when the page opens."""
    lang = current_language()

    def render() -> tuple[bytes, str]:
        ui = _ui()
        settings = app_state.settings()
        strings = page_strings("sparql")
        config = {
            "endpoint": url_for("sparql.sparql"),
            "examples": url_for("sparql_ui.examples"),
            "base": settings.base_iri,
            "names": {p: str(ns) for p, ns in PREFIXES.items()},  # to shorten IRIs in results
            "downloads": {kind: [{"type": t, "label": label, "ext": ext} for t, label, ext in formats]
                          for kind, formats in DOWNLOADS.items()},
            "strings": strings,
            "autorun": query is not None,
        }
        html = render_template(
            "sparql.html", query=prefix_block() + "\n" + DEFAULT_QUERY if query is None else query,
            examples=ui["examples"], vendor=ui["vendor_version"], config=config, s=ui_string)
        return html.encode("utf-8"), "text/html; charset=utf-8"

    if query is not None:  # one page per query: not kept
        body, content_type = render()
        response = Response(body, 200, {"Content-Type": content_type})
        response.headers["Vary"] = "Accept, Accept-Language"
        response.cache_control.no_cache = True
        return response

    # The page depends on the editor installed here (none: a plain text area), not only on the data.
    key = ("sparql-ui", lang, _ui()["vendor_version"])
    return ready(app_state.render_cache().get(key, render), ["Accept", "Accept-Language"])


@bp.get("/sparql/examples")
def examples():
    response = Response(_ui()["examples_json"], 200, {"Content-Type": "application/json"})
    response.add_etag()
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response.make_conditional(request)


@bp.get("/static/vendor/yasqe/<path:name>")
def vendor(name: str):
    """One of the editor's whitelisted dist files; anything else (``../…`` included) is 404."""
    path = _vendor_path(name)
    if path is None:
        raise NotFound()
    # URLs carry the installed version (?v=…), so a day's caching cannot serve a stale file for long.
    return send_file(path, mimetype=VENDOR_FILES[name][1], max_age=86400, conditional=True)

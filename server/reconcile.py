"""``/reconcile``: the Reconciliation Service API v0.2 (what OpenRefine 3.x speaks).

``GET /reconcile`` (no ``queries``/``extend``) is the service manifest;
``queries=`` (GET or form POST) a batch of reconciliation queries; ``extend=`` a
data extension query. Beside it: ``/reconcile/preview?id=`` (an HTML card for
an iframe), ``/reconcile/suggest/{entity,type,property}?prefix=`` and
``/reconcile/properties?type=`` (properties to extend a type with). Every JSON
answer may be wrapped for JSONP with ``callback=`` (a JavaScript name, checked
strictly). CORS comes from the app (every response). Matching, suggesting and
extending live in :mod:`ogpgraph.reconcile`; a request it cannot follow is a
400 saying why (413 past a size limit).
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, Response, abort, render_template, request, url_for
from werkzeug.exceptions import BadRequest, NotFound

from ogpgraph import __version__
from ogpgraph import reconcile as core
from ogpgraph.rdf.namespaces import ONTOLOGY_IRI

from . import app_state
from .errors import domain_error_response
from .i18n import current_language, date
from .responses import href

bp = Blueprint("reconcile", __name__)

# A JavaScript name or dotted path (jQuery's are like "jQuery3600123_1700000000"): nothing
# else may reach the script we write, so a callback cannot inject code.
_CALLBACK = re.compile(r"[A-Za-z_$][\w$]{0,99}(?:\.[A-Za-z_$][\w$]{0,99}){0,4}", re.ASCII)
PREVIEW_SIZE = (420, 240)  # width, height in pixels of the iframe the client opens
PREVIEW_VALUES = 6  # values shown per property in a preview (then "…")



def _index() -> core.ReconcileIndex:
    return core.index_for(app_state.store(), app_state.minter().identifiers)


@bp.errorhandler(core.ReconcileError)
def _protocol_error(exc: core.ReconcileError):
    return domain_error_response(exc)


@bp.before_request
def _check_callback() -> None:
    _callback()  # a bad callback is refused before any work is done


def _callback() -> str | None:
    callback = request.args.get("callback")
    if callback is not None and not _CALLBACK.fullmatch(callback):
        raise BadRequest("callback must be a JavaScript function name (letters, digits, _ and $, dotted)")
    return callback


def _json(body: object) -> Response:
    """``body`` as JSON, or as a JSONP script when the request named a ``callback``."""
    callback = _callback()
    if callback is None:
        response = Response(json.dumps(body, ensure_ascii=False), 200,
                            {"Content-Type": "application/json; charset=utf-8"})
    else:
        # ASCII-only JSON is also valid JavaScript (U+2028/2029 escaped); the leading
        # comment stops a response being read as something else (e.g. a Flash file).
        script = f"/**/{callback}({json.dumps(body, ensure_ascii=True)});"
        response = Response(script, 200, {"Content-Type": "application/javascript; charset=utf-8"})
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Vary"] = "Accept-Language"
    return response


def _json_parameter(name: str) -> object:
    raw = request.values.get(name, "")
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise BadRequest(f"{name} is not valid JSON: {exc}") from None
    except RecursionError:  # Python's decoder recurses: thousands of nested arrays exhaust it
        raise BadRequest(f"{name} is nested too deeply to be a reconciliation request") from None


@bp.route("/reconcile", methods=["GET", "POST"])
def service():
    lang = current_language()
    if "queries" in request.values:
        batch = core.parse_queries(_json_parameter("queries"))
        index = _index()
        return _json({key: {"result": [index.candidate_json(c, lang) for c in index.reconcile(query)]}
                      for key, query in batch.items()})
    if "extend" in request.values:
        return _json(_index().extend(core.parse_extend(_json_parameter("extend")), lang))
    if request.method == "POST":
        raise BadRequest("POST /reconcile expects a form field 'queries' (reconciliation) or 'extend' "
                         "(data extension); GET /reconcile is the service manifest")
    return _json(_manifest(lang))


def _manifest(lang: str) -> dict:
    index = _index()
    service = url_for("reconcile.service", _external=True)
    identifiers = app_state.minter().identifiers
    return {
        "versions": core.VERSIONS,
        "name": "ogpgraph: France's OGP action plan 2021-2023 (commitments, organisations, people, legal texts)",
        "identifierSpace": identifiers,
        "schemaSpace": ONTOLOGY_IRI + "#",
        "serviceVersion": __version__,
        "defaultTypes": [index.type_json(t, lang) for t in core.TYPES],
        # The id is the IRI's path under {base}id/; its page is on this server, like the preview and
        # suggest services (the canonical IRI is identifierSpace + id)
        "view": {"url": url_for("resources.resource", rest="", _external=True) + "{{id}}"},
        "preview": {"url": url_for("reconcile.preview", _external=True) + "?id={{id}}",
                    "width": PREVIEW_SIZE[0], "height": PREVIEW_SIZE[1]},
        "suggest": {kind: {"service_url": service, "service_path": f"/suggest/{kind}"}
                    for kind in ("entity", "type", "property")},
        "extend": {"propose_properties": {"service_url": service, "service_path": "/properties"},
                   "property_settings": []},
        "batchSize": core.BATCH_SIZE,
    }


def _type_parameter(name: str = "type") -> tuple[str, ...]:
    types = tuple(core.expand(t) for t in request.args.getlist(name) if t)
    known = {t.id for t in core.TYPES}
    for t in types:
        if t not in known:
            raise BadRequest(f"unknown type {t!r}; the types are {', '.join(sorted(known))}")
    return types


def _natural(name: str, default: int, largest: int) -> int:
    raw = request.args.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit():
        raise BadRequest(f"{name} must be a whole number, not {raw[:20]!r}")
    return min(int(raw), largest)


@bp.get("/reconcile/suggest/<kind>")
def suggest(kind: str):
    if kind not in ("entity", "type", "property"):
        raise NotFound(f"no suggest service for {kind!r}: there are entity, type and property")
    if "prefix" not in request.args:
        raise BadRequest("suggest needs a 'prefix' parameter")
    prefix = request.args["prefix"][:core.MAX_QUERY_CHARS]
    lang, index = current_language(), _index()
    if kind == "entity":
        cursor = _natural("cursor", 0, 10_000)
        limit = _natural("limit", core.SUGGEST_LIMIT, core.MAX_LIMIT) or core.SUGGEST_LIMIT
        entities = index.suggest_entities(prefix, _type_parameter(), cursor, limit)
        return _json({"result": [index.suggest_json(e, lang) for e in entities]})
    if kind == "type":
        return _json({"result": index.suggest_types(prefix, lang)})
    types = _type_parameter()
    return _json({"result": index.suggest_properties(prefix, lang, types[0] if types else None)})


@bp.get("/reconcile/properties")
def propose_properties():
    types = _type_parameter()
    if len(types) != 1:
        raise BadRequest("properties needs exactly one 'type' parameter (a type id from the manifest)")
    limit = _natural("limit", len(core.PROPERTIES), len(core.PROPERTIES))
    body = {"type": request.args["type"],  # as supplied (the spec), though ogp:… forms are understood
            "properties": _index().propose_properties(types[0], current_language())[:limit]}
    if "limit" in request.args:
        body["limit"] = limit
    return _json(body)


@bp.get("/reconcile/preview")
def preview():
    entity_id = request.args.get("id", "")
    if not entity_id:
        raise BadRequest("preview needs an 'id' parameter (an entity id from a reconciliation result)")
    index = _index()
    entity = index.entity(entity_id)
    if entity is None:
        abort(404, f"no reconcilable entity has the id {entity_id[:200]!r}")
    lang = current_language()
    facts = [(label, [_shown(index, prop, value) for value in values[:PREVIEW_VALUES]], len(values) > PREVIEW_VALUES)
             for label, values, prop in index.preview_facts(entity, lang)]
    html = render_template(
        "reconcile_preview.html", entity=entity, facts=facts,
        types=[index.type_json(t, lang)["name"] for t in core.TYPES if t.id in entity.types],
        page=href(entity.iri), width=PREVIEW_SIZE[0], height=PREVIEW_SIZE[1])
    return Response(html, 200, {"Content-Type": "text/html; charset=utf-8", "Vary": "Accept-Language"})



def _shown(index: core.ReconcileIndex, prop: core.PropertyDef, value: core.Value) -> tuple[str, str | None]:
    """A property value as the preview shows it: its text, and a link for an entity."""
    if value.id is not None:
        iri = value.id if "://" in value.id else index.identifier_space + value.id
        return value.text, href(iri)
    return (date(value.text) if prop.kind == "date" else value.text), None

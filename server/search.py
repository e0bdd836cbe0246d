"""``/search?q=``: full-text search over labels and texts, as an HTML page or JSON.

Parameters: ``q`` (the words), ``type`` (a kind, repeatable: commitment,
organisation, person…), ``limit`` (1–100, default 20), ``offset``; the
representation by ``Accept`` (JSON for ``*/*``, HTML for browsers) or
``format=json|html``. The index (``ogpgraph.search``) is built from the store on
the first search of each data version in each worker. A bad query is a 400
saying why (in the page, for browsers); no query at all is the empty search
page (HTML) or a 400 (JSON).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from ogpgraph.negotiate import SEARCH_REPRESENTATIONS, choose
from ogpgraph.search import KIND_NAMES, MAX_QUERY_CHARS, SearchError, SearchIndexCache, SearchResults

from . import app_state
from .errors import not_acceptable, status_for
from .i18n import current_language
from .responses import href

bp = Blueprint("search", __name__)

DEFAULT_LIMIT = 20
JSON, HTML = "application/json", "text/html"


@bp.record_once
def _init(setup_state) -> None:
    setup_state.app.extensions["ogpgraph.search"] = SearchIndexCache()



def _format() -> str:
    asked = request.args.get("format")
    if asked in ("json", "html"):
        return JSON if asked == "json" else HTML
    chosen = choose(request.headers.get("Accept"), SEARCH_REPRESENTATIONS)
    if chosen is None:
        raise not_acceptable(SEARCH_REPRESENTATIONS, "search results")
    return chosen.media_type


def _integer(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit():
        raise SearchError(f"{name} must be a whole number, not {raw[:20]!r}")
    return int(raw)


def _page_url(results: SearchResults, offset: int, fmt: str | None = None) -> str:
    params: list[tuple[str, str]] = [("q", results.query)] + [("type", k) for k in results.kinds]
    if results.limit != DEFAULT_LIMIT:
        params.append(("limit", str(results.limit)))
    if offset:
        params.append(("offset", str(offset)))
    if current_language() != "fr":
        params.append(("lang", current_language()))
    if fmt:
        params.append(("format", fmt))
    return "/search?" + urlencode(params)


def _respond(body, status: int, content_type: str) -> Response:
    response = Response(body, status, {"Content-Type": content_type})
    response.headers["Vary"] = "Accept, Accept-Language"
    if status == 200:
        response.cache_control.public = True
        response.cache_control.max_age = 300
    return response


@bp.get("/search")
def search():
    fmt = _format()
    query = request.args.get("q", "").strip()
    kinds = [k for k in request.args.getlist("type") if k]  # the form's "all types" sends type=
    if not query and fmt == HTML:  # the search page itself, waiting for words
        html = render_template("search.html", query="", results=None, error=None, kinds=kinds,
                               kind_names=KIND_NAMES, max_chars=MAX_QUERY_CHARS)
        return _respond(html, 200, "text/html; charset=utf-8")
    try:
        if not query:
            raise SearchError("missing query: give the words to search for as ?q=")
        limit, offset = _integer("limit", DEFAULT_LIMIT), _integer("offset", 0)
        shared = app_state.render_cache().shared  # built once per machine, kept beside the renderings
        index = current_app.extensions["ogpgraph.search"].get(app_state.store(), app_state.settings().base_iri,
                                                              shared.directory if shared else None)
        results = index.search(query, kinds, limit, offset, current_language())
    except SearchError as exc:  # shown in the search page itself (for browsers), or as JSON
        status = status_for(exc)
        if fmt == JSON:
            return _respond(jsonify({"error": str(exc), "query": query}).get_data(), status, "application/json")
        html = render_template("search.html", query=query, results=None, error=str(exc), kinds=kinds,
                               kind_names=KIND_NAMES, max_chars=MAX_QUERY_CHARS)
        return _respond(html, status, "text/html; charset=utf-8")

    following = results.offset + results.limit
    next_url = _page_url(results, following) if following < results.total else None
    previous_url = _page_url(results, max(0, results.offset - results.limit)) if results.offset else None
    if fmt == JSON:
        body = jsonify({
            "query": results.query,
            "words": list(results.words),
            "types": list(results.kinds),
            "total": results.total,
            "offset": results.offset,
            "limit": results.limit,
            "facets": results.facets,
            "results": [{
                "iri": hit.iri,
                "url": href(hit.iri),
                "label": hit.label,
                "type": hit.kind,
                "types": list(hit.types),
                "score": hit.score,
                "snippet": hit.snippet.text if hit.snippet else None,
                # a milestone's commitment, so that two milestones with the same words can be told apart
                "commitment": {"iri": hit.within[0], "url": href(hit.within[0]), "number": int(hit.within[1])}
                if hit.within else None,
                "highlights": [list(span) for span in hit.snippet.highlights] if hit.snippet else [],
            } for hit in results.hits],
            "next": _page_url(results, following, "json") if next_url else None,
        }).get_data()
        return _respond(body, 200, "application/json")
    facet_urls = {kind: _facet_url(results, kind) for kind in results.facets}
    html = render_template("search.html", query=query, results=results, error=None, kinds=kinds,
                           kind_names=KIND_NAMES, max_chars=MAX_QUERY_CHARS, href=href, next_url=next_url,
                           previous_url=previous_url, facet_urls=facet_urls, all_url=_facet_url(results, None),
                           json_url=_page_url(results, results.offset, "json"))
    return _respond(html, 200, "text/html; charset=utf-8")


def _facet_url(results: SearchResults, kind: str | None) -> str:
    params = [("q", results.query)] + ([("type", kind)] if kind else [])
    if current_language() != "fr":
        params.append(("lang", current_language()))
    return "/search?" + urlencode(params)

"""Triple Pattern Fragments at ``/fragments`` (the model: ``ogpgraph.fragments``).

``/fragments?subject=&predicate=&object=&page=`` answers one page of the triples of the SPARQL
endpoint's default graph that match the pattern, with its count and Hydra controls, in TriG,
N-Quads, Turtle, N-Triples, JSON-LD (expanded, with the metadata graph) or HTML, by Accept.
Each fragment has one address: the terms in order, percent-encoded as a TPF client expands the
``hydra:template``, ``page`` only from 2 on; any other spelling of the same request is redirected
there (301), so caches and clients meet each page under one URL. Pages are rendered once per data
version and kept with the other representations (ETag, 304, ``Cache-Control``: ``ready``).

The controls name the address the request reached (``request.url_root``), not the base IRI: a
client follows them to this server, wherever it runs (tests, a mirror, behind w3id.org).
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, redirect, render_template, request
from werkzeug.exceptions import BadRequest, NotFound

from ogpgraph import fragments
from ogpgraph.fragments import PAGE_SIZE, POSITIONS, Addresses, Pattern, PatternError
from ogpgraph.negotiate import HTML, JSON_LD_EXPANDED, N_QUADS, N_TRIPLES, TRIG, TURTLE, Representation, choose
from ogpgraph.rdf.namespaces import OUTPUT_PREFIXES
from ogpgraph.store import serialise
from ogpgraph.store.substitute import SubstitutionError

from . import app_state
from .errors import domain_error_response, not_acceptable
from .i18n import LANGUAGES, current_language, page_strings
from .responses import href, ready

bp = Blueprint("fragments", __name__)

PATH = "/fragments"
# Turtle first for */* (as everywhere here); TPF clients name the quad formats they prefer.
OFFERED: tuple[Representation, ...] = (TURTLE, HTML, TRIG, N_QUADS, N_TRIPLES, JSON_LD_EXPANDED)
_QUADS = frozenset({ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD})
PARAMETERS = (*POSITIONS, "page", "lang")


@bp.get(PATH)
def fragment():
    base = app_state.settings().base_iri
    unknown = sorted(set(request.args) - set(PARAMETERS))
    if unknown:
        raise BadRequest(f"unknown parameter {unknown[0]!r}: a fragment takes {', '.join(PARAMETERS)} "
                         "(lang: the language of the HTML page)")
    if any(len(request.args.getlist(name)) > 1 for name in PARAMETERS):
        raise BadRequest("give each parameter at most once")
    try:
        pattern = Pattern.parse(request.args, base)
    except PatternError as exc:
        return domain_error_response(exc)
    number = _page_number(request.args.get("page"))
    at = Addresses(_interface(), base)
    canonical = at.page(pattern, number)[len(at.interface):]
    lang = request.args.get("lang")
    if lang not in LANGUAGES:
        lang = None
    address, asked = PATH + canonical + _lang_suffix(canonical, lang), request.query_string.decode("latin-1")
    if PATH + ("?" + asked if asked else "") != address:
        return redirect(address, 301)

    representation = choose(request.headers.get("Accept"), OFFERED)
    if representation is None:
        raise not_acceptable(OFFERED, "a fragment")
    page_lang = current_language() if representation is HTML else None
    key = ("fragments", at.interface, canonical, representation.extension, page_lang)
    try:
        rendered = app_state.render_cache().get(key, lambda: _render(at, pattern, number, representation))
    except PatternError as exc:
        return domain_error_response(exc)
    if rendered is None:
        raise NotFound(f"no page {number} in the fragment {pattern.text(base)}")
    return ready(rendered, ["Accept", "Accept-Language"] if representation is HTML else ["Accept"])


def _interface() -> str:
    interface = request.url_root.rstrip("/") + PATH
    try:
        ox.NamedNode(interface)
    except ValueError:
        raise BadRequest("the Host header does not make a valid IRI") from None
    return interface


def _page_number(raw: str | None) -> int:
    if raw is None:
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000_000:
        raise BadRequest(f"page must be a whole number from 1, not {raw!r}")
    return int(raw)


def _lang_suffix(canonical: str, lang: str | None) -> str:
    return "" if lang is None else f"{'&' if canonical else '?'}lang={lang}"


def _select(pattern: Pattern, number: int) -> fragments.Page | None:
    try:
        return fragments.select(app_state.store(), pattern, number)
    except SubstitutionError:  # a remote store's query text cannot name a blank node
        raise PatternError("this service's store is remote: its blank nodes cannot be looked up by Skolem IRI") from None


def _render(at: Addresses, pattern: Pattern, number: int, representation: Representation) -> tuple[bytes, str] | None:
    page = _select(pattern, number)
    if page is None:
        return None
    sparql = str(app_state.store().mint.sparql_endpoint)
    if representation is HTML:
        def local(url: str) -> str:  # a link to one of our fragments, on this server, in the page's language
            path = PATH + url[len(at.interface):]
            return path + _lang_suffix(path[len(PATH):], None if current_language() == "fr" else current_language())

        html = render_template("fragments.html", text=page_strings("fragments"), page=page, href=href, at=at, page_size=PAGE_SIZE, base=at.base_iri,
                               positions=POSITIONS, explicit=fragments.explicit,
                               skolem=fragments.skolem_prefix(at.base_iri),
                               link=lambda position, term: local(at.fragment(Pattern(**{position: term}))),
                               page_link=lambda number: local(at.page(pattern, number)))
        return html.encode("utf-8"), representation.content_type
    quads = fragments.quads(page, at, sparql)
    if representation.rdf_format in _QUADS:
        body = serialise(quads, representation.rdf_format, OUTPUT_PREFIXES)
    else:  # no graphs in this format: the metadata beside the data
        body = serialise([q.triple for q in quads], representation.rdf_format, OUTPUT_PREFIXES)
    return body, representation.content_type

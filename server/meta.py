"""The dataset as a whole: its VoID/DCAT description, its downloads, and the ontology.

* ``/.well-known/void`` (RFC 5785 / VoID §7), ``/dataset`` and the dataset's
  IRI ``/id/dataset``: the VoID + DCAT description, negotiated like any
  resource (Turtle for ``*/*``, HTML for browsers).
* ``/download/<file>``: the whole graph in several syntaxes, as attachments
  with a strong ETag (their SHA-256, the checksum the DCAT states).
* ``/def/ogp``: the ontology at its namespace IRI, HTML by pyLODE or RDF.
* ``/def/shapes``: the SHACL shapes at theirs, an HTML summary or RDF.

Everything served here is computed once at start-up by ``ogpgraph.publish``
(``app_state.publication()``); the views only negotiate and
respond.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request, send_file
from werkzeug.exceptions import NotFound

from ogpgraph.negotiate import BY_EXTENSION, COMPACTED, GRAPH_REPRESENTATIONS, HTML, Representation, choose
from ogpgraph.publish.description import CONTACT_NOTES, DESCRIPTION, LICENCE, LICENCE_LABEL, TITLE
from ogpgraph.rdf import jsonld
from ogpgraph.rdf.namespaces import ONTOLOGY_IRI, OUTPUT_PREFIXES, SHAPES_IRI
from ogpgraph.store import serialise

from . import app_state
from .errors import not_acceptable
from .i18n import current_language, page_strings
from .responses import alternates, href, json_for_script, ready

bp = Blueprint("meta", __name__)


def _negotiated(stem: str, forced: Representation | None, render, key: str) -> Response:
    """A negotiated response for the document ``/{stem}`` (Content-Location, Vary, Link, ETag).
    Its HTML follows the UI language.
    """
    representation = forced or choose(request.headers.get("Accept"))
    if representation is None:
        raise not_acceptable(GRAPH_REPRESENTATIONS)
    lang = current_language() if representation is HTML else None
    rendered = app_state.render_cache().get((key, representation.extension, lang), lambda: render(representation))
    vary = [] if forced else ["Accept"]
    if lang:
        vary.append("Accept-Language")
    response = ready(rendered, vary)
    response.headers["Content-Location"] = f"/{stem}.{representation.extension}"
    response.headers["Link"] = alternates(app_state.settings().base_iri + stem)
    return response


def _extension(ext: str) -> Representation:
    if ext not in BY_EXTENSION:
        raise NotFound(f"no representation with extension .{ext}")
    return BY_EXTENSION[ext]


# -- the dataset ---------------------------------------------------------------

def _render_dataset(representation: Representation) -> tuple[bytes, str]:
    publication = app_state.publication()
    if representation.rdf_format is not None:
        return _rdf(publication.dataset, representation), representation.content_type
    embedded = json_for_script(jsonld.compact(serialise(publication.dataset, ox.RdfFormat.JSON_LD)))
    summary, lang = publication.summary, current_language()
    note = CONTACT_NOTES[summary.contacts]
    html = render_template(
        "dataset.html", summary=summary, dumps=list(publication.dumps.values()), text=page_strings("dataset"),
        title=TITLE[lang], description=DESCRIPTION[lang], contacts_note=note[lang] if note else None,
        classes=[(c, _prefixed(c), n) for c, n in summary.class_partitions], ontology=ONTOLOGY_IRI,
        licence=LICENCE, licence_label=LICENCE_LABEL, href=href, jsonld=embedded, local="/id/dataset",
        formats=GRAPH_REPRESENTATIONS)
    return html.encode("utf-8"), representation.content_type


def _prefixed(iri: str) -> str:
    """``ogp:Commitment`` for a class IRI, when one of our prefixes covers it."""
    for prefix, ns in OUTPUT_PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _rdf(triples: list[ox.Triple], representation: Representation) -> bytes:
    if representation.rdf_format is ox.RdfFormat.JSON_LD and representation.profile == COMPACTED:
        return jsonld.compact(serialise(triples, ox.RdfFormat.JSON_LD))
    return serialise(triples, representation.rdf_format, OUTPUT_PREFIXES)


# -- downloads -----------------------------------------------------------------

@bp.get("/download/<name>")
def download(name: str):
    dump = app_state.publication().dumps.get(name)
    if dump is None:
        raise NotFound(f"no download named {name!r}; see /id/dataset for the list")
    # Streamed from the file (it grows with the data); the ETag is the whole SHA-256 the DCAT
    # states, so a client can check one against the other. Range requests resume a download.
    response = send_file(dump.path, mimetype=dump.content_type, as_attachment=True, download_name=dump.name,
                         etag=dump.sha256, last_modified=app_state.store().modified, max_age=3600, conditional=True)
    response.headers["Content-Type"] = dump.content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{dump.name}"'  # quoted, as RFC 6266 shows
    response.cache_control.public = True
    return response


# -- the ontology --------------------------------------------------------------

def _render_ontology(representation: Representation) -> tuple[bytes, str]:
    document = app_state.publication().ontology
    if representation is HTML:
        return document.html[current_language()], representation.content_type
    if representation.rdf_format is ox.RdfFormat.TURTLE:
        return document.turtle, representation.content_type  # the hand-written file, with its comments
    return _rdf(document.triples, representation), representation.content_type


# -- the SHACL shapes ----------------------------------------------------------

SHAPES_PATH = "def/shapes"


def _render_shapes(representation: Representation) -> tuple[bytes, str]:
    document = app_state.publication().shapes
    if document is None:
        raise NotFound("no SHACL shapes are loaded on this server")
    if representation.rdf_format is ox.RdfFormat.TURTLE:
        return document.turtle, representation.content_type  # the hand-written file, with its comments
    if representation.rdf_format is not None:
        return _rdf(document.triples, representation), representation.content_type
    lang = current_language()
    html = render_template("shapes.html", doc=document, lang=lang, langs=[lang] + [x for x in ("fr", "en") if x != lang],
                           text=page_strings("shapes"), iri=SHAPES_IRI, ontology=ONTOLOGY_IRI, href=href,
                           local="/" + SHAPES_PATH, formats=GRAPH_REPRESENTATIONS)
    return html.encode("utf-8"), representation.content_type


# -- the routes: each document at its IRI (negotiated) and at IRI.ext (one representation each)

def _document(stem: str, render, key: str, aliases: tuple[str, ...] = ()) -> None:
    def negotiated():
        return _negotiated(stem, None, render, key)

    def by_extension(ext: str):
        return _negotiated(stem, _extension(ext), render, key)

    for path in (f"/{stem}", *aliases):
        bp.add_url_rule(path, key, negotiated)
    bp.add_url_rule(f"/{stem}.<ext>", f"{key}_document", by_extension)


# The dataset's description is also where VoID says to look for it, and at a short address
_document("id/dataset", _render_dataset, "dataset", aliases=("/.well-known/void", "/dataset"))
_document("def/ogp", _render_ontology, "ontology")  # pyLODE's page, made in each language
_document(SHAPES_PATH, _render_shapes, "shapes")

"""Retired IRIs answer 410 Gone, with a link to their successor (docs/iris.md).

The table (``Settings.retired_iris``) is read once when the app is built, and
checked against the loaded data: an IRI cannot be both retired and described,
and a successor under our base must be a resource we serve. Either mistake
stops the service at start-up with a message naming the IRI (never a 410 for a
live resource, never a link to a 404).

A 410 is negotiated like a description (docs/iris.md, "Dereferencing"): HTML
for browsers, or a few triples in the RDF format asked for, saying the IRI is
deprecated (``owl:deprecated``), by what it was replaced
(``dcterms:isReplacedBy``), when (``dcterms:modified``) and why
(``skos:changeNote``). ``Link: <successor>; rel="successor-version"`` (RFC 5829,
registered with IANA) carries the successor for any client. Not ``Location``:
RFC 9110 gives it a meaning only for 201 and 3xx, and a redirect would hide
that the old IRI is retired (a client would keep using it).
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template

from ogpgraph.config import Settings
from ogpgraph.negotiate import COMPACTED, Representation
from ogpgraph.rdf import jsonld
from ogpgraph.rdf.namespaces import DCTERMS, OWL, PREFIXES, SKOS, XSD
from ogpgraph.store import serialise
from ogpgraph.tombstones import Tombstone, TombstoneError, load_tombstones

from . import app_state

bp = Blueprint("tombstones", __name__)

_PREFIXES = {k: str(v) for k, v in PREFIXES.items()}
# Described, linked to, or the name of a loaded graph.
_IN_DATA = "ASK { { ?r ?p ?o } UNION { ?s ?p ?r } UNION { GRAPH ?r { ?a ?b ?c } } }"


@bp.record_once
def _load(setup_state) -> None:
    """Read the retired IRIs and refuse to start if the data contradicts them."""
    app = setup_state.app
    settings: Settings = app.config["OGPGRAPH"]
    store = app_state.store_of(app)
    tombstones = load_tombstones(settings.retired_iris, settings.base_iri)
    for t in tombstones.values():
        if store.query(_IN_DATA, {"r": ox.NamedNode(t.iri)}):
            raise TombstoneError(f"{settings.retired_iris}: <{t.iri}> is retired but still in the data: "
                                 "remove it from the data, or from the retired IRIs")
        if t.successor and t.successor.startswith(settings.base_iri) \
                and not store.query(_IN_DATA, {"r": ox.NamedNode(t.successor)}):
            raise TombstoneError(f"{settings.retired_iris}: the successor of <{t.iri}>, <{t.successor}>, "
                                 "is not in the data: a client following it would get 404")
    app.extensions["ogpgraph.tombstones"] = tombstones


def gone(iri: str, representation: Representation | None) -> Response | None:
    """The 410 answer for ``iri`` if it is retired, else None."""
    tombstone = current_app.extensions["ogpgraph.tombstones"].get(iri)
    if tombstone is None:
        return None
    if representation is not None and representation.rdf_format is ox.RdfFormat.JSON_LD \
            and representation.profile == COMPACTED:
        body, content_type = jsonld.compact(serialise(_triples(tombstone), ox.RdfFormat.JSON_LD)), \
            representation.content_type
    elif representation is not None and representation.rdf_format is not None:
        body = serialise(_triples(tombstone), representation.rdf_format, _PREFIXES)
        content_type = representation.content_type
    elif representation is not None:
        body = render_template("gone.html", tombstone=tombstone, successor=_href(tombstone.successor)).encode()
        content_type = representation.content_type
    else:  # nothing the client accepts: still say it is gone, in plain text (not a 406)
        successor = f" Its successor: <{tombstone.successor}>." if tombstone.successor else ""
        body = f"410 Gone: <{iri}> was retired on {tombstone.date.isoformat()}: {tombstone.reason.rstrip('.')}.{successor}\n".encode()
        content_type = "text/plain; charset=utf-8"
    response = Response(body, 410, {"Content-Type": content_type, "Vary": "Accept"})
    if tombstone.successor:
        # The canonical IRI, not a path on this host: it is what a registry should store instead.
        response.headers["Link"] = f'<{tombstone.successor}>; rel="successor-version"'
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


def _href(iri: str | None) -> str | None:
    """Our own IRIs as paths on this server (for the HTML page's link); others unchanged."""
    base = app_state.settings().base_iri
    return "/" + iri[len(base):] if iri and iri.startswith(base) else iri


def _triples(t: Tombstone) -> list[ox.Triple]:
    s = ox.NamedNode(t.iri)
    triples = [
        ox.Triple(s, ox.NamedNode(str(OWL.deprecated)), ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))),
        ox.Triple(s, ox.NamedNode(str(DCTERMS.modified)), ox.Literal(t.date.isoformat(), datatype=ox.NamedNode(str(XSD.date)))),
        ox.Triple(s, ox.NamedNode(str(SKOS.changeNote)), ox.Literal(t.reason)),
    ]
    if t.successor:
        triples.append(ox.Triple(s, ox.NamedNode(str(DCTERMS.isReplacedBy)), ox.NamedNode(t.successor)))
    return triples

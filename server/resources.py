"""Dereferenceable IRIs: every IRI under the base answers with a description.

Pattern (docs/iris.md): the IRI itself answers 200 with the representation the
Accept header asks for, ``Content-Location`` naming the exact document
(``….ttl``, ``….html``…), ``Vary: Accept`` and a ``Link rel=alternate`` per format.
A request path P is the resource ``{base}P`` whatever Host it arrived on.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.exceptions import NotAcceptable, NotFound

from ogpgraph.config import Settings
from ogpgraph.describe import ResourceView, describe, plan_overview
from ogpgraph.iris import Minter
from ogpgraph.negotiate import GRAPH_REPRESENTATIONS, Representation, choose, split_extension
from ogpgraph.rdf.namespaces import ONTOLOGY_IRI, PREFIXES
from ogpgraph.store.embedded import EmbeddedStore, serialise

bp = Blueprint("resources", __name__)

_PREFIXES = {k: str(v) for k, v in PREFIXES.items()}
OGP = str(PREFIXES["ogp"])
ORG_ORGANIZATION = "http://www.w3.org/ns/org#Organization"


def _settings() -> Settings:
    return current_app.config["OGPGRAPH"]


def _store() -> EmbeddedStore:
    return current_app.extensions["ogpgraph.store"]


def _local_path(iri: str) -> str:
    """The path under which this server answers for ``iri``."""
    return "/" + iri[len(_settings().base_iri):]


def href(iri: str) -> str:
    """Where a link to ``iri`` should point: our own IRIs stay on this server."""
    base = _settings().base_iri
    return _local_path(iri) if iri.startswith(base) else iri


def _alternates(iri: str) -> str:
    local = _local_path(iri)
    return ", ".join(f'<{local}.{r.extension}>; rel="alternate"; type="{r.media_type}"'
                     for r in GRAPH_REPRESENTATIONS)


def _not_acceptable() -> NotAcceptable:
    offered = ", ".join(r.media_type for r in GRAPH_REPRESENTATIONS)
    text = f"406 Not Acceptable: none of the types in the Accept header is offered. Offered: {offered}\n"
    return NotAcceptable(response=Response(text, 406, {"Content-Type": "text/plain; charset=utf-8",
                                                        "Vary": "Accept"}))


def json_for_script(data: bytes) -> str:
    """JSON-LD safe to embed in <script>: no '<' can close the element."""
    return data.decode("utf-8").replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@bp.get("/")
def home():
    settings = _settings()
    plan = str(Minter(settings.base_iri).plan)
    view = ResourceView(plan, describe(_store(), plan))
    return render_template("home.html", plan=plan, view=view, chapters=plan_overview(_store(), plan),
                           href=href, ogp=OGP)


@bp.get("/id/<path:rest>")
@bp.get("/def/<path:rest>")
def resource(rest: str):
    stem, forced = split_extension(request.path.lstrip("/"))
    iri = _settings().base_iri + stem
    representation = forced or choose(request.accept_mimetypes)
    if representation is None:
        raise _not_acceptable()

    if iri == ONTOLOGY_IRI:
        graph = _store().graph_iri("ontology")
        triples = _store().triples("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", g=graph)
    else:
        triples = describe(_store(), iri)
    if not triples:
        raise NotFound(f"no resource <{iri}> in this dataset")

    body = _render(iri, triples, representation)
    response = Response(body, 200, {"Content-Type": representation.content_type})
    response.headers["Content-Location"] = f"{_local_path(iri)}.{representation.extension}"
    response.headers["Link"] = _alternates(iri)
    if forced is None:
        response.headers["Vary"] = "Accept"
    return response


def _render(iri: str, triples: list[ox.Triple], representation: Representation) -> bytes | str:
    if representation.rdf_format is not None:
        return serialise(triples, representation.rdf_format, _PREFIXES)
    view = ResourceView(iri, triples)
    types = set(view.types(iri))
    template = "resource.html"
    if OGP + "Commitment" in types:
        template = "commitment.html"
    elif ORG_ORGANIZATION in types:
        template = "organisation.html"
    jsonld = json_for_script(serialise(triples, ox.RdfFormat.JSON_LD))
    return render_template(template, iri=iri, view=view, jsonld=jsonld, href=href,
                           local=_local_path(iri), formats=GRAPH_REPRESENTATIONS, ogp=OGP)

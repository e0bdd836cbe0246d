"""Dereferenceable IRIs: every IRI under the base answers with a description.

Pattern (docs/iris.md): the IRI itself answers 200 with the representation the
Accept header asks for, ``Content-Location`` naming the exact document
(``….ttl``, ``….html``…), ``Vary: Accept`` and a ``Link rel=alternate`` per
format; ``….ttl`` and the other extensions name one representation each. A
request path P is the resource ``{base}P`` whatever Host it arrived on.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, render_template, request
from werkzeug.exceptions import NotFound

from ogpgraph.describe import ResourceView, describe, plan_overview
from ogpgraph.iris import Minter
from ogpgraph.negotiate import COMPACTED, GRAPH_REPRESENTATIONS, HTML, Representation, choose, split_extension
from ogpgraph.rdf import jsonld
from ogpgraph.rdf.namespaces import FOAF, ORG, PREFIXES, SKOS
from ogpgraph.rdf.namespaces import OGP as OGP_NS
from ogpgraph.store import serialise

from . import app_state
from .errors import not_acceptable
from .i18n import current_language
from .responses import alternates, href, json_for_script, local_path, ready
from .tombstones import gone

bp = Blueprint("resources", __name__)

_PREFIXES = {k: str(v) for k, v in PREFIXES.items()}
OGP = str(OGP_NS)
# The HTML template for a resource, by rdf:type (the first listed type it has wins).
TEMPLATES = {str(cls): template for cls, template in (
    (OGP_NS.Commitment, "commitment.html"),
    (OGP_NS.ActionPlan, "plan.html"),
    (OGP_NS.Chapter, "chapter.html"),
    (OGP_NS.Milestone, "milestone.html"),
    (OGP_NS.LegalText, "legal.html"),
    (OGP_NS.Programme, "programme.html"),
    (ORG.Organization, "organisation.html"),
    (FOAF.Person, "person.html"),
    (SKOS.Concept, "concept.html"),
    (SKOS.ConceptScheme, "concept.html"),
)}


@bp.get("/")
def home():
    lang = current_language()

    def render() -> tuple[bytes, str]:
        plan = str(Minter(app_state.settings().base_iri).plan)
        view = ResourceView(plan, describe(app_state.store(), plan))
        html = render_template("home.html", plan=plan, view=view, chapters=plan_overview(app_state.store(), plan),
                               href=href, ogp=OGP)
        return html.encode("utf-8"), HTML.content_type

    return ready(app_state.render_cache().get(("/", lang), render), ["Accept-Language"])


@bp.get("/context.jsonld")
def context():
    """The JSON-LD context every JSON-LD document here embeds, published for reuse."""
    def render() -> tuple[bytes, str]:
        return json.dumps(jsonld.context(), indent=1).encode("utf-8"), "application/ld+json; charset=utf-8"

    return ready(app_state.render_cache().get("/context.jsonld", render), [])


@bp.get("/id/<path:rest>")
def resource(rest: str):
    stem, forced = split_extension(request.path.lstrip("/"))
    iri = app_state.settings().base_iri + stem
    representation = forced or choose(request.headers.get("Accept"))
    if representation is None:
        raise not_acceptable(GRAPH_REPRESENTATIONS)
    try:
        ox.NamedNode(iri)
    except ValueError as exc:  # a space, "<", a control or undecodable character: no IRI of ours
        raise NotFound(f"no resource here: the path does not make a valid IRI ({exc})") from None
    lang = current_language() if representation is HTML else None
    rendered = app_state.render_cache().get((iri, representation.extension, lang), lambda: _render(iri, representation))
    if rendered is None:
        retired = gone(iri, representation)  # a retired IRI answers 410, not 404 (docs/iris.md)
        if retired is not None:
            return retired
        raise NotFound(f"no resource <{iri}> in this dataset")

    vary = [] if forced else ["Accept"]
    if representation is HTML:
        vary.append("Accept-Language")
    response = ready(rendered, vary)
    response.headers["Content-Location"] = f"{local_path(iri)}.{representation.extension}"
    response.headers["Link"] = alternates(iri)
    return response


def _triples(iri: str) -> list[ox.Triple]:
    return describe(app_state.store(), iri)


def _render(iri: str, representation: Representation) -> tuple[bytes, str] | None:
    triples = _triples(iri)
    if not triples:
        return None
    if representation.rdf_format is ox.RdfFormat.JSON_LD and representation.profile == COMPACTED:
        return jsonld.compact(serialise(triples, ox.RdfFormat.JSON_LD)), representation.content_type
    if representation.rdf_format is not None:
        return serialise(triples, representation.rdf_format, _PREFIXES), representation.content_type
    view = ResourceView(iri, triples)
    types = set(view.types(iri))
    template = next((name for type_, name in TEMPLATES.items() if type_ in types), "resource.html")
    embedded = json_for_script(jsonld.compact(serialise(triples, ox.RdfFormat.JSON_LD)))
    html = render_template(template, iri=iri, view=view, jsonld=embedded, href=href,
                           local=local_path(iri), formats=GRAPH_REPRESENTATIONS, ogp=OGP)
    return html.encode("utf-8"), representation.content_type

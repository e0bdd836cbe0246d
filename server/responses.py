"""What every blueprint's answers share: links to our own IRIs, and ready bytes sent with
validators and caching headers (``ready``).

A request path P is the resource ``{base}P`` whatever Host it arrived on, so links to our
own IRIs are written as paths and stay on the server that answered.
"""

from __future__ import annotations

from flask import Response, request

from ogpgraph.negotiate import GRAPH_REPRESENTATIONS

from . import app_state
from .cache import Rendered


def local_path(iri: str) -> str:
    """The path under which this server answers for ``iri`` (one of ours)."""
    return "/" + iri[len(app_state.settings().base_iri):]


def href(iri: str) -> str:
    """Where a link to ``iri`` should point: our own IRIs stay on this server."""
    base = app_state.settings().base_iri
    return local_path(iri) if iri.startswith(base) else iri


def alternates(iri: str) -> str:
    """A ``Link`` header value naming each RDF document of ``iri`` (``rel="alternate"``)."""
    local = local_path(iri)
    return ", ".join(f'<{local}.{r.extension}>; rel="alternate"; type="{r.media_type}"'
                     for r in GRAPH_REPRESENTATIONS)


def json_for_script(data: bytes) -> str:
    """JSON-LD safe to embed in <script>: no '<' can close the element."""
    return data.decode("utf-8").replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def ready(rendered: Rendered, vary: list[str]) -> Response:
    """A response for ready bytes, with validators, caching and conditional GET (304)."""
    response = Response(rendered.body, 200, {"Content-Type": rendered.content_type})
    response.set_etag(rendered.etag)
    response.last_modified = app_state.store().modified
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    if vary:
        response.headers["Vary"] = ", ".join(vary)
    return response.make_conditional(request)

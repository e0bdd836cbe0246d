"""Request bodies are either whole or refused: a body over its route's limit gets 413, never a cut.

Limits are per route (:func:`limit_for`): ``POST /shacl/validate`` takes whole datasets
(``Settings.max_validate_bytes``), every other route ``Settings.max_request_bytes``.

Werkzeug enforces ``MAX_CONTENT_LENGTH`` on a chunked body (no Content-Length) by reading up to
the limit and stopping there: a body one byte over it was silently cut, so ``POST
/shacl/validate`` judged the first megabyte of the data and answered ``OGPGraph-Conforms: true``
about data it never saw. This WSGI middleware reads a chunked body itself, up to one byte past
the limit: over it, the request is refused with 413 (by the error owner, server/errors.py);
within it, the body is handed on with its Content-Length, exactly as a client that sent one.
"""

from __future__ import annotations

import io

from flask import Flask, request
from werkzeug.exceptions import RequestEntityTooLarge

from ogpgraph.config import Settings

_TOO_LARGE = "ogpgraph.body_too_large"
VALIDATE_PATH = "/shacl/validate"


def limit_for(path: str, settings: Settings) -> int:
    """The largest body the route at ``path`` accepts."""
    return settings.max_validate_bytes if path == VALIDATE_PATH else settings.max_request_bytes


class WholeBodies:
    """WSGI middleware: read chunked request bodies whole (at most their route's limit) before the app."""

    def __init__(self, app, settings: Settings):
        self.app = app
        self.settings = settings

    def __call__(self, environ, start_response):
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not environ.get("CONTENT_LENGTH"):
            limit = limit_for(environ.get("PATH_INFO", ""), self.settings)
            body = environ["wsgi.input"].read(limit + 1)
            if len(body) > limit:
                environ[_TOO_LARGE] = limit
                body = b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)  # no longer chunked, for the app
            environ.pop("wsgi.input_terminated", None)
        return self.app(environ, start_response)


def install(app: Flask, settings: Settings) -> None:
    """Per-route body limits on ``app``, chunked bodies read whole; a body over its limit is a 413."""
    # Werkzeug's own limit: the largest of them (it would cut a chunked body: never reached now).
    app.config["MAX_CONTENT_LENGTH"] = max(settings.max_request_bytes, settings.max_validate_bytes) + 1
    app.wsgi_app = WholeBodies(app.wsgi_app, settings)

    @app.before_request
    def _refuse_too_large() -> None:
        limit = request.environ.get(_TOO_LARGE)
        if limit is None and request.content_length is not None:
            route_limit = limit_for(request.path, settings)
            if request.content_length > route_limit:
                limit = route_limit
        if limit is not None:
            raise RequestEntityTooLarge(f"the request body is larger than the {limit}-byte limit of {request.path}")

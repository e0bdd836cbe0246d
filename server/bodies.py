"""Request bodies are either whole or refused: a chunked body over the limit gets 413, not a cut.

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

_TOO_LARGE = "ogpgraph.body_too_large"


class WholeBodies:
    """WSGI middleware: read chunked request bodies whole (at most ``limit`` bytes) before the app."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    def __call__(self, environ, start_response):
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not environ.get("CONTENT_LENGTH"):
            body = environ["wsgi.input"].read(self.limit + 1)
            if len(body) > self.limit:
                environ[_TOO_LARGE] = self.limit
                body = b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)  # no longer chunked, for the app
            environ.pop("wsgi.input_terminated", None)
        return self.app(environ, start_response)


def install(app: Flask, limit: int) -> None:
    """Read chunked bodies whole on ``app``; one over ``limit`` bytes is a 413."""
    app.wsgi_app = WholeBodies(app.wsgi_app, limit)

    @app.before_request
    def _refuse_too_large() -> None:
        limit_seen = request.environ.get(_TOO_LARGE)
        if limit_seen is not None:
            raise RequestEntityTooLarge(f"the request body is larger than the {limit_seen}-byte limit")

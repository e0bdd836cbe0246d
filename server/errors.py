"""Errors become clear responses, never a stack trace: the one place an error gets its answer.

Every error answer is built here (:func:`error_response`), negotiated like any other answer
(ogpgraph.negotiate.ERROR_REPRESENTATIONS): plain text for machines (curl's ``*/*``), a page in
the site's style and language for browsers, JSON for clients that ask for it. ``406`` answers
list what is offered (:func:`not_acceptable`).
"""

from __future__ import annotations

import json
import logging

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, NotAcceptable
from werkzeug.http import HTTP_STATUS_CODES

from ogpgraph.negotiate import ERROR_REPRESENTATIONS, HTML, JSON, Representation, choose, offered_types
from ogpgraph.store.pool import QueryError

log = logging.getLogger(__name__)


def error_response(status: int, message: str, retry_after: int | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    """The answer to an error: ``status``, ``message`` in the client's format, ``Vary: Accept``."""
    name = HTTP_STATUS_CODES.get(status, "Error")
    chosen = choose(request.headers.get("Accept"), ERROR_REPRESENTATIONS, default=ERROR_REPRESENTATIONS[0])
    if chosen is HTML:
        body = render_template("error.html", code=status, name=name, message=message)
    elif chosen is JSON:
        body = json.dumps({"status": status, "error": name, "message": message}, ensure_ascii=False) + "\n"
    else:
        body = f"{status} {name}: {message}\n"
    response = Response(body, status, {"Content-Type": chosen.content_type, "Vary": "Accept", **(headers or {})})
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def not_acceptable(offered: tuple[Representation, ...], what: str = "this resource") -> NotAcceptable:
    """406, listing the media types ``offered``."""
    message = f"none of the types in the Accept header is offered for {what}; offered: " \
              f"{', '.join(offered_types(offered))}"
    return NotAcceptable(message)


def query_error_response(exc: QueryError) -> Response:
    """A refused or failed SPARQL query (policy 403, malformed 400, 406, 413, time limit or overload 503)."""
    return error_response(exc.status, exc.message, retry_after=5 if exc.status == 503 else None)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if exc.response is not None:  # a response built on purpose (e.g. by a view)
            return exc.response
        # Headers the status requires (RFC 9110): Allow on a 405.
        extra = {k: v for k, v in exc.get_headers() if k == "Allow"}
        return error_response(exc.code or 500, exc.description or "", headers=extra)

    @app.errorhandler(QueryError)
    def _query(exc: QueryError):
        return query_error_response(exc)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, InternalServerError.description and
                              "the server could not answer this request; it has been logged")

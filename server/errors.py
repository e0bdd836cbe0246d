"""Errors become clear responses, never a stack trace: the one place an error gets its answer.

Domain errors carry no HTTP status: :data:`STATUSES` maps each kind to its status, here and
nowhere else (:func:`status_for`). Every error answer is built here (:func:`error_response`),
negotiated like any other answer (ogpgraph.negotiate.ERROR_REPRESENTATIONS): plain text for
machines (curl's ``*/*``), a page in the site's style and language for browsers, JSON for
clients that ask for it. ``406`` answers list what is offered (:func:`not_acceptable`).
"""

from __future__ import annotations

import json
import logging

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, NotAcceptable
from werkzeug.http import HTTP_STATUS_CODES

from ogpgraph import fragments, reconcile, search
from ogpgraph.negotiate import ERROR_REPRESENTATIONS, HTML, JSON, Representation, choose, offered_types
from ogpgraph.shacl.inputs import InputError
from ogpgraph.shacl.isolated import ValidationFailed, ValidationTimeout
from ogpgraph.store import StoreUnavailable
from ogpgraph.store import errors as query

from . import metrics

# Domain error → HTTP status. The most specific class listed wins (a subclass before its base).
STATUSES: dict[type[Exception], int] = {
    query.MalformedQuery: 400,
    query.UnknownGraph: 400,
    query.ForbiddenQuery: 403,
    query.NoAcceptableFormat: 406,
    query.ResultTooLarge: 413,
    query.QueryMemoryExceeded: 413,  # the query's work is too large, like its result
    query.QueryTooLong: 413,
    query.QueryTimeout: 503,
    query.Overloaded: 503,
    query.QueriesUnavailable: 503,
    query.WorkerFailed: 500,
    query.EngineCrashed: 400,  # this query crashes the engine (too deep): the client must change it
    query.StoreAnswerFailed: 502,
    query.QueryError: 400,  # an evaluation error pyoxigraph reports (an unknown function…)
    StoreUnavailable: 503,
    reconcile.TooLarge: 413,
    reconcile.ReconcileError: 400,
    search.SearchError: 400,
    fragments.PatternError: 400,
    InputError: 400,
    ValidationTimeout: 503,
    ValidationFailed: 503,
}
# Worth retrying after this many seconds (Retry-After).
RETRY_AFTER = 5


def for_log(text: object) -> str:
    """``text`` with control characters escaped: a URL cannot forge log lines or send terminal codes."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(text))


def status_for(exc: Exception) -> int:
    """The HTTP status of a domain error (500 for one not in :data:`STATUSES`)."""
    for cls in type(exc).__mro__:
        if cls in STATUSES:
            return STATUSES[cls]
    return 500


def domain_error_response(exc: Exception, message: str | None = None, headers: dict[str, str] | None = None
                          ) -> Response:
    """The answer to a domain error: its status from :data:`STATUSES`, Retry-After on a 503."""
    status = status_for(exc)
    text = message if message is not None else getattr(exc, "message", None) or str(exc)
    return error_response(status, text, retry_after=RETRY_AFTER if status == 503 else None, headers=headers)

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


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if exc.response is not None:  # a response built on purpose (e.g. by a view)
            return exc.response
        # Headers the status requires (RFC 9110): Allow on a 405.
        extra = {k: v for k, v in exc.get_headers() if k == "Allow"}
        return error_response(exc.code or 500, exc.description or "", headers=extra)

    @app.errorhandler(query.QueryError)
    def _query(exc: query.QueryError):
        metrics.note_error(exc)
        return domain_error_response(exc)

    @app.errorhandler(StoreUnavailable)
    def _store_unavailable(exc: StoreUnavailable):
        metrics.note_error(exc)
        log.warning("%s %s: store unavailable: %s", request.method, for_log(request.path), exc)
        return domain_error_response(exc, f"the data store is unavailable ({exc}); try again in {RETRY_AFTER} s",
                                     headers={"Cache-Control": "no-store"})

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        metrics.note_error(exc)
        log.exception("unhandled error on %s %s", for_log(request.method), for_log(request.path))
        return error_response(500, InternalServerError.description and
                              "the server could not answer this request; it has been logged")

"""Errors become clear responses, never a stack trace: HTML for browsers, text otherwise."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def _wants_html() -> bool:
    # Plain text first: a client that accepts anything (curl, */*) gets text;
    # a browser, which ranks text/html above */*, gets a page.
    return request.accept_mimetypes.best_match(["text/plain", "text/html"]) == "text/html"


def error_response(exc: HTTPException):
    headers = {"Vary": "Accept"}
    # Headers the status requires (RFC 9110): Allow on a 405.
    headers.update({k: v for k, v in exc.get_headers() if k == "Allow"})
    if _wants_html():
        body = render_template("error.html", code=exc.code, name=exc.name, message=exc.description)
        return body, exc.code, {"Content-Type": "text/html; charset=utf-8", **headers}
    return f"{exc.code} {exc.name}: {exc.description}\n", exc.code, {
        "Content-Type": "text/plain; charset=utf-8", **headers}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        response = error_response(exc)
        if exc.response is not None:  # e.g. a 406 that already built its own body
            return exc.response
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(InternalServerError("the server could not answer this request; it has been logged"))

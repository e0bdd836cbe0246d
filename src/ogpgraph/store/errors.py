"""What can go wrong with a public query, by kind. No HTTP here: server/errors.py maps each kind
to its status, in one table.

Each exception carries a message for the client. They cross the pipe from a query worker by
name (:func:`by_name`).
"""

from __future__ import annotations


class QueryError(Exception):
    """A public query was refused or failed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MalformedQuery(QueryError):
    """The engine (or the remote store) cannot parse it."""


class QueryRefused(QueryError):
    """The policy does not let it run (docs/sparql.md)."""


class ForbiddenQuery(QueryRefused):
    """An update, or SERVICE: never run here."""


class UnknownGraph(QueryRefused):
    """FROM / FROM NAMED / default-graph-uri / named-graph-uri names a graph we do not hold."""


class NoAcceptableFormat(QueryError):
    """The client accepts none of the formats this kind of result is offered in."""


class ResultTooLarge(QueryError):
    """The serialised result is over the result size limit."""


class QueryTooLong(QueryError):
    """The store refused the query as too long."""


class QueryTimeout(QueryError):
    """The query ran past its time limit and was stopped (or abandoned, with a remote store)."""


class Overloaded(QueryError):
    """Every query worker (or remote store slot) stayed busy for the whole queue time limit."""


class QueriesUnavailable(QueryError):
    """Queries cannot be answered now: the store is down, or workers cannot be isolated."""


class WorkerFailed(QueryError):
    """The query worker died while running the query (it has been restarted)."""


class QueryMemoryExceeded(QueryError):
    """The query needed more memory than a query may use (Settings.query_memory)."""


class EngineCrashed(QueryError):
    """The engine crashed on the query (a stack overflow on deep nesting): the worker was restarted."""


class StoreAnswerFailed(QueryError):
    """The remote store failed, or answered something that cannot be read."""


_KINDS = {cls.__name__: cls for cls in (
    QueryError, MalformedQuery, QueryRefused, ForbiddenQuery, UnknownGraph, NoAcceptableFormat, ResultTooLarge,
    QueryTooLong, QueryTimeout, Overloaded, QueriesUnavailable, WorkerFailed, EngineCrashed, QueryMemoryExceeded, StoreAnswerFailed)}


def by_name(name: str, message: str) -> QueryError:
    """Rebuild an error sent by name (from a query worker)."""
    return _KINDS.get(name, QueryError)(message)

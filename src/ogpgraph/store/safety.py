"""What a public query may do: read our graphs, and nothing else.

Checked before any engine sees the query, on the parse tree (rdflib's SPARQL
1.1 parser), not on the text, so comments, strings and odd casing don't fool it:

* SPARQL Update in any form → refused (403): the endpoint is read-only;
* ``SERVICE`` anywhere → refused (403): pyoxigraph *would* fetch the URL (an
  SSRF hole; a test proves no connection is made);
* ``FROM`` / ``FROM NAMED`` (and the protocol's ``default-graph-uri`` /
  ``named-graph-uri``) may only name graphs this store holds (400 otherwise);
  pyoxigraph only selects among stored graphs, but refusing unknown IRIs makes
  the error explicit instead of an empty answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

QUERY_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
               "DescribeQuery": "DESCRIBE"}


class QueryRefused(Exception):
    """A query we will not run. ``status`` is the HTTP status that says why."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MalformedQuery(QueryRefused):
    status = 400


class ForbiddenQuery(QueryRefused):
    status = 403


@dataclass(frozen=True)
class QueryInfo:
    form: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    default_graphs: tuple[str, ...]  # FROM
    named_graphs: tuple[str, ...]  # FROM NAMED


def _walk(node):
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            yield from _walk(value)


@lru_cache(maxsize=2048)
def inspect_query(text: str) -> QueryInfo:
    """Parse and check a query; raise :class:`QueryRefused` if it may not run."""
    try:
        tree = parseQuery(text)
    except ParseException as exc:
        if _is_update(text):
            raise ForbiddenQuery("SPARQL Update is not allowed: this endpoint is read-only") from exc
        raise MalformedQuery(f"malformed query: {exc.msg} at line {exc.lineno}, column {exc.col}") from exc
    except Exception as exc:  # rdflib raises a few other errors on odd input (e.g. bad prefixes)
        raise MalformedQuery(f"malformed query: {exc}") from exc

    form = QUERY_FORMS.get(tree[1].name)
    if form is None:  # pragma: no cover - the grammar only produces the four forms
        raise MalformedQuery(f"unsupported query form {tree[1].name}")
    default, named = [], []
    for node in _walk(tree):
        if node.name == "ServiceGraphPattern":
            raise ForbiddenQuery("SERVICE is not allowed: this endpoint makes no outbound requests")
        if node.name == "DatasetClause":
            # CompValue.get() raises on a missing key: test membership instead.
            if "default" in node:
                default.append(str(node["default"]))
            if "named" in node:
                named.append(str(node["named"]))
    return QueryInfo(form, tuple(default), tuple(named))


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def check_dataset(graphs: tuple[str, ...], known: set[str], what: str) -> None:
    """Refuse graph IRIs (FROM, FROM NAMED, default-graph-uri, named-graph-uri) we do not hold."""
    unknown = [g for g in graphs if g not in known]
    if unknown:
        raise MalformedQuery(
            f"{what} names graphs this endpoint does not hold: {', '.join(unknown)}; "
            f"its graphs are: {', '.join(sorted(known))}")

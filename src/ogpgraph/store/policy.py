"""What a public query may do: read our graphs, and nothing else.

The policy, each rule with its HTTP status (docs/sparql.md):

* SPARQL Update in any form → ForbiddenQuery (403): the endpoint is read-only;
* ``SERVICE`` anywhere → ForbiddenQuery (403): pyoxigraph *would* fetch the URL (an SSRF hole);
* ``FROM`` / ``FROM NAMED`` (and the protocol's ``default-graph-uri`` /
  ``named-graph-uri``) may only name graphs this store holds (UnknownGraph, 400).

Whether a query is *valid* is not decided here: pyoxigraph parses it, and its own
message (with line and column) is the answer to a malformed query. This module only
reads the text as pyoxigraph's lexer does, to find the three things the policy is
about. It is a scanner, not a parser: it never recurses (a deeply nested query costs
it nothing more than a flat one), it runs in linear time, and it runs in the query
worker process (store/pool.py), under the query's time limit, never in the web worker.

Agreement with the engine is what makes a check like this safe, so the scanner follows
the SPARQL 1.1 grammar's terminals (§19.8) where they decide what is code and what is
not: comments end at ``\\r`` *or* ``\\n``; strings take ``\\``-escapes (``\\"`` in any
string, ``\\u`` escapes are resolved only inside strings and IRIs, as pyoxigraph does);
prefixed names take ``\\#`` and ``%xx`` escapes; and ``<`` starts an IRI except where
the engine reads a less-than operator (right after an operand inside an expression).
tests/test_safety.py pins each rule; tests/test_w3c_policy.py checks the verdicts against
pyoxigraph on every query of the W3C suites. It is not the last line of defence: query
workers also run without network access (store/sandbox.py), so a SERVICE call the scanner
missed still cannot connect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import ForbiddenQuery, UnknownGraph

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})


@dataclass(frozen=True)
class QueryInfo:
    form: str | None  # SELECT | ASK | CONSTRUCT | DESCRIBE; None: not a query (the engine will say why)
    default_graphs: tuple[str, ...]  # FROM, resolved against the base IRI
    named_graphs: tuple[str, ...]  # FROM NAMED
    relative_iris: bool = False  # some IRI in it is relative (resolved against the base IRI)

    @property
    def has_dataset(self) -> bool:
        """The query names its own dataset (FROM or FROM NAMED)."""
        return bool(self.default_graphs or self.named_graphs)


_PN_CHARS_BASE = "A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D" \
                 "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF"
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

# One token per match, in the order the alternatives are tried. Strings before anything else
# (a long string's quotes before a short one's); "punct" is any other single character.
_TOKEN = re.compile(rf"""
  (?P<ws>[\x20\t\r\n]+)
| (?P<comment>\#[^\r\n]*)
| (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
            |\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
            |'(?:[^'\\\n\r]|\\.)*'
            |"(?:[^"\\\n\r]|\\.)*")
| (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
| (?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*)
| (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
| (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
| (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
| (?P<word>[A-Za-z_][A-Za-z0-9_]*)
| (?P<punct>.)
""", re.VERBOSE | re.DOTALL)
_ABSOLUTE_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_RELATIVE_IRI = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.\-]*:)(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>")
_IRIREF = re.compile(rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>")

# Tokens after which, inside an expression, ``<`` is the less-than operator.
_OPERAND_KINDS = frozenset({"var", "string", "langtag", "number", "iri", "pname", "bnode"})
# Bare words before "(" that do not start an expression (a collection or a VALUES row follows).
_NOT_CALLS = frozenset({"A", "VALUES", "UNDEF", "TRUE", "FALSE"})
# Clauses whose "(" opens an expression: the projection and the solution modifiers (until
# the next "{", "}" or one of the words after them).
_EXPRESSION_CLAUSES = frozenset({"SELECT", "GROUP", "ORDER", "HAVING"})
_END_OF_EXPRESSION_CLAUSE = frozenset({"WHERE", "FROM", "VALUES", "LIMIT", "OFFSET"})


def scan(text: str, base_iri: str | None = None) -> QueryInfo:
    """Read ``text`` as pyoxigraph's lexer does; refuse an update or SERVICE, report FROM / FROM NAMED.

    Raises :class:`ForbiddenQuery`. Never raises on malformed text: the engine judges that.

    The keywords SERVICE and FROM can only be written with those letters (pyoxigraph resolves
    ``\\u`` escapes inside strings and IRIs only), so a text without either, in any case, is read
    only up to its query form: most queries cost a few tokens, however long they are. FROM can
    only stand before the query's WHERE clause (a sub-query has no dataset clause), so a text
    with "from" but without "service" is read up to there.
    """
    lowered = text.lower()
    if "service" in lowered:
        tokens = _tokens(text)
    elif "from" in lowered:
        tokens = _dataset_tokens(text)
    else:
        tokens = _head_tokens(text)
    prefixes: dict[str, str] = {}
    base = base_iri
    form: str | None = None
    default: list[str] = []
    named: list[str] = []
    in_prologue = True
    # Any text that could be a relative IRI (in a string too: a false "yes" only adds a BASE).
    relative = _RELATIVE_IRI.search(text) is not None
    i = 0
    n = len(tokens)
    while i < n:
        kind, value = tokens[i]
        upper = value.upper() if kind == "word" else ""
        if upper == "SERVICE":
            raise ForbiddenQuery("SERVICE is not allowed: this endpoint makes no outbound requests")
        if in_prologue:
            if upper == "BASE" and i + 1 < n and tokens[i + 1][0] == "iri":
                base = _resolve(tokens[i + 1][1], base)
                i += 2
                continue
            if upper == "PREFIX" and i + 2 < n and tokens[i + 1][0] == "pname" and tokens[i + 2][0] == "iri":
                prefixes[tokens[i + 1][1].split(":", 1)[0]] = _resolve(tokens[i + 2][1], base)
                i += 3
                continue
            in_prologue = False
            if upper in UPDATE_KEYWORDS:
                raise ForbiddenQuery("SPARQL Update is not allowed: this endpoint is read-only")
            form = upper if upper in QUERY_FORMS else None  # None: the engine will say what is wrong
        if upper == "FROM" and i + 1 < n:
            target = default
            j = i + 1
            if tokens[j][0] == "word" and tokens[j][1].upper() == "NAMED":
                target = named
                j += 1
            if j < n:
                graph = _term_iri(tokens[j], prefixes, base)
                if graph is not None:
                    target.append(graph)
        i += 1
    return QueryInfo(form, tuple(default), tuple(named), relative)


def _tokens(text: str) -> list[tuple[str, str]]:
    """The significant tokens of ``text`` as (kind, text): no blanks or comments."""
    return list(_iter_tokens(text))


def _head_tokens(text: str) -> list[tuple[str, str]]:
    """The tokens of the prologue (BASE, PREFIX) and the first one after it."""
    out = []
    for token in _iter_tokens(text):
        out.append(token)
        if token[0] != "iri" and token[0] != "pname" and token[1].upper() not in ("BASE", "PREFIX"):
            break
    return out


def _dataset_tokens(text: str) -> list[tuple[str, str]]:
    """The tokens up to the start of the WHERE clause: all the dataset clauses are before it."""
    out = []
    depth = 0  # braces open at the moment
    groups = 0  # top-level brace groups closed (a CONSTRUCT template is one)
    form = ""
    for token in _iter_tokens(text):
        kind, value = token
        upper = value.upper() if kind == "word" else ""
        if not form and upper in QUERY_FORMS:
            form = upper
        if form and depth == 0 and (upper == "WHERE" or (value == "{" and kind == "punct" and (
                form != "CONSTRUCT" or groups >= 1))):
            break
        out.append(token)
        if kind == "punct" and value == "{":
            depth += 1
        elif kind == "punct" and value == "}" and depth:
            depth -= 1
            groups += depth == 0
    return out


def _iter_tokens(text: str):
    out: list[tuple[str, str]] = []
    # What "(" opened, innermost last: "expr" (an expression), "other" (a collection, a VALUES
    # row, a path group, an argument-less call) — "{" and "[" push "other" too.
    frames: list[str] = []
    clause = ""  # the last projection or modifier keyword seen outside braces
    pos = 0
    end = len(text)
    match_token = _TOKEN.match
    match_iri = _IRIREF.match
    while pos < end:
        if text[pos] == "<":
            in_expression = bool(frames) and frames[-1] == "expr"
            previous = out[-1] if out else ("", "")
            operand_before = previous[0] in _OPERAND_KINDS or previous == ("punct", ")") or (
                previous[0] == "word" and previous[1].upper() in ("TRUE", "FALSE"))
            if not (in_expression and operand_before):
                iri = match_iri(text, pos)
                if iri:
                    out.append(("iri", iri.group()[1:-1]))
                    yield out[-1]
                    pos = iri.end()
                    continue
            out.append(("punct", "<"))
            yield out[-1]
            pos += 1
            continue
        m = match_token(text, pos)
        kind = m.lastgroup
        value = m.group()
        pos = m.end()
        if kind in ("ws", "comment"):
            continue
        if kind == "punct":
            if value == "(":
                frames.append(_paren_kind(out, frames, clause))
            elif value in "{[":
                frames.append("other")
                if value == "{":
                    clause = ""
            elif value in ")}]":
                if frames:
                    frames.pop()
                if value == "}":
                    clause = ""
        elif kind == "word":
            upper = value.upper()
            if upper in _EXPRESSION_CLAUSES:
                clause = upper
            elif upper in _END_OF_EXPRESSION_CLAUSE:
                clause = ""
        out.append((kind, value))
        yield out[-1]


def _paren_kind(out: list[tuple[str, str]], frames: list[str], clause: str) -> str:
    """Does the "(" about to be read open an expression (where ``<`` may be an operator)?"""
    if frames and frames[-1] == "expr":
        return "expr"
    if not out:
        return "other"
    kind, value = out[-1]
    if kind == "word":
        return "other" if value.upper() in _NOT_CALLS else "expr"  # FILTER(, BIND(, STR(, COUNT(…
    if clause:
        return "expr"  # SELECT (…, SELECT ?x (…, GROUP BY ?x (…, ORDER BY <f>(…
    if kind in ("iri", "pname"):
        # A function call right after FILTER; elsewhere in a pattern, a collection object.
        before = out[-2] if len(out) > 1 else ("", "")
        return "expr" if before[0] == "word" and before[1].upper() == "FILTER" else "other"
    return "other"


def _term_iri(token: tuple[str, str], prefixes: dict[str, str], base: str | None) -> str | None:
    kind, value = token
    if kind == "iri":
        return _resolve(value, base)
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def _resolve(iri: str, base: str | None) -> str:
    """``iri`` (the text between < and >, escapes and all) as pyoxigraph reads it, resolved against ``base``.

    pyoxigraph's own IRI parser does it, so relative references resolve exactly as in the query
    (an absolute IRI without escapes or dot segments is as written: no need to ask)."""
    if _ABSOLUTE_PLAIN.match(iri) and "\\" not in iri and "/." not in iri:
        return iri
    try:
        triple = next(iter(ox.parse(f"<{iri}> <urn:x:p> <urn:x:o> .".encode(), format=ox.RdfFormat.TURTLE,
                                    base_iri=base)))
    except (SyntaxError, ValueError, StopIteration):
        return iri  # the engine will refuse it too
    return triple.subject.value


def check_dataset(graphs: tuple[str, ...], known: set[str], what: str) -> None:
    """Refuse graph IRIs (FROM, FROM NAMED, default-graph-uri, named-graph-uri) we do not hold."""
    unknown = [g for g in graphs if g not in known]
    if unknown:
        raise UnknownGraph(
            f"{what} names graphs this endpoint does not hold: {', '.join(unknown)}; "
            f"its graphs are: {', '.join(sorted(known))}")

"""Bind values to variables in the text of one of OUR queries, for stores without pyoxigraph's
``substitutions=`` (every remote SPARQL store).

pyoxigraph binds a substituted variable everywhere, before evaluation: in the WHERE
clause, in FILTERs inside UNION branches, in the CONSTRUCT template, in sub-queries.
A ``VALUES`` block would not do the same (it joins *after* each branch is evaluated, so
``FILTER(STRSTARTS(STR(?o), STR(?r)))`` inside a branch would see ``?r`` unbound), so the
variable's occurrences are replaced by the term itself, on tokens (strings, IRIs and
comments are never touched):

* in a triple pattern or an expression: the term (``<iri>``, ``"text"@fr``);
* in the outer SELECT projection: ``(<iri> AS ?v)``, so the column stays; in a
  sub-query's projection it is dropped (a constant there; projecting it would clash with
  the outer ``AS``);
* after ``GROUP BY`` / ``ORDER BY``: ``(<iri>)``, an expression;
* as the target of ``AS`` or in a ``VALUES`` header: refused (pyoxigraph would refuse too,
  or the query could not mean the same).

Only the service's own queries go through this (the public endpoint forwards the client's
query as it is): they are written with these rules in mind, and a test checks each of them
gives the same answers as pyoxigraph's substitution on the same data.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

# One token per match; "other" is any single character not starting one of the others.
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<word>[A-Za-z_][\w-]*(?::[\w.%:-]*)?|:[\w.%:-]*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


class SubstitutionError(ValueError):
    """A variable cannot be replaced by a term where it appears."""


def term_text(term: "ox.NamedNode | ox.Literal") -> str:
    """A term as SPARQL text: N-Triples syntax is valid SPARQL for IRIs and literals."""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)
    raise SubstitutionError(f"only IRIs and literals can be substituted, not {term!r}")


def substitute(query: str, values: "dict[str, ox.NamedNode | ox.Literal]") -> str:
    """``query`` with each variable named in ``values`` (without ``?``) replaced by its term."""
    if not values:
        return query
    texts = {name: term_text(term) for name, term in values.items()}
    out: list[str] = []
    previous = ""  # the previous significant token, upper-cased when a word
    braces = 0  # nesting of { }: a SELECT inside braces is a sub-query
    in_projection = False  # between SELECT and WHERE / { / FROM
    nested = False  # the projection is a sub-query's
    projected = 0  # columns left in the current projection
    in_modifier = False  # after GROUP BY / ORDER BY, until the clause ends
    in_values_header = False  # between VALUES and {
    depth = 0  # parenthesis depth within the current clause

    def end_projection() -> None:
        nonlocal in_projection
        if in_projection and not projected:
            raise SubstitutionError("a sub-query would project nothing once its substituted variables are dropped")
        in_projection = False

    for match in _TOKEN.finditer(query):
        kind, token = match.lastgroup, match.group()
        if kind in ("space", "comment", "string", "iri"):
            out.append(token)
            if kind in ("string", "iri"):
                previous = token
            continue
        if kind == "word":
            word = token.upper()
            if word == "SELECT":
                in_projection, nested, projected, in_modifier, depth = True, braces > 0, 0, False, 0
            elif word in ("WHERE", "FROM") and in_projection:
                end_projection()
            elif word == "BY" and previous in ("GROUP", "ORDER"):
                in_modifier, depth = True, 0
            elif word in ("LIMIT", "OFFSET", "HAVING", "VALUES"):
                in_modifier = False
            if word == "VALUES":
                in_values_header = True
            out.append(token)
            previous = word
            continue
        if kind == "other":
            if token == "(":
                if in_projection and depth == 0:
                    projected += 1
                depth += 1
            elif token == ")":
                depth -= 1
            elif token == "*" and in_projection and depth == 0:
                projected += 1
            elif token in "{}":
                end_projection()
                in_modifier = in_values_header = False
                depth = 0
                braces += 1 if token == "{" else -1
            out.append(token)
            previous = token
            continue
        # A variable.
        name = token[1:]
        if name not in texts:
            out.append(token)
            projected += in_projection and depth == 0
        elif previous == "AS":
            raise SubstitutionError(f"?{name} is assigned (AS ?{name}): it cannot also be substituted")
        elif in_values_header:
            raise SubstitutionError(f"?{name} is a VALUES variable: it cannot also be substituted")
        elif in_projection and depth == 0 and nested:
            pass  # dropped from a sub-query's projection
        elif in_projection and depth == 0:
            out.append(f"({texts[name]} AS {token})")
            projected += 1
        elif in_modifier and depth == 0:
            out.append(f"({texts[name]})")
        else:
            out.append(texts[name])
        previous = token
    return "".join(out)

"""Deterministic Turtle: the same graph always gives the same bytes.

rdflib's Turtle serialiser already sorts subjects and predicates; what varies
between runs is only the order of prefixes it prints and, for blank nodes,
their labels. The graph has no blank nodes (see ``emit``), and we write the
prefixes ourselves in a fixed order, then let rdflib write the statements.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .namespaces import PREFIXES


def to_turtle(graph: Graph, header: str = "") -> bytes:
    """Serialise ``graph`` as sorted, prefixed Turtle."""
    used = {p: str(ns) for p, ns in PREFIXES.items()}
    out = Graph()
    for prefix, ns in sorted(used.items()):
        out.bind(prefix, ns, override=True, replace=True)
    for triple in graph:
        out.add(triple)
    body = out.serialize(format="turtle", encoding="utf-8")
    # rdflib prints the @prefix lines first; keep only those it used, sorted.
    text = body.decode("utf-8")
    lines = text.split("\n")
    prefixes = sorted(ln for ln in lines if ln.startswith("@prefix"))
    rest = [ln for ln in lines if not ln.startswith("@prefix")]
    while rest and not rest[0].strip():
        rest.pop(0)
    head = "".join(f"# {ln}\n" if ln else "#\n" for ln in header.splitlines())
    return (head + "\n".join(prefixes) + "\n\n" + "\n".join(rest)).encode("utf-8")


def write_turtle(graph: Graph, path: Path, header: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_turtle(graph, header))

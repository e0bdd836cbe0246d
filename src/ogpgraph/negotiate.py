"""Content negotiation: media-type tables keyed by what is served, and the choice.

Werkzeug parses the Accept header and its q-values; we only say what we offer,
in order of preference when the client does not mind (``*/*``): Turtle first
for machines (curl, rdflib send ``*/*``), while browsers, which rank
``text/html`` above ``*/*``, get HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Representation:
    media_type: str
    extension: str
    rdf_format: ox.RdfFormat | None  # None: HTML
    label: str

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml"))
        return f"{self.media_type}; charset=utf-8" if text else self.media_type


# What a resource description is offered as, in order of preference.
GRAPH_REPRESENTATIONS: tuple[Representation, ...] = (
    Representation("text/turtle", "ttl", ox.RdfFormat.TURTLE, "Turtle"),
    Representation("text/html", "html", None, "HTML"),
    Representation("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, "JSON-LD"),
    Representation("application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML, "RDF/XML"),
    Representation("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, "N-Triples"),
)

# Other names clients use for the same formats.
_ALIASES = {
    "application/x-turtle": "text/turtle",
    "application/json": "application/ld+json",
    "application/xhtml+xml": "text/html",
    "text/plain": "application/n-triples",
    "application/xml": "application/rdf+xml",
}

BY_EXTENSION = {r.extension: r for r in GRAPH_REPRESENTATIONS}
BY_MEDIA_TYPE = {r.media_type: r for r in GRAPH_REPRESENTATIONS}


def choose(accept: MIMEAccept, offered: tuple[Representation, ...] = GRAPH_REPRESENTATIONS
           ) -> Representation | None:
    """The best representation for ``accept``, or None (→ 406).

    A missing or empty Accept header means anything goes.
    """
    if not accept:
        return offered[0]
    types = {r.media_type for r in offered}
    names = [r.media_type for r in offered] + [alias for alias, target in _ALIASES.items() if target in types]
    best = accept.best_match(names)
    if best is None:
        return None
    return BY_MEDIA_TYPE.get(_ALIASES.get(best, best))


def split_extension(path: str) -> tuple[str, Representation | None]:
    """``commitment/12.ttl`` → (``commitment/12``, Turtle); no known extension → (path, None)."""
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext and ext in BY_EXTENSION:
        return stem, BY_EXTENSION[ext]
    return path, None

"""Content negotiation, for every route: what each kind of answer is offered as, and the choice.

The one place media types are chosen (RFC 9110 §12.5.1). Tables say what is offered per kind
of answer — a resource description (``GRAPH_REPRESENTATIONS``), a SPARQL graph result
(``SPARQL_GRAPH``), SPARQL solutions (``SPARQL_RESULTS``), the service description, search
results, SHACL reports, errors — in order of preference when the client does not mind
(``*/*``): Turtle first for machines (curl and rdflib send ``*/*``), while browsers, which
rank ``text/html`` above ``*/*``, get HTML.

The Accept header is parsed here, parameters and all: ``text/turtle; charset=utf-8`` matches
Turtle (a charset other than UTF-8 does not: everything here is UTF-8), and
``application/ld+json; profile="http://www.w3.org/ns/json-ld#expanded"`` chooses expanded
JSON-LD (``#compacted``, the default, compacted). Each offer takes the quality of the most
specific range that matches it (type/subtype with parameters, type/subtype, type/*, */*);
the highest quality wins; a tie goes to the offer matched by the more specific range (what
the client named), then to the table's order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

JSON_LD_NS = "http://www.w3.org/ns/json-ld#"
COMPACTED = JSON_LD_NS + "compacted"
EXPANDED = JSON_LD_NS + "expanded"
_KNOWN_PROFILES = frozenset({COMPACTED, EXPANDED, JSON_LD_NS + "flattened"})
_UTF8 = frozenset({"utf-8", "utf8"})
MAX_ACCEPT_CHARS = 4096


@dataclass(frozen=True)
class Representation:
    media_type: str
    extension: str
    rdf_format: ox.RdfFormat | None  # None: not RDF (HTML, text, JSON…)
    label: str
    aliases: tuple[str, ...] = ()  # other names clients send for the same format
    profile: str | None = None  # the JSON-LD profile (form) this representation has
    results_format: ox.QueryResultsFormat | None = None  # SPARQL solutions
    charset: bool | None = None  # say "; charset=utf-8" (None: for text/*, +json and +xml types)

    @property
    def content_type(self) -> str:
        charset = self.charset
        if charset is None:
            charset = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml"))
        return f"{self.media_type}; charset=utf-8" if charset else self.media_type


TURTLE = Representation("text/turtle", "ttl", ox.RdfFormat.TURTLE, "Turtle", ("application/x-turtle",))
HTML = Representation("text/html", "html", None, "HTML", ("application/xhtml+xml",))
JSON_LD = Representation("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, "JSON-LD", ("application/json",),
                         profile=COMPACTED)
JSON_LD_EXPANDED = Representation("application/ld+json", "expanded.jsonld", ox.RdfFormat.JSON_LD,
                                  "JSON-LD (expanded)", ("application/json",), profile=EXPANDED)
RDF_XML = Representation("application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML, "RDF/XML",
                         ("application/xml", "text/xml"))
N_TRIPLES = Representation("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, "N-Triples", ("text/plain",))
N_QUADS = Representation("application/n-quads", "nq", ox.RdfFormat.N_QUADS, "N-Quads")
TRIG = Representation("application/trig", "trig", ox.RdfFormat.TRIG, "TriG")

# A resource description (dereferenced IRIs, VoID/DCAT, the ontology and shapes documents).
GRAPH_REPRESENTATIONS: tuple[Representation, ...] = (TURTLE, HTML, JSON_LD, JSON_LD_EXPANDED, RDF_XML, N_TRIPLES,
                                                      N_QUADS, TRIG)
# The same, without a page (the Graph Store Protocol, SPARQL CONSTRUCT/DESCRIBE answers).
RDF_REPRESENTATIONS: tuple[Representation, ...] = tuple(r for r in GRAPH_REPRESENTATIONS if r.rdf_format)
# A CONSTRUCT/DESCRIBE answer. JSON-LD is pyoxigraph's (expanded) unless compacted is asked for.
SPARQL_GRAPH: tuple[Representation, ...] = (TURTLE, N_TRIPLES, N_QUADS, TRIG, RDF_XML, JSON_LD_EXPANDED, JSON_LD)
SPARQL_RESULTS: tuple[Representation, ...] = (
    Representation("application/sparql-results+json", "srj", None, "SPARQL JSON", ("application/json",),
                   results_format=ox.QueryResultsFormat.JSON, charset=False),
    Representation("application/sparql-results+xml", "srx", None, "SPARQL XML", ("application/xml", "text/xml"),
                   results_format=ox.QueryResultsFormat.XML),
    Representation("text/csv", "csv", None, "CSV", results_format=ox.QueryResultsFormat.CSV),
    Representation("text/tab-separated-values", "tsv", None, "TSV", results_format=ox.QueryResultsFormat.TSV),
)
PLAIN_TEXT = Representation("text/plain", "txt", None, "text")
JSON = Representation("application/json", "json", None, "JSON", charset=False)
# Errors: text for machines (curl's */*), a page for browsers, JSON for clients that ask for it.
ERROR_REPRESENTATIONS: tuple[Representation, ...] = (PLAIN_TEXT, HTML, JSON)
# Search results.
SEARCH_REPRESENTATIONS: tuple[Representation, ...] = (JSON, HTML)
# A SHACL report: of our data (GET /shacl/report), of data sent to us (POST /shacl/validate).
REPORT_REPRESENTATIONS: tuple[Representation, ...] = (TURTLE, HTML, JSON_LD)
VALIDATION_REPRESENTATIONS: tuple[Representation, ...] = (
    TURTLE, Representation("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, "JSON-LD"), JSON, PLAIN_TEXT)

# Other names of RDF formats in a request body's Content-Type.
_BODY_ALIASES = {"application/x-turtle": "text/turtle", "application/xml": "application/rdf+xml",
                 "text/xml": "application/rdf+xml", "text/n-triples": "application/n-triples"}


def body_media_type(mimetype: str) -> str:
    """The canonical name of the RDF format a request body's Content-Type names."""
    return _BODY_ALIASES.get(mimetype, mimetype)

BY_EXTENSION = {r.extension: r for r in GRAPH_REPRESENTATIONS}


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    params: dict[str, str] = field(default_factory=dict)
    q: float = 1.0

    def specificity(self, offered: str) -> int | None:
        """How specifically this range names the media type ``offered`` (None: it does not)."""
        kind, _, sub = offered.partition("/")
        if self.type == "*":
            return 0 if self.subtype == "*" else None
        if self.type != kind:
            return None
        if self.subtype == "*":
            return 1
        return (3 if self.params else 2) if self.subtype == sub else None


@lru_cache(maxsize=512)
def parse_accept(header: str | None) -> tuple[MediaRange, ...]:
    """The media ranges of an Accept header (RFC 9110 §12.5.1); malformed members are skipped.

    Cached: clients send a handful of distinct headers, and a request may negotiate twice."""
    if header is not None and len(header) > MAX_ACCEPT_CHARS:
        header = header[:MAX_ACCEPT_CHARS]  # a longer header is hostile; its tail is ignored
    ranges: list[MediaRange] = []
    for member in _split(header or "", ","):
        parts = _split(member, ";")
        if not parts:
            continue
        kind, slash, sub = parts[0].strip().lower().partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        params: dict[str, str] = {}
        q = 1.0
        for part in parts[1:]:
            name, eq, value = part.partition("=")
            name = name.strip().lower()
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            if not eq or not name:
                continue
            if name == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
                break  # what follows q= are accept-ext parameters, not the media type's
            params[name] = value
        ranges.append(MediaRange(kind, sub, params, q))
    return tuple(ranges)


def _split(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside double-quoted strings."""
    out, current, quoted, escaped = [], [], False, False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\" and quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            out.append("".join(current))
            current = []
            continue
        current.append(ch)
    out.append("".join(current))
    return [part for part in out if part.strip()]


def _params_match(rng: MediaRange, offer: Representation) -> bool:
    charset = rng.params.get("charset")
    if charset is not None and charset.lower() not in _UTF8:
        return False
    profile = rng.params.get("profile")
    if profile is not None and offer.profile is not None:
        asked = set(profile.split())
        # Profiles we do not know (a frame, a context URL) do not rule an offer out: they are ignored.
        if asked & _KNOWN_PROFILES and offer.profile not in asked:
            return False
    return True


def quality(ranges: tuple[MediaRange, ...], offer: Representation) -> tuple[float, int]:
    """(q, specificity) the client gives ``offer``: from the most specific range naming it."""
    best: tuple[int, float] | None = None
    for name in (offer.media_type, *offer.aliases):
        # An alias counts a little less than the offer's own name, never more.
        penalty = 0 if name == offer.media_type else 1
        for rng in ranges:
            spec = rng.specificity(name)
            if spec is None or not _params_match(rng, offer):
                continue
            spec = spec * 2 - penalty if spec else 0
            if best is None or spec > best[0]:
                best = (spec, rng.q)
    return (0.0, -1) if best is None else (best[1], best[0])


def choose(accept: str | None, offered: tuple[Representation, ...] = GRAPH_REPRESENTATIONS,
           default: Representation | None = None) -> Representation | None:
    """The best of ``offered`` for the Accept header ``accept``, else ``default`` (None: 406).

    A missing or empty Accept header means anything goes: the first offer.
    """
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    best, best_key = None, (0.0, -1)
    for offer in offered:
        key = quality(ranges, offer)
        if key[0] > 0 and key > best_key:
            best, best_key = offer, key
    return best or default


def offered_types(offered: tuple[Representation, ...]) -> list[str]:
    """The media types of ``offered``, each once, for a 406 message."""
    return list(dict.fromkeys(r.media_type for r in offered))


def split_extension(path: str) -> tuple[str, Representation | None]:
    """``commitment/12.ttl`` → (``commitment/12``, Turtle); no known extension → (path, None)."""
    for ext, representation in BY_EXTENSION.items():
        if "." in ext and path.endswith("." + ext):
            return path[: -len(ext) - 1], representation
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext and ext in BY_EXTENSION:
        return stem, BY_EXTENSION[ext]
    return path, None

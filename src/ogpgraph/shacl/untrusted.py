"""Data sent by others (the HTTP service): parsing it without fetching or expanding anything.

``POST /shacl/validate`` validates data it did not write against OUR shapes only.
Rules, each tested in tests/server/test_shacl_http.py:

* only four syntaxes (UNTRUSTED_FORMATS);
* JSON-LD: no remote context. rdflib 7.6 has no document-loader option and fetches
  any string ``@context`` (and ``@import``) with urllib, so the JSON is checked
  first and a context that is not inline is refused; as a second line the child
  process replaces rdflib's context fetcher by one that refuses;
* RDF/XML: no DTD at all. rdflib's SAX parser already leaves external entities
  unread (empty literals) and fetches nothing, but a DOCTYPE is refused outright:
  expat itself reports it, whatever the document's encoding, before any entity is
  expanded (so no entity-expansion bombs either);
* the shapes are ours: pyshacl is given ``shacl_graph`` and never reads shapes or
  ``sh:shapesGraph`` from the data; ``owl:imports`` in the data are not followed
  (pyshacl loads the data graph with ``do_owl_imports=False``, and no inference);
* time: parsing and validation run in a child process that is killed at the limit
  (:func:`ogpgraph.shacl.isolated.validate_isolated`), memory-capped where the platform allows.
"""

from __future__ import annotations

import json

from rdflib import Graph

from .inputs import InputError, QueryCachingGraph, one_line, parse_error

UNTRUSTED_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld",
                     "application/rdf+xml": "xml", "application/n-triples": "nt"}
UNTRUSTED_BASE = "urn:ogpgraph:validate:"  # base IRI of relative IRIs in the client's data


class RefusedInput(InputError):
    """Input refused for safety (remote context, DTD): the message says why."""


def _remote_contexts(value, inside_context: bool = False) -> list[str]:
    """Every non-inline JSON-LD context reference in a parsed JSON document."""
    found: list[str] = []
    if isinstance(value, list):
        for item in value:
            found += _remote_contexts(item, inside_context)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                for ctx in item if isinstance(item, list) else [item]:
                    if isinstance(ctx, str):
                        found.append(ctx)
                    elif ctx is not None and not isinstance(ctx, dict):
                        found.append(repr(ctx))
                found += _remote_contexts(item, inside_context=True)
            elif key == "@import" and inside_context:
                found.append(item if isinstance(item, str) else repr(item))
            else:
                found += _remote_contexts(item, inside_context)
    return found


def _refuse_dtd(body: bytes) -> None:
    """Refuse any DOCTYPE or entity declaration, as expat reads it (any encoding)."""
    import xml.parsers.expat

    def refuse(*_args) -> None:
        raise RefusedInput("refused: RDF/XML with a DOCTYPE or entity declaration (DTDs are not accepted)")

    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = lambda *_: refuse()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(body, True)
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(f"cannot parse request body:{exc.lineno}: {one_line(xml.parsers.expat.ErrorString(exc.code))}"
                         ) from None


def parse_untrusted(body: bytes, media_type: str) -> Graph:
    """Parse data sent by a client, refusing remote contexts and DTDs (:class:`InputError` else)."""
    fmt = UNTRUSTED_FORMATS.get(media_type)
    if fmt is None:
        raise InputError(f"unsupported media type {media_type!r}: send one of {', '.join(UNTRUSTED_FORMATS)}")
    name = "request body"
    if fmt == "json-ld":
        try:
            document = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise parse_error(name, exc) from None
        try:
            remote = _remote_contexts(document)
        except RecursionError:
            raise InputError(f"cannot parse {name}: JSON nested too deeply") from None
        if remote:
            raise RefusedInput(f"refused: remote JSON-LD context {one_line(remote[0], 200)} "
                               "(only inline @context objects are accepted; nothing is fetched)")
    if fmt == "xml":
        _refuse_dtd(body)
    graph = QueryCachingGraph()
    try:
        graph.parse(data=body, format=fmt, publicID=UNTRUSTED_BASE)
    except InputError:
        raise
    except Exception as exc:  # every parser has its own exception types
        raise parse_error(name, exc) from None
    return graph


def refuse_remote_context(*_args, **_kwargs):
    """rdflib's JSON-LD context fetcher in the child process: the second line (see above)."""
    raise RefusedInput("refused: remote JSON-LD context (nothing is fetched)")

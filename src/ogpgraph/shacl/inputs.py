"""What is validated, and against what: loading the data and the shapes.

Inputs: a local file (format from its extension, Turtle by default) or an
``http(s)://`` URL, fetched with a timeout and a size limit. Any host is allowed,
loopback and private addresses included (the tests serve fixtures from
127.0.0.1): this is a command run by whoever types the URL, not a service
fetching URLs for others. Other schemes (``file:``, ``ftp:`` …) are refused. An
unreadable or unparseable input raises :class:`InputError` with a one-line message
naming the input and, where the parser says so, the line.

Data sent by others over HTTP is parsed by :mod:`ogpgraph.shacl.untrusted` instead.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterable

from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.util import guess_format

from .. import paths

DEFAULT_OUT = paths.DATA_DIR
DEFAULT_SHAPES = paths.SHAPES
ONTOLOGY = paths.ONTOLOGY

URL_TIMEOUT = 30.0
URL_MAX_BYTES = 100_000_000

_EXTENSION_FORMATS = {"jsonld": "json-ld", "json": "json-ld", "ttl": "turtle", "nt": "nt", "nq": "nquads",
                      "trig": "trig", "rdf": "xml", "owl": "xml", "xml": "xml", "n3": "n3"}
_MEDIA_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/json": "json-ld",
                  "application/n-triples": "nt", "application/rdf+xml": "xml", "application/trig": "trig",
                  "application/n-quads": "nquads", "text/n3": "n3"}


class InputError(ValueError):
    """An input that cannot be read or parsed: the message is one line."""


class QueryCachingGraph(Graph):
    """A graph that parses each SPARQL text once.

    pyshacl re-sends the same SHACL-SPARQL query text for every focus node, and
    rdflib's pure-Python SPARQL parser takes a quarter of a second per parse; the
    cache turns minutes into seconds on the full graph.
    """

    _prepared: dict[str, object] = {}

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def default_inputs() -> list[str]:
    """The built graph: ``data/ttl/*.ttl`` and the ontology."""
    files = sorted(DEFAULT_OUT.glob("*.ttl"))
    if not files:
        raise InputError(f"no Turtle files in {DEFAULT_OUT}: run 'ogpgraph build' first")
    return [str(f) for f in files] + [str(ONTOLOGY)]


def one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_error(name: str, exc: Exception) -> InputError:
    """One line: the input's name, the line if the parser gives it, the parser's message."""
    why = getattr(exc, "_why", None)
    if why is not None and isinstance(getattr(exc, "lines", None), int):
        line = exc.lines + 1  # notation3.BadSyntax (Turtle, N3, TriG) counts lines from 0
    elif callable(getattr(exc, "getLineNumber", None)):
        line = exc.getLineNumber()  # SAX (RDF/XML)
    elif isinstance(getattr(exc, "lineno", None), int):
        line = exc.lineno  # json.JSONDecodeError
    else:
        m = re.search(r"\bline (\d+)", str(exc))
        line = int(m.group(1)) if m else None
    message = one_line(why or str(exc) or type(exc).__name__)
    where = f"{name}:{line}" if line is not None else name
    return InputError(f"cannot parse {where}: {message}")


def _fetch(url: str) -> tuple[bytes, str | None]:
    request = urllib.request.Request(url, headers={
        "Accept": "text/turtle, application/ld+json;q=0.9, application/n-triples;q=0.8, "
                  "application/rdf+xml;q=0.7",
        "User-Agent": "ogpgraph-validate"})
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT) as response:  # noqa: S310 (scheme checked)
            if response.geturl().split(":", 1)[0].lower() not in ("http", "https"):
                raise InputError(f"cannot fetch {url}: redirected to a non-http(s) URL")
            body = response.read(URL_MAX_BYTES + 1)
            media = response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise InputError(f"cannot fetch {url}: HTTP {exc.code} {one_line(exc.reason)}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"cannot fetch {url}: {one_line(reason)}") from None
    if len(body) > URL_MAX_BYTES:
        raise InputError(f"cannot fetch {url}: larger than {URL_MAX_BYTES} bytes")
    return body, _MEDIA_FORMATS.get(media)


def _format_for(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    return _EXTENSION_FORMATS.get(ext) or guess_format(name) or "turtle"


def load_data(inputs: Iterable[str] | None = None) -> Graph:
    """Parse every input into one graph (the built graph and ontology if none)."""
    names = list(inputs or []) or default_inputs()
    graph = QueryCachingGraph()
    for name in names:
        scheme = name.split(":", 1)[0].lower() if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", name) else ""
        if scheme in ("http", "https"):
            body, media_format = _fetch(name)
            fmt = media_format or _format_for(name.split("?", 1)[0])
            try:
                graph.parse(data=body, format=fmt, publicID=name)
            except Exception as exc:  # every parser has its own exception types
                raise parse_error(name, exc) from None
            continue
        if scheme and len(scheme) > 1:  # "C:" is a Windows drive, not a scheme
            raise InputError(f"cannot read {name}: only local files and http(s) URLs are accepted")
        path = Path(name)
        if not path.is_file():
            raise InputError(f"cannot read {name}: no such file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
        try:
            graph.parse(data=data, format=_format_for(name), publicID=path.resolve().as_uri())
        except Exception as exc:  # every parser has its own exception types
            raise parse_error(name, exc) from None
    return graph


def load_shapes(path: Path | str = DEFAULT_SHAPES) -> Graph:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"cannot read shapes {path}: no such file")
    try:
        return Graph().parse(path, format=_format_for(str(path)))
    except Exception as exc:
        raise parse_error(str(path), exc) from None

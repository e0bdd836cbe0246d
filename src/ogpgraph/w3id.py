"""The w3id.org redirect: what makes ``https://w3id.org/ogpgraph/…`` resolve to a deployment.

w3id.org redirects a project once its folder is merged into the w3id repository
(https://github.com/perma-id/w3id.org): an Apache ``.htaccess`` of mod_rewrite rules and a
README naming the maintainers. This module writes both for one target host, the single
setting (``ogpgraph w3id --target https://ogp.example.org/``); docs/deploy.md and
docs/iris.md say how to submit them. tests/server/test_w3id.py serves the rules with a
real Apache in front of a real ``ogpgraph serve``.

The rules keep the path and the query string and leave content negotiation to the target,
which negotiates on ``Accept`` and honours file extensions itself (``…/commitment/12.ttl``
is passed through like any path). Two statuses:

* ``id/…`` (things: commitments, organisations, people, the dataset…): **303 See Other**,
  the httpRange-14 answer for an identifier of a non-information resource: what the client
  gets at the target is a document about the thing, not the thing;
* everything else (the ontology and shapes documents, named graphs, downloads, the SPARQL
  endpoint, reconciliation, validation): **307 Temporary Redirect**, which keeps the method
  and the body, so a SPARQL or validation POST arrives at the target as the same POST (302
  and 303 let clients turn it into a GET).

Both are temporary on purpose: the permanent name is the w3id IRI; the host behind it may
change, and a 301/308 would let caches pin the old one forever.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["W3ID_FOLDER", "files", "target_argument", "write"]

W3ID_FOLDER = "ogpgraph"  # the folder in the w3id repository, the first segment of every IRI

_HTACCESS = """\
# https://w3id.org/{folder}/ : the IRIs of ogpgraph, redirected to the deployment at
# {target}
# Written by `ogpgraph w3id --target {target}`; change the target with that command, not here.
# Why 303 and 307: README.md in this folder, and src/ogpgraph/w3id.py.

Options +FollowSymLinks
RewriteEngine on

# The namespace itself: the deployment's home page.
RewriteRule ^$ {target} [R=303,L]

# Identifiers of things (commitments, organisations, people, legal texts, the dataset…):
# 303 See Other, path and query string kept; the target negotiates the representation.
RewriteRule ^(id/.*)$ {target}$1 [R=303,L]

# Documents and services (ontology, shapes, named graphs, downloads, SPARQL, reconciliation,
# validation): 307, which keeps the method and body of a POST.
RewriteRule ^(.+)$ {target}$1 [R=307,L]
"""

_README = """\
# ogpgraph

Permanent identifiers for **ogpgraph**, a linked-data knowledge graph of Open Government
Partnership action plans: France's 2021–2023 plan, its chapters, commitments, milestones,
contacts, organisations and the legal texts they cite, with its OGP ontology
(`https://w3id.org/{folder}/def/ogp`) and SHACL shapes (`https://w3id.org/{folder}/def/shapes`).

Every IRI under `https://w3id.org/{folder}/` is redirected to the same path on

    {target}

with the query string kept; that host negotiates the representation (Turtle, JSON-LD, RDF/XML,
N-Triples, HTML) and answers `IRI.ttl`-style extensions itself.

- `id/…` (identifiers of things): **303 See Other**, the httpRange-14 answer for a
  non-information resource: the target serves a document about the thing.
- Everything else (`def/…`, `graph/…`, `download/…`, `sparql`, `reconcile`, `shacl/…`,
  `.well-known/void`): **307 Temporary Redirect**, so a SPARQL or validation POST stays a POST.

Both are temporary so that the deployment can move host without breaking links: only this
folder changes.

## Maintainers

- {{name}} (GitHub: @{{github-account}}), {{e-mail}}
- {{name}} (GitHub: @{{github-account}}), {{e-mail}}

(Filled in by the operator before the pull request to https://github.com/perma-id/w3id.org.)
"""


def target_argument(value: str) -> str:
    """The deployment's address as the rules need it: absolute http(s), no query or fragment,
    ending in ``/`` (added if missing). Raises ValueError otherwise."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"the target must be an absolute http(s) address, not {value!r}")
    if parts.query or parts.fragment:
        raise ValueError(f"the target must have no query or fragment: {value!r}")
    if any(c in value for c in " \t\r\n\"'\\$%"):
        # It goes into an Apache directive: nothing that could end or alter it
        raise ValueError(f"the target must not contain spaces, quotes, backslashes, $ or %: {value!r}")
    return value if value.endswith("/") else value + "/"


def files(target: str) -> dict[str, str]:
    """The folder's files (name → text) for the deployment at ``target``."""
    target = target_argument(target)
    return {".htaccess": _HTACCESS.format(folder=W3ID_FOLDER, target=target),
            "README.md": _README.format(folder=W3ID_FOLDER, target=target)}


def write(target: str, out: Path) -> list[Path]:
    """Write the folder's files into ``out`` (created if needed); the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files(target).items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

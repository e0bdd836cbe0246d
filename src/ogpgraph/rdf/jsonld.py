"""JSON-LD with a published ``@context``, compacted by pyld (the JSON-LD reference API).

pyoxigraph writes expanded JSON-LD (full IRIs everywhere). We compact it with
our context so documents read as plain JSON (``"title"``, ``"hasMilestone"``),
and embed that context in every document: a client never has to fetch it, and
pyld is given a document loader that refuses every remote context, so nothing
here can be made to fetch a URL. The same context is published at
``{base}context.jsonld`` for anyone who wants to reuse it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from pyld import jsonld

from .namespaces import DCTERMS, OGP, PREFIXES, PROV, RDFS, XSD

# Terms for the properties people query most; everything else stays prefixed (ogp:…, dcterms:…).
_TERMS: dict[str, Any] = {
    "id": "@id",
    "type": "@type",
    "title": {"@id": str(DCTERMS.title), "@container": "@language"},
    "label": {"@id": str(RDFS.label), "@container": "@language"},
    "number": {"@id": str(OGP.commitmentNumber)},
    "dateText": {"@id": str(OGP.dateText), "@container": "@language"},
    "startDate": {"@id": str(OGP.startDate), "@type": str(XSD.date)},
    "endDate": {"@id": str(OGP.endDate), "@type": str(XSD.date)},
    "chapter": {"@id": str(OGP.chapter), "@type": "@id"},
    "hasMilestone": {"@id": str(OGP.hasMilestone), "@type": "@id", "@container": "@set"},
    "leadOrganisation": {"@id": str(OGP.leadOrganisation), "@type": "@id", "@container": "@set"},
    "wasDerivedFrom": {"@id": str(PROV.wasDerivedFrom), "@type": "@id", "@container": "@set"},
}


def context() -> dict[str, Any]:
    """The published context: our prefixes plus a few readable terms."""
    ctx: dict[str, Any] = {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}
    ctx.update(_TERMS)
    return {"@context": ctx}


def _no_remote_documents(url: str, options: dict | None = None) -> dict:
    raise jsonld.JsonLdError(
        f"remote JSON-LD documents are not loaded (asked for {url})", "jsonld.LoadDocumentError",
        code="loading remote context failed")


@lru_cache(maxsize=1)
def _context_object() -> dict[str, Any]:
    return context()


def compact(expanded: bytes) -> bytes:
    """Expanded JSON-LD (from pyoxigraph) → compacted with our embedded context."""
    document = json.loads(expanded)
    compacted = jsonld.compact(document, _context_object(),
                               options={"documentLoader": _no_remote_documents})
    return json.dumps(compacted, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")

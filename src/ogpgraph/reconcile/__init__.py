"""Entity reconciliation over the graph: the W3C Reconciliation Service API v0.2.

v0.2 is the version OpenRefine 3.x speaks (https://reconciliation-api.github.io/specs/0.2/).
No Flask here: ``server/reconcile.py`` parses the HTTP request, calls this package and
answers with what it returns. The steps:

- :func:`parse_queries`, :func:`parse_extend` (:mod:`.queries`): a decoded JSON payload → plain
  dataclasses, or a :class:`ReconcileError` saying what is wrong (the HTTP layer
  turns it into a 400, or a 413 for :class:`TooLarge`).
- :class:`ReconcileIndex` (:mod:`.index`): every reconcilable entity (commitments, organisations,
  people, legal texts) with its names, acronyms, identifiers and the values of a few
  properties, read from the store (:mod:`.entities`) once per data version (:func:`index_for`).
- :meth:`ReconcileIndex.reconcile`, ``suggest_*``, :meth:`ReconcileIndex.extend`:
  the answers, as the JSON-ready dictionaries the spec defines (:mod:`.answers`).

The types, properties and limits the service offers are in :mod:`.schema`; how names
are scored, in :mod:`.scoring`.

Identifiers: an entity's id is its IRI without the identifier space
(``{base}id/``), e.g. ``organisation/dinum``; the view template
``{base}id/{{id}}`` gives back the IRI (the same convention as the spec's Getty
example). Type and property ids are the ontology IRIs; compact forms
(``ogp:Commitment``) are accepted in requests.
"""

from .entities import Value
from .index import ReconcileIndex, index_for
from .queries import ReconcileError, TooLarge, parse_extend, parse_queries
from .schema import BATCH_SIZE, MAX_LIMIT, MAX_QUERY_CHARS, PROPERTIES, SUGGEST_LIMIT, TYPES, VERSIONS, PropertyDef, expand

__all__ = ["BATCH_SIZE", "MAX_LIMIT", "MAX_QUERY_CHARS", "PROPERTIES", "SUGGEST_LIMIT", "TYPES", "VERSIONS",
           "PropertyDef", "ReconcileError", "ReconcileIndex", "TooLarge", "Value", "expand", "index_for",
           "parse_extend", "parse_queries"]

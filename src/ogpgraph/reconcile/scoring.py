"""How names are scored: the weights and thresholds, a query's forms, name and prefix scores.

Matching: names are compared in the folded form of :func:`ogpgraph.resolve.normalise_name`
(case, accents, punctuation and a leading article ignored). An exact folded match of
a name, an acronym or an identifier scores 100; other names are scored by
``rapidfuzz``'s token ratios (0-100, word order ignored; see :data:`SUBSET_WEIGHT`). Acronyms and
identifiers only match exactly: "DINU" is not almost "DINUM", it is another body.
:class:`.index.ReconcileIndex` combines these scores into :class:`Candidate` lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..resolve import normalise_name
from .entities import Entity, Name

# Scoring (see docs/reconcile.md).
CANDIDATE_CUTOFF = 50.0  # name scores below this are not candidates
MATCH_SCORE = 90.0  # a candidate is a match when it scores at least this…
MATCH_MARGIN = 10.0  # …and at least this much more than the next candidate
NAME_WEIGHT = 3  # the name counts as much as three properties in the combined score
# Fuzzy name scores: the best of the token-sort ratio (all words, any order) and a
# discounted token-set ratio, which is 100 when one side's words are a subset of the
# other's: "Ministère de l'Économie" then finds "Ministère de l'Économie, des Finances
# et de la Relance" (85) before "Ministère de l'Intérieur" (77), yet an exact name
# (100) still stands clear of its longer or shorter namesakes.
SUBSET_WEIGHT = 0.85
PART_WEIGHT = 0.95  # a match on one side of "name (ACRONYM)" rather than on the whole query
FUZZY_SCORERS = ((fuzz.token_sort_ratio, 1.0), (fuzz.token_set_ratio, SUBSET_WEIGHT))
_PARENTHESES = re.compile(r"^(?P<out>[^()]+?)\s*\((?P<in>[^()]+)\)\s*$")


@dataclass(frozen=True)
class Candidate:
    entity: Entity
    score: float
    name_score: float
    property_score: float | None
    match: bool = False


def query_forms(text: str) -> list[tuple[str, float]]:
    """The folded forms a query is compared by, with their weights: the whole (1), and
    each side of a final "(…)" (:data:`PART_WEIGHT`).

    "Agence X (DINUM)" is also tried as "Agence X" and as the acronym "DINUM" alone; a
    match on a part scores a little less than one on the whole, which comes first.
    """
    forms = [(normalise_name(text), 1.0)]
    found = _PARENTHESES.match(text)
    if found:
        forms += [(normalise_name(found["out"]), PART_WEIGHT), (normalise_name(found["in"]), PART_WEIGHT)]
    seen: set[str] = set()
    unique = []
    for form, weight in forms:
        if form and form not in seen:
            seen.add(form)
            unique.append((form, weight))
    return unique


def best_name_score(text: str, names: tuple[Name, ...]) -> float:
    best = 0.0
    for form, form_weight in query_forms(text):
        for name in names:
            if form == name.folded:
                best = max(best, 100.0 * form_weight)
            elif name.kind == "name":
                best = max(best, *(form_weight * weight * scorer(form, name.folded)
                                   for scorer, weight in FUZZY_SCORERS))
    return best


def prefix_rank(prefix: str, folded: str) -> int:
    """0: ``folded`` starts with ``prefix``; 1: one of its words does; 2: neither."""
    if folded.startswith(prefix):
        return 0
    return 1 if f" {prefix}" in f" {folded}" else 2

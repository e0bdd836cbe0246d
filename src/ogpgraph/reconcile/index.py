"""The index of one data version: lookup tables over the entities, matching and suggest.

:meth:`ReconcileIndex.reconcile` scores a :class:`.queries.Query` against every
entity (names by :mod:`.scoring`, then the query's property values);
:meth:`ReconcileIndex.suggest_entities` finds entities by a name's prefix. The JSON
forms of the answers come from :class:`.answers.Answers`. :func:`index_for` keeps one
index per data version.
"""

from __future__ import annotations

import threading

from rapidfuzz import process

from ..resolve import normalise_name
from .answers import Answers
from .entities import Entity, Name, Value, name_kind, read_store
from .queries import PropertyValue, Query
from .schema import PROPERTY_BY_ID, SUGGEST_LIMIT, PropertyDef
from .scoring import (CANDIDATE_CUTOFF, FUZZY_SCORERS, MATCH_MARGIN, MATCH_SCORE, NAME_WEIGHT, Candidate,
                      best_name_score, prefix_rank, query_forms)


class ReconcileIndex(Answers):
    """The reconcilable entities of one data version, with lookup tables for matching."""

    def __init__(self, identifier_space: str, entities: dict[str, Entity], labels: dict[str, dict[str, str]]):
        self.identifier_space = identifier_space
        self.entities = entities
        self.labels = labels  # type and property id → {language: label}
        self._exact: dict[str, set[str]] = {}
        self._fuzzy: list[str] = []
        self._fuzzy_owner: list[str] = []
        for entity in entities.values():
            for name in entity.names:
                self._exact.setdefault(name.folded, set()).add(entity.id)
                if name.kind == "name":
                    self._fuzzy.append(name.folded)
                    self._fuzzy_owner.append(entity.id)

    # --- building

    @classmethod
    def build(cls, store, identifier_space: str) -> "ReconcileIndex":
        """Read every entity of :data:`TYPES` from ``store`` (``store.query`` only)."""
        return cls(identifier_space, *read_store(store, identifier_space))

    # --- reconciliation

    def reconcile(self, query: Query) -> list[Candidate]:
        """The candidates for ``query``, best first, at most ``query.limit``; ``match`` on an unambiguous best."""
        allowed = [e for e in self.entities.values() if not query.types or set(e.types) & set(query.types)]
        allowed_ids = {e.id for e in allowed}
        name_scores = self._name_scores(query.text) if query.text else {e.id: 0.0 for e in allowed}
        candidates = []
        for entity_id, name_score in name_scores.items():
            if entity_id not in allowed_ids:
                continue
            entity = self.entities[entity_id]
            if query.properties:
                total = sum(self._property_score(entity, pid, values) for pid, values in query.properties)
                property_score = total / len(query.properties)
                if query.text:
                    score = (NAME_WEIGHT * name_score + total) / (NAME_WEIGHT + len(query.properties))
                elif property_score > 0:
                    score = property_score
                else:
                    continue
            else:
                property_score, score = None, name_score
            candidates.append(Candidate(entity, round(score, 1), round(name_score, 1),
                                        None if property_score is None else round(property_score, 1)))
        candidates.sort(key=lambda c: (-c.score, c.entity.name, c.entity.id))
        if candidates:
            best = candidates[0]
            margin = best.score - candidates[1].score if len(candidates) > 1 else best.score
            if best.score >= MATCH_SCORE and margin >= MATCH_MARGIN:
                candidates[0] = Candidate(best.entity, best.score, best.name_score, best.property_score, True)
        return candidates[:query.limit]

    def _name_scores(self, text: str) -> dict[str, float]:
        scores: dict[str, float] = {}
        for form, form_weight in query_forms(text):
            if form_weight < 1 and 100.0 in scores.values():
                break  # the whole query named an entity exactly: its parts must not add namesakes
            for entity_id in self._exact.get(form, ()):
                scores[entity_id] = max(scores.get(entity_id, 0.0), 100.0 * form_weight)
            for scorer, weight in FUZZY_SCORERS:
                for _, score, i in process.extract(form, self._fuzzy, scorer=scorer, limit=None,
                                                   score_cutoff=CANDIDATE_CUTOFF / (weight * form_weight)):
                    owner = self._fuzzy_owner[i]
                    scores[owner] = max(scores.get(owner, 0.0), weight * form_weight * score)
        return scores

    def _property_score(self, entity: Entity, pid: str, wanted: tuple[PropertyValue, ...]) -> float:
        prop = PROPERTY_BY_ID[pid]
        have = entity.values.get(pid, ())
        best = 0.0
        for value in have:
            for want in wanted:
                best = max(best, self._value_score(prop, value, want))
        return best

    def _value_score(self, prop: PropertyDef, have: Value, want: PropertyValue) -> float:
        if prop.kind == "entity":
            if want.id is not None:
                return 100.0 if self._local(want.id) == have.id else 0.0
            target = self.entities.get(have.id or "")
            names = target.names if target else (Name(have.text, normalise_name(have.text), "name"),)
            return best_name_score(want.text, names)
        if prop.kind == "date":
            # "2022" or "2022-06" agree with 2022-06-30: a user's column often holds a year.
            return 100.0 if want.text and have.text.startswith(want.text) else 0.0
        return best_name_score(want.text, (Name(have.text, normalise_name(have.text), name_kind(have.text)),))

    def _local(self, entity_id: str) -> str:
        return entity_id[len(self.identifier_space):] if entity_id.startswith(self.identifier_space) else entity_id

    # --- lookup and suggest (the other answers: Answers)

    def entity(self, entity_id: str) -> Entity | None:
        return self.entities.get(self._local(entity_id))

    def suggest_entities(self, prefix: str, types: tuple[str, ...] = (), cursor: int = 0,
                         limit: int = SUGGEST_LIMIT) -> list[Entity]:
        """Entities one of whose names starts with ``prefix`` (then: has a word starting with it)."""
        folded = normalise_name(prefix)
        if not folded:
            return []
        ranked = []
        for entity in self.entities.values():
            if types and not set(entity.types) & set(types):
                continue
            rank = min((prefix_rank(folded, n.folded) for n in entity.names), default=None)
            if rank is not None and rank < 2:
                ranked.append((rank, len(entity.name), entity.name, entity.id, entity))
        ranked.sort(key=lambda r: r[:4])
        return [r[-1] for r in ranked[cursor:cursor + limit]]


_CACHE: dict[tuple[str, str], ReconcileIndex] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 4  # data versions kept per process (tests start apps on several data sets)


def index_for(store, identifier_space: str) -> ReconcileIndex:
    """The index of ``store``'s data, built on first use and kept per ``store.version``."""
    key = (store.version, identifier_space)
    with _CACHE_LOCK:
        index = _CACHE.get(key)
        if index is None:
            index = ReconcileIndex.build(store, identifier_space)
            while len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = index
        return index

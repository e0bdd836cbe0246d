"""The service's answers as the JSON-ready dictionaries the spec defines.

Candidates, suggest entries, type and property suggestions, the properties proposed
for a type, data extension rows (spec §7.4) and the facts of a preview, each with the
labels of its terms in the language asked for: the ontology's, else the schema's
fallbacks (:mod:`.schema`), else the compact id. The HTTP layer serves them as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..resolve import normalise_name
from .entities import Entity, Value
from .queries import ExtendRequest
from .schema import PROPERTIES, PROPERTY_BY_ID, TYPES, PropertyDef, TypeDef, compact
from .scoring import Candidate, prefix_rank

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Answers:
    """The answers of a :class:`.index.ReconcileIndex` (it inherits them) as JSON forms.

    The index supplies ``labels`` and :meth:`entity`.
    """

    labels: dict[str, dict[str, str]]  # type and property id → {language: label}
    entity: Callable[[str], Entity | None]  # an entity by its id or IRI

    # --- suggest, preview, extension

    def suggest_types(self, prefix: str, lang: str) -> list[dict]:
        return [self.type_json(t, lang) for t in TYPES if self._term_matches(t.id, prefix)]

    def suggest_properties(self, prefix: str, lang: str, type_id: str | None = None) -> list[dict]:
        return [self.property_json(p, lang) for p in PROPERTIES
                if (type_id is None or p.domain.id == type_id) and self._term_matches(p.id, prefix)]

    def _term_matches(self, term: str, prefix: str) -> bool:
        folded = normalise_name(prefix)
        if not folded:
            return True
        forms = [normalise_name(label) for label in self.labels.get(term, {}).values()]
        forms += [normalise_name(term), normalise_name(compact(term))]
        return any(prefix_rank(folded, form) < 2 for form in forms)

    def propose_properties(self, type_id: str, lang: str) -> list[dict]:
        return [{"id": p.id, "name": self.label(p.id, lang, p.fallback)} for p in PROPERTIES if p.domain.id == type_id]

    def extend(self, request: ExtendRequest, lang: str) -> dict:
        """A data extension response (spec §7.4): ``meta`` and one row per requested id."""
        props = [PROPERTY_BY_ID[pid] for pid in request.properties]
        meta = []
        for prop in props:
            column = {"id": prop.id, "name": self.label(prop.id, lang, prop.fallback)}
            if prop.range is not None:
                column["type"] = self.type_json(prop.range, lang)
            meta.append(column)
        rows = {}
        for entity_id in request.ids:
            entity = self.entity(entity_id)
            values = entity.values if entity else {}
            rows[entity_id] = {p.id: [value_json(p, v) for v in values.get(p.id, ())] for p in props}
        return {"meta": meta, "rows": rows}

    def preview_facts(self, entity: Entity, lang: str) -> list[tuple[str, list[Value], PropertyDef]]:
        """The properties of ``entity``'s types that have values, with their labels, for a preview."""
        return [(self.label(p.id, lang, p.fallback), list(entity.values[p.id]), p)
                for p in PROPERTIES if p.domain.id in entity.types and entity.values.get(p.id)]

    # --- JSON forms

    def label(self, term: str, lang: str, fallback: dict[str, str]) -> str:
        labels = {**fallback, **self.labels.get(term, {})}
        return labels.get(lang) or labels.get("fr") or labels.get("en") or compact(term)

    def type_json(self, type_def: TypeDef, lang: str) -> dict:
        return {"id": type_def.id, "name": self.label(type_def.id, lang, type_def.fallback)}

    def property_json(self, prop: PropertyDef, lang: str) -> dict:
        out = {"id": prop.id, "name": self.label(prop.id, lang, prop.fallback)}
        out["description"] = f"{self.label(prop.domain.id, lang, prop.domain.fallback)} → {compact(prop.id)}"
        return out

    def candidate_json(self, candidate: Candidate, lang: str) -> dict:
        entity = candidate.entity
        features = [{"id": "name", "value": candidate.name_score}]
        if candidate.property_score is not None:
            features.append({"id": "properties", "value": candidate.property_score})
        out = {"id": entity.id, "name": entity.name, "score": candidate.score, "match": candidate.match,
               "type": [self.type_json(t, lang) for t in TYPES if t.id in entity.types], "features": features}
        if entity.description:
            out["description"] = entity.description
        return out

    def suggest_json(self, entity: Entity, lang: str) -> dict:
        out = {"id": entity.id, "name": entity.name,
               "notable": [self.type_json(t, lang) for t in TYPES if t.id in entity.types]}
        if entity.description:
            out["description"] = entity.description
        return out


def value_json(prop: PropertyDef, value: Value) -> dict:
    """One property value as data extension serves it."""
    if value.id is not None:
        return {"id": value.id, "name": value.text}
    if prop.kind == "date" and _DATE.fullmatch(value.text):
        # xsd:date has no time; the spec wants a date-time: midnight UTC, as Wikidata's service does.
        return {"date": f"{value.text}T00:00:00Z"}
    return {"str": value.text}

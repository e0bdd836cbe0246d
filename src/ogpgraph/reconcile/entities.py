"""The reconcilable entities, as read from the store: their names, values and descriptions.

:func:`read_store` reads every entity of :data:`.schema.TYPES` (commitments,
organisations, people, legal texts) with its names, acronyms, identifiers and the
values of the :data:`.schema.PROPERTIES`, and the ontology's labels of the types and
properties (``store.query`` only). An entity's id is its IRI without the identifier
space; names are kept with their folded form (:func:`ogpgraph.resolve.normalise_name`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..resolve import normalise_name
from .schema import (COMMITMENT, DCTERMS, ELI, FOAF, LEGAL_TEXT, OGP, ORGANISATION, PERSON, PROPERTIES, RDFS, SKOS,
                     TYPES, VCARD, PropertyDef)

# Literals that name an entity, best display name first (see _display_name).
_NAME_PREDICATES = (SKOS + "prefLabel", RDFS + "label", FOAF + "name", DCTERMS + "title",
                    SKOS + "altLabel", OGP + "citationText")
# Literals that identify an entity: matched exactly, never fuzzily.
_ID_PREDICATES = (DCTERMS + "identifier", OGP + "ogpRegistryId", ELI + "id_local")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,11}")


@dataclass(frozen=True)
class Name:
    """One way an entity is named: ``kind`` is ``name`` (fuzzy), ``acronym`` or ``identifier`` (exact)."""

    text: str
    folded: str
    kind: str


@dataclass(frozen=True)
class Value:
    """A property value: a literal, or an entity (``id`` set, ``text`` its name)."""

    text: str
    id: str | None = None


@dataclass
class Entity:
    id: str
    iri: str
    name: str
    types: tuple[str, ...]
    names: tuple[Name, ...]
    description: str = ""
    values: dict[str, tuple[Value, ...]] = field(default_factory=dict)


def read_store(store, identifier_space: str) -> tuple[dict[str, Entity], dict[str, dict[str, str]]]:
    """Every entity of :data:`TYPES` in ``store``, by id, with its values and description;
    and the ontology's labels of the types and properties."""
    local = _Localiser(identifier_space)
    entities = _read_entities(store, local)
    for prop in PROPERTIES:
        for entity_id, values in _read_values(store, local, prop, entities).items():
            if entity_id in entities:
                entities[entity_id].values[prop.id] = values
    roles = _read_roles(store, local)
    for entity in entities.values():
        entity.description = _description(entity, entities, roles.get(entity.id, []))
    return entities, _ontology_labels(store)


def _names(literals: list[tuple[str, str, str]], entity_id: str, iri: str) -> tuple[Name, ...]:
    names = {Name(text, normalise_name(text), "identifier" if p in _ID_PREDICATES else name_kind(text))
             for p, _, text in literals}
    names |= {Name(entity_id, normalise_name(entity_id), "identifier"), Name(iri, normalise_name(iri), "identifier")}
    return tuple(sorted((n for n in names if n.folded), key=lambda n: (n.kind, n.folded, n.text)))


def name_kind(text: str) -> str:
    return "acronym" if _ACRONYM.fullmatch(text.replace(".", "")) else "name"


def _display_name(literals: list[tuple[str, str, str]]) -> str:
    """The name to show: the first of :data:`_NAME_PREDICATES`, French or untagged first."""
    ranked = [(_NAME_PREDICATES.index(p), {"fr": 0, "": 1}.get(lang, 2), text)
              for p, lang, text in literals if p in _NAME_PREDICATES]
    return min(ranked)[2] if ranked else ""


def _description(entity: Entity, entities: dict[str, Entity], roles: list[str]) -> str:
    """A short line that tells namesakes apart: codes, leads, dates, roles."""
    v = entity.values
    parts: list[str] = []
    if COMMITMENT.id in entity.types:
        parts += [x.text for x in v.get(DCTERMS + "identifier", ())]
        parts += [x.text for x in v.get(OGP + "leadOrganisation", ())]
        start, end = v.get(OGP + "startDate", ()), v.get(OGP + "endDate", ())
        if start or end:
            parts.append(f"{start[0].text if start else '…'} – {end[0].text if end else '…'}")
    if ORGANISATION.id in entity.types:
        parts += sorted(n.text for n in entity.names if n.kind == "acronym")
        led = [entities[x.id] for x in v.get("^" + OGP + "leadOrganisation", ()) if x.id in entities]
        parts += sorted(c.values.get(DCTERMS + "identifier", (Value(c.name),))[0].text for c in led)
    if PERSON.id in entity.types:
        parts += roles
    if LEGAL_TEXT.id in entity.types:
        parts += [x.text for x in v.get(ELI + "date_document", ())]
    return " · ".join(dict.fromkeys(p for p in parts if p))


def _value_key(value: Value) -> tuple[str, str]:
    return (value.text, value.id or "")


class _Localiser:
    """IRI → entity id: the IRI without the identifier space (other IRIs stay whole)."""

    def __init__(self, space: str):
        self.space = space

    def __call__(self, iri: str) -> str:
        return iri[len(self.space):] if iri.startswith(self.space) else iri


def _read_entities(store, local: "_Localiser") -> dict[str, Entity]:
    """Every resource of :data:`TYPES`, with its names and identifiers (values come later)."""
    classes = " ".join(f"<{t.id}>" for t in TYPES)
    predicates = " ".join(f"<{p}>" for p in _NAME_PREDICATES + _ID_PREDICATES)
    literals: dict[str, set[tuple[str, str, str]]] = {}
    types: dict[str, set[str]] = {}
    for row in store.query(f"""
            SELECT ?s ?class ?p ?o WHERE {{
              VALUES ?class {{ {classes} }} ?s a ?class .
              OPTIONAL {{ VALUES ?p {{ {predicates} }} ?s ?p ?o FILTER(isLiteral(?o)) }}
            }}"""):
        iri = row["s"].value
        types.setdefault(iri, set()).add(row["class"].value)
        if row["o"] is not None:
            literals.setdefault(iri, set()).add((row["p"].value, row["o"].language or "", row["o"].value))
    entities = {}
    for iri in sorted(types):
        found = sorted(literals.get(iri, ()))
        entity_id = local(iri)
        entities[entity_id] = Entity(id=entity_id, iri=iri, name=_display_name(found) or entity_id,
                                     types=tuple(t.id for t in TYPES if t.id in types[iri]),
                                     names=_names(found, entity_id, iri))
    return entities


def _read_values(store, local: "_Localiser", prop: PropertyDef,
                 entities: dict[str, Entity]) -> dict[str, tuple[Value, ...]]:
    """``prop``'s values, by entity id; an entity value is named as the index names it."""
    values: dict[str, set[Value]] = {}
    for row in store.query(f"""
            SELECT ?s ?o ?label WHERE {{
              ?s a <{prop.domain.id}> ; {prop.path} ?o .
              OPTIONAL {{ ?o <{RDFS}label> ?label FILTER(lang(?label) IN ("fr", "")) }}
            }}"""):
        if prop.kind == "entity":
            value_id = local(row["o"].value)
            target = entities.get(value_id)
            name = target.name if target else (row["label"].value if row["label"] is not None else value_id)
            value = Value(name, value_id)
        else:
            value = Value(row["o"].value)
        values.setdefault(local(row["s"].value), set()).add(value)
    return {entity_id: tuple(sorted(found, key=_value_key)) for entity_id, found in values.items()}


def _read_roles(store, local: "_Localiser") -> dict[str, list[str]]:
    """People's roles and organisations as their contact cards write them, for descriptions."""
    roles: dict[str, set[str]] = {}
    for row in store.query(f"""
            SELECT ?person ?role WHERE {{
              ?contact <{OGP}person> ?person .
              {{ ?contact <{VCARD}role> ?role }} UNION {{ ?contact <{VCARD}organization-name> ?role }}
            }}"""):
        roles.setdefault(local(row["person"].value), set()).add(row["role"].value)
    return {person: sorted(found) for person, found in roles.items()}


def _ontology_labels(store) -> dict[str, dict[str, str]]:
    """rdfs:label of the types' and properties' terms, by language, from the ontology graph."""
    terms = {t.id for t in TYPES} | {p.id for p in PROPERTIES if not p.id.startswith("^")}
    values = " ".join(f"<{t}>" for t in sorted(terms))
    labels: dict[str, dict[str, str]] = {}
    for row in store.query(f"SELECT ?t ?label WHERE {{ VALUES ?t {{ {values} }} ?t <{RDFS}label> ?label }}"):
        lang = row["label"].language or ""
        if lang in ("fr", "en"):
            labels.setdefault(row["t"].value, {})[lang] = row["label"].value
    return labels

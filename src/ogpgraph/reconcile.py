"""Entity reconciliation over the graph: the W3C Reconciliation Service API v0.2.

v0.2 is the version OpenRefine 3.x speaks (https://reconciliation-api.github.io/specs/0.2/).
No Flask here: ``server/reconcile.py`` parses the HTTP request, calls this module and
answers with what it returns. The steps:

- :func:`parse_queries`, :func:`parse_extend`: a decoded JSON payload → plain
  dataclasses, or a :class:`ReconcileError` saying what is wrong (the HTTP layer
  turns it into a 400, or a 413 for :class:`TooLarge`).
- :class:`ReconcileIndex`: every reconcilable entity (commitments, organisations,
  people, legal texts) with its names, acronyms, identifiers and the values of a few
  properties, read from the store once per data version (:func:`index_for`).
- :meth:`ReconcileIndex.reconcile`, ``suggest_*``, :meth:`ReconcileIndex.extend`:
  the answers, as the JSON-ready dictionaries the spec defines.

Identifiers: an entity's id is its IRI without the identifier space
(``{base}id/``), e.g. ``organisation/dinum``; the view template
``{base}id/{{id}}`` gives back the IRI (the same convention as the spec's Getty
example). Type and property ids are the ontology IRIs; compact forms
(``ogp:Commitment``) are accepted in requests.

Matching: names are compared in the folded form of :func:`ogpgraph.resolve.normalise_name`
(case, accents, punctuation and a leading article ignored). An exact folded match of
a name, an acronym or an identifier scores 100; other names are scored by
``rapidfuzz``'s token ratios (0-100, word order ignored; see :data:`SUBSET_WEIGHT`). Acronyms and
identifiers only match exactly: "DINU" is not almost "DINUM", it is another body.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .resolve import normalise_name

OGP = "https://w3id.org/ogpgraph/def/ogp#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
ELI = "http://data.europa.eu/eli/ontology#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
# Compact forms accepted for type and property ids in requests.
PREFIXES = {"ogp": OGP, "org": ORG, "foaf": FOAF, "rdfs": RDFS, "skos": SKOS, "dcterms": DCTERMS, "eli": ELI}

VERSIONS = ["0.1", "0.2"]
# Limits, each answered with a clear error when exceeded (the manifest announces batchSize).
BATCH_SIZE = 50  # queries in one batch (413 beyond)
MAX_EXTEND_IDS = 500  # entities in one data extension request (413 beyond)
MAX_QUERY_CHARS = 500  # length of one query string or property value (400 beyond)
DEFAULT_LIMIT = 5  # candidates per query when the query gives no limit
MAX_LIMIT = 50  # larger limits are lowered to this
SUGGEST_LIMIT = 10
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
_FUZZY_SCORERS = ((fuzz.token_sort_ratio, 1.0), (fuzz.token_set_ratio, SUBSET_WEIGHT))


@dataclass(frozen=True)
class TypeDef:
    """A reconcilable type: an ontology class, with labels for when the ontology has none."""

    id: str
    fallback: dict[str, str]


COMMITMENT = TypeDef(OGP + "Commitment", {"fr": "engagement", "en": "commitment"})
ORGANISATION = TypeDef(ORG + "Organization", {"fr": "organisation", "en": "organisation"})
PERSON = TypeDef(FOAF + "Person", {"fr": "personne", "en": "person"})
LEGAL_TEXT = TypeDef(OGP + "LegalText", {"fr": "texte juridique", "en": "legal text"})
TYPES = (COMMITMENT, ORGANISATION, PERSON, LEGAL_TEXT)


@dataclass(frozen=True)
class PropertyDef:
    """A property offered for matching and data extension, on the entities of one type.

    ``path`` is a SPARQL property path from an entity of ``domain`` to the values;
    ``kind`` is how the values are compared and served: ``entity`` (another resource,
    served as ``{id, name}``), ``str`` or ``date`` (an xsd:date).
    """

    id: str
    path: str
    kind: str
    domain: TypeDef
    fallback: dict[str, str]
    range: TypeDef | None = None  # for entity values: their type, announced in extension metadata


PROPERTIES = (
    PropertyDef(OGP + "leadOrganisation", f"<{OGP}leadOrganisation>", "entity", COMMITMENT,
                {"fr": "organisation porteuse", "en": "lead organisation"}, ORGANISATION),
    PropertyDef(OGP + "startDate", f"<{OGP}startDate>", "date", COMMITMENT,
                {"fr": "date de début", "en": "start date"}),
    PropertyDef(OGP + "endDate", f"<{OGP}endDate>", "date", COMMITMENT, {"fr": "date de fin", "en": "end date"}),
    PropertyDef(OGP + "dateText", f"<{OGP}dateText>", "str", COMMITMENT,
                {"fr": "période telle qu'écrite", "en": "period as written"}),
    # Published by the OGP registry linkset (FR0051 …); the property answers once the data has it.
    PropertyDef(OGP + "ogpRegistryId", f"<{OGP}ogpRegistryId>", "str", COMMITMENT,
                {"fr": "identifiant au registre de l'OGP", "en": "OGP registry id"}),
    PropertyDef(DCTERMS + "identifier", f"<{DCTERMS}identifier>", "str", COMMITMENT,
                {"fr": "identifiant", "en": "identifier"}),
    # The ontology names no inverse of leadOrganisation: the id is the inverse path, as in SPARQL.
    PropertyDef("^" + OGP + "leadOrganisation", f"^<{OGP}leadOrganisation>", "entity", ORGANISATION,
                {"fr": "engagements portés", "en": "commitments led"}, COMMITMENT),
    PropertyDef(SKOS + "altLabel", f"<{SKOS}altLabel>", "str", ORGANISATION,
                {"fr": "autres noms et acronymes", "en": "other names and acronyms"}),
    PropertyDef(ELI + "date_document", f"<{ELI}date_document>", "date", LEGAL_TEXT,
                {"fr": "date du document", "en": "date of document"}),
    PropertyDef(OGP + "legalKind", f"<{OGP}legalKind>", "str", LEGAL_TEXT,
                {"fr": "nature du texte juridique", "en": "legal text kind"}),
    PropertyDef("^" + OGP + "citesLegalText", f"^<{OGP}citesLegalText>", "entity", LEGAL_TEXT,
                {"fr": "cité par", "en": "cited by"}, COMMITMENT),
)

PROPERTY_BY_ID = {p.id: p for p in PROPERTIES}

# Literals that name an entity, best display name first (see _display_name).
_NAME_PREDICATES = (SKOS + "prefLabel", RDFS + "label", FOAF + "name", DCTERMS + "title",
                    SKOS + "altLabel", OGP + "citationText")
# Literals that identify an entity: matched exactly, never fuzzily.
_ID_PREDICATES = (DCTERMS + "identifier", OGP + "ogpRegistryId", ELI + "id_local")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,11}")
_PARENTHESES = re.compile(r"^(?P<out>[^()]+?)\s*\((?P<in>[^()]+)\)\s*$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ReconcileError(ValueError):
    """A request that does not follow the protocol; the message says what is wrong."""


class TooLarge(ReconcileError):
    """A request over one of the announced size limits."""


# --- requests ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PropertyValue:
    """A value given in a query's ``properties``: text, or a reconciled entity's id."""

    text: str
    id: str | None = None


@dataclass(frozen=True)
class Query:
    text: str  # may be empty when properties are given
    types: tuple[str, ...] = ()
    limit: int = DEFAULT_LIMIT
    properties: tuple[tuple[str, tuple[PropertyValue, ...]], ...] = ()


@dataclass(frozen=True)
class ExtendRequest:
    ids: tuple[str, ...]
    properties: tuple[str, ...]


def expand(term: str) -> str:
    """A type or property id as an IRI: ``ogp:Commitment`` → the full IRI (``^`` kept)."""
    inverse, rest = ("^", term[1:]) if term.startswith("^") else ("", term)
    prefix, colon, local = rest.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return inverse + PREFIXES[prefix] + local
    return term


def parse_queries(batch: object) -> dict[str, Query]:
    """A decoded reconciliation query batch → one :class:`Query` per key (spec §4.1)."""
    if not isinstance(batch, dict):
        raise ReconcileError("queries must be a JSON object mapping query ids to queries")
    if len(batch) > BATCH_SIZE:
        raise TooLarge(f"a batch may hold at most {BATCH_SIZE} queries, this one holds {len(batch)}")
    return {str(key): _parse_query(str(key), value) for key, value in batch.items()}


def _parse_query(key: str, raw: object) -> Query:
    where = f"query {key!r}"
    if not isinstance(raw, dict):
        raise ReconcileError(f"{where} must be a JSON object")
    unknown = sorted(set(raw) - {"query", "type", "limit", "properties", "type_strict"})
    if unknown:
        raise ReconcileError(f"{where}: unknown field {unknown[0]!r} (allowed: query, type, limit, properties, "
                             "type_strict)")
    text = raw.get("query", "")
    if not isinstance(text, str):
        raise ReconcileError(f"{where}: 'query' must be a string")
    text = _bounded(text.strip(), where)
    types = raw.get("type", [])
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise ReconcileError(f"{where}: 'type' must be a type id or a list of type ids")
    types = tuple(expand(t) for t in types if t)
    known = {t.id for t in TYPES}
    for t in types:
        if t not in known:
            raise ReconcileError(f"{where}: unknown type {t!r}; the types are {', '.join(sorted(known))}")
    limit = raw.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or limit != int(limit) or limit < 1:
        raise ReconcileError(f"{where}: 'limit' must be a positive integer")
    if raw.get("type_strict", "any") not in ("any", "should", "all"):
        raise ReconcileError(f"{where}: 'type_strict' must be one of any, should, all")
    properties = _parse_properties(raw.get("properties", []), where)
    if not text and not properties:
        raise ReconcileError(f"{where} needs a non-empty 'query' or at least one property")
    return Query(text, types, min(int(limit), MAX_LIMIT), properties)


def _parse_properties(raw: object, where: str) -> tuple[tuple[str, tuple[PropertyValue, ...]], ...]:
    if not isinstance(raw, list):
        raise ReconcileError(f"{where}: 'properties' must be a list of {{pid, v}} objects")
    parsed = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str) or "v" not in item:
            raise ReconcileError(f"{where}: each property must be an object with a string 'pid' and a 'v'")
        pid = expand(item["pid"])
        if pid not in PROPERTY_BY_ID:
            raise ReconcileError(f"{where}: unknown property {item['pid']!r}; see /reconcile/suggest/property")
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        parsed.append((pid, tuple(_property_value(v, where) for v in values)))
    return tuple(parsed)


def _property_value(raw: object, where: str) -> PropertyValue:
    if isinstance(raw, dict):
        if not isinstance(raw.get("id"), str):
            raise ReconcileError(f"{where}: an entity property value needs a string 'id'")
        return PropertyValue(_bounded(str(raw.get("name", "")), where), _bounded(raw["id"], where))
    if isinstance(raw, bool):
        return PropertyValue("true" if raw else "false")
    if isinstance(raw, (str, int, float)):
        return PropertyValue(_bounded(str(raw).strip(), where))
    raise ReconcileError(f"{where}: a property value must be a string, number, boolean or {{id, name}}")


def _bounded(text: str, where: str) -> str:
    if len(text) > MAX_QUERY_CHARS:
        raise ReconcileError(f"{where}: values longer than {MAX_QUERY_CHARS} characters are refused")
    return text


def parse_extend(raw: object) -> ExtendRequest:
    """A decoded data extension query → :class:`ExtendRequest` (spec §7.3)."""
    if not isinstance(raw, dict):
        raise ReconcileError("extend must be a JSON object with 'ids' and 'properties'")
    ids, properties = raw.get("ids"), raw.get("properties")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ReconcileError("extend: 'ids' must be a list of entity ids")
    if len(ids) > MAX_EXTEND_IDS:
        raise TooLarge(f"extend: at most {MAX_EXTEND_IDS} ids per request, this one has {len(ids)}")
    if not isinstance(properties, list) or not all(isinstance(p, dict) and isinstance(p.get("id"), str)
                                                   for p in properties):
        raise ReconcileError("extend: 'properties' must be a list of {id} objects")
    pids = tuple(expand(p["id"]) for p in properties)
    for pid in pids:
        if pid not in PROPERTY_BY_ID:
            raise ReconcileError(f"extend: unknown property {pid!r}; see /reconcile/properties?type=…")
    return ExtendRequest(tuple(ids), pids)


# --- the index ---------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Candidate:
    entity: Entity
    score: float
    name_score: float
    property_score: float | None
    match: bool = False


class ReconcileIndex:
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
        local = _Localiser(identifier_space)
        entities = _read_entities(store, local)
        for prop in PROPERTIES:
            for entity_id, values in _read_values(store, local, prop, entities).items():
                if entity_id in entities:
                    entities[entity_id].values[prop.id] = values
        roles = _read_roles(store, local)
        for entity in entities.values():
            entity.description = _description(entity, entities, roles.get(entity.id, []))
        return cls(identifier_space, entities, _ontology_labels(store))

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
            for scorer, weight in _FUZZY_SCORERS:
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
            return _best_name_score(want.text, names)
        if prop.kind == "date":
            # "2022" or "2022-06" agree with 2022-06-30: a user's column often holds a year.
            return 100.0 if want.text and have.text.startswith(want.text) else 0.0
        return _best_name_score(want.text, (Name(have.text, normalise_name(have.text), _name_kind(have.text)),))

    def _local(self, entity_id: str) -> str:
        return entity_id[len(self.identifier_space):] if entity_id.startswith(self.identifier_space) else entity_id

    # --- suggest, preview, extension

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
            rank = min((_prefix_rank(folded, n.folded) for n in entity.names), default=None)
            if rank is not None and rank < 2:
                ranked.append((rank, len(entity.name), entity.name, entity.id, entity))
        ranked.sort(key=lambda r: r[:4])
        return [r[-1] for r in ranked[cursor:cursor + limit]]

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
        return any(_prefix_rank(folded, form) < 2 for form in forms)

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


def compact(term: str) -> str:
    """``https://…/ogp#leadOrganisation`` → ``ogp:leadOrganisation`` (``^`` kept)."""
    inverse, rest = ("^", term[1:]) if term.startswith("^") else ("", term)
    for prefix, namespace in PREFIXES.items():
        if rest.startswith(namespace):
            return f"{inverse}{prefix}:{rest[len(namespace):]}"
    return term


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


def _names(literals: list[tuple[str, str, str]], entity_id: str, iri: str) -> tuple[Name, ...]:
    names = {Name(text, normalise_name(text), "identifier" if p in _ID_PREDICATES else _name_kind(text))
             for p, _, text in literals}
    names |= {Name(entity_id, normalise_name(entity_id), "identifier"), Name(iri, normalise_name(iri), "identifier")}
    return tuple(sorted((n for n in names if n.folded), key=lambda n: (n.kind, n.folded, n.text)))


def _name_kind(text: str) -> str:
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


def _best_name_score(text: str, names: tuple[Name, ...]) -> float:
    best = 0.0
    for form, form_weight in query_forms(text):
        for name in names:
            if form == name.folded:
                best = max(best, 100.0 * form_weight)
            elif name.kind == "name":
                best = max(best, *(form_weight * weight * scorer(form, name.folded)
                                   for scorer, weight in _FUZZY_SCORERS))
    return best


def _prefix_rank(prefix: str, folded: str) -> int:
    """0: ``folded`` starts with ``prefix``; 1: one of its words does; 2: neither."""
    if folded.startswith(prefix):
        return 0
    return 1 if f" {prefix}" in f" {folded}" else 2


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

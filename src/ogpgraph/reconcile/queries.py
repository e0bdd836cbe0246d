"""Reading requests: a decoded JSON payload → plain dataclasses, or a :class:`ReconcileError`.

:func:`parse_queries` reads a batch of reconciliation queries (spec §4.1) and
:func:`parse_extend` a data extension query (spec §7.3). Both check ids against the
schema (:mod:`.schema`) and bound what they read by its limits; the HTTP layer turns a
:class:`ReconcileError` into a 400, or a 413 for :class:`TooLarge`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import BATCH_SIZE, DEFAULT_LIMIT, MAX_EXTEND_IDS, MAX_LIMIT, MAX_QUERY_CHARS, PROPERTY_BY_ID, TYPES, expand


class ReconcileError(ValueError):
    """A request that does not follow the protocol; the message says what is wrong."""


class TooLarge(ReconcileError):
    """A request over one of the announced size limits."""


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

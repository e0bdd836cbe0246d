"""Retired IRIs ("tombstones"): IRIs once published that no longer name a resource here.

The list is a reviewable table, ``data/reference/retired-iris.yaml``; each entry
says which IRI was retired, when, why, and (optionally) which IRI replaces it::

    retired:
      - iri: https://w3id.org/ogpgraph/id/organisation/old-slug
        successor: https://w3id.org/ogpgraph/id/organisation/new-slug   # optional
        date: 2024-03-01
        reason: merged with new-slug (same body, two spellings)

The server answers a retired IRI with 410 Gone (and a link to the successor);
``ogpgraph iris --check`` accepts a published IRI missing from the data only
if it is retired here. See docs/iris.md, "The stability promise".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .config import Settings

DEFAULT_RETIRED = Settings.retired_iris  # one default, kept with the service settings

# An absolute http(s) IRI: no spaces, none of the characters Turtle forbids in an IRI, no fragment.
_IRI = re.compile(r'https?://[^\s<>"{}|\\^`#]+')
_KEYS = {"iri", "successor", "date", "reason"}


class TombstoneError(ValueError):
    """The table of retired IRIs is malformed, or contradicts the data."""


@dataclass(frozen=True)
class Tombstone:
    iri: str
    date: dt.date
    reason: str
    successor: str | None = None


def load_tombstones(path: Path, base: str) -> dict[str, Tombstone]:
    """The retired IRIs of ``path`` by IRI, checked: each under ``base``, once, with a date and a reason."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TombstoneError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("retired"), list):
        raise TombstoneError(f"{path}: expected a mapping with a 'retired' list (may be empty: 'retired: []')")
    tombstones: dict[str, Tombstone] = {}
    for n, entry in enumerate(doc["retired"], 1):
        where = f"{path}: entry {n}"
        if not isinstance(entry, dict):
            raise TombstoneError(f"{where}: expected a mapping with iri, date, reason and optionally successor")
        unknown = set(entry) - _KEYS
        if unknown:
            raise TombstoneError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                                 f"allowed: {', '.join(sorted(_KEYS))}")
        iri = _iri(entry.get("iri"), f"{where}: iri")
        if not iri.startswith(base):
            raise TombstoneError(f"{where}: <{iri}> is not under the base IRI {base}: only our own IRIs can be retired")
        if iri in tombstones:
            raise TombstoneError(f"{where}: <{iri}> is retired twice")
        successor = entry.get("successor")
        if successor is not None:
            successor = _iri(successor, f"{where}: successor")
            if successor == iri:
                raise TombstoneError(f"{where}: <{iri}> cannot be its own successor")
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise TombstoneError(f"{where}: a reason is required (why was <{iri}> retired?)")
        tombstones[iri] = Tombstone(iri, _date(entry.get("date"), where), reason.strip(), successor)
    for t in tombstones.values():
        # A client following the link must land on a live resource, not on another 410.
        if t.successor in tombstones:
            raise TombstoneError(f"{path}: the successor of <{t.iri}>, <{t.successor}>, is itself retired: "
                                 f"point to its own successor instead")
    return tombstones


def _iri(value: object, where: str) -> str:
    if not isinstance(value, str) or not _IRI.fullmatch(value):
        raise TombstoneError(f"{where}: {value!r} is not an absolute http(s) IRI without a fragment")
    return value


def _date(value: object, where: str) -> dt.date:
    # YAML reads 2024-03-01 as a date already; a quoted "2024-03-01" is accepted too.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise TombstoneError(f"{where}: date {value!r} is not an ISO date (YYYY-MM-DD)")

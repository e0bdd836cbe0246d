"""Reading the facts read from the OGP's commitment registry (``data/source/ogp-registry/``).

``fr-2021-2023.csv`` has one row per commitment number of the plan. Its README says how
the rows were read: 30 rows (``found=yes``) hold what the commitment's public page on
opengovpartnership.org said in late 2026; the 29 others (``found=no``) hold only the
number, because their page was not read.

For the unread rows only the registry id and the page address are supplied, derived from
the id rule the README states and every read row obeys: commitment *n* has the id
``FR00{50+n}`` (:func:`registry_id`) and its page is the README's address pattern with
that id (:func:`registry_page`). Nothing else is filled in: no title, institution, policy
area or IRM value is ever guessed for a page nobody read.

Multi-valued cells (lead and support institutions, policy areas) are separated by "; ",
the README's separator; a comma inside a cell belongs to the value as the page wrote it
("Health Data Hub, Ministry for Solidarity and Health" stays one value).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ogpgraph.model import IrmReview, RegistryRecord
from ogpgraph.source.lines import SourceError, read_checked

__all__ = [
    "REGISTRY_NAME",
    "REGISTRY_SHA256",
    "RegistryError",
    "parse_registry",
    "read_registry",
    "registry_id",
    "registry_page",
]

REGISTRY_NAME = "fr-2021-2023.csv"
REGISTRY_SHA256 = "62efc620a61fa3160fb79b6fee5c013db5d1028120f15f34942b2c300bfe1e27"
# The README's address pattern for a commitment page; used only for rows not read.
_PAGE_PATTERN = "https://www.opengovpartnership.org/members/france/commitments/{id}/"
_SEPARATOR = "; "
_COLUMNS = ("number", "ogp_id", "url", "title_en", "lead_institution", "support_institutions",
            "policy_areas", "verifiable", "relevant_to_ogp_values", "ambition", "completion",
            "early_results", "found")


class RegistryError(SourceError):
    """The registry file is missing, is not the reviewed copy, or breaks the README's rules.

    A :class:`SourceError`, so ``ogpgraph build`` reports it like a wrong source document.
    """


def registry_id(number: int) -> str:
    """The OGP registry id of commitment ``number`` by the README's rule: ``FR00{50+n}``."""
    if not 1 <= number <= 949:  # past that the rule would need a fifth digit
        raise ValueError(f"no registry id rule for commitment {number}")
    return f"FR{50 + number:04d}"


def registry_page(ogp_id: str) -> str:
    """The registry page of ``ogp_id`` in the registry's own form (``https://www.…/FR0051/``): the
    one IRI the graph uses for it, whatever spelling the page was read at (upper or lower case
    id, with or without ``www.``, ``/fr/`` or the trailing ``/``)."""
    return _PAGE_PATTERN.format(id=ogp_id.upper())


def read_registry(path: Path, expected_sha256: str = REGISTRY_SHA256) -> tuple[list[RegistryRecord], str]:
    """The registry records of ``path`` (checked byte for byte) and the file's sha256."""
    text, digest = read_checked(path, expected_sha256, "the OGP registry file",
                                "the reviewed copy of the OGP registry facts", RegistryError)
    return parse_registry(text), digest


def parse_registry(text: str) -> list[RegistryRecord]:
    """Records from the CSV text, one per row, in commitment order."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != _COLUMNS:
        raise RegistryError(f"unexpected registry columns {reader.fieldnames}, expected {list(_COLUMNS)}")
    records = [_record(row, reader.line_num) for row in reader]
    numbers = [r.number for r in records]
    if numbers != sorted(set(numbers)):
        raise RegistryError("registry rows must have distinct commitment numbers, in order")
    return records


def _record(row: dict[str, str], line: int) -> RegistryRecord:
    try:
        number = int(row["number"])
    except ValueError:
        raise RegistryError(f"line {line}: commitment number {row['number']!r} is not a number") from None
    expected_id = registry_id(number)
    found = row["found"].strip()
    if found == "no":
        filled = [c for c in _COLUMNS if c not in ("number", "found") and row[c].strip()]
        if filled:
            raise RegistryError(f"line {line}: row {number} was not read but has values in {filled}")
        return RegistryRecord(number, expected_id, registry_page(expected_id), read=False)
    if found != "yes":
        raise RegistryError(f"line {line}: found must be 'yes' or 'no', not {found!r}")
    ogp_id, url = row["ogp_id"].strip(), row["url"].strip()
    # The README states the id rule held on every page read: a row breaking it is a
    # reading error, and would also make the rule unsafe for the unread rows.
    if ogp_id != expected_id:
        raise RegistryError(f"line {line}: commitment {number} has id {ogp_id!r}, the rule gives {expected_id}")
    if not url.startswith(("https://", "http://")) or ogp_id.lower() not in url.lower():
        raise RegistryError(f"line {line}: page address {url!r} does not name {ogp_id}")
    irm = IrmReview(*(row[c].strip() or None for c in
                      ("verifiable", "relevant_to_ogp_values", "ambition", "completion", "early_results")))
    return RegistryRecord(
        number=number,
        ogp_id=ogp_id,
        url=url,
        read=True,
        title_en=row["title_en"].strip() or None,
        lead_institutions=_values(row["lead_institution"]),
        support_institutions=_values(row["support_institutions"]),
        policy_areas=_values(row["policy_areas"]),
        irm=irm if any(vars(irm).values()) else None,
    )


def _values(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split(_SEPARATOR) if v.strip())

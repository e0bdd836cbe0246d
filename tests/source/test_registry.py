"""Reading the OGP registry facts (data/source/ogp-registry/): the real file, and each rule."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ogpgraph.model import IrmReview
from ogpgraph.resolve import Resolver, registry_organisation_key, resolve_registry
from ogpgraph.source.registry import (
    REGISTRY_SHA256,
    RegistryError,
    parse_registry,
    read_registry,
    registry_id,
    registry_page,
)

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "data" / "source" / "ogp-registry" / "fr-2021-2023.csv"
HEADER = ("number,ogp_id,url,title_en,lead_institution,support_institutions,policy_areas,verifiable,"
          "relevant_to_ogp_values,ambition,completion,early_results,found\r\n")


@pytest.fixture(scope="module")
def records():
    found, _ = read_registry(REGISTRY)
    return {r.number: r for r in found}


def test_the_copy_is_the_reviewed_file() -> None:
    assert hashlib.sha256(REGISTRY.read_bytes()).hexdigest() == REGISTRY_SHA256
    # The README travels with the data it explains.
    assert "found=no" in (REGISTRY.parent / "README.md").read_text(encoding="utf-8")


def test_one_record_per_commitment_thirty_read(records) -> None:
    assert sorted(records) == list(range(1, 60))
    assert sorted(n for n, r in records.items() if r.read) == [
        1, 4, 6, 7, 8, 9, 11, 12, 14, 16, 17, 18, 19, 20, 22, 25, 28, 30, 32, 33, 34, 36, 39, 40, 44, 50, 52, 55,
        58, 59]


def test_the_id_rule() -> None:
    assert registry_id(1) == "FR0051"
    assert registry_id(59) == "FR0109"
    assert registry_page("FR0052") == "https://www.opengovpartnership.org/members/france/commitments/FR0052/"
    with pytest.raises(ValueError):
        registry_id(0)


def test_every_read_row_obeys_the_rule_and_keeps_its_address_as_read(records) -> None:
    for n, r in records.items():
        assert r.ogp_id == f"FR{50 + n:04d}"
    # as read: without www, without the trailing slash, in lower case, under /fr/
    assert records[11].url == "https://opengovpartnership.org/members/france/commitments/FR0061"
    assert records[44].url == "https://opengovpartnership.org/members/france/commitments/fr0094"
    assert records[9].url == "https://www.opengovpartnership.org/fr/members/france/commitments/FR0059/"


def test_an_unread_row_gets_the_derived_id_and_address_and_nothing_else(records) -> None:
    r = records[2]
    assert (r.ogp_id, r.url, r.read) == (
        "FR0052", "https://www.opengovpartnership.org/members/france/commitments/FR0052/", False)
    assert (r.title_en, r.lead_institutions, r.support_institutions, r.policy_areas, r.irm) == (
        None, (), (), (), None)


def test_a_read_row_in_full(records) -> None:
    r = records[1]
    assert r.title_en == "Support for the digital commons"
    assert r.lead_institutions == ("Ministry for Europe and Foreign Affairs",)
    # commas belong to the value; only "; " separates
    assert r.support_institutions == (
        ("Permanent representation of France to the European Union (Ministry for Europe and Foreign Affairs), "
        "Council of the European Union, Any civil society stakeholder interested in contributing to building "
        "a digital commons"),)
    assert r.policy_areas == ("Access to Information", "Open Data")
    assert r.irm == IrmReview("Yes", "No", "Low", "Pending IRM Review", "Pending IRM Review")


def test_semicolons_separate_and_empty_cells_stay_empty(records) -> None:
    assert records[4].lead_institutions == (
        "Ministry for Europe and Foreign Affairs", "Ministry for the Economy, Finance and the Recovery",
        "French Development Agency")
    assert records[30].lead_institutions == ("Health Data Hub, Ministry for Solidarity and Health",)
    assert records[4].irm == IrmReview("Yes", "Yes", "Low", None, "No IRM Data")  # no completion shown
    assert records[6].support_institutions == ()


def test_the_french_only_page_has_no_english_title(records) -> None:
    assert records[9].read and records[9].title_en is None
    assert sum(1 for r in records.values() if r.title_en) == 29


def _csv(*rows: str) -> str:
    return HEADER + "".join(row + "\r\n" for row in rows)


def test_a_read_row_breaking_the_id_rule_is_refused() -> None:
    with pytest.raises(RegistryError, match="the rule gives FR0051"):
        parse_registry(_csv("1,FR0099,https://www.opengovpartnership.org/members/france/commitments/FR0099/,"
                            "T,L,,A,Yes,Yes,Low,,,yes"))


def test_a_page_address_naming_another_id_is_refused() -> None:
    with pytest.raises(RegistryError, match="does not name FR0051"):
        parse_registry(_csv("1,FR0051,https://www.opengovpartnership.org/members/france/commitments/FR0052/,"
                            "T,L,,A,Yes,Yes,Low,,,yes"))


def test_an_unread_row_with_values_is_refused() -> None:
    with pytest.raises(RegistryError, match="was not read but has values"):
        parse_registry(_csv("2,,,A guessed title,,,,,,,,,no"))


def test_wrong_columns_found_flag_and_order_are_refused() -> None:
    with pytest.raises(RegistryError, match="unexpected registry columns"):
        parse_registry("number,ogp_id\r\n1,FR0051\r\n")
    with pytest.raises(RegistryError, match="found must be"):
        parse_registry(_csv("2,,,,,,,,,,,,maybe"))
    with pytest.raises(RegistryError, match="in order"):
        parse_registry(_csv("3,,,,,,,,,,,,no", "2,,,,,,,,,,,,no"))


def test_another_file_is_refused_by_its_digest(tmp_path) -> None:
    other = tmp_path / "fr-2021-2023.csv"
    other.write_text(_csv("2,,,,,,,,,,,,no"), encoding="utf-8")
    with pytest.raises(RegistryError, match="not the reviewed copy"):
        read_registry(other)


def test_lead_institutions_resolve_only_by_one_exact_curated_acronym(records) -> None:
    resolver = Resolver.load()
    assert registry_organisation_key("Interministerial Directorate for Digital Technology (DINUM)", resolver) == "dinum"
    # several institutions in one value name no single one
    assert registry_organisation_key(
        "Ministry for Government Transformation and the Civil Service (MTFP), Interministerial Directorate for "
        "Government Transformation (DITP)", resolver) is None
    assert registry_organisation_key("Ministry for Europe and Foreign Affairs", resolver) is None
    assert registry_organisation_key("Somebody (dinum)", resolver) is None  # acronyms are matched exactly
    resolved = {r.number: r.lead_organisation_keys for r in resolve_registry(list(records.values()), resolver)
                if r.lead_organisation_keys}
    assert resolved == {39: ("mtfp",), 44: ("dinum",), 55: ("cnil",), 58: ("hatvp",), 59: ("cada",)}

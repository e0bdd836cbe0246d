"""Official identifiers (ELI) of the legal texts cited: each rule of ogpgraph.source.eli on real excerpts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from excerpts import lines_between

from ogpgraph.model import LegalText, Span
from ogpgraph.source.eli import NOTES, derive_eli, eu_eli, legifrance_eli
from ogpgraph.source.legal import KNOWN_TEXTS, KnownText, extract_legal_texts, legal_key


def cited(line: int, key: str) -> list[LegalText]:
    """The citations of ``key`` on source line ``line``."""
    found = [c for c in extract_legal_texts(lines_between(line)) if c.key == key]
    assert found, f"line {line} cites no {key}"
    return found


def eli(*citations: LegalText, known: KnownText | None = None):
    return derive_eli(citations[0].kind, list(citations), known)


# -- the two URI templates -------------------------------------------------------------------------


def test_legifrance_template_gives_the_alias_legifrance_publishes() -> None:
    # Légifrance's page for loi n° 2020-1721 gives "Alias : https://www.legifrance.gouv.fr/eli/loi/2020/12/29/
    # 2020-1721/jo/texte" (docs/legal-identifiers.md).
    assert legifrance_eli("loi", "2020-1721", date(2020, 12, 29)) == (
        "https://www.legifrance.gouv.fr/eli/loi/2020/12/29/2020-1721/jo/texte")


def test_legifrance_writes_month_and_day_without_leading_zeros() -> None:
    assert legifrance_eli("decret", "2020-371", date(2020, 3, 30)) == (
        "https://www.legifrance.gouv.fr/eli/decret/2020/3/30/2020-371/jo/texte")
    with pytest.raises(ValueError):
        legifrance_eli("arrete", "2021-1", date(2021, 4, 28))


def test_eu_template() -> None:
    assert eu_eli("reg", "2016/679") == "http://data.europa.eu/eli/reg/2016/679/oj"
    with pytest.raises(ValueError):
        eu_eli("dir", "95/46")  # only the yyyy/n form


# -- rule 3: a French act whose number and date the document writes --------------------------------


def test_number_and_date_written_in_the_document() -> None:
    result = eli(*cited(3934, "loi-2018-1202"))
    assert (result.uri, result.basis) == (
        "https://www.legifrance.gouv.fr/eli/loi/2018/12/22/2018-1202/jo/texte", "text")
    result = eli(*cited(4049, "loi-2013-907"))
    assert result.uri == "https://www.legifrance.gouv.fr/eli/loi/2013/10/11/2013-907/jo/texte"


def test_name_only_takes_number_and_date_from_the_reference_table() -> None:
    # "La loi dite « Sapin II » …": no number, no date in the text.
    result = eli(*cited(4049, "loi-2016-1691"))
    assert (result.uri, result.basis) == (
        "https://www.legifrance.gouv.fr/eli/loi/2016/12/9/2016-1691/jo/texte", "table")
    # "Loi pour une République numérique" (1884, 2668, 3136): one text, one ELI.
    citations = cited(1884, "loi-2016-1321") + cited(2668, "loi-2016-1321") + cited(3136, "loi-2016-1321")
    assert eli(*citations).uri == "https://www.legifrance.gouv.fr/eli/loi/2016/10/7/2016-1321/jo/texte"
    # "loi de finances initiale pour 2021"
    assert eli(*cited(874, "loi-2020-1721")).uri == (
        "https://www.legifrance.gouv.fr/eli/loi/2020/12/29/2020-1721/jo/texte")


def test_date_written_number_from_the_table() -> None:
    # "… loi de programmation relative au développement solidaire … promulguée le 4 août 2021"
    (citation,) = cited(295, "loi-2021-1031")
    assert (citation.number, citation.date) == (None, date(2021, 8, 4))
    result = eli(citation)
    assert (result.uri, result.basis) == (
        "https://www.legifrance.gouv.fr/eli/loi/2021/8/4/2021-1031/jo/texte", "text+table")


def test_a_written_date_that_contradicts_the_table_gives_no_eli() -> None:
    (citation,) = cited(3934, "loi-2018-1202")
    wrong = KnownText("loi-2018-1202", "2018-1202", date(2018, 12, 21), "a test")
    assert eli(citation, known=wrong).uri is None
    assert eli(citation, known=wrong).basis == "inconsistent"


def test_a_number_whose_year_is_not_the_date_year_gives_no_eli() -> None:
    (citation,) = cited(3934, "loi-2018-1202")
    misprinted = LegalText("loi", citation.text.replace("2018-1202", "2017-1202"), citation.span,
                           number="2017-1202", date=citation.date, key="loi-2017-1202")
    assert eli(misprinted).basis == "inconsistent"


def test_number_without_date_gives_no_eli() -> None:
    bare = LegalText("loi", "loi n° 2018-1202", Span(3934, 3934), number="2018-1202", key="loi-2018-1202")
    assert (eli(bare).uri, eli(bare).basis) == (None, "no-date")


def test_two_digit_years_are_nineteenth_hundreds() -> None:
    old = LegalText("loi", "loi n° 78-753 du 17 juillet 1978", Span(1, 1), number="78-753",
                    date=date(1978, 7, 17), key="loi-78-753")
    assert eli(old).uri == "https://www.legifrance.gouv.fr/eli/loi/1978/7/17/78-753/jo/texte"


# -- rule 1: bills and proposals -------------------------------------------------------------------


def test_a_text_cited_only_as_a_bill_gets_none() -> None:
    assert eli(*cited(2459, "decret-relatif-au-snds")).basis == "bill"
    # "le projet de loi Climat et résilience" (1234, 1243) alone: a bill …
    bills = cited(1234, "loi-2021-1104") + cited(1243, "loi-2021-1104")
    assert all(c.text.startswith("projet de loi") for c in bills)
    assert eli(*bills).basis == "bill"
    # … but line 700 cites the law itself ("rendu obligatoire par la loi Climat & Résilience").
    result = eli(*bills, *cited(700, "loi-2021-1104"))
    assert result.uri == "https://www.legifrance.gouv.fr/eli/loi/2021/8/22/2021-1104/jo/texte"


def test_the_dsa_and_dma_were_proposals_when_cited() -> None:
    assert eli(*cited(97, "reglement-ue-2022-2065")).basis == "proposal"
    assert eli(*cited(97, "reglement-ue-2022-1925")).basis == "proposal"


# -- rule 2: kinds without a rule --------------------------------------------------------------------


@pytest.mark.parametrize(("line", "key"), [(2003, "arrete-2021-04-28"), (2639, "arrete-2019-07-08"),
                                           (95, "circulaire-6264-sg"), (3111, "code-relations-public-administration")])
def test_kinds_without_a_rule_get_none(line: int, key: str) -> None:
    assert eli(*cited(line, key)).basis == "kind"


def test_a_law_to_come_has_no_number() -> None:
    # "Une loi de programme sur l'énergie et le climat, adoptée à l'été 2023, …"
    assert eli(*cited(442, "loi-programmation-energie-climat")).basis == "no-number"


def test_an_organic_law_is_left_out() -> None:
    organic = LegalText("loi", "loi organique n° 2021-335 du 29 mars 2021", Span(1, 1), number="2021-335",
                        date=date(2021, 3, 29), key="loi-2021-335")
    assert eli(organic).basis == "unverified-form"


# -- rule 4: EU acts --------------------------------------------------------------------------------


def test_eu_act_by_its_name_takes_number_and_type_from_the_table() -> None:
    result = eli(*cited(2303, "reglement-ue-2016-679"))  # "RGPD"
    assert (result.uri, result.basis) == ("http://data.europa.eu/eli/reg/2016/679/oj", "table")


def test_a_bare_reglement_is_not_assumed_to_be_a_regulation_of_parliament_and_council() -> None:
    # "le nouveau règlement européen 2019/1780 sur les formulaires …": an implementing regulation.
    (citation,) = cited(1354, "reglement-ue-2019-1780")
    assert citation.number == "2019/1780"
    # Without the table's entry, the citation alone does not say which kind of regulation it is.
    unknown = LegalText(citation.kind, citation.text, citation.span, number=citation.number, key="not-in-table")
    assert eli(unknown).basis == "no-eu-type"
    result = eli(citation)
    assert (result.uri, result.basis) == ("http://data.europa.eu/eli/reg_impl/2019/1780/oj", "text+table")


def test_the_type_written_in_the_citation_is_used_and_checked() -> None:
    span = Span(1, 1)
    impl = LegalText("reglement-ue", "règlement d'exécution (UE) 2019/1780", span, number="2019/1780", key="x")
    assert eli(impl).uri == "http://data.europa.eu/eli/reg_impl/2019/1780/oj"
    legislative = LegalText("reglement-ue", "règlement (UE) 2016/679 du Parlement européen et du Conseil", span,
                            number="2016/679", key="y")
    assert (eli(legislative).uri, eli(legislative).basis) == ("http://data.europa.eu/eli/reg/2016/679/oj", "text")
    contradicted = LegalText("reglement-ue", "règlement d'exécution (UE) 2016/679", span, number="2016/679",
                             key="reglement-ue-2016-679")
    assert eli(contradicted).basis == "inconsistent"


# -- rule 5: misprints ------------------------------------------------------------------------------


def test_a_misprinted_number_is_corrected_only_for_a_verified_text() -> None:
    # "la directive UE 2018/172 du 11 décembre 2018 dont l'article 110 relatif à l'alerte du public …"
    (citation,) = cited(1650, "directive-ue-2018-1972")
    assert citation.number == "2018/172"  # kept as printed
    result = eli(citation)
    assert (result.uri, result.basis) == ("http://data.europa.eu/eli/dir/2018/1972/oj", "errata")
    assert eli(citation, known=KnownText("other", "2018/172", None, "a test", "dir")).basis == "inconsistent"


# -- the reference table ----------------------------------------------------------------------------


def test_every_reference_entry_cites_its_source_and_matches_its_key() -> None:
    kinds = {"loi": "loi", "reglement": "reglement-ue", "directive": "directive-ue"}
    for key, entry in KNOWN_TEXTS.items():
        assert entry.key == key
        assert re.search(r"https?://", entry.source), key
        if entry.number is None:  # the Constitution and the Declaration of 1789: no number, no ELI rule
            assert key.split("-")[0] in ("constitution", "declaration"), key
            continue
        kind = kinds[key.split("-")[0]]
        assert legal_key(kind, entry.number) == key, key
        if kind != "loi":
            assert entry.eu_type in ("reg", "reg_impl", "reg_del", "dir", "dir_impl", "dir_del"), key


def test_every_basis_has_a_french_and_an_english_note() -> None:
    for basis, (fr, en) in NOTES.items():
        assert fr.strip() and en.strip() and fr != en, basis

"""Legal texts cited in the document, checked against real passages."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from ogpgraph.model import LegalText, Span
from ogpgraph.source.legal import CODE_TITLES, _CODE_PATTERNS, extract_legal_texts, full_titles, legal_key
from ogpgraph.source.lines import Line

from excerpts import document, lines_between



def found(first: int, last: int | None = None) -> list[LegalText]:
    return extract_legal_texts(lines_between(first, last))


def texts(first: int, last: int | None = None) -> list[LegalText]:
    """The texts cited, without the articles and annexes cited of them (tested on their own)."""
    return [c for c in found(first, last) if c.kind not in ("article", "annexe")]


def test_circulaire_with_number_date_issuer_and_title() -> None:
    assert found(95) == [
        LegalText(
            kind="circulaire",
            text="circulaire n°6264/SG du 27 avril 2021 du Premier Ministre relative à la politique "
            "publique de la donnée, des algorithmes et des codes sources",
            span=Span(95, 95),
            number="6264/SG",
            date=date(2021, 4, 27),
            title="relative à la politique publique de la donnée, des algorithmes et des codes sources",
            key="circulaire-6264-sg",
        )
    ]


def test_circulaire_cited_by_its_subject_alone_gets_the_same_key() -> None:
    (cited,) = found(3085)
    assert cited.kind == "circulaire"
    assert cited.text == (
        "circulaire du premier ministre sur la politique des données, des algorithmes et des codes sources"
    )
    assert (cited.number, cited.date) == (None, None)
    assert cited.title == "sur la politique des données, des algorithmes et des codes sources"
    assert cited.key == "circulaire-6264-sg"


def test_numbered_loi_title_stops_at_the_clause_that_follows() -> None:
    assert found(3934) == [
        LegalText(
            kind="loi",
            text="loi n° 2018-1202 du 22 décembre 2018 relative à la lutte contre la manipulation de l'information",
            span=Span(3934, 3934),
            number="2018-1202",
            date=date(2018, 12, 22),
            title="relative à la lutte contre la manipulation de l'information",
            key="loi-2018-1202",
        )
    ]


def test_nickname_and_numbered_loi_on_one_line() -> None:
    sapin, transparence = texts(4049)
    assert sapin == LegalText("loi", "loi dite « Sapin II »", Span(4049, 4049), key="loi-2016-1691")
    assert transparence == LegalText(
        kind="loi",
        text="loi n° 2013-907 du 11 octobre 2013 relative à la transparence de la vie publique",
        span=Span(4049, 4049),
        number="2013-907",
        date=date(2013, 10, 11),
        title="relative à la transparence de la vie publique",
        key="loi-2013-907",
    )


def test_republique_numerique_cited_by_title_only() -> None:
    cited = found(1884) + found(2668) + found(3136)
    assert [(c.span.start, c.text, c.title, c.key) for c in cited] == [
        (1884, "Loi pour une République numérique", "pour une République numérique", "loi-2016-1321"),
        # the title rule alone would have run on into "reste incomplète"
        (2668, "Loi pour une République numérique", "pour une République numérique", "loi-2016-1321"),
        (3136, "Loi pour une République numérique de 2016", "pour une République numérique", "loi-2016-1321"),
    ]
    assert all(c.kind == "loi" and c.number is None and c.date is None for c in cited)
    # the same key a full citation of the act gets
    assert legal_key("loi", "2016-1321") == "loi-2016-1321"


def test_climat_et_resilience_law_and_bill_share_a_key() -> None:
    cited = texts(700) + texts(1234) + texts(1243)
    assert [(c.span.start, c.text) for c in cited] == [
        (700, "loi Climat & Résilience"),
        (1234, "projet de loi Climat et résilience"),
        (1243, "projet de loi Climat et résilience"),
    ]
    assert {(c.kind, c.key, c.title) for c in cited} == {("loi", "loi-2021-1104", None)}


def test_loi_named_by_title_with_promulgation_date() -> None:
    assert found(295) == [
        LegalText(
            kind="loi",
            text="loi de programmation relative au développement solidaire et à la lutte contre les "
            "inégalités mondiales promulguée le 4 août 2021",
            span=Span(295, 295),
            date=date(2021, 8, 4),
            title="de programmation relative au développement solidaire et à la lutte contre les inégalités mondiales",
            key="loi-2021-1031",
        )
    ]


def test_loi_de_finances_and_planned_energy_climate_law() -> None:
    (finances,) = found(874)
    assert (finances.text, finances.title, finances.key) == (
        "loi de finances initiale pour 2021",
        "de finances initiale pour 2021",
        "loi-2020-1721",
    )
    (energie,) = found(442)
    assert (energie.text, energie.title, energie.key) == (
        "loi de programme sur l'énergie et le climat",
        "de programme sur l'énergie et le climat",
        "loi-programmation-energie-climat",
    )


def test_arretes_identified_by_date() -> None:
    cited = found(2003) + found(2027) + found(2639)
    assert [(c.kind, c.text, c.date, c.title, c.key) for c in cited] == [
        ("arrete", "arrêté du 28 avril 2021", date(2021, 4, 28), None, "arrete-2021-04-28"),
        ("arrete", "arrêté du 28 avril 2021", date(2021, 4, 28), None, "arrete-2021-04-28"),
        (
            "arrete",
            "arrêté du 8 juillet 2019 approuvant le schéma national des données sur le milieu marin",
            date(2019, 7, 8),
            "approuvant le schéma national des données sur le milieu marin",
            "arrete-2019-07-08",
        ),
    ]


def test_draft_decret_identified_by_title() -> None:
    assert found(2459) == [
        LegalText(
            kind="decret",
            text="projet de décret relatif au SNDS",
            span=Span(2459, 2459),
            title="relatif au SNDS",
            key="decret-relatif-au-snds",
        )
    ]


def test_eu_regulation_with_number_and_title() -> None:
    assert found(1354) == [
        LegalText(
            kind="reglement-ue",
            text="règlement européen 2019/1780 sur les formulaires pour la passation de marchés publics",
            span=Span(1354, 1354),
            number="2019/1780",
            title="sur les formulaires pour la passation de marchés publics",
            key="reglement-ue-2019-1780",
        )
    ]


def test_misprinted_directive_number_kept_but_keyed_to_the_real_act() -> None:
    # "La directive UE précitée" later on the line identifies nothing by itself.
    assert texts(1650) == [
        LegalText(
            kind="directive-ue",
            text="directive UE 2018/172 du 11 décembre 2018",
            span=Span(1650, 1650),
            number="2018/172",
            date=date(2018, 12, 11),
            key="directive-ue-2018-1972",
        )
    ]


def test_rgpd_is_the_gdpr() -> None:
    cited = texts(2303) + texts(2398) + texts(3870) + texts(3884)
    assert [c.span.start for c in cited] == [2303, 2398, 3870, 3884]
    assert {(c.kind, c.text, c.number, c.key) for c in cited} == {
        ("reglement-ue", "RGPD", None, "reglement-ue-2016-679")
    }


def test_digital_services_and_markets_acts() -> None:
    cited = found(97)
    assert [(c.kind, c.text, c.key) for c in cited] == [
        ("reglement-ue", "Digital Services Act", "reglement-ue-2022-2065"),
        ("reglement-ue", "Digital Market Act", "reglement-ue-2022-1925"),
    ]


def test_codes_by_acronym() -> None:
    cited = texts(1301) + texts(3111) + texts(3132)
    assert [(c.span.start, c.kind, c.text, c.key) for c in cited] == [
        (1301, "code", "CCP", "code-commande-publique"),
        (3111, "code", "CRPA", "code-relations-public-administration"),
        (3132, "code", "CRPA", "code-relations-public-administration"),
    ]


# -- articles and annexes: resources of their own, part of their text ------------------------------

def parts(first: int) -> list[tuple[str, str, str, str]]:
    return [(c.kind, c.number, c.key, c.part_of) for c in found(first) if c.kind in ("article", "annexe")]


def test_articles_and_annex_of_the_code_de_la_commande_publique() -> None:
    # Line 1301: "(… cf. articles R.2196-1 et R.3131-1 du CCP et son annexe 15), … (articles L. 2196-2
    # et L.3131-1 du CCP)": four articles and an annex, each its own key under the code's.
    ccp = "code-commande-publique"
    assert parts(1301) == [
        ("article", "R.2196-1", f"{ccp}/article/R2196-1", ccp),
        ("article", "R.3131-1", f"{ccp}/article/R3131-1", ccp),
        ("annexe", "15", f"{ccp}/annexe/15", ccp),
        ("article", "L. 2196-2", f"{ccp}/article/L2196-2", ccp),
        ("article", "L.3131-1", f"{ccp}/article/L3131-1", ccp),
    ]
    assert {c.text for c in found(1301) if c.kind == "article"} == {
        "articles R.2196-1 et R.3131-1 du CCP", "articles L. 2196-2 et L.3131-1 du CCP"}


def test_articles_named_after_their_text_or_before_it() -> None:
    assert parts(700) == [("article", "2", "loi-2021-1104/article/2", "loi-2021-1104")]  # "(Article 2)"
    assert parts(1650) == [("article", "110", "directive-ue-2018-1972/article/110", "directive-ue-2018-1972")]
    assert parts(4049) == [("article", "18-1", "loi-2013-907/article/18-1", "loi-2013-907")]
    assert parts(3708) == [("article", "15", "declaration-1789/article/15", "declaration-1789")]


def test_articles_by_a_possessive_referring_back_to_the_text_cited_before() -> None:
    # Line 2398: "l'application du RGPD qui en fait une obligation et en pose les lignes directrices
    # dans ses articles 12, 13 et 14"
    gdpr = "reglement-ue-2016-679"
    assert parts(2398) == [("article", n, f"{gdpr}/article/{n}", gdpr) for n in ("12", "13", "14")]


def test_the_constitution_the_declaration_of_1789_and_the_2008_revision() -> None:
    # Line 3708: "La Cour s'est vu confier par la Constitution, lors de la révision constitutionnelle
    # de 2008, … L'article 15 de la Déclaration des droits de l'Homme et du Citoyen …"
    assert [(c.kind, c.text, c.key) for c in texts(3708)] == [
        ("constitution", "Constitution", "constitution-1958"),
        ("loi", "révision constitutionnelle de 2008", "loi-2008-724"),
        ("declaration", "Déclaration des droits de l'Homme et du Citoyen", "declaration-1789"),
    ]
    assert [c.key for c in texts(3810)] == ["declaration-1789", "constitution-1958"]


def test_the_research_programming_law_by_its_acronym() -> None:
    # Line 2686: "Développer le lien entre science et société (en phase et en lien avec la LPR)"
    assert [(c.kind, c.text, c.key) for c in texts(2686)] == [("loi", "LPR", "loi-2020-1674")]


# -- official full titles ---------------------------------------------------------------------------

def test_full_title_of_a_text_cited_by_its_short_name_comes_from_the_reference_table() -> None:
    (sapin,) = [c for c in found(4049) if c.key == "loi-2016-1691"]
    assert sapin.text == "loi dite « Sapin II »"
    assert full_titles(sapin.key, [sapin]) == {"fr": "Loi n° 2016-1691 du 9 décembre 2016 relative à la "
                                               "transparence, à la lutte contre la corruption et à la modernisation "
                                               "de la vie économique"}


def test_an_eu_act_has_its_full_title_in_french_and_english() -> None:
    rgpd = found(2303)
    titles = full_titles("reglement-ue-2016-679", rgpd)
    assert set(titles) == {"fr", "en"}
    assert titles["fr"].startswith("Règlement (UE) 2016/679 du Parlement européen et du Conseil du 27 avril 2016")
    assert titles["en"].endswith("(General Data Protection Regulation)")


def test_full_title_built_from_a_citation_that_gives_kind_number_date_and_title() -> None:
    assert full_titles("circulaire-6264-sg", found(95)) == {
        "fr": "Circulaire n° 6264/SG du 27 avril 2021 relative à la politique publique de la donnée, des "
              "algorithmes et des codes sources"}


def test_a_code_cited_by_its_acronym_has_its_title() -> None:
    assert full_titles("code-commande-publique", found(1301)) == {"fr": "Code de la commande publique"}
    # Every code's title is a way its pattern reads it
    for key, pattern in _CODE_PATTERNS:
        match = pattern.fullmatch(CODE_TITLES[key])
        assert match and match.group("title"), key


def test_no_full_title_for_a_bill_a_proposal_or_a_text_cited_by_date_alone() -> None:
    assert full_titles("decret-relatif-au-snds", found(2459)) == {}  # "projet de décret"
    assert full_titles("reglement-ue-2022-2065", found(97)[:1]) == {}  # the DSA's proposal, not the act
    assert full_titles("arrete-2021-04-28", found(2003)) == {}  # "arrêté du 28 avril 2021"


@pytest.mark.parametrize(
    "number",
    [
        228,  # "les champs d'exclusion prévus par la loi"
        450,  # "projet de loi sur la stratégie": which law is not said
        451,  # "la loi de programme": anaphora of line 442
        1116,  # "codes sources"
        2485,  # "Le code source du dashboard"
        3021,  # "code.gouv.fr"
        3055,  # "CADA" the commission, not the 1978 law
        3124,  # "la loi prévoit"
        3429,  # "by code"
        2418,  # "Début de la constitution" (of a working group): the word's ordinary sense
        2717,  # "La constitution de réseaux"
        3765,  # "secrets protégés par la loi"
        4057,  # "la loi et le règlement"
        4063,  # "qui influence la loi"
    ],
)
def test_words_that_are_not_citations(number: int) -> None:
    assert lines_between(number), f"line {number} should hold text"
    assert found(number) == []


def test_wholedocument() -> None:
    cited = extract_legal_texts(list(document()))
    assert [(c.span.start, c.key) for c in cited] == [
        (95, "circulaire-6264-sg"),
        (97, "reglement-ue-2022-2065"),
        (97, "reglement-ue-2022-1925"),
        (168, "circulaire-6264-sg"),
        (169, "reglement-ue-2022-2065"),
        (169, "reglement-ue-2022-1925"),
        (295, "loi-2021-1031"),
        (442, "loi-programmation-energie-climat"),
        (700, "loi-2021-1104"),
        (700, "loi-2021-1104/article/2"),
        (874, "loi-2020-1721"),
        (1234, "loi-2021-1104"),
        (1243, "loi-2021-1104"),
        (1301, "code-commande-publique"),
        (1301, "code-commande-publique/article/R2196-1"),
        (1301, "code-commande-publique/article/R3131-1"),
        (1301, "code-commande-publique/annexe/15"),
        (1301, "code-commande-publique/article/L2196-2"),
        (1301, "code-commande-publique/article/L3131-1"),
        (1354, "reglement-ue-2019-1780"),
        (1650, "directive-ue-2018-1972"),
        (1650, "directive-ue-2018-1972/article/110"),
        (1884, "loi-2016-1321"),
        (2003, "arrete-2021-04-28"),
        (2027, "arrete-2021-04-28"),
        (2303, "reglement-ue-2016-679"),
        (2398, "reglement-ue-2016-679"),
        (2398, "reglement-ue-2016-679/article/12"),
        (2398, "reglement-ue-2016-679/article/13"),
        (2398, "reglement-ue-2016-679/article/14"),
        (2459, "decret-relatif-au-snds"),
        (2639, "arrete-2019-07-08"),
        (2668, "loi-2016-1321"),
        (2686, "loi-2020-1674"),
        (3085, "circulaire-6264-sg"),
        (3111, "code-relations-public-administration"),
        (3132, "code-relations-public-administration"),
        (3136, "loi-2016-1321"),
        (3708, "constitution-1958"),
        (3708, "loi-2008-724"),
        (3708, "declaration-1789"),
        (3708, "declaration-1789/article/15"),
        (3810, "declaration-1789"),
        (3810, "constitution-1958"),
        (3870, "reglement-ue-2016-679"),
        (3884, "reglement-ue-2016-679"),
        (3934, "loi-2018-1202"),
        (4049, "loi-2016-1691"),
        (4049, "loi-2013-907"),
        (4049, "loi-2013-907/article/18-1"),
    ]
    assert Counter(c.kind for c in cited) == {
        "loi": 14,
        "reglement-ue": 9,
        "article": 11,
        "circulaire": 3,
        "arrete": 3,
        "code": 3,
        "constitution": 2,
        "declaration": 2,
        "directive-ue": 1,
        "decret": 1,
        "annexe": 1,
    }
    for c in cited:
        line = next(line for line in lines_between(c.span.start) if c.text in line.text)  # parts too
        assert c.span == Span(line.number, line.number)


def test_forms_named_in_the_specification() -> None:
    # Not in this document, but the usual ways of citing acts it could have used.
    text = (
        "la loi n° 2016-1321 du 7 octobre 2016 pour une République numérique, le règlement (UE) "
        "2016/679 du Parlement européen et du Conseil du 27 avril 2016, la loi Sapin 2 et le code "
        "des relations entre le public et l'administration ; voir aussi le CRPA."
    )
    cited = extract_legal_texts([Line(1, text)])
    assert [(c.kind, c.number, c.date, c.key) for c in cited] == [
        ("loi", "2016-1321", date(2016, 10, 7), "loi-2016-1321"),
        ("reglement-ue", "2016/679", date(2016, 4, 27), "reglement-ue-2016-679"),
        ("loi", None, None, "loi-2016-1691"),
        ("code", None, None, "code-relations-public-administration"),  # the CRPA after it: same key, same line
    ]
    assert cited[0].title == "pour une République numérique"

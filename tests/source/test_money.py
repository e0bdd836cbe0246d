"""Amounts of money in the document, checked against real passages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ogpgraph.model import MoneyAmount, Span
from ogpgraph.source.lines import Line
from ogpgraph.source.money import extract_money, sentence_at

from excerpts import document, lines_between



def amounts(first: int, last: int | None = None) -> list[tuple[int, str, Decimal, str]]:
    return [(m.span.start, m.text, m.value, m.currency) for m in extract_money(lines_between(first, last))]


def test_symbol_with_multiplier() -> None:
    assert found_one(864) == MoneyAmount(
        value=Decimal("61000000"),
        currency="EUR",
        text="61 M€",
        sentence="Les crédits inscrits sur le programme 163 s'élèvent à 61 M€.",
        span=Span(864, 864),
    )
    assert amounts(874) + amounts(1076) + amounts(1652) + amounts(2364) == [
        (874, "860 M€", Decimal("860000000"), "EUR"),
        (1076, "6M€", Decimal("6000000"), "EUR"),
        (1652, "37 M€", Decimal("37000000"), "EUR"),
        (2364, "200k€", Decimal("200000"), "EUR"),
    ]


def found_one(number: int) -> MoneyAmount:
    (amount,) = extract_money(lines_between(number))
    return amount


def test_multiplier_words() -> None:
    assert amounts(378) + amounts(882) + amounts(886) + amounts(1481) == [
        (378, "7 millions d'euros", Decimal("7000000"), "EUR"),
        (882, "un million d'euro", Decimal("1000000"), "EUR"),
        (886, "30 millions d'euros", Decimal("30000000"), "EUR"),
        (1481, "100 milliards d'euros", Decimal("100000000000"), "EUR"),
    ]


def test_plain_amounts_with_grouped_digits() -> None:
    assert amounts(165) + amounts(1445, 1446) + amounts(1823) + amounts(2507) == [
        (165, "220 000 euros", Decimal("220000"), "EUR"),
        (1445, "12 000 €", Decimal("12000"), "EUR"),
        (1446, "35 000 €", Decimal("35000"), "EUR"),
        (1823, "100 000€", Decimal("100000"), "EUR"),
        (2507, "400 000€", Decimal("400000"), "EUR"),
    ]


def test_two_amounts_in_two_sentences_of_one_line() -> None:
    first, second = extract_money(lines_between(1299))
    assert (first.text, first.value) == ("100 milliards d'euros", Decimal("100000000000"))
    assert first.sentence == "Le montant des marchés publics passés en France est de l'ordre de 100 milliards d'euros par an."
    # the tax qualifier is part of the amount as written
    assert (second.text, second.value) == ("40000 euros HT", Decimal("40000"))
    assert second.sentence == (
        "La dématérialisation de la passation des marchés supérieurs à 40000 euros HT est obligatoire "
        'via des plateformes électroniques appelées "profils d\'acheteur".'
    )


def test_sentence_drops_the_list_bullet() -> None:
    assert found_one(1445).sentence == "Déplacements (billets + hébergement) : 12 000 €"


def test_sentence_is_not_cut_after_an_abbreviation() -> None:
    text = "Versé par M. Martin, cf. annexe. Le solde est de 5 000 €."
    assert sentence_at(text, text.index("5 000")) == "Le solde est de 5 000 €."
    assert sentence_at(text, 0) == "Versé par M. Martin, cf. annexe."


@pytest.mark.parametrize(
    "number",
    [
        76,  # "un budget de plusieurs millions d'euros": no value
        92,  # "Budget : plusieurs millions sur 3 ans"
        101,  # "Rassembler un budget de plusieurs millions d'euros"
        1050,  # "plus de treize millions de personnes"
        2687,  # "1% du budget de l'ANR"
        3710,  # "2,5 millions en 2020" visitors, "640 000 en 2013"
        494,  # percentages and counts of species
    ],
)
def test_no_amount_without_value_or_currency(number: int) -> None:
    assert lines_between(number), f"line {number} should hold text"
    assert extract_money(lines_between(number)) == []


def test_wholedocument() -> None:
    found = extract_money(list(document()))
    assert [(m.span.start, m.text, m.value) for m in found] == [
        (165, "220 000 euros", Decimal("220000")),
        (378, "7 millions d'euros", Decimal("7000000")),
        (864, "61 M€", Decimal("61000000")),
        (874, "860 M€", Decimal("860000000")),
        (882, "un million d'euro", Decimal("1000000")),
        (886, "30 millions d'euros", Decimal("30000000")),
        (1076, "6M€", Decimal("6000000")),
        (1299, "100 milliards d'euros", Decimal("100000000000")),
        (1299, "40000 euros HT", Decimal("40000")),
        (1445, "12 000 €", Decimal("12000")),
        (1446, "35 000 €", Decimal("35000")),
        (1481, "100 milliards d'euros", Decimal("100000000000")),
        (1652, "37 M€", Decimal("37000000")),
        (1823, "100 000€", Decimal("100000")),
        (2364, "200k€", Decimal("200000")),
        (2507, "400 000€", Decimal("400000")),
    ]
    assert {m.currency for m in found} == {"EUR"}
    for m in found:
        assert m.text in m.sentence
        assert any(m.sentence in line.text for line in lines_between(m.span.start))


def test_forms_named_in_the_specification() -> None:
    # Not in this document; the shapes the brief lists, including a decimal comma.
    text = "Soit 1,5 M€, 3 Md€, 100 k€ et 2 millions d'euros pour 2 millions de personnes."
    assert [(m.text, m.value) for m in extract_money([Line(1, text)])] == [
        ("1,5 M€", Decimal("1500000")),
        ("3 Md€", Decimal("3000000000")),
        ("100 k€", Decimal("100000")),
        ("2 millions d'euros", Decimal("2000000")),
    ]

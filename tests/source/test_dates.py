"""Normalising the document's written dates (ogpgraph.source.dates)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from ogpgraph import paths
from ogpgraph.model import Interval
from ogpgraph.source.dates import parse_date_text, parse_period
from ogpgraph.source.lines import SOURCE_NAME, logical_lines, physical_lines

SOURCE = paths.SOURCE_DIR / SOURCE_NAME


def _lines():
    return logical_lines(physical_lines(SOURCE.read_text(encoding="utf-8")))


D = date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # Every wording of a commitment period found in the document.
        ("2021-2023", D(2021, 1, 1), D(2023, 12, 31)),
        ("2020 - 2023", D(2020, 1, 1), D(2023, 12, 31)),
        ("2021 – 2023 (engagement nouveau)", D(2021, 1, 1), D(2023, 12, 31)),
        ("2021 – 2023 (nouvel engagement)", D(2021, 1, 1), D(2023, 12, 31)),
        ("Septembre 2020 – Décembre 2023", D(2020, 9, 1), D(2023, 12, 31)),
        ("1er janvier 2021 – décembre 2023", D(2021, 1, 1), D(2023, 12, 31)),
        ("1er janvier 2021- 2023", D(2021, 1, 1), D(2023, 12, 31)),
        ("premier trimestre 2022 – décembre 2024", D(2022, 1, 1), D(2024, 12, 31)),
        ("Engagement permanent / Contributions aux données ouvertes depuis 2013)", D(2013, 1, 1), None),
        (
            "Présidence française de l'Union européenne (1er janvier 2022 – 30 juin 2022)",
            D(2022, 1, 1),
            D(2022, 6, 30),
        ),
        ("février- octobre 2021", D(2021, 2, 1), D(2021, 10, 31)),
        ("Printemps 2021 – fin 2023", D(2021, 3, 1), D(2023, 12, 31)),
        ("Début 2021- début 2022", D(2021, 1, 1), D(2022, 3, 31)),
        ("Décembre 2021 - durée indéterminée", D(2021, 12, 1), None),
        ("01/10/2021 – 31/12/2023", D(2021, 10, 1), D(2023, 12, 31)),
        ("Engagement reconduit et complété pour la période 2021-2023", D(2021, 1, 1), D(2023, 12, 31)),
        ("1er octobre 2021 - 1er octobre 2023", D(2021, 10, 1), D(2023, 10, 1)),
        ("31 août 2021 - 10 février 2023", D(2021, 8, 31), D(2023, 2, 10)),
    ],
)
def test_parse_period_forms(text, start, end):
    assert parse_period(text) == Interval(text, start, end)


def test_every_period_in_the_document_normalises():
    lines = _lines()
    periods = []
    for i, line in enumerate(lines):
        if re.match(r"Dates? de début et de fin de l'(?:engagement|action)", line.text):
            periods.append(lines[i + 1].text)
        elif line.text.startswith("Engagement permanent"):
            periods.append(line.text)  # commitment #3 has no "Date de début" heading
    assert len(periods) == 59
    failed = [t for t in periods if parse_period(t).start is None]
    assert failed == []
    for text in periods:
        interval = parse_period(text)
        assert interval.text == text
        assert interval.end is None or interval.start <= interval.end


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Janvier 2022", D(2022, 1, 1), D(2022, 1, 31)),
        ("octobre 2021", D(2021, 10, 1), D(2021, 10, 31)),
        ("déc. 2021", D(2021, 12, 1), D(2021, 12, 31)),
        ("2022", D(2022, 1, 1), D(2022, 12, 31)),
        ("31.12.2021", D(2021, 12, 31), D(2021, 12, 31)),
        ("01/07/2021", D(2021, 7, 1), D(2021, 7, 1)),
        ("12/2021", D(2021, 12, 1), D(2021, 12, 31)),
        ("12/21", D(2021, 12, 1), D(2021, 12, 31)),
        ("S2 2022", D(2022, 7, 1), D(2022, 12, 31)),
        ("2022 S1", D(2022, 1, 1), D(2022, 6, 30)),
        ("1er semestre 2023", D(2023, 1, 1), D(2023, 6, 30)),
        ("Semestre 2 – 2020", D(2020, 7, 1), D(2020, 12, 31)),
        ("T4 2022", D(2022, 10, 1), D(2022, 12, 31)),
        ("T1 2022", D(2022, 1, 1), D(2022, 3, 31)),
        ("Q1 2022", D(2022, 1, 1), D(2022, 3, 31)),
        ("premier trimestre 2022", D(2022, 1, 1), D(2022, 3, 31)),
        ("Fin 2022", D(2022, 10, 1), D(2022, 12, 31)),
        ("Début 2022", D(2022, 1, 1), D(2022, 3, 31)),
        ("mi-2022", D(2022, 6, 1), D(2022, 7, 31)),
        ("printemps 2022", D(2022, 3, 1), D(2022, 5, 31)),
        ("été 2022", D(2022, 6, 1), D(2022, 8, 31)),
        ("automne 2021", D(2021, 9, 1), D(2021, 11, 30)),
        ("hiver 2022", D(2022, 12, 1), D(2023, 2, 28)),
        ("à l'automne 2021", D(2021, 9, 1), D(2021, 11, 30)),
        ("d'ici fin 2021", None, D(2021, 12, 31)),
        ("décembre 2021 - janvier 2022", D(2021, 12, 1), D(2022, 1, 31)),
        ("Octobre 2021-Novembre 2021", D(2021, 10, 1), D(2021, 11, 30)),
        ("Début : Janvier 2022 → Fin : 30 juin 2022", D(2022, 1, 1), D(2022, 6, 30)),
        ("Début : 01/01/2022 – Fin : 31/12/2024", D(2022, 1, 1), D(2024, 12, 31)),
        ("Début 01.09.2021 → Fin 30.11.2021", D(2021, 9, 1), D(2021, 11, 30)),
        ("Début : 02/22 → Fin : 05/22", D(2022, 2, 1), D(2022, 5, 31)),
        ("Début en 2020 → Fin en Juin 2022", D(2020, 1, 1), D(2022, 6, 30)),
        ("Début en 2023 → Fin pour les JO 2024", D(2023, 1, 1), D(2024, 12, 31)),
        ("Début T1 2021 puis amélioration continue", D(2021, 1, 1), None),
        ("Début 16 février 2021 puis amélioration continue", D(2021, 2, 16), None),
        ("Début : 13 janvier 2021", D(2021, 1, 13), None),
        ("01/09/2021 01/03/2022", D(2021, 9, 1), D(2022, 3, 1)),
        ("1er semestre 2018 31/12/2021", D(2018, 1, 1), D(2021, 12, 31)),
        ("T3 2022\tT4 2023", D(2022, 7, 1), D(2023, 12, 31)),
        ("31.12.2021 (renouvelable)", D(2021, 12, 31), D(2021, 12, 31)),
        # Month-first only where day-first is impossible ("01/31/2024" is in the source).
        ("Début : 01/01/2022 → Fin : 01/31/2024", D(2022, 1, 1), D(2024, 1, 31)),
    ],
)
def test_parse_date_text_forms(text, start, end):
    assert parse_date_text(text) == Interval(text, start, end)


@pytest.mark.parametrize("text", ["", "   ", "blah", "durée indéterminée", "T5 2022", "31/13/2021", "2 700 000"])
def test_unknown_text_gives_an_empty_interval(text):
    assert parse_date_text(text) == Interval(text, None, None)


def test_contradictory_range_is_not_guessed():
    # Commitment #42: the end written is before the start.
    text = "Début : 01/09/2021 → Fin : 01/31/2021"
    assert parse_date_text(text) == Interval(text, None, None)


def test_text_is_kept_exactly_as_given():
    assert parse_date_text(" **Février 2022** ").text == " **Février 2022** "
    assert parse_date_text(" **Février 2022** ").start == D(2022, 2, 1)

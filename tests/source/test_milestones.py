"""Reading the milestones sections (ogpgraph.source.milestones) on real excerpts."""

from __future__ import annotations

import re
from datetime import date

from ogpgraph.model import Interval, Milestone, Span, TextPart
from ogpgraph.source.lines import Line
from ogpgraph.source.milestones import extract_milestones

from excerpts import document, lines_between

HEADING = re.compile(r"Jalons d'activités? avec un livrable vérifiable\s*:?")
NEXT_HEADINGS = (
    "Informations de contact",
    "Information de contact",
    "Information du contact",
    "Autres acteurs impliqués",
    "Engagement #",
)
D = date


def _sections() -> list[tuple[Line, list[Line]]]:
    """Every milestones section: its heading line and the lines up to the next section."""
    lines = document()
    out = []
    for i, line in enumerate(lines):
        if HEADING.fullmatch(line.text):
            j = i + 1
            while j < len(lines) and not lines[j].text.startswith(NEXT_HEADINGS):
                j += 1
            out.append((line, list(lines[i + 1 : j])))
    return out


def _section_after(heading_line: int) -> list[Line]:
    return next(body for heading, body in _sections() if heading.number == heading_line)


def test_commitment_1_three_bullets_with_bold_dates():
    milestones, parts = extract_milestones(_section_after(99))  # commitment #1, lines 45–123
    assert parts == []
    assert milestones == [
        Milestone(
            1,
            "Rassembler un budget de plusieurs millions d'euros (selon la taille de la fondation) "
            "pour promouvoir les communs numériques à l'échelle de l'Union européenne",
            Span(101, 101),
            Interval("Début : Janvier 2022 → Fin : 30 juin 2022", D(2022, 1, 1), D(2022, 6, 30)),
        ),
        Milestone(
            2,
            "Organisation d'une conférence sur la souveraineté numérique dans le cadre de la PFUE "
            "avec une valorisation du pilier commun numérique",
            Span(102, 102),
            Interval("Février 2022", D(2022, 2, 1), D(2022, 2, 28)),
        ),
        Milestone(
            3,
            "Allouer ce budget dans les projets retenus",
            Span(103, 103),
            Interval("Début : 30 juin 2022 → Fin : 30 juin 2025", D(2022, 6, 30), D(2025, 6, 30)),
        ),
    ]


def test_commitment_24_arrow_dates_and_undated_items():
    milestones, _ = extract_milestones(_section_after(1897))
    first, second, third = milestones[:3]
    assert first.text == (
        "Accompagnement des collectivités dans le cadre d'un partenariat renouvelable ANCT x Open Data France"
    )
    assert first.date == Interval("31.12.2021 (renouvelable)", D(2021, 12, 31), D(2021, 12, 31))
    assert second.text.endswith("(NEC 2021), et publication d'une restitution")
    assert second.date == Interval("Début 01.09.2021 → Fin 30.11.2021", D(2021, 9, 1), D(2021, 11, 30))
    assert third.date is None  # no date is given for this one
    assert milestones[-1].date == Interval("2022 S2", D(2022, 7, 1), D(2022, 12, 31))


def test_commitment_37_table_rows_have_start_and_end():
    milestones, parts = extract_milestones(_section_after(2750))
    assert parts == [
        TextPart(
            "milestones-table-header",
            "Jalons d'activités avec un livrable vérifiable\tDate de début:\tDate de fin:",
            Span(2752, 2752),
        )
    ]
    assert len(milestones) == 25
    assert [m.span.start for m in milestones] == list(range(2753, 2778))
    assert all(m.date and m.date.start and m.date.end for m in milestones)
    assert milestones[0] == Milestone(
        1,
        "1.a Recherche Data Gouv : ouverture entrepôt",
        Span(2753, 2753),
        Interval("T3 2022\tT4 2023", D(2022, 7, 1), D(2023, 12, 31)),
    )
    # A row with only one date cell: that quarter.
    assert milestones[1].date == Interval("T4 2023", D(2023, 10, 1), D(2023, 12, 31))
    assert milestones[11].date == Interval("2021\t2023", D(2021, 1, 1), D(2023, 12, 31))


def test_nested_bullets_under_an_undated_heading_item():
    milestones, _ = extract_milestones(_section_after(898))  # commitment #12
    heading = milestones[1]
    assert (heading.number, heading.text, heading.date, heading.parent) == (
        2,
        "Développer et soutenir l'engagement à travers le service civique.",
        None,
        None,
    )
    children = [m for m in milestones if m.parent == 2]
    assert [(m.text, m.date) for m in children] == [
        (
            "245 000 volontaires ayant réalisé au moins 1 jour de mission",
            Interval("S2 2022", D(2022, 7, 1), D(2022, 12, 31)),
        ),
        (
            "2 700 000 volontaires ayant réalisé au moins 1 jour de mission",
            Interval("S2 2023", D(2023, 7, 1), D(2023, 12, 31)),
        ),
    ]
    assert milestones[8].date == Interval("Fin 2022", D(2022, 10, 1), D(2022, 12, 31))
    assert milestones[8].parent == 7


def test_continuation_line_belongs_to_the_milestone_above():
    milestones, _ = extract_milestones(_section_after(898))
    assert milestones[0].span == Span(900, 902)
    assert milestones[0].text.endswith("renforcement de l'animation territoriale")
    assert milestones[0].date == Interval("Janvier 2022", D(2022, 1, 1), D(2022, 1, 31))


def test_heading_and_first_child_merged_on_one_line():
    milestones, _ = extract_milestones(_section_after(1078))  # commitment #14, line 1084
    parent, child = milestones[4], milestones[5]
    assert parent.text.startswith("Développer les établissements de services sur le territoire (cf. AMI")
    assert parent.date is None and parent.span == child.span == Span(1084, 1084)
    assert child.parent == parent.number
    assert child.text == "ouverture d'une quinzaine d'établissements de services à titre expérimental"
    assert child.date == Interval("T3 2022", D(2022, 7, 1), D(2022, 9, 30))


def test_titles_with_livrable_lines():
    milestones, _ = extract_milestones(_section_after(2947))  # commitment #40
    assert [(m.number, m.parent) for m in milestones] == [
        (1, None), (2, 1), (3, None), (4, 3), (5, None), (6, 5), (7, None), (8, 7),
    ]
    assert milestones[0].text == "Communauté de co-construction avec les usagers"
    assert milestones[1].date == Interval("T2 2022", D(2022, 4, 1), D(2022, 6, 30))
    assert milestones[7].text == "un baromètre Services Publics+ opérationnel"


def test_flattened_table_cells_and_contact_block():
    milestones, parts = extract_milestones(_section_after(3140))  # commitment #44
    assert [(m.text, m.date) for m in milestones] == [
        (
            "Début de la mise en œuvre des inventaires",
            Interval("01/09/2021 01/03/2022", D(2021, 9, 1), D(2022, 3, 1)),
        ),
        (
            "Evaluation intermédiaire de la démarche",
            Interval("01/03/2022 31/12/2022", D(2022, 3, 1), D(2022, 12, 31)),
        ),
    ]
    assert [(p.kind, p.span) for p in parts] == [("milestones-contact", Span(3145, 3148))]


def test_empty_bullet_is_kept_as_a_part():
    milestones, parts = extract_milestones(_section_after(2200))
    assert [m.date.text for m in milestones if m.date] == ["Septembre 2021", "Décembre 2021"]
    assert parts == [TextPart("milestones-empty-bullet", "-", Span(2205, 2205))]


def test_intro_note_and_date_headings():
    # Commitment #48 has no milestones heading; its calendar is the document's
    # one list with an intro sentence and date headings.
    milestones, parts = extract_milestones(lines_between(3447, 3479))
    assert parts[0] == TextPart("milestones-note", "Le calendrier suivant a été défini :", Span(3447, 3447))
    assert [p.kind for p in parts[1:]] == ["milestones-date-heading"] * 4
    assert milestones[0].text == "Ouverture en bêta à une quinzaine de projets ministériels"
    assert milestones[0].date == Interval("Semestre 2 – 2020", D(2020, 7, 1), D(2020, 12, 31))
    assert milestones[-1].date == Interval("Semestre 1 – 2022", D(2022, 1, 1), D(2022, 6, 30))


def test_every_milestones_section_of_the_document():
    sections = _sections()
    # 38 headings in the text, one of them the header row of #37's table.
    assert len(sections) == 37
    unnormalised = []
    count = 0
    for heading, body in sections:
        milestones, parts = extract_milestones(body)
        count += len(milestones)
        covered = {n for item in [*milestones, *parts] for n in item.span.lines()}
        assert {line.number for line in body} <= covered, heading.number
        assert [m.number for m in milestones] == list(range(1, len(milestones) + 1))
        for m in milestones:
            assert m.text, (heading.number, m)
            assert m.parent is None or m.parent < m.number
            if m.date is None:
                continue
            if m.date.start and m.date.end:
                assert m.date.start <= m.date.end, m
            if m.date.start is None and m.date.end is None:
                unnormalised.append((m.span.start, m.date.text))
    print(f"{count} milestones; date texts not normalised: {unnormalised}")
    # Only the self-contradictory range of commitment #42 (end before start) remains.
    assert unnormalised == [(3051, "Début : 01/09/2021 → Fin : 01/31/2021")]
    assert count == 187

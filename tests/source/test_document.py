"""The document's skeleton: table of contents, chapters, commitment headings, sections."""


import pytest

from ogpgraph import paths
from ogpgraph.source.document import heading_form, read_blocks, section_kind, split_heading
from ogpgraph.source.lines import SOURCE_NAME, SourceError, logical_lines, physical_lines, read_source

SOURCE = paths.SOURCE_DIR / SOURCE_NAME


@pytest.fixture(scope="module")
def blocks():
    text, _ = read_source(SOURCE)
    physical = physical_lines(text)
    return read_blocks(logical_lines(physical), physical)


def test_source_checksum_is_checked(tmp_path):
    copy = tmp_path / "liasse.txt"
    copy.write_bytes(SOURCE.read_bytes() + b"\n")
    with pytest.raises(SourceError, match="sha256"):
        read_source(copy)


def test_missing_source_is_a_clear_error(tmp_path):
    with pytest.raises(SourceError, match="cannot read"):
        read_source(tmp_path / "nope.txt")


def test_html_table_rows_become_cells():
    # Line 485 (#7) holds a whole table row as HTML paragraphs.
    lines = logical_lines(physical_lines(SOURCE.read_text(encoding="utf-8")))
    cells = [ln.text for ln in lines if ln.number == 485]
    assert cells == [
        "Date de début et de fin de l'engagement",
        "Début 2021- début 2022",
        "Ministère porteur",
        "Ministère de la Transition Ecologique",
    ]


def test_table_of_contents(blocks):
    assert [(e.number, e.page) for e in blocks.toc] == [
        (1, 3), (2, 16), (3, 32), (4, 51), (5, 60), (6, 65), (7, 69),
        (8, 74), (9, 79), (10, 99), (11, 102), (12, 110), (13, 137), (14, 142),
    ]
    # Dot leaders are not part of the title.
    assert blocks.toc[0].title == "Ministère de l'Europe et des Affaires étrangères"
    assert blocks.toc[13].title == "Autres institutions publiques porteuses"


def test_chapters_are_found_in_the_body_despite_accent_differences(blocks):
    # The table of contents says "l'Education", the body heading "l'Éducation".
    assert len(blocks.chapters) == 14
    ch3 = blocks.chapters[2]
    assert (ch3.number, ch3.title, ch3.heading.number) == (
        3, "Ministère de l'Éducation nationale, de la Jeunesse et des Sports", 783)
    assert blocks.chapters[13].heading.number == 3637


def test_all_59_commitments_in_order(blocks):
    assert [c.number for c in blocks.commitments] == list(range(1, 60))
    chapters = {c.number: c.chapter for c in blocks.commitments}
    assert chapters[1] == 1 and chapters[5] == 1 and chapters[6] == 2
    assert chapters[37] == 11 and chapters[51] == 14 and chapters[59] == 14


def test_typo_heading_of_33(blocks):
    c33 = blocks.commitments[32]
    assert c33.number == 33
    assert c33.title == "Construire une culture de la donnée de santé"
    assert c33.heading[0].text.startswith("Engagement « 33")


def test_long_titles_are_kept_whole(blocks):
    c57 = blocks.commitments[56]
    assert c57.title.endswith("améliorer l'information à disposition des citoyens")


@pytest.mark.parametrize("text,kind", [
    ("Date de début et de fin de l'engagement :", "period"),
    ("Dates de début et de fin de l'engagement", "period"),
    ("Date de début et de fin de l'action :", "period"),
    ("Agence / acteur d'exécution principal", "lead"),
    ("AAI porteuse", "lead"),
    ("Autorité porteuse", "lead"),
    ("Comment l'engagement contribuera-t-il à résoudre le problème public", "solution"),
    ("Pourquoi cet engagement est-il pertinent pour les valeurs de l'ogp ?", "relevance"),
    ("Pourquoi cet engagement est-il pertinent pour les valeurs de l'OGP ? •", "relevance"),
    ("Informations supplémentaires •", "additional"),
    ("Jalons d'activités avec un livrable vérifiable:", "milestones"),
    ("Jalons d'activité avec un livrable vérifiable", "milestones"),
    ("Information du contact", "contacts"),
    ("Quel est le problème public que l'engagement réglera ? La Cour…", None),
])
def test_section_headings(text, kind):
    assert section_kind(text) == kind


def test_heading_run_on_with_text():
    # #52 (line 3712) runs the answer on after the question.
    kind, heading, rest = split_heading(
        "Quel est l'engagement ? La Cour s'engage à mobiliser davantage l'expertise citoyenne.")
    assert (kind, heading, rest) == (
        "commitment", "Quel est l'engagement ?",
        "La Cour s'engage à mobiliser davantage l'expertise citoyenne.")
    kind, heading, rest = split_heading("Informations supplémentaires La Cour a déjà eu l'occasion")
    assert (kind, rest) == ("additional", "La Cour a déjà eu l'occasion")


def test_sections_of_52(blocks):
    c52 = blocks.commitments[51]
    kinds = [s.kind for s in c52.sections]
    assert kinds == ["preamble", "period", "lead", "description", "problem", "commitment",
                     "solution", "relevance", "additional"]
    problem = c52.sections[4]
    assert problem.lines[0].text.startswith("La Cour s'est vu confier par la Constitution")


def test_37_table_header_stays_in_the_milestones_section(blocks):
    c37 = blocks.commitments[36]
    milestones = [s for s in c37.sections if s.kind == "milestones"]
    assert len(milestones) == 1
    assert milestones[0].lines[0].number == 2752


def test_fold():
    assert heading_form("Informations supplémentaires •") == "informations supplementaires"
    assert heading_form("  Quel est l’engagement ?  ") == "quel est l'engagement"

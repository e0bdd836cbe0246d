"""Other actors and lead organisations, read from real excerpts of the December 2021 document."""

from __future__ import annotations

import re

from ogpgraph.model import Span
from ogpgraph.source.actors import extract_actors, extract_leads
from ogpgraph.source.lines import Line

from excerpts import document, lines_between


_COMMITMENT = re.compile(r"^Engagement (?:#|«)\s*\d+\s*:")


def actor_sections() -> list[tuple[int, list[Line]]]:
    """(commitment, lines after "Autres acteurs impliqués" up to the next commitment)."""
    sections: list[tuple[int, list[Line]]] = []
    number, current = 0, None
    for line in document():
        if _COMMITMENT.match(line.text):
            number = int(re.search(r"\d+", line.text).group())
            current = None
        elif line.text.startswith("Autres acteurs impliqués"):
            current = []
            sections.append((number, current))
            if line.text != "Autres acteurs impliqués":  # "Autres acteurs impliqués Acteurs étatiques impliqués"
                current.append(line)
        elif current is not None:
            current.append(line)
    return sections


def summary(actors):
    return [(a.mention.text, a.category, a.mention.span.start) for a in actors]


def test_engagement_1():
    actors, parts = extract_actors(lines_between(114, 123))
    assert summary(actors) == [
        ("Représentation permanente de la France auprès de l'Union européenne (MEAE)", "state", 117),
        ("Conseil de l'Union européenne", "state", 118),
    ]
    # "Toute personne issue de la société civile souhaitant …" is a description, not an organisation
    assert [(p.kind, p.span.start) for p in parts] == [("boilerplate", 115), ("boilerplate", 120), ("note", 122)]


def test_engagement_3():
    actors, parts = extract_actors(lines_between(271, 276))
    assert summary(actors) == [
        ("DINUM (Direction interministérielle du numérique)", "state", 274),
        ("Autres ministères", "state", 275),
    ]
    assert [(p.kind, p.text) for p in parts] == [("boilerplate", "Acteurs étatiques impliqués")]


def test_engagement_2_prose_bullets_and_qualifiers():
    actors, parts = extract_actors(lines_between(186, 197))
    assert summary(actors) == [
        ("Direction générale des entreprises (DGE)", "state", 189),
        ("Autorité de la concurrence", "state", 190),  # "(intérêt manifesté)" dropped
        ("DGCCRF", "state", 191),
        ("Terms of Service Didn't Read (ToSDR)", "other", 196),
    ]
    assert [p.span.start for p in parts if p.kind == "note"] == [189, 195, 196]


def test_co_designed_note():
    # engagement #38
    actors, parts = extract_actors(lines_between(2858, 2860))
    assert summary(actors) == [
        ("Conseil national du numérique", "other", 2859),
        ("Démocratie Ouverte", "other", 2859),
        ("Wikimedia", "other", 2859),
        ("Transparency International", "other", 2859),
    ]
    assert [(p.kind, p.text, p.span) for p in parts] == [
        (
            "note",
            "Engagement co-conçu avec le Conseil national du numérique, Démocratie Ouverte, Wikimedia, "
            "Transparency International.",
            Span(2859, 2859),
        )
    ]


def test_co_construction_with_et():
    # engagement #34: "… co-construction avec France Assos Santé, Fédération Française des
    # Diabétiques, Renaissance Numérique et Villa Numéris."
    actors, _ = extract_actors(lines_between(2533, 2535))
    assert [a.mention.text for a in actors] == [
        "France Assos Santé",
        "Fédération Française des Diabétiques",
        "Renaissance Numérique",
        "Villa Numéris",
    ]


def test_co_carried_keeps_state_category():
    # engagement #26: "- Engagement co-porté par le Conseil d'Etat, la Cour de cassation et le ministère
    # de la justice" then "- Open Law, Démocratie ouverte"
    actors, parts = extract_actors(lines_between(2054, 2057))
    assert summary(actors) == [
        ("Conseil d'Etat", "state", 2055),
        ("Cour de cassation", "state", 2055),
        ("ministère de la justice", "state", 2055),
        ("Open Law", "other", 2056),
        ("Démocratie ouverte", "other", 2056),
    ]
    assert [p.kind for p in parts] == ["note"]


def test_group_labels_and_colon_lists():
    # engagement #20: "- Etat :", "- Ministère de l'Intérieur : Cabinet du SG(MMS) et DNUM", "Collège associatif :"
    actors, parts = extract_actors(lines_between(1604, 1615))
    assert summary(actors) == [
        ("Ministère de l'Intérieur", "state", 1608),
        ("Cabinet du SG(MMS)", "state", 1608),
        ("DNUM", "state", 1608),
        ("AFP France Handicap", "other", 1612),
        ("Croix Rouge", "other", 1613),
        ("Secours Catholique", "other", 1614),
    ]
    assert all(p.kind == "boilerplate" for p in parts)


def test_organisation_then_people():
    # engagement #45: "- MESRI, Anne-Sophie Barthez, Directrice générale … ; Claire Giry, …"
    actors, _ = extract_actors(lines_between(3224, 3235))
    assert [a.mention.text for a in actors] == [
        "MESRI",
        "MEF",
        "Association Nationale Recherche Technologie",
        "UDICE",
        "CNRS",
        "Université de Paris",
        "Université Paris Sciences & Lettres",
        "Ecole Normale Supérieure PSL",
        "Ecole Normale Supérieure Paris-Saclay",
        "Groupe de travail Institut Académie des Sciences et Académie des Technologies",
    ]
    # no sub-heading: curated state bodies are "state", the rest "other"
    assert [a.category for a in actors[:2]] == ["state", "state"]
    assert actors[3].category == "other"


def test_name_with_commas_is_one_actor():
    # engagement #37
    actors, _ = extract_actors(lines_between(2802, 2809))
    assert summary(actors) == [
        ("Comité pour la science ouverte", "state", 2803),
        ("Tous les établissements de l'enseignement supérieur, de la recherche et de l'innovation", "state", 2804),
        ("Wikimedia France", "other", 2806),  # under "- Parrains :"
        ("Framasoft", "other", 2807),
        ("April", "other", 2808),
    ]


def test_merged_heading_line():
    # engagement #22: "Autres acteurs impliqués Acteurs étatiques impliqués" on one line;
    # the published category is kept, even for "Partenaires sociaux"
    actors, parts = extract_actors(lines_between(1778, 1786))
    assert parts[0] == parts[0].__class__("boilerplate", "Autres acteurs impliqués Acteurs étatiques impliqués", Span(1778, 1778))
    assert [a.mention.text for a in actors] == [
        "DGEFP",
        "CESE",
        "Partenaires sociaux",
        "Enseignants/ chercheurs/ salariés/ demandeurs d'emploi",
        "Représentants de certificateurs privés",
        "représentants de la société civile",  # "Plus largement, …"
    ]
    assert {a.category for a in actors} == {"state"}


def test_notamment_enumeration():
    # engagement #48
    actors, parts = extract_actors(lines_between(3501, 3503))
    assert [a.mention.text for a in actors] == [
        "L'ensemble des développeurs et designers de l'État",
        "bureaux web des Ministères",
        "DINUM",
        "DITP",
        "DILA",
    ]
    assert {a.category for a in actors} == {"state"}
    assert [p.kind for p in parts] == ["note"]


def test_every_actor_section_is_covered():
    sections = actor_sections()
    assert len(sections) == 29
    count = 0
    for number, lines in sections:
        actors, parts = extract_actors(lines)
        count += len(actors)
        covered = {n for item in [*(a.mention for a in actors), *parts] for n in item.span.lines()}
        missing = [line.number for line in lines if line.number not in covered]
        assert not missing, f"engagement #{number}: lines {missing} not covered"
        assert all(a.category in {"state", "other"} for a in actors)
        assert all(a.mention.text and a.mention.text == a.mention.text.strip() for a in actors)
    assert count == 104


# --- leads -------------------------------------------------------------------


def leads(first: int, last: int) -> list[tuple[str, int]]:
    return [(m.text, m.span.start) for m in extract_leads(lines_between(first, last))]


def test_single_lead():
    assert leads(422, 422) == [("Ministère de la transition écologique", 422)]
    assert leads(52, 53) == [("Ambassadeur pour le numérique", 53)]  # as published


def test_comma_and_et_inside_a_ministry_name_do_not_split():
    # engagement #4
    assert leads(284, 285) == [
        ("Ministère de l'Europe et des affaires étrangères", 285),
        ("Ministère de l'économie, des finances et de la relance", 285),
        ("Agence française de développement", 285),
    ]
    assert leads(1044, 1044) == [("Ministère de l'éducation nationale, de la jeunesse et des sports", 1044)]


def test_lead_over_two_lines_with_trailing_comma():
    # engagement #5
    assert leads(348, 351) == [
        ("Ministère de l'Europe et des Affaires Etrangères", 349),
        ("Agence Française de Développement", 350),
    ]


def test_slash_dash_and_comma_separators():
    assert leads(671, 671) == [("Ministère de la transition écologique", 671), ("ADEME", 671)]
    assert leads(3063, 3063) == [("DINUM", 3063), ("CADA", 3063)]
    assert leads(1997, 1997) == [("Ministère de la justice", 1997), ("Conseil d'Etat", 1997), ("Cour de cassation", 1997)]
    assert leads(2225, 2225) == [("Health Data Hub", 2225), ("Ministère de la santé et des solidarités", 2225)]


def test_cells_run_together():
    # engagement #40: two table cells merged on one line without separator
    assert leads(2925, 2925) == [
        ("Ministère de la Transformation et de la Fonction Publiques", 2925),
        ("Direction interministérielle de la transformation publique", 2925),
    ]


def test_parenthesised_line_and_headings_skipped():
    # engagement #49: "(Centre interministériel de la participation citoyenne)"
    assert leads(3512, 3519) == [
        ("Ministère des relations avec le parlement et de la participation citoyenne", 3514),
        ("Direction interministérielle de la transformation publique", 3516),
        ("Centre interministériel de la participation citoyenne", 3518),
    ]
    # engagement #7: the table row "… Ministère porteur | Ministère de la Transition Ecologique", then "--"
    assert leads(485, 486) == [("Ministère de la Transition Ecologique", 485)]


def test_long_name_with_commas_and_acronym():
    assert leads(3991, 3991) == [
        (
            "Autorité de Régulation des Communications Electroniques, des Postes et de la Distribution "
            "de la Presse (ARCEP)",
            3991,
        )
    ]

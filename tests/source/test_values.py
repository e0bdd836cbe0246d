"""OGP values claimed by the relevance texts of the commitments."""

import re

import pytest

from ogpgraph import paths
from ogpgraph.source.lines import SOURCE_NAME, logical_lines, physical_lines, read_source
from ogpgraph.source.values import OGP_VALUES, tag_ogp_values

SOURCE = paths.SOURCE_DIR / SOURCE_NAME

# The section heading; #20 and #21 say "cette action … pertinente", #52 runs its
# answer on in the heading's line.
_HEADING = re.compile(
    r"^Pourquoi cet(?:te)? (?:engagement|action) est-(?:il|elle) pertinente? pour les valeurs "
    r"de l.OGP ?\?\s*[•-]?\s*",
    re.IGNORECASE,
)
_NEXT = re.compile(
    r"^(?:Informations? (?:supplémentaires|de contact|du contact)|Jalons d|Engagement [#«]"
    r"|Point de contact|Autres acteurs)",
    re.IGNORECASE,
)
_COMMITMENT = re.compile(r"^Engagement [#«] ?(\d+)")


@pytest.fixture(scope="module")
def relevance():
    """Commitment number → its relevance text, read from the document."""
    text, _ = read_source(SOURCE)
    sections: dict[int, list[str]] = {}
    number, inside = None, False
    for line in logical_lines(physical_lines(text)):
        if m := _COMMITMENT.match(line.text):
            number, inside = int(m.group(1)), False
        elif m := _HEADING.match(line.text):
            inside = True
            sections[number] = [line.text[m.end() :]] if line.text[m.end() :] else []
        elif inside and _NEXT.match(line.text):
            inside = False
        elif inside:
            sections[number].append(line.text)
    return {n: "\n".join(parts) for n, parts in sections.items()}


def test_every_commitment_has_a_relevance_text(relevance):
    assert sorted(relevance) == list(range(1, 60))
    assert relevance[52].startswith("Fidèle à sa démarche « open gov »")


A, C, P, T = (
    "access-to-information",
    "civic-participation",
    "public-accountability",
    "technology-and-innovation",
)

# Checked by reading each text; the words that carry each value are noted.
EXPECTED = {
    # "participation citoyenne"; "accessibilité de l'information", "transparence";
    # "redevabilité publique"; "communs numériques".
    1: [A, C, P, T],
    # Open Terms Archive: "participation citoyenne"; "accessibilité de l'information".
    2: [A, C],
    # Open data of the MEAE: "valeur de transparence", "accessibilité à l'information".
    3: [A],
    # Géoportail: "accessibilité des informations au grand public"; "redevabilité publique".
    11: [A, P],
    # "pertinent pour l'accès à l'information", "… pour la participation citoyenne".
    15: [A, C],
    # Only "démarches collectives avec les partenaires de l'École": no value named.
    16: [],
    # Public procurement: transparence / participation citoyenne / redevabilité publique.
    17: [A, C, P],
    # FR-Alert: "transparence de l'action publique"; "impliquer le citoyen".
    21: [A, C],
    # "Renforce la participation directe des citoyens".
    28: [C],
    # Data Challenges: a training tool for students; no value named.
    32: [],
    # Health data culture: "Notre démarche vise à ouvrir l'information".
    33: [A],
    # Algorithm inventories: the three values in bold.
    44: [A, C, P],
    # "Cet engagement concourt à améliorer la participation citoyenne".
    47: [C],
    # Design System: "transformation de la communication numérique de l'État".
    48: [T],
    # Cour des comptes, "pertinent au regard de deux valeurs": participation, redevabilité.
    52: [C, P],
    # "Transparence à travers la mise à disposition …"; "Renforcement de la redevabilité publique".
    53: [A, P],
    # Arcep: "la transparence, la participation et la collaboration".
    57: [A, C],
    # HATVP: "transparence de cette activité"; "en associant la société civile".
    58: [A, C],
    # CADA: "accessibilité des informations au public … pertinent pour la transparence".
    59: [A],
}


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_values_of_real_relevance_texts(relevance, number):
    assert tag_ogp_values(relevance[number]) == EXPECTED[number]


def test_the_four_values_in_ogp_order():
    assert list(OGP_VALUES) == [A, C, P, T]
    assert OGP_VALUES[A] == {"fr": "Accès à l'information", "en": "Access to information"}
    assert OGP_VALUES[C] == {"fr": "Participation citoyenne", "en": "Civic participation"}
    assert OGP_VALUES[P] == {"fr": "Redevabilité publique", "en": "Public accountability"}
    assert OGP_VALUES[T] == {
        "fr": "Technologie et innovation pour la transparence et la redevabilité",
        "en": "Technology and innovation for transparency and accountability",
    }


def test_transparency_is_access_to_information_not_accountability():
    # From #39: "transparence" alone.
    text = (
        "Le baromètre des résultats de l'action publique permet une meilleure compréhension, "
        "lisibilité et transparence de l'action publique"
    )
    assert tag_ogp_values(text) == [A]


def test_accents_case_and_apostrophes_do_not_matter():
    assert tag_ogp_values("REDEVABILITE PUBLIQUE") == [P]
    assert tag_ogp_values("l’accès à l’information") == [A]


def test_conjugated_participer_means_contributes():
    # From #21: "participe à la transparence" is a claim of transparency only.
    assert tag_ogp_values("Cette action participe à la transparence de l'action publique") == [A]


def test_names_of_bodies_are_not_claims():
    # From #49 and #34: names that contain a value's words.
    assert tag_ogp_values("Le Centre interministériel de la participation citoyenne (CIPC)") == []
    assert tag_ogp_values("Une collaboration a été réalisée avec le Think Tank Renaissance Numérique.") == []
    assert tag_ogp_values("la Haute Autorité pour la transparence de la vie publique") == []


def test_opening_information_is_access_to_information():
    # From #33: the claim is made about information rather than data.
    assert tag_ogp_values("Notre démarche vise à ouvrir l'information, à l'adapter.") == [A]
    assert tag_ogp_values("l'ouverture de l'information au plus grand nombre") == [A]
    # Opening something else is not a claim of access to information.
    assert tag_ogp_values("ouvrir l'accélérateur à de nouveaux projets") == []


def test_empty_text_claims_nothing():
    assert tag_ogp_values("") == []

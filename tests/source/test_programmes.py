"""Related programmes: the curated catalogue, the generic rules, the whole document."""

from collections import Counter

import pytest

from ogpgraph import paths
from ogpgraph.model import Span
from ogpgraph.source.lines import SOURCE_NAME, Line, logical_lines, physical_lines, read_source
from ogpgraph.source.programmes import (
    KINDS,
    CatalogueError,
    extract_programmes,
    fold,
    load_catalogue,
    programme_info,
)

SOURCE = paths.SOURCE_DIR / SOURCE_NAME


@pytest.fixture(scope="module")
def lines():
    text, _ = read_source(SOURCE)
    return logical_lines(physical_lines(text))


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def found(text, number=1, catalogue=None):
    return [(m.key, m.text) for m in extract_programmes([Line(number, text)], catalogue)]


# --- real excerpts -------------------------------------------------------------


def test_one_line_several_programmes_in_reading_order(catalogue):
    # Line 872 (#12).
    text = (
        "Le développement du Service Civique s'intègre dans le plan « 1 jeune, 1 solution » "
        "du plan France Relance et constitue une réforme prioritaire du ministère de "
        "l'Education nationale, de la Jeunesse et des Sports."
    )
    mentions = extract_programmes([Line(872, text)], catalogue)
    assert [(m.key, m.text) for m in mentions] == [
        ("service-civique", "Service Civique"),
        ("1-jeune-1-solution", "plan « 1 jeune, 1 solution »"),
        ("plan-france-relance", "plan France Relance"),
    ]
    assert all(m.span == Span(872, 872) for m in mentions)


def test_leftmost_longest_match_keeps_the_acronym(catalogue):
    # Line 483: the heading of #7.
    text = (
        "Engagement #7 : Co-construire la 3e Stratégie nationale de la biodiversité (SNB3) pour "
        "la période 2021-2030 et créer de l'engagement au cœur même des territoires."
    )
    assert found(text, 483, catalogue) == [
        ("strategie-nationale-biodiversite-3", "3e Stratégie nationale de la biodiversité (SNB3)")
    ]


def test_generic_snb_and_snb3_are_told_apart(catalogue):
    # Line 896 (#12, E3D labelling): the SNB without a generation number.
    text = (
        "La démarche de labellisation E3D s'inscrit dans l'Agenda 2030 et la mise en œuvre des "
        "objectifs de développement durable, elle est également intégrée dans le plan d'action "
        "climat du MENJS, dans la Stratégie nationale biodiversité SNB et dans le Plan national "
        "d'adaptation au changement climatique (PNACC)."
    )
    assert found(text, 896, catalogue) == [
        ("label-e3d", "labellisation E3D"),
        ("agenda-2030", "Agenda 2030"),
        ("plan-action-climat-education-nationale", "plan d'action climat du MENJS"),
        ("strategie-nationale-biodiversite", "Stratégie nationale biodiversité SNB"),
        (
            "plan-national-adaptation-changement-climatique",
            "Plan national d'adaptation au changement climatique (PNACC)",
        ),
    ]


def test_office_named_after_the_plan_is_not_the_plan(catalogue):
    # Line 1525 (#19, contact): an office, not a mention of the plan.
    assert found("Secrétariat général au plan de relance", 1525, catalogue) == []
    # Line 1652 (#21): the plan itself.
    assert found("Budget : 37 M€ dans le cadre du plan de relance", 1652, catalogue) == [
        ("plan-france-relance", "plan de relance")
    ]


def test_accents_and_case_do_not_matter_but_text_is_as_written(catalogue):
    # Line 1972 (#25) writes "Etats" without the accent the catalogue uses.
    text = (
        "- Consultation de la société civile dans le cadre de l'Organisation des Etats généraux "
        "de la justice – **Début : Octobre 2021 → Fin : Novembre 2021**"
    )
    assert found(text, 1972, catalogue) == [("etats-generaux-de-la-justice", "Etats généraux de la justice")]
    # A typographic apostrophe, as #58 uses them, is read as a straight one.
    assert found("la Présidence française de l’Union européenne", 1, catalogue) == [
        ("presidence-francaise-ue", "Présidence française de l’Union européenne")
    ]


def test_phare_acronym_is_case_sensitive(catalogue):
    # Line 915 (#12) ...
    assert found(" - T3 2023 : lancement du dispositif pHARe2", 915, catalogue) == [("programme-phare", "pHARe2")]
    # ... but "phare" is also an ordinary word.
    assert found("une mesure phare du ministère", 1, catalogue) == []


def test_rule_budget_programme(catalogue):
    # Line 864 (#12).
    text = "Les crédits inscrits sur le programme 163 s'élèvent à 61 M€."
    assert found(text, 864, catalogue) == [("programme-budgetaire-163", "programme 163")]
    assert programme_info("programme-budgetaire-163", catalogue) == ("Programme budgétaire 163", "budget-programme")
    # A quantity or a year is not a budget programme.
    assert found("un programme 100 000 volontaires", 1, catalogue) == []
    assert found("le programme 2021 du ministère", 1, catalogue) == []


def test_rule_ministry_roadmap(catalogue):
    # Lines 243 and 245 (#3).
    meae = (
        "Les actions relatives à l'ouverture des données sont par ailleurs inscrites dans la "
        "feuille de route « data » du ministère de l'Europe et des Affaires étrangères"
    )
    etat = (
        "La politique des données s'inscrit dans le cadre de la feuille de route « data » de "
        "l'Etat et s'appuie sur les moyens offerts par la DINUM (data.gouv, api .gouv, code.gouv)"
    )
    key_meae = "feuille-de-route-data-ministere-de-l-europe-et-des-affaires-etrangeres"
    assert found(meae, 243, catalogue) == [
        (key_meae, "feuille de route « data » du ministère de l'Europe et des Affaires étrangères")
    ]
    assert found(etat, 245, catalogue) == [("feuille-de-route-data-etat", "feuille de route « data » de l'Etat")]
    assert programme_info(key_meae, catalogue) == (
        "Feuille de route « data » du ministère de l'Europe et des Affaires étrangères",
        "roadmap",
    )
    assert programme_info("feuille-de-route-data-etat", catalogue) == (
        "Feuille de route « data » de l'Etat",
        "roadmap",
    )


def test_rule_roadmap_declines_when_the_ministry_name_has_no_end(catalogue):
    text = (
        "la feuille de route « data » du ministère de l'agriculture qui a été publiée puis "
        "complétée et enrichie par les directions au fil des mois"
    )
    assert found(text, 1, catalogue) == []


def test_programme_info(catalogue):
    assert programme_info("plan-france-relance", catalogue) == ("Plan France Relance", "plan")
    assert programme_info("plan-france-relance") == ("Plan France Relance", "plan")
    assert catalogue.get("plan-france-relance").label_en == "France Relance recovery plan"
    assert catalogue.get("no-such-programme") is None
    with pytest.raises(KeyError, match="no-such-programme"):
        programme_info("no-such-programme", catalogue)


def test_fold_keeps_positions():
    text = "Présidence française de l’Union européenne, « Œuvre »"
    assert len(fold(text)) == len(text)
    assert fold(text) == "Presidence francaise de l'Union europeenne, « Œuvre »"


# --- the catalogue file ---------------------------------------------------------


def test_catalogue_entries_are_complete(catalogue):
    assert len(catalogue) == 101
    for entry in catalogue:
        assert entry.kind in KINDS
        assert entry.label and entry.patterns


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{key: x, label: X, kind: plan}", "missing field 'patterns'"),
        ("{key: Bad Key, label: X, kind: plan, patterns: [x]}", "slug"),
        ("{key: x, label: X, kind: law, patterns: [x]}", "kind 'law'"),
        ("{key: x, label: X, kind: plan, patterns: ['plan (']}", "does not compile"),
        ("{key: x, label: X, kind: plan, patterns: ['(?:plan)?']}", "matches the empty string"),
        ("{key: x, label: X, kind: plan, patterns: []}", "non-empty list"),
        ("{key: x, label: X, kind: plan, patterns: [x], url: y}", "unknown field"),
        ("[x]", "expected a mapping"),
    ],
)
def test_bad_catalogue_entry_is_named(tmp_path, entry, message):
    path = tmp_path / "programmes.yaml"
    path.write_text(f"programmes:\n  - {{key: ok, label: Ok, kind: plan, patterns: [ok]}}\n  - {entry}\n")
    with pytest.raises(CatalogueError, match=message) as info:
        load_catalogue(path)
    assert str(path) in str(info.value)
    assert "entry 2" in str(info.value)


def test_duplicate_key_is_named(tmp_path):
    path = tmp_path / "programmes.yaml"
    path.write_text("programmes:\n" + "  - {key: a, label: A, kind: plan, patterns: [a]}\n" * 2)
    with pytest.raises(CatalogueError, match=r"entry 2 \('a'\): duplicate key"):
        load_catalogue(path)


def test_missing_or_malformed_catalogue(tmp_path):
    with pytest.raises(CatalogueError, match="cannot read"):
        load_catalogue(tmp_path / "none.yaml")
    path = tmp_path / "programmes.yaml"
    path.write_text("- just a list\n")
    with pytest.raises(CatalogueError, match="'programmes' list"):
        load_catalogue(path)


# --- the whole document --------------------------------------------------------

# Counted by reading every mention (key, line, words) the extractor reports
# against the document: one per programme and line.
EXPECTED_COUNTS = {
    "presidence-francaise-ue": 4,
    "feuille-de-route-data-ministere-de-l-europe-et-des-affaires-etrangeres": 1,
    "feuille-de-route-data-etat": 1,
    "iati": 1,
    "pagof": 6,
    "convention-citoyenne-pour-le-climat": 3,
    "strategie-francaise-energie-climat": 6,
    "strategie-nationale-bas-carbone": 4,
    "programmation-pluriannuelle-energie": 4,
    "plan-national-adaptation-changement-climatique": 2,
    "strategie-nationale-biodiversite-3": 7,
    "strategie-nationale-biodiversite": 2,
    "habiter-la-france-de-demain": 5,
    "plan-national-sante-environnement-4": 3,
    "feuille-de-route-antibioresistance": 1,
    "strategie-acceleration-maladies-infectieuses-emergentes": 1,
    "prezode": 1,
    "service-national-universel": 6,
    "service-civique": 11,
    "reserve-civique": 6,
    "1-jeune-1-solution": 2,
    "programme-phare": 5,
    "programme-budgetaire-163": 1,
    "plan-france-relance": 12,
    "plan-lutte-violences-milieu-scolaire": 1,
    "agenda-2030": 3,
    "plan-action-climat-education-nationale": 1,
    "grenelle-de-l-education": 2,
    "programme-investissements-d-avenir": 2,
    "feuille-de-route-donnee-education-nationale": 1,
    "plan-transformation-numerique-commande-publique": 2,
    "labo-societe-numerique": 1,
    "action-publique-2022": 1,
    "services-publics-plus": 11,
    "territoires-d-engagement": 5,
    "feuille-de-route-donnees-cohesion-territoires": 1,
    "programme-national-investigation-incubateur-territoires": 1,
    "etats-generaux-de-la-justice": 2,
    "strategie-acceleration-sante-numerique": 2,
    "feuille-de-route-numerique-en-sante": 1,
    "grand-defi-diagnostics-medicaux-ia": 1,
    "espace-europeen-des-donnees-de-sante": 2,
    "documents-strategiques-de-facade": 3,
    "grand-debat-national": 4,
    "plan-national-pour-la-science-ouverte": 1,
    "feuille-de-route-donnees-mesri": 1,
    "plan-action-logiciels-libres": 2,
    "plan-action-national-pgo-2018-2020": 1,
    "jf-2025": 6,
    # named initiatives of other kinds (issue 14), each count read in the document with grep
    "appel-de-paris": 1, "appel-de-christchurch": 1, "fspi": 2, "fasep": 1, "one-planet-summit": 2,
    "congres-mondial-nature-uicn": 2, "grenelle-environnement": 1, "numerique-en-communs": 2,
    "safer-internet-day": 1, "journee-non-au-harcelement": 1, "concours-non-au-harcelement": 1,
    "ateliers-bluehats": 1, "defi-carte-blanche": 1, "cordees-de-la-reussite": 1, "parrainage": 1,
    "eco-delegues": 7, "label-e3d": 5, "contrats-relance-transition-ecologique": 1, "cifre": 2, "fr-alert": 3,
    "mon-espace-sante": 5, "portalis": 2, "g-nius": 6, "open-terms-archive": 10, "geoportail-urbanisme": 9,
    "barometre-resultats-action-publique": 3, "beta-gouv": 1, "french-tech": 1,
    # found by the coverage report of names, each count read in the document at the lines
    # `ogpgraph coverage --names --all` lists
    "programme-vacances-travail": 1, "green-data-for-health": 1, "prix-impulsions": 1,
    "territoires-innovation-pedagogique": 1, "jeux-olympiques-2024": 1, "validation-acquis-experience": 11,
    "repertoire-national-certifications-professionnelles": 1, "je-donne-mon-avis": 2,
    "rendez-vous-transformations-droit": 1, "projet-ambassadeur-mon-espace-sante": 1,
    "data-challenges-health-data-hub": 10, "systeme-national-donnees-sante": 13, "covidtracker": 1, "understanding-patient-data": 1,
    "recherche-data-gouv": 2, "barometre-science-ouverte": 9, "trouver-mon-master": 2, "scanr": 3,
    "voxusagers": 1, "sill": 5, "rightscon": 1, "systeme-de-design-de-l-etat": 19, "telerecours-citoyens": 4,
    "pour-un-numerique-soutenable": 2, "j-alerte-l-arcep": 1, "mon-reseau-mobile": 1, "ma-connexion-internet": 1,
}


@pytest.fixture(scope="module")
def mentions(lines, catalogue):
    return extract_programmes(lines, catalogue)


def test_whole_document_counts(mentions):
    assert Counter(m.key for m in mentions) == EXPECTED_COUNTS


def test_every_catalogue_entry_and_pattern_is_used(lines, catalogue, mentions):
    folded = [fold(line.text) for line in lines]
    for entry in catalogue:
        for pattern, regex in zip(entry.patterns, entry.regexes):
            assert any(regex.search(text) for text in folded), f"{entry.key}: {pattern!r} matches nothing"
    assert {e.key for e in catalogue} <= {m.key for m in mentions}


def test_whole_document_mentions_are_quotes_of_their_line(lines, mentions):
    by_number = {}
    for line in lines:
        by_number.setdefault(line.number, []).append(line.text)
    pairs = [(m.key, m.span.start) for m in mentions]
    assert len(pairs) == len(set(pairs))  # one per (programme, line)
    for m in mentions:
        assert m.span.start == m.span.end
        assert any(m.text in text for text in by_number[m.span.start])


def test_whole_document_plan_de_relance_lines(mentions):
    # #12 (872), #19 (1467-1502; not the office on 1525), #21 (1652), #36 (2637), #37 (2681).
    assert [m.span.start for m in mentions if m.key == "plan-france-relance"] == [
        872, 1467, 1483, 1485, 1492, 1494, 1496, 1497, 1502, 1652, 2637, 2681,
    ]  # fmt: skip


def test_whole_document_rule_labels_are_known(mentions):
    for m in mentions:
        label, kind = programme_info(m.key)
        assert label and kind in KINDS

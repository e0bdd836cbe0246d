"""Every capitalised or quoted name of the commitments is accounted for
(src/ogpgraph/name_coverage.py): a named initiative of the graph, a legal text, an organisation,
a contact's details, or a reason of data/reference/names.yaml why it is no initiative."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from ogpgraph.build import load_plan
from ogpgraph.name_coverage import STATUSES, NamesTableError, _candidates, load_names_table, name_mentions


@pytest.fixture(scope="module")
def mentions():
    plan, resolver = load_plan()
    return name_mentions(plan, resolver)


def test_no_name_is_unaccounted_for(mentions):
    assert [(m.line, m.words) for m in mentions if m.status == "unaccounted for"] == []
    assert Counter(m.status for m in mentions) == {
        "initiative": 298, "legal text": 33, "organisation": 288, "contact": 186, "not an initiative": 384}


def test_every_reason_of_the_table_explains_a_name(mentions):
    # No dead entries: a name listed but met nowhere (or accounted for otherwise) is an error to remove
    explained = {m.words for m in mentions if m.status == "not an initiative"}
    table = load_names_table()
    for reason, names, patterns in table.entries:
        assert names <= explained, (reason, names - explained)
        for pattern in patterns:
            assert any(pattern.fullmatch(words) for words in explained), (reason, pattern.pattern)


@pytest.mark.parametrize("line,words,key", [
    # the names issue 14 found missing, each read at its line
    (221, "Appel de Paris", "appel-de-paris"),
    (221, "Christchurch", "appel-de-christchurch"),        # "l'appel de Christchurch"
    (315, "FSPI", "fspi"),
    (315, "FASEP", "fasep"),
    (498, "One planet summit", "one-planet-summit"),       # « One planet summit »
    (498, "Congrès", "congres-mondial-nature-uicn"),       # "Congrès mondial de la nature"
    (851, "Safer", "safer-internet-day"),
    (886, "Cordées", "cordees-de-la-reussite"),
    (811, "E3D", "label-e3d"),
    (1616, "FR-Alert", "fr-alert"),
    (1953, "Portalis", "portalis"),
    (2178, "Mon Espace Santé", "mon-espace-sante"),
    # and names the report found, that the catalogue now holds
    (2404, "SNDS", "systeme-national-donnees-sante"),
    (2675, "Recherche Data Gouv", "recherche-data-gouv"),
    (3654, "Télérecours", "telerecours-citoyens"),        # "le téléservice Télérecours citoyens"
    (4011, "J'alerte l'Arcep", "j-alerte-l-arcep"),        # « J'alerte l'Arcep »
    (3413, "Système de Design", "systeme-de-design-de-l-etat"),
    (1692, "VAE", "validation-acquis-experience"),
])
def test_named_initiatives_are_initiatives(mentions, line, words, key):
    found = [m for m in mentions if m.line == line and m.words == words]
    assert found and all(m.status == "initiative" and key in m.where.split(", ") for m in found)


@pytest.mark.parametrize("line,words,reason", [
    (498, "Marseille", "a place"),
    (3710, "Cour", "referring back"),              # "la Cour" (des comptes), named before
    (3225, "Directrice", "a role"),
    (1301, "JSON", "file format"),
    (2708, "RGAA", "a standard"),
    (2759, "T4", "a date"),                         # "T4 2022"
    (621, "One Health", "an approach"),             # "l'approche One Health (« une seule santé »)"
    (2495, "AMI", "an acronym of a common noun"),   # appel à manifestation d'intérêt
    (4011, "Pour un numérique soutenable", "publication"),  # Arcep's 2020 report, not its platform (4004)
])
def test_why_the_others_are_no_initiative(mentions, line, words, reason):
    found = [m for m in mentions if m.line == line and m.words == words]
    assert found and all(m.status == "not an initiative" and reason in m.where for m in found)


def test_organisations_legal_texts_and_contacts_are_accounted_apart(mentions):
    by = {(m.line, m.words): m for m in mentions}
    assert by[(2013, "Cour")].status == "organisation"          # "Cour de cassation", an organisation
    assert by[(4049, "Sapin II")].status == "legal text"        # "la loi dite « Sapin II »"
    assert by[(4049, "Sapin II")].where.startswith("cited: ")
    assert {m.status for m in mentions if m.line in (256, 258)} == {"contact"}  # a contact's lines


@pytest.mark.parametrize("text,names", [
    # a sentence's first word is grammar's, not a name: dropped, the rest of its run kept
    ("Le Health Data Hub publie", ["Health Data Hub"]),
    ("Mon Espace Santé est ouvert", ["Espace Santé"]),
    ("- Créer une charte", []),
    ("4.c Transparence immobilier universitaire", []),
    ("- **Début : Janvier 2022 → Fin : 30 juin 2022**", []),
    # … unless it is an acronym
    ("DINUM publie", ["DINUM"]),
    # runs join on particles, not across ordinary words
    ("avec Renaissance Numérique et Villa Numéris", ["Renaissance Numérique et Villa Numéris"]),
    ("avec la Cour des comptes et le Conseil d'Etat", ["Cour", "Conseil d'Etat"]),
    ("l'engagement des Ambassadeurs", ["Ambassadeurs"]),
    # quotation marks: the quoted words are the name; capitals inside them are not names again
    ("les plateformes « J'alerte l'Arcep » ou « Mon Réseau Mobile »", ["J'alerte l'Arcep", "Mon Réseau Mobile"]),
    ('un "grand public" averti', ["grand public"]),
])
def test_what_counts_as_a_name(text, names):
    assert [words for _, _, words, _ in _candidates(text)] == names


def test_a_bad_names_table_is_named(tmp_path):
    path = tmp_path / "names.yaml"
    path.write_text("not initiatives:\n  - reason: x\n")
    with pytest.raises(NamesTableError, match="needs a list of names or patterns") as info:
        load_names_table(path)
    assert str(path) in str(info.value)
    path.write_text("not initiatives:\n  - {reason: x, patterns: ['(']}\n")
    with pytest.raises(NamesTableError, match="does not compile"):
        load_names_table(path)
    with pytest.raises(NamesTableError, match="cannot read"):
        load_names_table(tmp_path / "missing.yaml")


def test_the_command_reports_and_exits_0():
    run = subprocess.run([sys.executable, "-m", "ogpgraph", "coverage", "--names"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    assert last.endswith("unaccounted for: 0") and all(f"{status}: " in last for status in STATUSES)

"""Entity resolution against the curated reference files and real excerpts."""

from __future__ import annotations

import re
from datetime import date

import pytest
import yaml

from ogpgraph import paths
from ogpgraph.model import ActionPlan, Commitment, Interval, Span
from ogpgraph.resolve import ORGANISATIONS_PATH, Resolver, normalise_name, resolve_plan
from ogpgraph.source.actors import extract_actors, extract_leads
from ogpgraph.source.contacts import extract_contacts
from ogpgraph.source.lines import SOURCE_NAME, logical_lines, physical_lines

SOURCE = paths.SOURCE_DIR / SOURCE_NAME


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.load()


@pytest.fixture(scope="module")
def document():
    return logical_lines(physical_lines(SOURCE.read_text(encoding="utf-8")))


def lines_between(document, first, last):
    return [line for line in document if first <= line.number <= last]


def test_normalise_name():
    assert normalise_name("La Direction interministérielle du numérique (DINUM)") == (
        "direction interministerielle du numerique dinum"
    )
    assert normalise_name("Ministère de l'Éducation nationale, de la Jeunesse et des Sports") == (
        "ministere de l education nationale de la jeunesse et des sports"
    )
    assert normalise_name("  Conseil d’État ") == "conseil d etat"


@pytest.mark.parametrize(
    "text",
    [
        "DINUM",
        "Direction interministérielle du numérique",
        "DINUM (Direction interministérielle du numérique)",
        "direction interministérielle du numérique (dinum)",
        "Direction interministérielle du numérique (DINUM)",
        "la DINUM",
    ],
)
def test_dinum_spellings(resolver, text):
    assert resolver.organisation_key(text) == "dinum"


@pytest.mark.parametrize(
    ("key", "spellings"),
    [
        ("mss", ["Ministère des Solidarités et de la Santé", "Ministère de la santé et des solidarités",
                 "Ministère des solidarités et de la santé"]),
        ("meae", ["MEAE", "Ministère de l'Europe et des affaires étrangères",
                  "Ministère de l'Europe et des Affaires Etrangères"]),
        ("mefr", ["MEFR", "MEF", "Ministère de l'économie, des finances et de la relance",
                  "Ministère des finances, de l'économie et de la relance"]),
        ("menjs", ["Ministère de l'éducation nationale de la jeunesse et des sports",
                   "Ministère de l'Éducation nationale, de la Jeunesse et des Sports"]),
        ("ditp", ["DITP", "Direction Interministérielle de la Transformation publique"]),
        ("cgdd", ["CGDD", "Commissariat Général au Développement Durable"]),
        ("hdh", ["Health Data Hub", "HDH"]),
        ("anct", ["ANCT", "Agence Nationale de la Cohésion des Territoires"]),
        ("cnil", ["CNIL", "Commission nationale informatique et Libertés (CNIL)",
                  "Commission nationale de l'informatique et des libertés"]),
        ("arcep", ["Arcep", "Autorité de Régulation des Communications Electroniques, des Postes et de la "
                   "Distribution de la Presse (ARCEP)"]),
        ("hatvp", ["HATVP", "Haute Autorité pour la transparence de la vie publique (HATVP)"]),
        ("sig", ["Service d'Information du Gouvernement (SIG)", "SIG"]),
        ("cada", ["CADA", "Commission d'accès aux documents administratifs"]),
        ("conseil-etat", ["Conseil d'Etat", "Conseil d'État"]),
        ("cour-de-cassation", ["Cour de Cassation", "Cour de cassation"]),
        ("csa", ["CSA", "Conseil Supérieur de l'Audiovisuel"]),
        ("dgefp", ["DGEFP", "Délégation générale à l'emploi et à la formation professionnelle",
                   "Direction générale à l'emploi et à la formation professionnelle"]),
        ("la-27e-region", ["Association La 27e Région", "27e région"]),
        ("dnum-interieur", ["DNUM", "Direction du numérique (DNUM)"]),
    ],
)
def test_curated_spellings(resolver, key, spellings):
    assert {resolver.organisation_key(s) for s in spellings} == {key}


def test_parenthesised_parent_is_not_an_acronym(resolver):
    # "(MEAE)" names the parent ministry, not the Representation
    key = resolver.organisation_key("Représentation permanente de la France auprès de l'Union européenne (MEAE)")
    assert key != "meae"
    assert key.startswith("representation-permanente-de-la-france")


def test_unknown_organisations_get_stable_slugs(resolver):
    assert resolver.organisation_key("Bayes Impact") == "bayes-impact"
    assert resolver.organisation_key("bayes  impact.") == "bayes-impact"
    assert resolver.organisation_key("Secrétariat général (SG)") == resolver.organisation_key("Secrétariat Général")
    long = "Collaboration interministérielle pour les contenus de la plateforme"
    assert resolver.organisation_key(long) == resolver.organisation_key(long)
    assert len(resolver.organisation_key(long)) <= 60
    # a bare "Direction du numérique" is ambiguous (MEAE, ANCT, Intérieur): not resolved
    assert not resolver.is_known("Direction du numérique")


def test_labels(resolver):
    assert resolver.organisation_label("dinum") == "Direction interministérielle du numérique"
    assert "DINUM" in resolver.organisation_altlabels("dinum")
    assert resolver.organisation_label("bayes-impact") == "bayes-impact"
    assert resolver.organisation_altlabels("bayes-impact") == []
    assert resolver.organisation_sector("cnil") == "state"
    assert resolver.organisation_sector("democratie-ouverte") == "other"


def test_person_keys(resolver):
    assert resolver.person_key("Laura Létourneau") == resolver.person_key("Laura Letourneau") == "laura-letourneau"
    assert resolver.person_key("M. Jean-Yves Mahé") == resolver.person_key("Jean-Yves Mahé") == "jean-yves-mahe"
    assert resolver.person_key("Bertrand GOUILLART") == "bertrand-gouillart"
    # people.yaml: engagement #26 writes "Mickaël", #51 "Michaël" (same e-mail)
    assert resolver.person_key("Mickaël Poyet") == resolver.person_key("Michaël Poyet") == "michael-poyet"
    assert resolver.person_label("michael-poyet") == "Michaël Poyet"


def test_yaml_is_well_formed(tmp_path):
    data = yaml.safe_load(ORGANISATIONS_PATH.read_text(encoding="utf-8"))
    keys = [org["key"] for org in data["organisations"]]
    assert len(keys) == len(set(keys))
    for org in data["organisations"]:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", org["key"])
        assert org["prefLabel"]
        assert org.get("sector") in {"state", "other"}
    # a spelling listed under two organisations is refused
    clash = tmp_path / "organisations.yaml"
    clash.write_text(
        "organisations:\n"
        "  - {key: a, prefLabel: Alpha, acronyms: [AB]}\n"
        "  - {key: b, prefLabel: Beta, acronyms: [AB]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="AB"):
        Resolver.load(clash)


def _commitment(number, first, last):
    return Commitment(number=number, title=f"#{number}", chapter=1, span=Span(first, last), heading_span=Span(first, first))


def test_resolve_plan(resolver, document):
    c3 = _commitment(3, 198, 276)
    c3.leads = extract_leads(lines_between(document, 202, 205))
    c3.contacts, _ = extract_contacts(lines_between(document, 253, 269))
    c3.actors, _ = extract_actors(lines_between(document, 271, 276))
    c26 = _commitment(26, 1989, 2058)
    c26.leads = extract_leads(lines_between(document, 1995, 1998))
    c26.contacts, _ = extract_contacts(lines_between(document, 2038, 2052))
    c26.actors, _ = extract_actors(lines_between(document, 2054, 2057))
    c51 = _commitment(51, 3639, 3695)
    c51.leads = extract_leads(lines_between(document, 3645, 3648))
    c51.contacts, _ = extract_contacts(lines_between(document, 3683, 3695))
    plan = ActionPlan(
        title="Liasse des engagements",
        publisher="DITP",
        issued=date(2021, 12, 1),
        country="FR",
        period=Interval("2021-2023"),
        span=Span(1, 22),
        source_sha256="",
        source_path=str(SOURCE),
        lines=[],
        commitments=[c3, c26, c51],
    )
    resolve_plan(plan, resolver)

    assert [m.key for m in c3.leads] == ["directeur-du-numerique"]
    assert [a.mention.key for a in c3.actors] == ["dinum", "autres-ministeres"]
    assert [(c.person_key, c.organisation_key) for c in c3.contacts] == [
        ("fabien-fieschi", "direction-du-numerique"),
        ("jean-yves-mahe", None),
    ]
    assert [m.key for m in c26.leads] == ["justice", "conseil-etat", "cour-de-cassation"]
    assert [a.mention.key for a in c26.actors] == [
        "conseil-etat", "cour-de-cassation", "justice", "open-law", "democratie-ouverte",
    ]
    # a contact's chained units resolve to the first curated one
    assert [(c.person_key, c.organisation_key) for c in c26.contacts] == [
        ("estelle-jond-necand", "cour-de-cassation"),
        ("michael-poyet", "conseil-etat"),
        ("camille-le-douaron", "justice"),
    ]
    assert [m.key for m in c51.leads] == ["conseil-etat"]
    # no part of "Département de l'expertise métier …, Direction des systèmes
    # d'information du Conseil d'Etat" is curated: the whole chain gets a slug
    assert c51.contacts[0].person_key == "michael-poyet"
    assert c51.contacts[0].organisation_key.startswith("departement-de-l-expertise")


def test_every_lead_of_the_document(resolver, document):
    """Lead spellings seen under several forms in the document land on one curated key."""
    texts = [line.text for line in document]
    heading = re.compile(r"^(?:Ministère porteur|Agence / acteur d'exécution principal|Autorité porteuse|AAI porteuse)$")
    keys = set()
    for i, text in enumerate(texts):
        if heading.match(text):
            end = next(j for j in range(i, len(texts)) if texts[j].startswith("Description de l"))
            for mention in extract_leads(document[i + 1 : end]):
                keys.add((mention.text, resolver.organisation_key(mention.text)))
    by_key: dict[str, set[str]] = {}
    for text, key in keys:
        by_key.setdefault(key, set()).add(text)
    # every ministry lead is curated
    assert all(resolver.is_known(t) for t, _ in keys if t.startswith("Ministère")), sorted(keys)
    assert by_key["mss"] == {"Ministère des solidarités et de la santé", "Ministère de la santé et des solidarités"}
    assert by_key["mtfp"] >= {
        "Ministère de la Transformation et de la Fonction publiques",
        "Ministère de la Transformation et de la Fonction Publiques",
    }


def test_collectives_are_groups_not_organisations():
    from ogpgraph.resolve import Resolver

    resolver = Resolver.load()
    assert resolver.is_group("Autres ministères")
    assert resolver.is_group("Tous les établissements de l'enseignement supérieur")
    assert resolver.is_group("Plus de 5000 organisations publiques ou associatives")
    assert not resolver.is_group("Service d'Information du Gouvernement (SIG)")
    assert not resolver.is_group("Direction interministérielle du numérique")

"""Contact sections, read from real excerpts of the December 2021 document."""

from __future__ import annotations

import re

import pytest

from ogpgraph.model import Span
from ogpgraph.source.contacts import extract_contacts
from ogpgraph.source.lines import Line

from excerpts import document, lines_between


_COMMITMENT = re.compile(r"^Engagement (?:#|«)\s*\d+\s*:")
_CONTACT_HEADING = re.compile(r"^Informations? d[eu] contact$")


def contact_sections() -> list[tuple[int, list[Line]]]:
    """(commitment number, lines) of every contact section, as the commitment parser cuts them.

    After "Informations de contact" (or from "Point de contact :", which is
    the heading's variant in engagement #44) up to "Autres acteurs impliqués"
    or the next commitment.
    """
    sections: list[tuple[int, list[Line]]] = []
    number, current = 0, None
    for line in document():
        if _COMMITMENT.match(line.text):
            number = int(re.search(r"\d+", line.text).group())
            current = None
            continue
        if line.text.startswith("Autres acteurs impliqués"):
            current = None
            continue
        if _CONTACT_HEADING.match(line.text) or line.text.startswith("Point de contact"):
            current = []
            sections.append((number, current))
            if line.text.startswith("Point de contact"):
                current.append(line)
            continue
        if current is not None:
            current.append(line)
    return sections


def test_engagement_1_single_contact():
    contacts, parts = extract_contacts(lines_between(106, 112))
    assert len(contacts) == 1
    c = contacts[0]
    assert c.name == "Henri Verdier"
    assert c.role == "Ambassadeur pour le numérique"
    assert c.organisation is None
    assert c.emails == ["henri.verdier@diplomatie.gouv.fr"]
    assert c.phones == []
    assert c.kind == "responsible"
    assert c.span == Span(109, 111)
    assert [(p.kind, p.text, p.span) for p in parts] == [
        ("boilerplate", "Personne responsable de l'agence d'exécution", Span(107, 107))
    ]


def test_engagement_3_responsible_and_operational_contacts():
    contacts, parts = extract_contacts(lines_between(253, 269))
    assert [(c.name, c.kind) for c in contacts] == [
        ("Fabien Fieschi", "responsible"),
        ("Jean-Yves Mahé", "operational"),  # "M. Jean-Yves Mahé": civility dropped
    ]
    fieschi, mahe = contacts
    assert fieschi.role == "Directeur du numérique"
    assert fieschi.organisation == "Direction du numérique"
    assert fieschi.emails == ["fabien.fieschi@diplomatie.gouv.fr"]
    assert fieschi.span == Span(256, 260)
    assert mahe.role == "Responsable de la gouvernance des données"
    assert mahe.emails == ["jean-yves.mahe@diplomatie.gouv.fr"]
    assert mahe.phones == ["01 43 17 60 91"]  # "… - 01 43 17 60 91." without the final dot
    assert mahe.span == Span(264, 268)
    assert [(p.kind, p.span.start) for p in parts] == [("boilerplate", 254), ("boilerplate", 262)]


def test_email_comma_phone_on_one_line():
    # engagement #13: "nicolas.babut@education.gouv.fr, 01 55 55 22 21"
    contacts, _ = extract_contacts(lines_between(1010, 1030))
    assert [(c.name, c.role, c.emails, c.phones) for c in contacts] == [
        (
            "Nicolas Babut",
            "Conseiller stratégie numérique auprès de la Secrétaire générale",
            ["nicolas.babut@education.gouv.fr"],
            ["01 55 55 22 21"],
        ),
        ("Véronique Gronner", "Secrétaire générale adjointe", ["veronique.gronner@education.gouv.fr"], ["01 55 55 82 89"]),
        ("Sidi Soilmi", "Directeur de projet Bâti scolaire", ["sidi.soilmi@education.gouv.fr"], ["01 55 55 22 52"]),
    ]


def test_email_space_phone_and_stray_digit():
    # engagement #16: "sidi.soilmi@education.gouv.fr 01 55 55 22 52"
    contacts, _ = extract_contacts(lines_between(1250, 1278))
    assert contacts[1].emails == ["sidi.soilmi@education.gouv.fr"]
    assert contacts[1].phones == ["01 55 55 22 52"]
    # engagement #12: "01 40 45 95 23 2" — the trailing "2" is not part of the number
    contacts, _ = extract_contacts(lines_between(924, 955))
    assert contacts[0].phones == ["01 40 45 95 23"]
    assert contacts[0].span == Span(927, 933)


def test_several_names_on_one_line():
    # engagement #4: "Laure Serra, Charlotte Foffano, MEAE", two e-mails, "0143176897/ 0143176334"
    contacts, _ = extract_contacts(lines_between(325, 335))
    assert [(c.name, c.organisation, c.emails, c.phones) for c in contacts] == [
        ("Laure Serra", "MEAE", ["laure.serra@diplomatie.gouv.fr"], ["0143176897"]),
        ("Charlotte Foffano", "MEAE", ["charlotte.foffano@diplomatie.gouv.fr"], ["0143176334"]),
        ("Duncan Toulon", "MEFR", [], []),
        ("Alya Ben Haj", "AFD", [], []),
    ]
    assert contacts[0].span == contacts[1].span == Span(328, 331)


def test_names_joined_by_et_with_trailing_acronym():
    # engagement #5: "Elena Flanigan et Aurélie Bellon MEAE", e-mails matched to names
    contacts, _ = extract_contacts(lines_between(386, 400))
    assert [(c.name, c.organisation, c.emails) for c in contacts] == [
        ("Elena Flanigan", "MEAE", ["Elena.flanigan@diplomatie.gouv.fr"]),  # case as written
        ("Aurélie Bellon", "MEAE", ["aurelie.bellon@diplomatie.gouv.fr"]),
        ("Guilhem Arnal", "AFD", ["arnalg@afd.fr"]),
        ("Melissa Arslan", "AFD", ["arslanm@afd.fr"]),
    ]


def test_name_role_organisation_on_one_line():
    # engagement #30: "Caroline Guillot, directrice adjointe de la relation citoyenne, Health Data Hub"
    contacts, _ = extract_contacts(lines_between(2272, 2280))
    assert [(c.name, c.role, c.organisation) for c in contacts] == [
        ("Stéphanie Combes", "directrice HDH", None),
        ("Caroline Guillot", "directrice adjointe de la relation citoyenne", "Health Data Hub"),
    ]


def test_shared_signature_after_last_email():
    # engagement #23: the ANCT lines under the second contact sign for both
    contacts, _ = extract_contacts(lines_between(1832, 1848))
    org = "ANCT, Direction Générale Déléguée, Appui opérationnel et stratégique"
    assert [(c.name, c.organisation, c.span) for c in contacts] == [
        ("Matthieu Angotti", org, Span(1835, 1837)),
        ("Morgane Lursaki", org, Span(1839, 1847)),
    ]


def test_point_de_contact_bullets():
    contacts, parts = extract_contacts(lines_between(3145, 3149))
    assert [(c.name, c.emails, c.span) for c in contacts] == [
        ("Bastien Guerry", ["bastien.guerry@modernisation.gouv.fr"], Span(3147, 3147)),
        ("Mathilde Hoang", ["mathilde.hoang@modernisation.gouv.fr"], Span(3148, 3148)),
    ]
    assert [(p.kind, p.text) for p in parts] == [("boilerplate", "Point de contact :")]


def test_qualifying_line_is_a_note():
    # engagement #17: "Pour les expérimentations territoriales"
    contacts, parts = extract_contacts(lines_between(1357, 1379))
    assert [c.name for c in contacts] == ["Jean-François Thibous", "Daniel Coissard", "Céline Faivre"]
    assert contacts[0].role == "Directeur de projet auprès de la directrice des affaires juridiques"
    assert contacts[0].organisation == "MEFR"
    assert ("note", "Pour les expérimentations territoriales") in [(p.kind, p.text) for p in parts]


def test_contact_without_email_then_others():
    # engagement #57: "Adrien Haidar" has no e-mail
    contacts, _ = extract_contacts(lines_between(4022, 4034))
    assert [(c.name, c.emails) for c in contacts] == [
        ("Adrien Haidar", []),
        ("Pierre Dubreuil", ["Pierre.DUBREUIL@arcep.fr"]),
        ("Sandrine Elmi Hersi", ["Sandrine.ELMIHERSI@arcep.fr"]),
    ]


def test_mailbox_without_name():
    contacts, _ = extract_contacts([Line(1, "contact@example.fr")])
    assert [(c.name, c.emails, c.span) for c in contacts] == [(None, ["contact@example.fr"], Span(1, 1))]


def test_every_contact_section():
    sections = contact_sections()
    # 59 commitments; #33, #41, #42, #43, #52 and #53 have no contact section
    assert len(sections) == 53
    found: list[str] = []
    total = 0
    for number, lines in sections:
        contacts, parts = extract_contacts(lines)
        assert contacts, f"engagement #{number}: no contact"
        total += len(contacts)
        covered = {n for item in [*contacts, *parts] for n in item.span.lines()}
        missing = [line.number for line in lines if line.number not in covered]
        assert not missing, f"engagement #{number}: lines {missing} not covered"
        found.extend(email for c in contacts for email in c.emails)
    assert total == 94

    # every address written in a contact section (the back cover excepted),
    # found exactly as written, as often as written
    written = [
        m.group().rstrip(".,;")
        for _, lines in sections
        for line in lines
        if line.number < 4151
        for m in re.finditer(r"\S+@\S+", line.text)
    ]
    assert len(written) == 91
    assert sorted(found) == sorted(written)
    # and these are all the addresses of the commitments: only the back
    # cover's mailbox is outside a contact section
    in_document = [m.group() for line in document() for m in re.finditer(r"\S+@\S+", line.text)]
    assert len(in_document) == len(written) + 1


@pytest.mark.parametrize(
    ("number", "name"),
    [(1, "Henri Verdier"), (20, "Bertrand GOUILLART"), (38, "Pauline Lavagne d'Ortigue"), (59, "Christelle GUICHARD")],
)
def test_names_as_published(number, name):
    lines = dict(contact_sections())[number]
    assert extract_contacts(lines)[0][0].name == name

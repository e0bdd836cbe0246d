"""Web addresses in the document, checked against real passages."""

from __future__ import annotations

from functools import cache

import pytest

from ogpgraph import paths
from ogpgraph.model import Span, WebAddress
from ogpgraph.source.lines import SOURCE_NAME, Line, logical_lines, physical_lines
from ogpgraph.source.web import extract_web_addresses, normalise_url

SOURCE = paths.SOURCE_DIR / SOURCE_NAME


@cache
def _physical() -> tuple[str, ...]:
    return tuple(physical_lines(SOURCE.read_text(encoding="utf-8")))


@cache
def _document() -> tuple[Line, ...]:
    return tuple(logical_lines(list(_physical())))


def lines_in(first: int, last: int | None = None) -> list[Line]:
    last = first if last is None else last
    return [line for line in _document() if first <= line.number <= last]


def raw_line(number: int) -> Line:
    # The full URLs are Markdown autolinks, "<https://…>", which the line
    # reader currently strips as if they were HTML tags: read them raw.
    return Line(number, _physical()[number - 1])


def found(first: int, last: int | None = None) -> list[tuple[int, str, str]]:
    return [(w.span.start, w.text, w.url) for w in extract_web_addresses(lines_in(first, last))]


def test_full_urls_in_autolinks() -> None:
    assert extract_web_addresses([raw_line(527)]) == [
        WebAddress(url="https://biodiversite.gouv.fr/", text="https://biodiversite.gouv.fr/", span=Span(527, 527))
    ]
    (opendatafrance,) = extract_web_addresses([raw_line(1921)])
    # "(<https://www.opendatafrance.net>)": brackets and parenthesis are not part of it;
    # the empty path is normalised to "/".
    assert (opendatafrance.text, opendatafrance.url) == (
        "https://www.opendatafrance.net",
        "https://www.opendatafrance.net/",
    )
    assert [w.url for w in extract_web_addresses([raw_line(3112)])] == [
        "https://guides.etalab.gouv.fr/algorithmes/inventaire/",
        "https://www.opengovpartnership.org/stories/building-public-algorithm-registers-lessons-learned-from-the-french-approach/",
    ]


def test_www_names_get_https() -> None:
    assert found(771) + found(841) + found(1825) + found(4164) == [
        (771, "www.geoportail-urbanisme.gouv.fr", "https://www.geoportail-urbanisme.gouv.fr/"),
        (841, "www.1jeune1mentor.fr", "https://www.1jeune1mentor.fr/"),
        (1825, "www.territoires-en-commun.fr", "https://www.territoires-en-commun.fr/"),
        (4164, "www.modernisation.gouv.fr", "https://www.modernisation.gouv.fr/"),
    ]


def test_bare_domains_without_trailing_punctuation() -> None:
    # 299 and 818 end their sentence with the domain: "data.gouv.fr." "jeuxaider.gouv.fr."
    assert found(299) + found(818) + found(1141) + found(3358) == [
        (299, "data.gouv.fr", "https://data.gouv.fr/"),
        (818, "jeuxaider.gouv.fr", "https://jeuxaider.gouv.fr/"),
        (1141, "data.education.gouv.fr", "https://data.education.gouv.fr/"),
        (3358, "citoyens.transformation.gouv.fr", "https://citoyens.transformation.gouv.fr/"),
    ]
    # "(évolution de monmaster.gouv.fr, développement de ScanR- …)"
    assert found(2726) == [(2726, "monmaster.gouv.fr", "https://monmaster.gouv.fr/")]


def test_gouv_platform_names_including_the_broken_one() -> None:
    # "(data.gouv, api .gouv, code.gouv)": names of gouv.fr sites; the PDF put a space in "api .gouv".
    assert found(245) == [
        (245, "data.gouv", "https://data.gouv.fr/"),
        (245, "api .gouv", "https://api.gouv.fr/"),
        (245, "code.gouv", "https://code.gouv.fr/"),
    ]
    assert found(685) == [(685, "Beta.gouv", "https://beta.gouv.fr/")]
    assert found(1974) == [(1974, "justice.gouv", "https://justice.gouv.fr/")]
    # the same site written in full is the same URL
    assert found(1952) == [(1952, "justice.gouv.fr", "https://justice.gouv.fr/")]


@pytest.mark.parametrize(
    "number",
    [
        111,  # henri.verdier@diplomatie.gouv.fr
        1017,  # nicolas.babut@education.gouv.fr, 01 55 55 22 21
        1378,  # celine.faivre@bretagne.bzh
        3147,  # "- Bastien Guerry : bastien.guerry@modernisation.gouv.fr"
        3981,  # Lucile.PETIT@CSA.FR
        4165,  # gouvernement-ouvert.ditp@modernisation.gouv.fr
    ],
)
def test_email_addresses_are_not_web_addresses(number: int) -> None:
    assert "@" in raw_line(number).text
    assert extract_web_addresses([raw_line(number)]) == []


def test_one_address_per_line_per_url() -> None:
    # Two real mentions from lines 1952 and 1974 put on one line: one site.
    line = Line(1, "la refonte de justice.gouv.fr et l'écosystème justice.gouv")
    assert [(w.text, w.url) for w in extract_web_addresses([line])] == [
        ("justice.gouv.fr", "https://justice.gouv.fr/")
    ]


def test_normalise_url() -> None:
    assert normalise_url("HTTPS://WWW.Example.FR/Path") == "https://www.example.fr/Path"
    assert normalise_url("api .gouv") == "https://api.gouv.fr/"
    assert normalise_url("http://example.org") == "http://example.org/"


BARE = [
    (245, "https://data.gouv.fr/"),
    (245, "https://api.gouv.fr/"),
    (245, "https://code.gouv.fr/"),
    (299, "https://data.gouv.fr/"),
    (685, "https://beta.gouv.fr/"),
    (771, "https://www.geoportail-urbanisme.gouv.fr/"),
    (818, "https://jeuxaider.gouv.fr/"),
    (841, "https://www.1jeune1mentor.fr/"),
    (882, "https://jeuxaider.gouv.fr/"),
    (908, "https://jeuxaider.gouv.fr/"),
    (1141, "https://data.education.gouv.fr/"),
    (1354, "https://data.gouv.fr/"),
    (1825, "https://www.territoires-en-commun.fr/"),
    (1952, "https://justice.gouv.fr/"),
    (1974, "https://justice.gouv.fr/"),
    (2726, "https://monmaster.gouv.fr/"),
    (3013, "https://catalogue.numerique.gouv.fr/"),
    (3021, "https://code.gouv.fr/"),
    (3035, "https://code.gouv.fr/"),
    (3043, "https://code.gouv.fr/"),
    (3051, "https://code.gouv.fr/"),
    (3307, "https://modernisation.gouv.fr/"),
    (3358, "https://citoyens.transformation.gouv.fr/"),
    (3556, "https://modernisation.gouv.fr/"),
    (3557, "https://modernisation.gouv.fr/"),
    (3599, "https://participation-citoyenne.gouv.fr/"),
    (4164, "https://www.modernisation.gouv.fr/"),
]
AUTOLINKS = [
    (527, "https://biodiversite.gouv.fr/"),
    (593, "https://www.ecologie.gouv.fr/habiter-france-demain"),
    (595, "https://habiterfrancedemain.fr/"),
    (1921, "https://www.opendatafrance.net/"),
    (2875, "https://www.gouvernement.fr/les-actions-du-gouvernement"),
    (3111, "https://guides.etalab.gouv.fr/algorithmes/"),
    (3112, "https://guides.etalab.gouv.fr/algorithmes/inventaire/"),
    (3112, "https://www.opengovpartnership.org/stories/building-public-algorithm-registers-lessons-learned-from-the-french-approach/"),
    (3136, "https://www.opengovpartnership.org/stories/open-algorithms-experiences-from-france-the-netherlands-and-new-zealand/"),
    (3136, "https://www.opengovpartnership.org/stories/reflections-on-the-implementation-of-public-sector-algorithmic-policy/"),
]


def test_whole_document_raw_lines() -> None:
    every_line = [Line(n, text) for n, text in enumerate(_physical(), start=1)]
    assert [(w.span.start, w.url) for w in extract_web_addresses(every_line)] == sorted(BARE + AUTOLINKS, key=lambda hit: hit[0])


def test_whole_document_logical_lines() -> None:
    found = [(w.span.start, w.url) for w in extract_web_addresses(list(_document()))]
    # Whether the line reader keeps the autolinks is its business; everything
    # else must be found on the logical lines exactly as on the raw ones.
    assert [hit for hit in found if hit not in AUTOLINKS] == BARE
    assert {hit for hit in found if hit in AUTOLINKS} in (set(), set(AUTOLINKS))

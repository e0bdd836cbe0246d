"""The HTML pages for people: one per kind of resource, in French and English.

Unit tests with Flask's test client on the real graph: each page answers 200,
is well-formed HTML5 (html5lib, strict), embeds its JSON-LD, and shows what a
reader comes for (a chapter's commitments, a commitment's milestones, who
leads what, who cites a law…).
"""

import json
import re
from pathlib import Path

import html5lib
import pytest

from server import create_app

NS = "{http://www.w3.org/1999/xhtml}"
TEMPLATES = Path(__file__).resolve().parents[2] / "server" / "templates"

PLAN = "/id/fr/2021-2023"
C = PLAN + "/commitment/"
PAGES = {
    "plan": PLAN,
    "chapter": PLAN + "/chapter/3",
    "commitment": C + "37",
    "milestone": C + "12/milestone/3",
    "organisation": "/id/organisation/dinum",
    "person": "/id/person/henri-verdier",
    "legal": "/id/legal/reglement-ue-2016-679",
    "programme": "/id/programme/1-jeune-1-solution",
    "concept": "/id/ogp-value/civic-participation",
    "scheme": "/id/ogp-value",
    "other": C + "1/contact/1",
}


@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


def get(client, path, lang=None):
    r = client.get(path + (f"?lang={lang}" if lang else ""), headers={"Accept": "text/html"})
    assert r.status_code == 200, path
    assert r.content_type.startswith("text/html")
    return r.get_data(as_text=True)


def parse(html):
    """The document tree; html5lib in strict mode raises on any parse error."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(html)


def texts(element):
    """The text of ``element``, white space collapsed."""
    return " ".join("".join(element.itertext()).split())


def section(tree, heading_id):
    """The <section> labelled by the heading with ``heading_id``."""
    for s in tree.iter(NS + "section"):
        if s.get("aria-labelledby") == heading_id:
            return s
    raise AssertionError(f"no section labelled {heading_id}")


def links(element):
    return [a.get("href") for a in element.iter(NS + "a")]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", [*PAGES, "home"])
def test_page_is_well_formed_with_one_h1_and_jsonld(client, kind, lang):
    path = "/" if kind == "home" else PAGES[kind]
    html = get(client, path, lang)
    tree = parse(html)
    assert tree.get("lang") == lang
    assert len(list(tree.iter(NS + "h1"))) == 1
    # Headings never skip a level (h1 → h2 → h3).
    levels = [int(e.tag[-1]) for e in tree.iter() if isinstance(e.tag, str) and re.fullmatch(NS + r"h[1-6]", e.tag)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    # The language switch stays on the page.
    switch = next(a for a in tree.iter(NS + "a") if a.get("class") == "lang")
    assert switch.get("href") == "?lang=" + ("en" if lang == "fr" else "fr")
    scripts = [s for s in tree.iter(NS + "script")]
    if kind == "home":
        assert not scripts
    else:
        assert [s.get("type") for s in scripts] == ["application/ld+json"]
        json.loads(scripts[0].text)


def test_home_lists_chapters_commitments_and_counts(client):
    tree = parse(get(client, "/"))
    counts = texts(next(e for e in tree.iter(NS + "ul") if e.get("class") == "counts"))
    assert "14 chapitres" in counts and "59 engagements" in counts and "187 jalons" in counts
    chapters = section(tree, "chapters-h")
    hrefs = links(chapters)
    assert PLAN + "/chapter/3" in hrefs and C + "12" in hrefs and C + "59" in hrefs


def test_chapter_lists_its_commitments_with_period_and_lead(client):
    tree = parse(get(client, PAGES["chapter"]))
    assert "Ministère de l'Éducation nationale, de la Jeunesse et des Sports" in texts(tree.find(f".//{NS}h1"))
    listed = section(tree, "commitments-h")
    assert links(listed).count(C + "12") == 1
    assert [a for a in links(listed) if a.startswith(C)] == [C + str(n) for n in range(12, 17)]
    text = texts(listed)
    assert "#12 Renforcer l'engagement citoyen des jeunes" in text
    assert "2021-2023" in text and "/id/organisation/" in " ".join(links(listed))


def test_commitment_page_has_text_timeline_and_sources(client):
    html = get(client, PAGES["commitment"])
    tree = parse(html)
    timeline = next(e for e in tree.iter(NS + "ol") if e.get("class") == "timeline")
    milestones = timeline.findall(NS + "li")
    assert len(milestones) >= 25
    first = texts(milestones[0])
    assert "1.a Recherche Data Gouv" in first and "T3 2022 – T4 2023" in first
    assert tree.find(f".//{NS}time[@datetime='2022-07-01']") is not None
    for part in ("problem", "commitmentStatement", "solution", "relevance"):
        assert tree.find(f".//{NS}section[@id='{part}']") is not None, part
    # Line breaks are kept: each line of the problem is its own paragraph.
    problem = tree.find(f".//{NS}section[@id='problem']")
    assert len(problem.findall(f".//{NS}p")) >= 7
    assert "lignes 2663–2670" in texts(problem)
    # The whole commitment's source passage, with its line numbers and quote.
    prov = section(tree, "provenance-h")
    assert "lignes 2655–2808" in texts(prov) and prov.find(f".//{NS}pre").text.strip()
    # Contacts, actors, laws, programmes, web addresses.
    contacts = tree.find(f".//{NS}section[@id='contacts']")
    assert "/id/person/marin-dacos" in links(contacts)
    assert "mailto:Marin.dacos@recherche.gouv.fr" in links(contacts)
    assert "/id/legal/loi-2016-1321" in links(tree.find(f".//{NS}section[@id='citesLegalText']"))
    assert "https://monmaster.gouv.fr/" in links(tree.find(f".//{NS}section[@id='webAddress']"))
    assert "/id/ogp-value/access-to-information" in links(tree.find(f".//{NS}dl"))


def test_commitment_page_bullets_budgets_and_programmes(client):
    tree = parse(get(client, C + "1"))
    solution = tree.find(f".//{NS}section[@id='solution']")
    items = [texts(li) for li in solution.iter(NS + "li")]
    assert items[0].startswith("Faire de la promotion des communs numériques")
    tree = parse(get(client, C + "12"))
    budgets = texts(tree.find(f".//{NS}section[@id='budgets']"))
    assert "61 M€" in budgets and "61 000 000 EUR" in budgets and "programme 163" in budgets
    assert "/id/programme/1-jeune-1-solution" in links(tree.find(f".//{NS}section[@id='relatedProgramme']"))


def test_organisation_lists_commitments_led_and_involved(client):
    tree = parse(get(client, PAGES["organisation"]))
    assert "DINUM" in texts(tree.find(f".//{NS}dl"))
    led = [a for a in links(section(tree, "leads-h")) if a.startswith(C)]
    assert led == [C + "41", C + "43", C + "44", C + "47"]
    involved = section(tree, "involved-h")
    assert C + "12" in links(involved) and "acteur étatique" in texts(involved)


def test_organisation_lists_its_contacts_with_their_commitment(client):
    tree = parse(get(client, "/id/organisation/ditp"))
    contacts = section(tree, "contacts-h")
    hrefs = links(contacts)
    assert any(h.startswith("/id/person/") for h in hrefs)
    assert any(h.startswith(C) for h in hrefs)


def test_person_lists_their_commitments_and_roles(client):
    tree = parse(get(client, PAGES["person"]))
    listed = section(tree, "commitments-h")
    assert [a for a in links(listed) if a.startswith(C)] == [C + "1", C + "2"]
    assert "Ambassadeur pour le numérique" in texts(listed)
    tree = parse(get(client, "/id/person/sarah-prince-robin"))
    assert [a for a in links(section(tree, "commitments-h")) if a.startswith(C)] == [C + str(n) for n in range(6, 12)]


def test_legal_text_lists_citations_and_citing_commitments(client):
    tree = parse(get(client, PAGES["legal"]))
    assert "RGPD" in texts(section(tree, "citations-h"))
    assert [a for a in links(section(tree, "cited-h")) if a.startswith(C)] == [C + "31", C + "33", C + "55"]
    tree = parse(get(client, "/id/legal/loi-2016-1321"))
    citations = texts(section(tree, "citations-h"))
    assert "Loi pour une République numérique de 2016" in citations
    assert "pour une République numérique" in texts(section(tree, "eli-h"))


def test_programme_milestone_and_concept_pages(client):
    tree = parse(get(client, PAGES["programme"]))
    assert C + "12" in links(section(tree, "related-h"))
    tree = parse(get(client, PAGES["milestone"]))
    facts = tree.find(f".//{NS}dl")
    assert C + "12" in links(facts) and "S2 2022" in texts(facts)
    assert "1er juillet 2022" in texts(facts) and "31 décembre 2022" in texts(facts)
    tree = parse(get(client, PAGES["concept"]))
    tagged = [a for a in links(section(tree, "tagged-h")) if a.startswith(C)]
    assert C + "12" in tagged and len(tagged) >= 10


def test_a_programme_page_shows_the_words_as_written_and_where(client):
    # Read in the source (#12): "dispositif des éco-délégués" at 810, 821 and 894; "éco-délégués"
    # alone at 854, 856, 916 and 917
    written = section(parse(get(client, "/id/programme/eco-delegues")), "written-h")
    items = [texts(li) for li in written.iter(f"{NS}li")]
    assert items == ["dispositif des éco-délégués — lignes 810, 821, 894",
                     "éco-délégués — lignes 854, 856, 916, 917"]
    assert PLAN + "/source/lines/810-810" in links(written)
    # on the English page, the French words are marked as French
    written = section(parse(get(client, "/id/programme/eco-delegues", "en")), "written-h")
    assert [span.get("lang") for span in written.iter(f"{NS}span")] == ["fr", "fr"]


def test_english_ui_strings_and_links_keep_the_language(client):
    tree = parse(get(client, PAGES["commitment"], "en"))
    headings = [texts(h) for h in tree.iter(NS + "h2")]
    assert "Milestones (25)" in headings and "Public problem" in headings and "Jalons (25)" not in headings
    assert C + "37/milestone/1?lang=en" in links(tree)
    tree = parse(get(client, PAGES["organisation"], "en"))
    assert "Commitments led (4)" in [texts(h) for h in tree.iter(NS + "h2")]
    assert "31 December 2022" in texts(parse(get(client, PAGES["milestone"], "en")))
    # French pages link to the plain IRIs.
    assert C + "37/milestone/1" in links(parse(get(client, PAGES["commitment"])))


def test_no_data_is_marked_safe_in_templates():
    for template in TEMPLATES.glob("*.html"):
        for use in re.findall(r"\{\{[^}]*\|\s*safe[^}]*\}\}", template.read_text()):
            assert use.replace(" ", "") == "{{jsonld|safe}}", (template.name, use)


# -- everything one click away: the data, from every page ------------------------------------------

DATA_LINKS = ["/id/dataset", "/id/dataset#downloads", "/def/ogp", "/def/shapes", "/shacl/report", "/sparql",
              "/fragments", "/reconcile", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"]
OTHER_PAGES = {"dataset": "/id/dataset", "shapes": "/def/shapes", "search": "/search?q=dinum", "sparql": "/sparql"}


def _without_lang(href: str) -> str:
    return href.replace("?lang=en", "")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", [*PAGES, "home", *OTHER_PAGES])
def test_every_page_links_the_data_and_the_licence(client, kind, lang):
    path = "/" if kind == "home" else PAGES.get(kind) or OTHER_PAGES[kind]
    r = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}", headers={"Accept": "text/html"})
    assert r.status_code == 200, path
    tree = parse(r.get_data(as_text=True))
    footer = next(f for f in tree.iter(NS + "footer") if f.get("class") == "site-data")
    hrefs = links(footer)
    assert [_without_lang(h) for h in hrefs] == DATA_LINKS
    # Pages that follow the language keep it; the others (the report, the manifest) have one
    assert all(("?lang=en" in h) == (lang == "en" and h.split("?")[0].split("#")[0] in (
        "/id/dataset", "/def/ogp", "/def/shapes", "/sparql", "/fragments")) for h in hrefs)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_home_presents_the_data_with_how_to_add_the_reconciliation_service(client, lang):
    tree = parse(get(client, "/", lang))
    data = section(tree, "data-title")
    assert [_without_lang(h) for h in links(data)] == DATA_LINKS
    assert "OpenRefine" in texts(data) and "/reconcile" in texts(data)
    assert ("The data" if lang == "en" else "Les données") in texts(data)


def test_each_data_link_answers_through_a_real_server(server_url):
    import requests

    for href in DATA_LINKS[:-1]:  # the licence is Etalab's page, not ours (no network here)
        r = requests.get(server_url + href.split("#")[0], headers={"Accept": "text/html"}, timeout=60)
        assert r.status_code == 200, href


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_commitment_page_shows_what_the_ogp_registry_says(client, lang):
    """Registry id and link, English title, policy areas and the IRM's fields, as read from FR0062's page
    (data/ttl/ogp-registry.ttl, irm-review.ttl), in the page's language."""
    tree = parse(get(client, C + "12", lang))
    registry = next(s for s in tree.iter(NS + "section") if s.get("id") == "registry")
    text = texts(registry)
    assert "https://www.opengovpartnership.org/members/france/commitments/FR0062/" in links(registry)  # the registry's own form
    assert "Increase civic engagement opportunities for youth" in text
    for area in ("Education", "Environment and Climate", "Inclusion", "Public Service Delivery", "Youth"):
        assert area in text
    labels = {"fr": ("Ambition selon le MEI", "Vérifiable selon le MEI"), "en": ("IRM: ambition", "IRM: verifiable")}
    assert all(label in text for label in labels[lang])
    values = [dd.text for dd in registry.iter(NS + "dd") if dd.get("lang") == "en"]
    assert "Low" in values and "Yes" in values and "No IRM Data" in values  # English values, marked as such


def test_legal_texts_show_their_official_publication_on_their_page_and_where_cited(client):
    eu = parse(get(client, "/id/legal/reglement-ue-2016-679"))
    assert "http://data.europa.eu/eli/reg/2016/679/oj" in links(eu)  # RGPD: EUR-Lex (before: no link at all)
    law = parse(get(client, "/id/legal/loi-2018-1202"))
    assert "https://www.legifrance.gouv.fr/eli/loi/2018/12/22/2018-1202/jo/texte" in links(law)
    cited = next(s for s in parse(get(client, C + "37")).iter(NS + "section") if s.get("id") == "citesLegalText")
    assert "https://www.legifrance.gouv.fr/eli/loi/2016/10/7/2016-1321/jo/texte" in links(cited)


def test_legal_texts_show_their_official_title_in_the_pages_language(client):
    """The document cites many texts by a short name ("RGPD", "loi dite « Sapin II »", "CCP"): their
    page gives the official full title, in English too for an EU act; a French-only title on an
    English page is marked lang="fr"."""
    def full_title(path, lang):
        dd = next(d for d in parse(get(client, path, lang)).iter(NS + "dd") if d.get("class") == "full-title")
        marked = [e.get("lang") for e in dd.iter(NS + "span") if e.get("lang")]
        return texts(dd), marked

    gdpr = "/id/legal/reglement-ue-2016-679"
    fr, marked = full_title(gdpr, "fr")
    assert fr.startswith("Règlement (UE) 2016/679 du Parlement européen") and not marked
    en, marked = full_title(gdpr, "en")
    assert en.startswith("Regulation (EU) 2016/679 of the European Parliament") and not marked
    sapin, marked = full_title("/id/legal/loi-2016-1691", "en")
    assert sapin.startswith("Loi n° 2016-1691 du 9 décembre 2016 relative à la transparence") and marked == ["fr"]
    assert full_title("/id/legal/code-commande-publique", "fr") == ("Code de la commande publique", [])


@pytest.mark.parametrize("words", ["Loi pour une République numérique", "Code de la commande publique",
                                   "lutte contre la corruption"])
def test_legal_texts_are_found_by_their_full_title(client, words):
    expected = {"Loi pour une République numérique": "loi-2016-1321", "Code de la commande publique":
                "code-commande-publique", "lutte contre la corruption": "loi-2016-1691"}[words]
    found = client.get("/search", query_string={"q": words, "type": "legal"},
                       headers={"Accept": "application/json"}).get_json()
    assert found["results"][0]["iri"].endswith("/legal/" + expected)


@pytest.mark.parametrize("words", ["GDPR", "RGPD", "2016/679", "règlement général sur la protection des données",
                                   "General Data Protection Regulation"])
def test_the_gdpr_is_found_by_every_name_and_its_number(client, words):
    """Its common names in both languages and its number, from the verified reference table (before:
    /search?q=GDPR found nothing and /reconcile gave another law for "2016/679")."""
    gdpr = "https://w3id.org/ogpgraph/id/legal/reglement-ue-2016-679"
    found = client.get("/search", query_string={"q": words}, headers={"Accept": "application/json"}).get_json()
    assert found["results"][0]["iri"] == gdpr
    answer = client.post("/reconcile", data={"queries": json.dumps({"q0": {"query": words}})}).get_json()
    best = answer["q0"]["result"][0]
    assert best["id"] == "legal/reglement-ue-2016-679" and best["match"] is True


def test_english_pages_use_the_registry_english_titles_and_mark_french_ones(client):
    """The OGP registry gives English titles for 29 commitments: English pages show them; where
    there is none, the French title is shown marked lang="fr" (before: French titles everywhere)."""
    en = parse(get(client, C + "12", "en"))
    assert texts(next(en.iter(NS + "h1"))).endswith("Increase civic engagement opportunities for youth")
    fr = parse(get(client, C + "12", "fr"))
    assert texts(next(fr.iter(NS + "h1"))).endswith("Renforcer l'engagement citoyen des jeunes")
    untitled = next(parse(get(client, C + "13", "en")).iter(NS + "h1"))
    assert [s.get("lang") for s in untitled.iter(NS + "span") if s.get("lang")] == ["fr"]
    home = parse(get(client, "/", "en"))
    listed = texts(home)
    assert "Increase civic engagement opportunities for youth" in listed
    assert "Renforcer l'engagement citoyen des jeunes" not in listed


def test_the_lead_heading_is_the_documents_in_french_and_the_interfaces_in_english(client):
    fr = [texts(dt) for dt in parse(get(client, C + "12", "fr")).iter(NS + "dt")]
    en = [texts(dt) for dt in parse(get(client, C + "12", "en")).iter(NS + "dt")]
    assert "Ministère porteur" in fr and "Ministère porteur" not in en and "Lead" in en


# -- one language per page: a crawl of every page kind -----------------------------------------------

def _words_outside_other_languages(element, page_lang: str, out: list[str], lang: str | None = None) -> list[str]:
    """The page's text nodes, stripped, except those inside an element marked with another language."""
    lang = element.get("lang") or lang
    if element.tag in (NS + "script", NS + "style", NS + "code", NS + "pre"):
        return out
    if lang in (None, page_lang):
        for text in (element.text, *(child.tail for child in element)):
            if text and text.strip():
                out.append(" ".join(text.split()))
    for child in element:
        _words_outside_other_languages(child, page_lang, out, lang)
    return out


def test_no_interface_string_or_data_label_of_the_other_language(client):
    """Every page kind in both languages: no text node is one of the other language's interface
    strings (server/strings.py, where the two languages differ) or data labels (the document's lead
    headings), unless marked with that language."""
    from ogpgraph.source.document import LEAD_HEADINGS
    from server.strings import STRINGS

    others = {
        "en": {v["fr"] for v in STRINGS.values() if v["fr"] != v["en"] and len(v["fr"]) > 3}
              | set(LEAD_HEADINGS.values()),
        "fr": {v["en"] for v in STRINGS.values() if v["fr"] != v["en"] and len(v["en"]) > 3},
    }
    paths = {"home": "/", **PAGES, **OTHER_PAGES, "report": "/shacl/report"}
    for lang in ("fr", "en"):
        for kind, path in paths.items():
            r = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}", headers={"Accept": "text/html"})
            assert r.status_code == 200, path
            texts_ = _words_outside_other_languages(parse(r.get_data(as_text=True)), lang, [])
            wrong = sorted({t for t in texts_ if t.rstrip(" :") in others[lang]})
            assert not wrong, (lang, kind, wrong)


def _one_language_literals() -> dict[str, set[str]]:
    """Strings of the data that exist in one language only, by that language: every @fr or @en
    literal whose subject has no value in the other language for the same property, whole and
    line by line (the document's texts are shown a line at a time, bullets without their dash)."""
    import pyoxigraph as ox

    from ogpgraph.paths import ROOT

    store = ox.Store()
    for path in sorted((ROOT / "data" / "ttl").glob("*.ttl")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    by_statement: dict[tuple, dict[str, list[str]]] = {}
    for s, p, o, _ in store.quads_for_pattern(None, None, None, None):
        if isinstance(o, ox.Literal) and o.language in ("fr", "en"):
            by_statement.setdefault((s, p), {}).setdefault(o.language, []).append(o.value)
    only: dict[str, set[str]] = {"fr": set(), "en": set()}
    written: dict[str, set[str]] = {"fr": set(), "en": set()}  # every literal, by language
    for values in by_statement.values():
        for lang, literals in values.items():
            written[lang].update(" ".join(v.split()) for v in literals)
        if len(values) == 1:
            (lang, literals), = values.items()
            for literal in literals:
                for line in (literal, *literal.splitlines()):
                    line = " ".join(line.split()).removeprefix("- ")
                    if len(line) > 12:
                        only[lang].add(line)
    # A string the data also gives in the other language (a name, an acronym: "Safer Internet Day"
    # is a French label and an English one) belongs to neither
    return {"fr": only["fr"] - written["en"], "en": only["en"] - written["fr"]}


def test_data_in_the_other_language_is_marked_with_its_language(client):
    """On every page kind in both languages, a string of the data that exists only in the other
    language (the document's French on English pages; the OGP registry's and IRM's English on
    French pages) is inside an element marked with that language, so that screen readers,
    translation tools and search engines read it right (before: unmarked, but for titles)."""
    literals = _one_language_literals()
    paths = {"home": "/", **PAGES, **OTHER_PAGES, "report": "/shacl/report", "registry": C + "12"}
    unmarked = {}
    for lang, other in (("fr", "en"), ("en", "fr")):
        for kind, path in paths.items():
            r = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}", headers={"Accept": "text/html"})
            assert r.status_code == 200, path
            shown = _words_outside_other_languages(parse(r.get_data(as_text=True)), lang, [])
            wrong = sorted({t for t in shown if t in literals[other]})
            if wrong:
                unmarked[lang, kind] = (len(wrong), wrong[:4])
    assert not unmarked, unmarked

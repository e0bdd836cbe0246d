"""``/search`` over real HTTP: JSON and HTML results linking to the IRIs, errors, escaping, contacts modes."""

from urllib.parse import parse_qs, urlsplit

import html5lib
import pytest
import requests

BASE = "https://w3id.org/ogpgraph/"
DINUM = BASE + "id/organisation/dinum"
H = "{http://www.w3.org/1999/xhtml}"
HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)> données & \'dinum\''


def search(url, accept="application/json", **params):
    return requests.get(url + "/search", params=params, headers={"Accept": accept}, timeout=60)


def test_json_results_link_to_the_iris(server_url):
    r = search(server_url, q="DINUM")
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/json"
    assert "Accept" in r.headers["Vary"]
    body = r.json()
    top = body["results"][0]
    assert (top["iri"], top["url"], top["type"]) == (DINUM, "/id/organisation/dinum", "organisation")
    assert top["label"] == "Direction interministérielle du numérique"
    assert "http://www.w3.org/ns/org#Organization" in top["types"]
    assert body["total"] == len(body["results"]) == sum(body["facets"].values())
    # Every result's url dereferences to the resource with that IRI.
    for hit in body["results"]:
        page = requests.get(server_url + hit["url"] + ".nt", timeout=30)
        assert page.status_code == 200 and f"<{hit['iri']}>" in page.text
    # Snippets show the words found: the highlights point at "DINUM" in the text.
    with_snippet = [h for h in body["results"] if h["snippet"]]
    assert with_snippet and all(h["snippet"][a:b].lower() == "dinum" for h in with_snippet for a, b in h["highlights"])


def test_accents_and_case_do_not_matter(server_url):
    a = search(server_url, q="Interministérielle", limit=100).json()
    b = search(server_url, q="INTERMINISTERIELLE", limit=100).json()
    assert a["total"] == b["total"] > 1 and [h["iri"] for h in a["results"]] == [h["iri"] for h in b["results"]]


def test_type_filter_and_pages(server_url):
    everything = search(server_url, q="transparence", limit=100).json()
    commitments = search(server_url, q="transparence", type="commitment", limit=100).json()
    assert commitments["total"] == everything["facets"]["commitment"] < everything["total"]
    assert {h["type"] for h in commitments["results"]} == {"commitment"}
    first = search(server_url, q="transparence", limit=10).json()
    second = requests.get(server_url + first["next"], timeout=60).json()
    assert second["offset"] == 10
    assert [h["iri"] for h in first["results"] + second["results"]] == [h["iri"] for h in everything["results"][:20]]


def test_html_results_for_browsers(server_url):
    r = search(server_url, accept="text/html,application/xhtml+xml,*/*;q=0.8", q="communs numériques")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/html; charset=utf-8"
    doc = html5lib.parse(r.text)
    results = doc.find(f".//{H}ul[@class='results']")
    links = [a.get("href") for a in results.iter(f"{H}a")]
    assert "/id/fr/2021-2023/commitment/1" in links
    marks = {m.text.lower() for m in results.iter(f"{H}mark")}
    assert marks & {"commun", "communs"} and marks & {"numérique", "numériques"}
    english = search(server_url, accept="text/html", q="communs numériques", lang="en")
    assert "/id/fr/2021-2023/commitment/1?lang=en" in english.text and "results" in english.text


def test_a_hostile_query_is_escaped(server_url):
    r = search(server_url, accept="text/html", q=HOSTILE)
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text and "<img src=x" not in r.text
    doc = html5lib.parse(r.text)
    assert not list(doc.iter(f"{H}script")) and not list(doc.iter(f"{H}img"))
    assert doc.find(f".//{H}input[@id='q']").get("value") == HOSTILE
    j = search(server_url, q=HOSTILE).json()
    assert j["query"] == HOSTILE


def test_no_query_is_the_search_page_for_browsers_and_400_for_json(server_url):
    page = search(server_url, accept="text/html")
    assert page.status_code == 200 and html5lib.parse(page.text).find(f".//{H}input[@id='q']") is not None
    r = search(server_url, q="   ")
    assert r.status_code == 400 and "missing query" in r.json()["error"]


@pytest.mark.parametrize("params, message", [
    ({"q": "x" * 201}, "at most 200"),
    ({"q": "?!"}, "no letters or digits"),
    ({"q": "dinum", "limit": "1000"}, "limit must be between"),
    ({"q": "dinum", "offset": "-3"}, "offset must be a whole number"),
    ({"q": "dinum", "type": "unicorn"}, "unknown type"),
])
def test_bad_requests_say_why(server_url, params, message):
    r = search(server_url, **params)
    assert r.status_code == 400 and message in r.json()["error"]
    page = search(server_url, accept="text/html", **params)
    assert page.status_code == 400 and message in page.text and "Traceback" not in page.text


def test_unacceptable_type_is_406(server_url):
    r = search(server_url, accept="image/png", q="dinum")
    assert r.status_code == 406 and "application/json" in r.text


def test_a_contact_is_found_in_full_mode(server_url):
    hits = search(server_url, q="Verdier").json()["results"]
    assert [h["iri"] for h in hits] == [BASE + "id/person/henri-verdier"]


SURNAMES = ("Verdier", "Lucchesi", "Dacos", "Letourneau")  # contacts the document names


@pytest.mark.parametrize("mode", ["none", "role"])
def test_withheld_names_cannot_be_found(server_url, start_server, mode):
    url = start_server("--contacts", mode)
    for surname in SURNAMES:
        published = search(server_url, q=surname).json()
        assert published["facets"].get("person") == 1, surname  # found when names are published...
        withheld = search(url, q=surname)
        assert withheld.status_code == 200
        assert "person" not in withheld.json()["facets"], (mode, surname)  # ...but not when withheld
        assert surname not in str(withheld.json()["results"])
    assert search(url, q="Henri Verdier").json()["total"] == 0


def test_every_page_has_a_search_box_and_the_language_switch_keeps_the_search(server_url):
    home = html5lib.parse(requests.get(server_url + "/", headers={"Accept": "text/html"}, timeout=30).text)
    box = home.find(f".//{H}form[@role='search']")
    assert box is not None and box.get("action") == "/search"
    page = requests.get(server_url + "/search", params={"q": "données ouvertes", "type": "commitment"},
                        headers={"Accept": "text/html"}, timeout=30)
    switch = html5lib.parse(page.text).find(f".//{H}a[@class='lang']")
    target = parse_qs(urlsplit(switch.get("href")).query)
    assert target == {"q": ["données ouvertes"], "type": ["commitment"], "lang": ["en"]}


def test_milestone_hits_link_their_commitment(server_url):
    r = requests.get(server_url + "/search", params={"q": "1ère publication"}, headers={"Accept": "text/html"},
                     timeout=30)
    assert r.status_code == 200 and '<a href="/id/fr/2021-2023/commitment/16">' in r.text
    data = requests.get(server_url + "/search", params={"q": "1ère publication"},
                        headers={"Accept": "application/json"}, timeout=30).json()
    milestone = next(h for h in data["results"] if h["type"] == "milestone")
    assert milestone["commitment"] == {"iri": "https://w3id.org/ogpgraph/id/fr/2021-2023/commitment/16",
                                       "url": "/id/fr/2021-2023/commitment/16", "number": 16}

"""Dereferencing over real HTTP with real clients (requests, rdflib)."""

import json

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from ogpgraph import paths

DATA_DIR = paths.DATA_DIR
OGP = Namespace("https://w3id.org/ogpgraph/def/ogp#")
BASE = "https://w3id.org/ogpgraph/"
C12 = "/id/fr/2021-2023/commitment/12"

FORMATS = [
    ("text/turtle", "turtle", "ttl"),
    ("application/ld+json", "json-ld", "jsonld"),
    ("application/rdf+xml", "xml", "rdf"),
    ("application/n-triples", "nt", "nt"),
]


@pytest.mark.parametrize("media_type,rdflib_format,ext", FORMATS)
def test_each_rdf_format_parses_and_holds_the_title(server_url, media_type, rdflib_format, ext):
    r = requests.get(server_url + C12, headers={"Accept": media_type}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == media_type
    assert r.headers["Vary"] == "Accept"
    assert r.headers["Content-Location"] == f"{C12}.{ext}"
    g = Graph().parse(data=r.content, format=rdflib_format)
    assert (URIRef(BASE + C12[1:]), DCTERMS.title,
            Literal("Renforcer l'engagement citoyen des jeunes", lang="fr")) in g
    assert (URIRef(BASE + C12[1:]), RDF.type, OGP.Commitment) in g


@pytest.mark.parametrize("ext,media_type", [(e, m) for m, _, e in FORMATS] + [("html", "text/html")])
def test_extension_overrides_accept(server_url, ext, media_type):
    r = requests.get(f"{server_url}{C12}.{ext}", headers={"Accept": "image/png"}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == media_type


@pytest.mark.parametrize("accept,expected", [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),  # a browser
    ("*/*", "text/turtle"),
    ("application/ld+json;q=0.5, text/turtle;q=0.4", "application/ld+json"),
    ("text/turtle;q=0.1, application/n-triples", "application/n-triples"),
    ("application/json", "application/ld+json"),
    ("text/*", "text/turtle"),
])
def test_q_values(server_url, accept, expected):
    r = requests.get(server_url + C12, headers={"Accept": accept}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == expected


def test_406_lists_offered_types(server_url):
    r = requests.get(server_url + C12, headers={"Accept": "image/png"}, timeout=10)
    assert r.status_code == 406
    assert "text/turtle" in r.text and "application/ld+json" in r.text


def test_link_alternates(server_url):
    r = requests.head(server_url + C12, headers={"Accept": "text/turtle"}, timeout=10)
    assert r.status_code == 200
    links = requests.utils.parse_header_links(r.headers["Link"])
    assert {(ln["url"], ln["type"]) for ln in links} >= {
        (f"{C12}.ttl", "text/turtle"), (f"{C12}.html", "text/html"), (f"{C12}.jsonld", "application/ld+json")}
    assert r.text == ""


@pytest.mark.parametrize("accept,media_type", [("text/html", "text/html"), ("text/turtle", "text/plain")])
def test_404_for_unknown_iri(server_url, accept, media_type):
    r = requests.get(server_url + "/id/fr/2021-2023/commitment/60", headers={"Accept": accept}, timeout=10)
    assert r.status_code == 404
    assert r.headers["Content-Type"].split(";")[0] == media_type
    assert "commitment/60" in r.text


def test_rdflib_dereferences_the_iri(server_url):
    g = Graph()
    g.parse(server_url + "/id/organisation/dinum")  # rdflib's own Accept header and parser choice
    dinum = URIRef(BASE + "id/organisation/dinum")
    assert (dinum, RDF.type, URIRef("http://www.w3.org/ns/org#Organization")) in g
    # An organisation's description lists the commitments it leads.
    assert set(g.subjects(OGP.leadOrganisation, dinum))


def test_ontology_term_dereferences_to_the_ontology(server_url):
    r = requests.get(server_url + "/def/ogp", headers={"Accept": "text/turtle"}, timeout=10)
    g = Graph().parse(data=r.content, format="turtle")
    assert (OGP.Commitment, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in g


def test_host_header_does_not_matter(server_url):
    r = requests.get(server_url + C12, headers={"Accept": "text/turtle", "Host": "elsewhere.example"}, timeout=10)
    assert r.status_code == 200
    assert BASE + C12[1:] in r.text


def test_html_commitment_page(server_url):
    r = requests.get(server_url + "/id/fr/2021-2023/commitment/1", headers={"Accept": "text/html"}, timeout=10)
    assert r.status_code == 200
    assert "Politique européenne de soutien aux communs numériques" in r.text
    assert "henri.verdier@diplomatie.gouv.fr" in r.text
    assert "Présidence française de l'Union européenne (1er janvier 2022 – 30 juin 2022)" in r.text.replace("&#39;", "'")
    # Embedded JSON-LD parses.
    start = r.text.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(r.text[start:r.text.index("</script>", start)])
    assert "@context" in data
    g = Graph().parse(data=json.dumps(data), format="json-ld")
    assert (URIRef(BASE + "id/fr/2021-2023/commitment/1"), RDF.type, OGP.Commitment) in g


def test_jsonld_is_compacted_with_the_published_context(server_url):
    r = requests.get(server_url + C12, headers={"Accept": "application/ld+json"}, timeout=10)
    doc = r.json()
    published = requests.get(server_url + "/context.jsonld", timeout=10).json()
    assert doc["@context"] == published["@context"]
    nodes = doc.get("@graph", [doc])
    c12 = next(n for n in nodes if n.get("id") == BASE + C12[1:])
    # The French title of the document, and the English one read from the OGP registry.
    assert c12["title"]["fr"] == "Renforcer l'engagement citoyen des jeunes"
    assert set(c12["title"]) == {"fr", "en"}


def test_conditional_get_and_caching_headers(server_url):
    r = requests.get(server_url + C12, headers={"Accept": "text/turtle"}, timeout=10)
    etag, modified = r.headers["ETag"], r.headers["Last-Modified"]
    assert etag.startswith('"') and not etag.startswith('W/')
    assert "max-age" in r.headers["Cache-Control"]
    again = requests.get(server_url + C12, headers={"Accept": "text/turtle", "If-None-Match": etag}, timeout=10)
    assert again.status_code == 304 and again.content == b""
    since = requests.get(server_url + C12, headers={"Accept": "text/turtle", "If-Modified-Since": modified},
                         timeout=10)
    assert since.status_code == 304
    # Another representation has another validator.
    other = requests.get(server_url + C12, headers={"Accept": "application/n-triples", "If-None-Match": etag},
                         timeout=10)
    assert other.status_code == 200 and other.headers["ETag"] != etag


def test_cors_on_get_and_head(server_url):
    for method in (requests.get, requests.head):
        r = method(server_url + C12, headers={"Origin": "https://example.org"}, timeout=10)
        assert r.headers["Access-Control-Allow-Origin"] == "*"


def test_html_language_switch(server_url):
    fr = requests.get(server_url + C12, headers={"Accept": "text/html"}, timeout=10)
    en = requests.get(server_url + C12 + "?lang=en", headers={"Accept": "text/html"}, timeout=10)
    by_header = requests.get(server_url + C12, headers={"Accept": "text/html", "Accept-Language": "en"}, timeout=10)
    assert "Jalons" in fr.text and "Milestones" in en.text and "Milestones" in by_header.text
    assert "Accept-Language" in fr.headers["Vary"]


def test_health(server_url):
    r = requests.get(server_url + "/health", timeout=10)
    assert r.status_code == 200
    body = r.json()
    data_files = sorted(DATA_DIR.glob("*.ttl"))  # one named graph per built file
    assert body["status"] == "ok" and len(body["graphs"]) == len(data_files) + 2
    assert [g["kind"] for g in body["graphs"]] == ["data"] * len(data_files) + ["ontology", "shapes"]
    assert all(g["triples"] > 0 for g in body["graphs"])

"""``ogpgraph serve --contacts none|role``: what the service withholds, over real HTTP.

Real servers in each mode; every representation (HTML and the four RDF formats)
of every commitment, contact and person of the built data, and the home page,
is fetched and scanned as text:

* ``none`` and ``role``: no e-mail address, no phone number, no contact's name,
  and no person (``/id/person/…`` IRIs, which spell the name, answer 404 and are
  linked from nowhere);
* ``role``: the contacts' roles are still there;
* ``none``: the contacts themselves are gone (404).

The plan's institutional mailbox (``dcat:contactPoint``, not a person's) is
published in every mode by design, so it is the one address allowed. A
positive control checks that the same scan does find e-mails, phones and names
on the default (``full``) server. SPARQL and dumps are tested elsewhere.
"""

import concurrent.futures
import html
import json
import re
import threading

import pytest
import requests
from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, FOAF, RDF

from ogpgraph import paths

BASE = "https://w3id.org/ogpgraph/"
DATA = paths.DATA_DIR
OGP = Namespace("https://w3id.org/ogpgraph/def/ogp#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EXTENSIONS = ("html", "ttl", "jsonld", "rdf", "nt")

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# French numbers as the plan writes them (01 40 45 95 23, 0143176334) or as tel: IRIs (+33140459523).
PHONE = re.compile(r"(?<![\w+])(?:\+33|0)\s?[1-9](?:[ .-]?\d{2}){4}(?!\d)|\btel:")
UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def local(iri: str) -> str:
    return "/" + iri[len(BASE):]


@pytest.fixture(scope="module")
def data():
    """What the full build publishes: the resources to scan and the details to look for."""
    g = Graph()
    for path in sorted(DATA.glob("*.ttl")):
        g.parse(path, format="turtle")

    def of_type(cls):
        return sorted(str(s) for s in set(g.subjects(RDF.type, cls)))

    d = {
        "commitments": of_type(OGP.Commitment),
        "contacts": of_type(OGP.Contact),
        "persons": of_type(FOAF.Person),
        "names": sorted({str(n) for n in g.objects(None, VCARD.fn)} | {str(n) for n in g.objects(None, FOAF.name)}),
        "roles": {str(c): str(r) for c, r in g.subject_objects(VCARD.role)},
        "institutional": {str(e).removeprefix("mailto:").lower()
                          for point in g.objects(None, DCAT.contactPoint)
                          for e in g.objects(point, VCARD.hasEmail)},
    }
    # The data has what the scan is about (else the tests below would prove nothing).
    assert len(d["commitments"]) > 50 and len(d["contacts"]) > 50 and len(d["persons"]) > 50
    assert "Henri Verdier" in d["names"] and len(d["roles"]) > 50
    return d


def fetch_all(url: str, paths: list[str]) -> dict[str, tuple[int, str]]:
    """path → (status, text to scan), a few requests at a time."""
    state = threading.local()
    sessions: list[requests.Session] = []

    def get(path: str) -> tuple[str, tuple[int, str]]:
        if not hasattr(state, "session"):
            state.session = requests.Session()
            sessions.append(state.session)
        r = state.session.get(url + path, headers={"Accept": "text/html"}, timeout=15)
        text = r.content.decode("utf-8")
        # Undo the escapes each format may use, so a name is found however it is written.
        text += "\n" + html.unescape(text)
        if path.endswith(".jsonld") and r.status_code == 200:
            text += "\n" + json.dumps(json.loads(r.content), ensure_ascii=False)
        if path.endswith((".nt", ".ttl")):
            text += "\n" + UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
        return path, (r.status_code, text)

    try:
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            return dict(pool.map(get, paths))
    finally:
        for s in sessions:
            s.close()


def representations(iris: list[str]) -> list[str]:
    return [f"{local(iri)}.{ext}" for iri in iris for ext in EXTENSIONS]


@pytest.fixture(scope="module", params=["none", "role"])
def scan(request, start_server, data):
    mode = request.param
    url = start_server("--contacts", mode)
    paths = ["/", "/?lang=en"] + representations(data["commitments"] + data["contacts"] + data["persons"])
    return mode, fetch_all(url, paths)


def leaks(pages: dict[str, tuple[int, str]], find) -> list[str]:
    """``path: hits`` for each page where ``find(text)`` finds something. 404 pages are
    not scanned: they only echo the path that was asked for."""
    found = []
    for path, (status, text) in sorted(pages.items()):
        if status == 404:
            continue
        hits = sorted(set(find(text)))
        if hits:
            found.append(f"{path}: {', '.join(hits[:5])}")
    return found


def report(what: str, mode: str, found: list[str]) -> str:
    return f"--contacts {mode}: {what} in {len(found)} representations:\n" + "\n".join(found[:40])


def test_no_server_error_and_main_pages_answer(scan, data):
    mode, pages = scan
    bad = [f"{p}: {status}" for p, (status, _) in pages.items() if status not in (200, 404)]
    assert not bad, bad[:20]
    must = ["/"] + representations(data["commitments"])
    assert [p for p in must if pages[p][0] != 200] == []


def test_no_email_address(scan, data):
    mode, pages = scan
    found = leaks(pages, lambda t: (m for m in EMAIL.findall(t) if m.lower() not in data["institutional"]))
    assert not found, report("e-mail addresses", mode, found)


def test_no_phone_number(scan):
    mode, pages = scan
    found = leaks(pages, lambda t: (m.strip() for m in PHONE.findall(t)))
    assert not found, report("phone numbers", mode, found)


def test_no_contact_name(scan, data):
    mode, pages = scan
    names = [n.casefold() for n in data["names"]]

    def find(text: str) -> list[str]:
        text = text.casefold()
        return [n for n in names if n in text]

    found = leaks(pages, find)
    assert not found, report("contact names", mode, found)


def test_no_person(scan, data):
    mode, pages = scan
    answering = [p for p in representations(data["persons"]) if pages[p][0] != 404]
    assert not answering, report("person resources answer", mode, answering)
    found = leaks(pages, lambda t: re.findall(r"id/person/[\w-]+", t))
    assert not found, report("links to persons", mode, found)


def test_contacts_are_gone_or_keep_their_role(scan, data):
    mode, pages = scan
    if mode == "none":
        answering = [p for p in representations(data["contacts"]) if pages[p][0] != 404]
        assert not answering, report("contacts answer", mode, answering)
        return
    missing = [f"{local(c)}.{ext}" for c, role in data["roles"].items() for ext in EXTENSIONS
               if pages[f"{local(c)}.{ext}"][0] != 200 or role not in pages[f"{local(c)}.{ext}"][1]]
    assert not missing, report("role missing", mode, missing)
    # A commitment page shows its contacts' roles.
    c12 = pages["/id/fr/2021-2023/commitment/12.html"][1]
    assert "Secrétaire générale adjointe" in c12
    assert "Conseiller stratégie numérique auprès de la Secrétaire générale" in c12


def test_the_scan_finds_details_on_the_full_server(server_url, data):
    """Positive control: the same fetch and patterns find what the full mode publishes."""
    pages = fetch_all(server_url, ["/id/fr/2021-2023/commitment/12.html", "/id/fr/2021-2023/commitment/12.nt",
                                   "/id/fr/2021-2023/commitment/1/contact/1.jsonld", "/id/person/henri-verdier.ttl"])
    c12 = pages["/id/fr/2021-2023/commitment/12.html"][1]
    assert "pierre.oudot@jeunesse-sports.gouv.fr" in EMAIL.findall(c12)
    assert "01 40 45 95 23" in PHONE.findall(c12)
    assert "Pierre Oudot" in c12
    assert "tel:" in PHONE.findall(pages["/id/fr/2021-2023/commitment/12.nt"][1])
    assert "henri.verdier@diplomatie.gouv.fr" in EMAIL.findall(pages["/id/fr/2021-2023/commitment/1/contact/1.jsonld"][1])
    assert pages["/id/person/henri-verdier.ttl"][0] == 200
    assert "Henri Verdier" in pages["/id/person/henri-verdier.ttl"][1]


@pytest.mark.parametrize("mode", ["none", "role"])
def test_sparql_answers_hold_no_contact_details(start_server, data, mode):
    """The query workers load the same withheld store: SPARQL cannot reach what pages hide."""
    url = start_server("--contacts", mode) + "/sparql"
    dump_all = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    # The data graphs only: the ontology and shapes document the "tel:" form in their texts.
    graphs = [f"https://w3id.org/ogpgraph/graph/{stem}"
              for stem in ("fr-2021-2023", "fr-2021-2023-provenance", "vocabularies")]
    r = requests.post(url, data={"query": dump_all, "default-graph-uri": graphs},
                      headers={"Accept": "application/n-triples"}, timeout=60)
    assert r.status_code == 200 and len(r.text) > 100_000
    emails = [m for m in EMAIL.findall(r.text) if m.lower() not in data["institutional"]]
    assert emails == []
    assert [m for m in PHONE.findall(r.text)] == []
    assert "Henri Verdier" not in r.text

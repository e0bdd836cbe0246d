"""Retired IRIs answer 410 Gone over real HTTP (docs/iris.md), and contradictions stop the server.

The data has no retired IRI yet, so a fixture list retires IRIs the data does
not hold (tests/server/fixtures/retired-iris.yaml): one with a successor of
ours, one without, a graph IRI, and one replaced by another registry's IRI.
"""

import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS, XSD

from ogpgraph.ports import free_port

BASE = "https://w3id.org/ogpgraph/"
FIXTURE = Path(__file__).parent / "fixtures" / "retired-iris.yaml"
MERGED = BASE + "id/organisation/direction-interministerielle-du-numerique"
DINUM = BASE + "id/organisation/dinum"
WITHDRAWN = BASE + "id/fr/2021-2023/commitment/60"
H = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def url(start_server):
    return start_server("--retired-iris", str(FIXTURE))



def local(iri: str) -> str:
    return "/" + iri.removeprefix(BASE)


def test_a_retired_iri_answers_410_with_its_successor(url):
    r = requests.get(url + local(MERGED), headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 410
    assert r.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert r.headers["Link"] == f'<{DINUM}>; rel="successor-version"'
    assert r.links["successor-version"]["url"] == DINUM
    assert "Accept" in r.headers["Vary"]
    g = Graph().parse(data=r.text, format="turtle")
    s = URIRef(MERGED)
    assert (s, OWL.deprecated, Literal(True)) in g
    assert (s, DCTERMS.isReplacedBy, URIRef(DINUM)) in g
    assert (s, DCTERMS.modified, Literal("2024-03-01", datatype=XSD.date)) in g
    assert str(g.value(s, SKOS.changeNote)) == "the same body as dinum, its name spelled out"
    # ...and the successor is live.
    assert requests.get(url + local(DINUM), headers={"Accept": "text/turtle"}, timeout=30).status_code == 200


def test_a_retired_iri_without_successor_has_no_link(url):
    r = requests.get(url + local(WITHDRAWN) + ".nt", timeout=30)
    assert r.status_code == 410 and "Link" not in r.headers
    g = Graph().parse(data=r.text, format="nt")
    assert (URIRef(WITHDRAWN), OWL.deprecated, Literal(True)) in g
    assert g.value(URIRef(WITHDRAWN), DCTERMS.isReplacedBy) is None


def test_browsers_get_a_page_with_the_successor_link_and_escaped_reason(url):
    r = requests.get(url + local(MERGED), headers={"Accept": "text/html"}, timeout=30)
    assert r.status_code == 410 and r.headers["Content-Type"] == "text/html; charset=utf-8"
    doc = html5lib.parse(r.text)
    links = [a.get("href") for a in doc.iter(f"{H}a") if a.get("rel") == "successor-version"]
    assert links == [local(DINUM)]
    withdrawn = requests.get(url + local(WITHDRAWN) + ".html", timeout=30)
    assert withdrawn.status_code == 410
    assert "a commitment counted twice, withdrawn &lt;b&gt;without&lt;/b&gt; a successor" in withdrawn.text
    assert not list(html5lib.parse(withdrawn.text).iter(f"{H}b"))


def test_json_ld_clients_get_json_ld(url):
    r = requests.get(url + local(MERGED), headers={"Accept": "application/ld+json"}, timeout=30)
    assert r.status_code == 410 and r.headers["Content-Type"].startswith("application/ld+json")
    g = Graph().parse(data=r.text, format="json-ld")
    assert (URIRef(MERGED), DCTERMS.isReplacedBy, URIRef(DINUM)) in g


def test_a_retired_graph_iri_and_a_successor_elsewhere(url):
    r = requests.get(url + "/graph/facts", timeout=30)
    assert r.status_code == 410 and r.links["successor-version"]["url"] == BASE + "graph/fr-2021-2023"
    r = requests.get(url + "/id/programme/old-programme", timeout=30)
    assert r.status_code == 410 and r.links["successor-version"]["url"] == "https://example.org/programmes/42"


def test_other_iris_are_unchanged(url):
    assert requests.get(url + "/id/fr/2021-2023/commitment/61", timeout=30).status_code == 404
    assert requests.get(url + "/graph/fr-2021-2023", timeout=30).status_code == 200  # a live graph: its triples
    assert requests.get(url + "/id/fr/2021-2023/commitment/59.ttl", timeout=30).status_code == 200


def test_without_the_fixture_the_same_iri_is_404(server_url):
    r = requests.get(server_url + local(MERGED), headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 404


@pytest.mark.parametrize("entry, message", [
    (f"  - iri: {DINUM}\n    date: 2024-03-01\n    reason: wrongly retired\n", "is retired but still in the data"),
    (f"  - iri: {MERGED}\n    successor: {BASE}id/organisation/nowhere\n    date: 2024-03-01\n    reason: r\n",
     "is not in the data"),
])
def test_a_server_refuses_to_start_on_a_contradiction(tmp_path, entry, message):
    retired = tmp_path / "retired.yaml"
    retired.write_text("retired:\n" + entry, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "ogpgraph", "serve", "--host", "127.0.0.1",
                           "--port", str(free_port()), "--retired-iris", str(retired)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2
    assert message in proc.stderr and str(retired) in proc.stderr
    assert "Traceback" not in proc.stderr

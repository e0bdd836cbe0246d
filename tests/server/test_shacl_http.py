"""SHACL over HTTP: GET /shacl/report and POST /shacl/validate against a real server.

The untrusted-input rules are checked from outside: remote JSON-LD contexts and
RDF/XML external entities point at a local listener that must see no connection,
and at a local file whose content must not come back.
"""

import json
import threading
import time
from pathlib import Path

import html5lib
import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

FIXTURES = Path(__file__).resolve().parents[1] / "shapes" / "fixtures"
GOOD = (FIXTURES / "ActionPlan" / "good.ttl").read_bytes()
BAD = (FIXTURES / "ActionPlan" / "bad.ttl").read_bytes()
PLAN = URIRef("https://w3id.org/ogpgraph/id/fr/2021-2023")
REPORT_TIMEOUT = 120  # the first GET computes the report (seconds of pyshacl, per web worker)
TIMEOUT = 30
TURTLE = {"Content-Type": "text/turtle"}


def post(url: str, body: bytes, content_type: str = "text/turtle", accept: str = "text/turtle", **params):
    return requests.post(url + "/shacl/validate", data=body, params=params, timeout=TIMEOUT,
                         headers={"Content-Type": content_type, "Accept": accept})


# -- GET /shacl/report -------------------------------------------------------------------------

def test_report_turtle_conforms_with_etag(server_url):
    r = requests.get(server_url + "/shacl/report", headers={"Accept": "text/turtle"}, timeout=REPORT_TIMEOUT)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=r.content, format="turtle")
    report = g.value(None, RDF.type, SH.ValidationReport, any=False) or next(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(report, SH.conforms) == Literal(True)
    etag = r.headers["ETag"]
    again = requests.get(server_url + "/shacl/report", headers={"Accept": "text/turtle", "If-None-Match": etag},
                         timeout=REPORT_TIMEOUT)
    assert again.status_code in (200, 304)  # 304 from the worker that computed it; the other worker agrees:
    if again.status_code == 200:
        assert again.headers["ETag"] == etag


def test_report_concurrent_first_requests_agree(server_url):
    results = []

    def get():
        results.append(requests.get(server_url + "/shacl/report", headers={"Accept": "application/ld+json"},
                                    timeout=REPORT_TIMEOUT))

    threads = [threading.Thread(target=get) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(REPORT_TIMEOUT + 5)
    assert [r.status_code for r in results] == [200] * 4
    # Whichever web worker answered, the same bytes and so the same ETag.
    assert len({r.content for r in results}) == 1
    assert len({r.headers["ETag"] for r in results}) == 1
    g = Graph().parse(data=results[0].content, format="json-ld")
    assert (None, SH.conforms, Literal(True)) in g


def test_report_html_for_browsers_406_otherwise(server_url):
    r = requests.get(server_url + "/shacl/report", timeout=REPORT_TIMEOUT,
                     headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert "Rapport de validation SHACL" in r.text and "sont conformes" in r.text
    r = requests.get(server_url + "/shacl/report", headers={"Accept": "application/rdf+xml"}, timeout=TIMEOUT)
    assert r.status_code == 406


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_page_is_a_page_of_the_site_linking_to_this_server(server_url, lang):
    r = requests.get(server_url + "/shacl/report", params={"lang": lang}, headers={"Accept": "text/html"},
                     timeout=REPORT_TIMEOUT)
    assert r.status_code == 200 and {v.strip() for v in r.headers["Vary"].split(",")} >= {"Accept", "Accept-Language"}
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(r.text)
    assert tree.get("lang") == lang
    assert tree.find(".//header/nav") is not None and tree.find(".//footer[@class='site-data']") is not None
    assert tree.find(".//h1").text == ("SHACL validation report" if lang == "en" else "Rapport de validation SHACL")
    rows = tree.findall(".//table[@class='report']/tbody/tr")
    assert rows, "the shipped data has warnings and infos to show"
    focus_links = [a.get("href") for row in rows for a in row.findall("./td[2]/a")]
    assert focus_links and all(h.startswith("/id/") for h in focus_links)  # this server's pages, not w3id
    assert requests.get(server_url + focus_links[0], headers={"Accept": "text/html"}, timeout=30).status_code == 200
    assert tree.find(".//div[@class='table-scroll']/table") is not None  # wide tables scroll inside the page


# -- POST /shacl/validate ----------------------------------------------------------------------

def test_good_fixture_conforms(server_url):
    r = post(server_url, GOOD)
    assert r.status_code == 200, r.text
    assert r.headers["OGPGraph-Conforms"] == "true"
    g = Graph().parse(data=r.content, format="turtle")
    assert (None, SH.conforms, Literal(True)) in g
    r = post(server_url, GOOD, accept="application/json")
    assert r.json() == {"conforms": True, "exit_code": 0, "threshold": "violation",
                        "results": {"violation": 0, "warning": 0, "info": 0}}


def test_bad_fixture_does_not_conform_and_names_the_focus_node(server_url):
    r = post(server_url, BAD, accept="application/ld+json")
    assert r.status_code == 200, r.text
    assert r.headers["OGPGraph-Conforms"] == "false"
    g = Graph().parse(data=r.content, format="json-ld")
    assert (None, SH.conforms, Literal(False)) in g
    assert (None, SH.focusNode, PLAN) in g
    summary = post(server_url, BAD, accept="application/json").json()
    assert summary["conforms"] is False and summary["exit_code"] == 1 and summary["results"]["violation"] >= 1
    text = post(server_url, BAD, accept="text/plain").text
    assert str(PLAN) in text and "does not conform" in text


def test_other_syntaxes(server_url):
    g = Graph().parse(data=GOOD, format="turtle")
    for media, fmt in [("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
                       ("application/ld+json", "json-ld")]:
        r = post(server_url, g.serialize(format=fmt, encoding="utf-8"), media, "application/json")
        assert r.status_code == 200, (media, r.text)
        assert r.json()["conforms"] is True, media


def test_unsupported_media_type_is_415(server_url):
    r = post(server_url, GOOD, "text/plain")
    assert r.status_code == 415
    assert "text/turtle" in r.text


def test_a_body_over_the_other_routes_limit_is_validated(server_url):
    """1.1 MB: over --max-request-bytes (1 MB), under --max-validate-bytes (50 MB): validators send
    whole datasets. The limit itself, however the body is framed: tests/server/test_bodies.py."""
    body = b"# padding\n" * 110_000 + b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
    r = post(server_url, body)
    assert r.status_code == 200, r.text[:300]


def test_broken_turtle_is_400_with_line(server_url):
    r = post(server_url, b"@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b .\n")
    assert r.status_code == 400
    assert "cannot parse request body:3" in r.text


def test_shapes_graph_in_data_is_not_honoured(server_url):
    # The data names other shapes (that would accept anything) and imports another ontology:
    # neither is read; the bad fixture still fails on our shapes.
    extra = (b"\n<> <http://www.w3.org/ns/shacl#shapesGraph> <http://127.0.0.1:9/shapes.ttl> ;\n"
             b"   <http://www.w3.org/2002/07/owl#imports> <http://127.0.0.1:9/onto.ttl> .\n")
    r = post(server_url, BAD + extra, accept="application/json")
    assert r.status_code == 200 and r.json()["conforms"] is False


@pytest.mark.parametrize("context", [
    "http://127.0.0.1:{port}/context.jsonld",
    ["http://127.0.0.1:{port}/context.jsonld"],
    {"@import": "http://127.0.0.1:{port}/context.jsonld", "ex": "http://ex/"},
])
def test_remote_jsonld_context_is_refused_without_fetching(server_url, listener, context):
    text = json.dumps({"@context": context, "@id": "http://ex/a", "ex:p": "x"})
    r = post(server_url, text.replace("{port}", str(listener.port)).encode(), "application/ld+json")
    assert r.status_code == 400
    assert "remote JSON-LD context" in r.text
    time.sleep(0.5)
    assert listener.connections == 0


def test_rdfxml_external_entities_are_refused(server_url, listener):
    secret = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").is_file() else None
    doc = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY file SYSTEM "file:///etc/hostname">
  <!ENTITY net SYSTEM "http://127.0.0.1:{listener.port}/entity">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">
  <rdf:Description rdf:about="http://ex/a"><ex:p>&file;</ex:p><ex:q>&net;</ex:q></rdf:Description>
</rdf:RDF>
"""
    for body in (doc.encode(), doc.replace('"1.0"?>', '"1.0" encoding="UTF-16"?>').encode("utf-16")):
        for accept in ("text/turtle", "text/plain"):
            r = post(server_url, body, "application/rdf+xml", accept)
            assert r.status_code == 400
            assert "DOCTYPE" in r.text
            if secret:
                assert secret not in r.text
    dtd = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:{listener.port}/rdf.dtd">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>
"""
    assert post(server_url, dtd.encode(), "application/rdf+xml").status_code == 400
    time.sleep(0.5)
    assert listener.connections == 0


def test_time_limit_is_503(start_server):
    url = start_server("--validate-timeout", "1")
    # Twenty copies of a commitment-rich fixture, each under its own base IRI: seconds of validation.
    body = b"".join(BAD.replace(b"@base <https://w3id.org/ogpgraph/id/>",
                                f"@base <https://w3id.org/ogpgraph/id/copy{i}/>".encode()) for i in range(20))
    assert len(body) < 1_000_000
    started = time.monotonic()
    r = post(url, body)
    elapsed = time.monotonic() - started
    assert r.status_code == 503
    assert "time limit" in r.text
    assert elapsed < 15
    # The server still answers afterwards.
    assert post(url, b"<http://ex/a> <http://ex/b> <http://ex/c> .", accept="application/json").status_code == 200


def test_the_report_is_made_once_per_machine_and_shared_by_the_workers(tmp_path, monkeypatch):
    """Two workers (two apps) sharing a cache directory: the first validates and writes the report;
    the second reads its files and never validates (before, every worker spent ~7 s on its first
    browser load)."""
    from ogpgraph.config import Settings
    from server import create_app, shacl

    settings = Settings(cache_dir=tmp_path / "cache")
    first = create_app(settings).test_client().get("/shacl/report", headers={"Accept": "text/turtle"})
    assert first.status_code == 200
    written = list((tmp_path / "cache").glob("shacl-report-*/report.ttl"))
    assert len(written) == 1 and written[0].read_bytes() == first.data

    def must_not_validate(store):
        raise AssertionError("a second worker validated again")

    monkeypatch.setattr(shacl, "_make_report", must_not_validate)
    second = create_app(settings).test_client()
    for accept in ("text/turtle", "text/html", "application/ld+json"):
        r = second.get("/shacl/report", headers={"Accept": accept})
        assert r.status_code == 200 and r.mimetype == accept.split(";")[0]
    assert second.get("/shacl/report", headers={"Accept": "text/turtle"}).data == first.data


def test_a_report_too_large_to_make_is_refused_not_made_in_the_request(tmp_path, monkeypatch):
    """Above the limit no request validates the published data (minutes and gigabytes in a worker):
    503, saying why and what to do, without Retry-After (it is not a passing condition)."""
    from ogpgraph.config import Settings
    from server import create_app, shacl

    def must_not_validate(store):
        raise AssertionError("a request validated the published data")

    monkeypatch.setattr(shacl, "_make_report", must_not_validate)
    monkeypatch.setattr(shacl, "REPORT_MAX_TRIPLES", 1000)
    client = create_app(Settings(cache_dir=tmp_path / "cache")).test_client()
    for accept in ("text/turtle", "text/html", "application/json"):
        r = client.get("/shacl/report", headers={"Accept": accept})
        assert r.status_code == 503 and "Retry-After" not in r.headers
        assert "ogpgraph validate" in r.get_data(as_text=True) and "1,000 triples" in r.get_data(as_text=True)
    assert not list((tmp_path / "cache").glob("shacl-report-*/report.*"))

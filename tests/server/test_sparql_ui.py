"""The SPARQL query page (server/sparql_ui.py, templates/sparql.html, static/sparql.js).

Unit tests with Flask's test client: the page for browsers and the Service
Description for RDF clients at the same URL, the examples JSON, the vendor route.
Browser tests with headless Chromium (Playwright) against a real server: pick an
example from the menu, run it, compare the table with the endpoint's own answer,
follow a result link, download results, and the same without the editor library.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest
import requests
from rdflib import Graph

from ogpgraph.config import Settings
from server import create_app, sparql_ui

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
JSON_RESULTS = "application/sparql-results+json"
TINY_TTL = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ogpgraph/id/thing> rdfs:label "thing" .
"""


# --- unit tests (Flask test client) ------------------------------------------------------------

@pytest.fixture(scope="module")
def client():
    return create_app().test_client()


def small_app(tmp_path: Path):
    """An app over a one-triple graph (fast to build): for tests that patch the module's paths."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "tiny.ttl").write_text(TINY_TTL, encoding="utf-8")
    return create_app(Settings(data_dir=data))


def test_browser_gets_the_query_page(client):
    r = client.get("/sparql", headers={"Accept": BROWSER_ACCEPT})
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    assert {v.strip() for v in r.headers["Vary"].split(",")} >= {"Accept", "Accept-Language"}
    html = r.get_data(as_text=True)
    assert '<textarea id="sparql-query" name="query"' in html
    assert '<form id="sparql-form" class="sparql" action="/sparql" method="get">' in html
    # The editor starts with our prefixes.
    for prefix, iri in [("ogp", "https://w3id.org/ogpgraph/def/ogp#"), ("dcterms", "http://purl.org/dc/terms/"),
                        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
                        ("skos", "http://www.w3.org/2004/02/skos/core#"), ("org", "http://www.w3.org/ns/org#"),
                        ("foaf", "http://xmlns.com/foaf/0.1/"), ("vcard", "http://www.w3.org/2006/vcard/ns#"),
                        ("prov", "http://www.w3.org/ns/prov#"), ("schema", "https://schema.org/"),
                        ("xsd", "http://www.w3.org/2001/XMLSchema#")]:
        assert f"PREFIX {prefix}: &lt;{iri}&gt;" in html
    # One menu entry per example query.
    for example in sparql_ui.load_examples(sparql_ui.EXAMPLES_DIR):
        assert f'<option value="{example["name"]}">' in html
    assert "/static/sparql.js" in html
    # Conditional GET works for the page as for every other representation.
    again = client.get("/sparql", headers={"Accept": BROWSER_ACCEPT, "If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304


def test_page_language(client):
    html = client.get("/sparql?lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<title>Query the graph (SPARQL)" in html
    html = client.get("/sparql", headers={"Accept": "text/html", "Accept-Language": "fr"}).get_data(as_text=True)
    assert "<title>Interroger le graphe (SPARQL)" in html


@pytest.mark.parametrize("accept, media_type", [
    ("text/turtle", "text/turtle"),
    (None, "text/turtle"),
    ("*/*", "text/turtle"),
    ("text/turtle, text/html", "text/turtle"),  # a tie goes to RDF
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml;q=1, text/html;q=0.5", "application/rdf+xml"),
])
def test_rdf_clients_get_the_service_description(client, accept, media_type):
    r = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert r.status_code == 200
    assert r.mimetype == media_type
    assert "Accept" in r.headers["Vary"]
    fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/rdf+xml": "xml"}[media_type]
    graph = Graph().parse(data=r.data, format=fmt)
    assert any(str(o) == "http://www.w3.org/ns/sparql-service-description#Service" for o in graph.objects())


def test_examples_json_lists_the_query_files(client):
    r = client.get("/sparql/examples")
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    examples = r.get_json()
    files = sorted(sparql_ui.EXAMPLES_DIR.glob("*.rq"))
    assert [e["name"] for e in examples] == [f.stem for f in files]
    for example, path in zip(examples, files):
        assert set(example) == {"name", "title", "answers", "query"}
        assert example["query"] == path.read_text(encoding="utf-8")
        header = re.search(r"^#\s*Title:\s*(.+)$", example["query"], re.MULTILINE | re.IGNORECASE)
        if header:
            assert example["title"] == header.group(1).strip()


def test_load_examples_reads_the_header(tmp_path):
    (tmp_path / "b-second.rq").write_text(
        "# Title: Second one\n# Answers: Which things are there, listed with\n# their labels?\n"
        "# A note that is not part of the answer.\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    (tmp_path / "a_first.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("# Title: not a query\n", encoding="utf-8")
    (tmp_path / "c-broken.rq").write_bytes(b"# Title: \xff\xfe\n")
    examples = sparql_ui.load_examples(tmp_path)
    assert [e["name"] for e in examples] == ["a_first", "b-second"]
    assert examples[0]["title"] == "a first" and examples[0]["answers"] == ""
    assert examples[1]["title"] == "Second one"
    assert examples[1]["answers"] == "Which things are there, listed with their labels?"
    assert sparql_ui.load_examples(tmp_path / "missing") == []


def test_examples_are_escaped_in_the_page(tmp_path, monkeypatch):
    hostile = '<script>alert("x")</script>'
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "x.rq").write_text(f"# Title: {hostile}\n# Answers: {hostile}\nASK {{}}\n", encoding="utf-8")
    monkeypatch.setattr(sparql_ui, "EXAMPLES_DIR", queries)
    client = small_app(tmp_path).test_client()
    html = client.get("/sparql", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert hostile not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert client.get("/sparql/examples").get_json()[0]["title"] == hostile


@pytest.mark.parametrize("path", [
    "/static/vendor/yasqe/../../../pyproject.toml",
    "/static/vendor/yasqe/..%2F..%2F..%2Fpyproject.toml",
    "/static/vendor/yasqe/../yasqe/yasqe.min.js",
    "/static/vendor/yasqe/%2e%2e/%2e%2e/package.json",
    "/static/vendor/yasqe//etc/passwd",
    "/static/vendor/yasqe/package.json",
    "/static/vendor/yasqe/yasqe.min.js.map",
    "/static/vendor/yasqe/",
])
def test_vendor_route_serves_only_listed_files(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert b"[project]" not in r.data and b"root:" not in r.data


def test_vendor_files(client):
    for name, (relative, media_type) in sparql_ui.VENDOR_FILES.items():
        with client.get(f"/static/vendor/yasqe/{name}") as r:  # a file response: closed after use
            if (sparql_ui.NODE_MODULES / relative).is_file():
                assert r.status_code == 200
                assert r.mimetype == media_type
                assert r.data == (sparql_ui.NODE_MODULES / relative).read_bytes()
            else:
                assert r.status_code == 404


def test_page_without_the_library(tmp_path, monkeypatch):
    """No node_modules (npm not installed): the plain form, and no links to missing files."""
    monkeypatch.setattr(sparql_ui, "NODE_MODULES", tmp_path / "node_modules")
    client = small_app(tmp_path).test_client()
    html = client.get("/sparql", headers={"Accept": BROWSER_ACCEPT}).get_data(as_text=True)
    assert "/static/vendor/" not in html
    assert '<textarea id="sparql-query" name="query"' in html and 'id="sparql-run"' in html
    assert client.get("/static/vendor/yasqe/yasqe.min.js").status_code == 404


# --- browser tests (headless Chromium against a real server) -----------------------------------

@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                              args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.errors = []  # uncaught script errors and failed requests, checked by each test
    page.on("pageerror", lambda exc: page.errors.append(f"script error: {exc}"))
    page.on("response", lambda r: page.errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    yield page
    context.close()


def ask(server_url: str, query: str, accept: str = JSON_RESULTS) -> requests.Response:
    r = requests.post(server_url + "/sparql", data={"query": query}, headers={"Accept": accept}, timeout=30)
    assert r.status_code == 200, r.text
    return r


def open_page(page, server_url: str, library: bool = True) -> None:
    if not library:
        page.route("**/static/vendor/**", lambda route: route.abort())
    page.goto(server_url + "/sparql")
    page.wait_for_selector("#sparql-example[data-ready='true']")
    if library and sparql_ui.NODE_MODULES.joinpath(sparql_ui.VENDOR_FILES["yasqe.min.js"][0]).is_file():
        page.wait_for_selector(".yasqe .CodeMirror")  # the library's editor replaced the text area
        assert page.is_hidden("#sparql-query")
    else:
        assert page.locator(".CodeMirror").count() == 0
        assert page.is_visible("#sparql-query")


def editor_text(page) -> str:
    return page.evaluate("() => { const cm = document.querySelector('.CodeMirror');"
                         " return cm ? cm.CodeMirror.getValue() : document.getElementById('sparql-query').value; }")


def set_editor_text(page, text: str) -> None:
    page.evaluate("(text) => { const cm = document.querySelector('.CodeMirror');"
                  " if (cm) cm.CodeMirror.setValue(text); else document.getElementById('sparql-query').value = text; }",
                  text)


def run(page) -> None:
    page.click("#sparql-run")
    page.wait_for_function("() => { const s = document.getElementById('sparql-results');"
                           " return !s.hidden && !s.hasAttribute('aria-busy'); }")


def check_table(page, server_url: str, expected: dict) -> None:
    """The results table shows the endpoint's JSON answer ``expected``: columns, rows, values, links."""
    variables = expected["head"]["vars"]
    bindings = expected["results"]["bindings"]
    assert page.locator("#sparql-output table thead th").all_inner_texts() == variables
    rows = page.locator("#sparql-output table tbody tr")
    assert rows.count() == min(len(bindings), 1000)
    base = Settings().base_iri
    for i, binding in enumerate(bindings[:15]):
        cells = rows.nth(i).locator("td")
        for j, var in enumerate(variables):
            cell = cells.nth(j)
            term = binding.get(var)
            if term is None:
                assert cell.inner_text() == ""
            elif term["type"] == "uri":
                link = cell.locator("a.iri")
                assert link.get_attribute("title") == term["value"]
                if term["value"].startswith(base):
                    assert link.get_attribute("href") == "/" + term["value"][len(base):]
            elif term["type"] == "literal":
                assert cell.locator(".value").text_content() == term["value"]


def pick_example(server_url: str) -> dict:
    """An example SELECT query, a chapter or organisation listing if there is one."""
    examples = requests.get(server_url + "/sparql/examples", timeout=10).json()
    selects = [e for e in examples if re.search(r"^\s*SELECT\b", e["query"], re.MULTILINE | re.IGNORECASE)]
    assert selects, "queries/ has no example SELECT query"
    for word in ("chapter", "organisation"):
        preferred = [e for e in selects if word in e["name"]]
        if preferred:
            return preferred[0]
    return selects[0]


def test_run_an_example_from_the_menu(server_url, page):
    example = pick_example(server_url)
    expected = ask(server_url, example["query"]).json()
    assert expected["results"]["bindings"], f"example {example['name']} has no answer to compare with"
    open_page(page, server_url)
    assert "PREFIX ogp: <https://w3id.org/ogpgraph/def/ogp#>" in editor_text(page)  # preloaded prefixes
    page.select_option("#sparql-example", example["name"])
    assert editor_text(page) == example["query"]
    if example["answers"]:
        assert page.inner_text("#sparql-answers") == example["answers"]
    run(page)
    check_table(page, server_url, expected)
    assert page.errors == []


def test_default_query_and_result_links(server_url, page):
    """The preloaded query (the chapters) runs with Ctrl+Enter; an IRI in the results opens our page."""
    open_page(page, server_url)
    expected = ask(server_url, editor_text(page)).json()
    assert len(expected["results"]["bindings"]) > 5
    page.click(".CodeMirror" if page.locator(".CodeMirror").count() else "#sparql-query")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#sparql-output table tbody tr")
    check_table(page, server_url, expected)
    first = expected["results"]["bindings"][0]
    with page.expect_navigation():
        page.locator("#sparql-output tbody tr").first.locator("a.iri").first.click()
    base = Settings().base_iri
    assert page.url == server_url + "/" + first["chapter"]["value"][len(base):]
    assert first["title"]["value"] in page.inner_text("h1")
    assert page.errors == []


def test_downloads(server_url, page, tmp_path):
    open_page(page, server_url)
    # Solutions: CSV, byte for byte what the endpoint sends for that Accept header.
    query = editor_text(page)
    run(page)
    labels = page.locator("#sparql-downloads button").all_inner_texts()
    assert labels == ["JSON", "XML", "CSV", "TSV"]
    with page.expect_download() as info:
        page.click("#sparql-downloads button[data-type='text/csv']")
    assert info.value.suggested_filename == "results.csv"
    assert Path(info.value.path()).read_bytes() == ask(server_url, query, "text/csv").content
    # A graph: shown as a table of triples, offered in the four RDF formats.
    construct = sparql_ui.prefix_block() + (
        "CONSTRUCT { ?c dcterms:title ?t } WHERE { ?c a ogp:Chapter ; dcterms:title ?t }")
    expected = Graph().parse(data=ask(server_url, construct, "text/turtle").text, format="turtle")
    set_editor_text(page, construct)
    run(page)
    assert page.locator("#sparql-output table thead th").all_inner_texts() == ["subject", "predicate", "object"]
    assert page.locator("#sparql-output table tbody tr").count() == len(expected)
    assert page.locator("#sparql-downloads button").all_inner_texts() == ["Turtle", "JSON-LD", "RDF/XML", "N-Triples"]
    for media_type, fmt in [("text/turtle", "turtle"), ("application/ld+json", "json-ld")]:
        with page.expect_download() as info:
            page.click(f"#sparql-downloads button[data-type='{media_type}']")
        graph = Graph().parse(data=Path(info.value.path()).read_text(encoding="utf-8"), format=fmt)
        assert graph.isomorphic(expected)
    assert page.errors == []


def test_errors_are_shown_as_text(server_url, page):
    open_page(page, server_url)
    set_editor_text(page, "SELECT ?x WHERE { <script>alert(1)</script> }")
    run(page)
    assert page.locator("#sparql-output pre.error").count() == 1
    assert page.locator("#sparql-output script").count() == 0
    assert "400" in page.inner_text("#sparql-status")
    page.errors[:] = [e for e in page.errors if not e.startswith("400 ")]
    assert page.errors == []


def test_without_the_library(server_url, page):
    """The editor's files unavailable: the plain text area, the menu and the table still work."""
    example = pick_example(server_url)
    expected = ask(server_url, example["query"]).json()
    open_page(page, server_url, library=False)
    page.select_option("#sparql-example", example["name"])
    assert page.input_value("#sparql-query") == example["query"]
    run(page)
    check_table(page, server_url, expected)
    page.errors[:] = [e for e in page.errors if "/static/vendor/" not in e]
    assert page.errors == []


def test_ask_query(server_url, page):
    open_page(page, server_url)
    set_editor_text(page, sparql_ui.prefix_block() + "ASK { ?c a ogp:Chapter }")
    run(page)
    assert page.inner_text("#sparql-output .boolean") == "True"
    assert json.loads(ask(server_url, editor_text(page)).text)["boolean"] is True


def test_editor_completes_our_prefixes(server_url, page):
    """Typing ``time:`` in the editor declares the prefix, from our list, without any remote request."""
    if not sparql_ui.NODE_MODULES.joinpath(sparql_ui.VENDOR_FILES["yasqe.min.js"][0]).is_file():
        pytest.skip("the editor library is not installed (npm ci)")
    remote = []
    page.on("request", lambda r: remote.append(r.url) if not r.url.startswith(server_url) else None)
    open_page(page, server_url)
    set_editor_text(page, "SELECT * WHERE { ?s ?p ")
    page.evaluate("() => { const cm = document.querySelector('.CodeMirror').CodeMirror;"
                  " cm.focus(); cm.setCursor(cm.lineCount(), 0); }")
    page.keyboard.type("time:")
    page.wait_for_function("() => document.querySelector('.CodeMirror').CodeMirror.getValue()"
                           ".includes('PREFIX time: <http://www.w3.org/2006/time#>')")
    assert remote == []
    assert page.evaluate("() => localStorage.length") == 0
    assert page.errors == []


# -- shareable queries ---------------------------------------------------------------------------

SHARED = "SELECT ?n WHERE { ?c <https://w3id.org/ogpgraph/def/ogp#commitmentNumber> ?n } ORDER BY ?n LIMIT 3"


def test_a_browser_opening_a_query_link_gets_the_page_with_the_query(client):
    r = client.get("/sparql", query_string={"query": SHARED}, headers={"Accept": BROWSER_ACCEPT})
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "ORDER BY ?n LIMIT 3</textarea>" in html  # the shared query, not the default one
    config = json.loads(re.search(r'<script type="application/json" id="sparql-config">(.*?)</script>', html).group(1))
    assert config["autorun"] is True
    # Clients that do not rank HTML first get results as before; ?format= forces one (the page
    # without JavaScript uses it), unknown values (SPARQLWrapper's format=json) are left to Accept
    for accept in ("*/*", JSON_RESULTS, None):
        r = client.get("/sparql", query_string={"query": SHARED}, headers={"Accept": accept} if accept else {})
        assert r.mimetype == "application/sparql-results+json", accept
    r = client.get("/sparql", query_string={"query": SHARED, "format": "csv"}, headers={"Accept": BROWSER_ACCEPT})
    assert r.mimetype == "text/csv" and r.get_data(as_text=True).splitlines()[0] == "n"
    r = client.get("/sparql", query_string={"query": SHARED, "format": "json"}, headers={"Accept": JSON_RESULTS})
    assert r.mimetype == "application/sparql-results+json"


def test_a_shared_link_runs_and_the_address_keeps_the_query(server_url, page):
    page.goto(server_url + "/sparql?" + urllib.parse.urlencode({"query": SHARED, "lang": "en"}))
    page.wait_for_selector("#sparql-output table tbody tr")
    assert page.locator("#sparql-output table tbody tr").count() == 3
    # The endpoint shown is the one serving the page, not the canonical w3id address
    assert page.inner_text("#sparql-endpoint") == server_url + "/sparql"
    # A new query run from the page replaces the one in the address, which reopens it
    set_editor_text(page, "ASK { ?s ?p ?o }")
    run(page)
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert params["query"] == ["ASK { ?s ?p ?o }"] and params["lang"] == ["en"]
    page.reload()
    page.wait_for_selector("#sparql-output .boolean")
    assert page.errors == []

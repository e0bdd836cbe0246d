"""CORS on a real server: simple requests and the preflight a browser sends before a POST."""

import requests

ORIGIN = "https://example.org"


def preflight(url: str, method: str, headers: str = "content-type") -> requests.Response:
    return requests.options(url, headers={"Origin": ORIGIN, "Access-Control-Request-Method": method,
                                          "Access-Control-Request-Headers": headers}, timeout=10)


def test_preflight_for_sparql_post_allows_the_post(server_url):
    r = preflight(server_url + "/sparql", "POST")
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"].split(", ")
    assert "content-type" in r.headers["Access-Control-Allow-Headers"].lower()
    # The browser then sends the real request, which carries the CORS header too.
    answer = requests.post(server_url + "/sparql", data="ASK {}", timeout=10, headers={
        "Origin": ORIGIN, "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert answer.status_code == 200 and answer.json()["boolean"] is True
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_preflight_for_shacl_validate_allows_the_post(server_url):
    r = preflight(server_url + "/shacl/validate", "POST")
    assert r.status_code == 200
    assert "POST" in r.headers["Access-Control-Allow-Methods"].split(", ")


def test_preflight_does_not_allow_writes_to_read_only_resources(server_url):
    """The graph store and the IRIs are read-only: the preflight offers no write method."""
    for path in ("/id/fr/2021-2023", "/rdf-graph-store?default"):
        r = preflight(server_url + path, "PUT")
        allowed = r.headers.get("Access-Control-Allow-Methods", "")
        assert "PUT" not in allowed and "DELETE" not in allowed, (path, r.status_code, allowed)


def test_plain_options_without_preflight_headers_has_no_cors_method_list(server_url):
    r = requests.options(server_url + "/sparql", timeout=10)
    assert r.status_code == 200 and "POST" in r.headers["Allow"]
    assert "Access-Control-Allow-Methods" not in r.headers

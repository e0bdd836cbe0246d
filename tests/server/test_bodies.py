"""A request body over its route's limit is a 413 however it is framed; under it, it arrives whole.

Before, a chunked body was cut at the limit without a word: the same 1,000,061-byte Turtle got
413 with Content-Length but ``200 OGPGraph-Conforms: true`` sent chunked (server/bodies.py).
Limits are per route: ``/shacl/validate`` takes whole datasets (``--max-validate-bytes``, 50 MB by
default), the other routes 1 MB (``--max-request-bytes``).
"""

import http.client
from urllib.parse import urlsplit

import pytest
import requests

LIMIT = 1_000_000  # the default --max-request-bytes
# A violating statement (a commitment without its required fields) after 1 MB of comment.
STATEMENT = b"<https://w3id.org/ogpgraph/id/x> a <https://w3id.org/ogpgraph/def/ogp#Commitment> .\n"
VIOLATING = b"# " + b"x" * LIMIT + b"\n" + STATEMENT


def _post_chunked(server_url: str, path: str, body: bytes, content_type: str) -> tuple[int, bytes, dict]:
    url = urlsplit(server_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        conn.request("POST", path, body=(body[i:i + 65536] for i in range(0, len(body), 65536)),
                     headers={"Content-Type": content_type, "Accept": "application/json"}, encode_chunked=True)
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


@pytest.mark.parametrize("path,body,content_type", [
    ("/sparql", b"ASK {}" + b" " * LIMIT, "application/sparql-query"),
    ("/sparql", b"query=ASK%20%7B%7D" + b"+" * LIMIT, "application/x-www-form-urlencoded"),
    ("/reconcile", b"queries=" + b"%20" * (LIMIT // 3 + 1), "application/x-www-form-urlencoded"),
])
def test_a_chunked_body_over_the_limit_is_413(server_url, path, body, content_type):
    status, text, headers = _post_chunked(server_url, path, body, content_type)
    assert status == 413, text[:300]
    assert b"larger than" in text and "OGPGraph-Conforms" not in headers


@pytest.mark.parametrize("chunked", [True, False])
def test_validation_takes_a_body_larger_than_the_other_routes_and_judges_all_of_it(server_url, chunked):
    """1.5 MB of Turtle (our dataset is 2.2 MB) with the violation at the very end."""
    body = b"# " + b"x" * (LIMIT + 500_000) + b"\n" + STATEMENT
    if chunked:
        status, text, headers = _post_chunked(server_url, "/shacl/validate", body, "text/turtle")
    else:
        r = requests.post(server_url + "/shacl/validate", data=body, timeout=60,
                          headers={"Content-Type": "text/turtle", "Accept": "application/json"})
        status, text, headers = r.status_code, r.content, r.headers
    assert status == 200 and headers["OGPGraph-Conforms"] == "false", text[:300]


def test_validation_over_its_own_limit_is_413_however_framed(start_server):
    url = start_server("--max-validate-bytes", str(LIMIT))
    status, text, headers = _post_chunked(url, "/shacl/validate", VIOLATING, "text/turtle")
    assert status == 413 and b"larger than" in text and "OGPGraph-Conforms" not in headers
    r = requests.post(url + "/shacl/validate", data=VIOLATING, headers={"Content-Type": "text/turtle"}, timeout=30)
    assert r.status_code == 413


def test_a_chunked_body_under_the_limit_arrives_whole(server_url):
    status, text, headers = _post_chunked(server_url, "/shacl/validate",
                                          b"# " + b"x" * (LIMIT - 500) + b"\n" + STATEMENT, "text/turtle")
    assert status == 200 and headers["OGPGraph-Conforms"] == "false", text[:300]
    status, text, _ = _post_chunked(server_url, "/sparql", b"ASK {}", "application/sparql-query")
    assert status == 200 and b'"boolean":true' in text

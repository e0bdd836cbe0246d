"""The W3C SPARQL syntax suites through our HTTP endpoint, run from their manifests.

Every positive test is answered (2xx), or refused for a documented policy reason listed here
with its test id; every negative test gets 400 with the engine's message. The suites are read
in ../shared/w3c-rdf-tests (tests/w3c_suites.py). README.md states the figures.
"""

import pytest
import requests

from conftest import _import_helper

w3c = _import_helper("w3c_suites")
TESTS = w3c.syntax_tests() if w3c.available() else []

# Positive tests refused for a documented reason (docs/sparql.md): (status, words in the message, why).
FROM_UNKNOWN = (400, "does not hold", "FROM / FROM NAMED names a graph this endpoint does not hold (policy)")
SERVICE = (403, "SERVICE", "SERVICE: no outbound requests (policy)")
TOO_LARGE = (413, "larger than", "an unconstrained cross product of our data is over the result limit (--max-result-bytes)")
# pyoxigraph itself (and so `oxigraph serve`) refuses to prepare a query that calls a function it
# does not know, rather than evaluating the call to an error: a known engine exception.
UNKNOWN_FUNCTION = (400, "is not supported", "pyoxigraph refuses calls to unknown functions (engine exception)")
REFUSED = {
    **{f"syntax-sparql2/syntax-dataset-{n:02d}": FROM_UNKNOWN for n in (1, 2, 3, 4)},
    "syntax-query/test_42": FROM_UNKNOWN,
    **{f"syntax-fed/test_{n}": SERVICE for n in (1, 2, 3)},
    "syntax-sparql1/syntax-basic-05": TOO_LARGE,
    "syntax-sparql1/syntax-basic-06": TOO_LARGE,
    **{name: UNKNOWN_FUNCTION for name in (
        "syntax-sparql1/syntax-expr-05", "syntax-sparql1/syntax-order-05", "syntax-sparql1/syntax-order-06",
        *(f"syntax-sparql2/syntax-function-0{n}" for n in (1, 2, 3, 4)), "syntax-query/test_4")},
}
# Negative tests pyoxigraph accepts (so `oxigraph serve` too): known engine exceptions.
ACCEPTED = {
    "syntax-sparql3/syn-bad-26": "FILTER (?x<?a&&?b>?y): the spec's longest-token rule makes <?a&&?b> an IRI; "
                                 "pyoxigraph reads less-than, and-and, greater-than (the policy scan reads it "
                                 "as the engine does)",
}


@pytest.fixture(scope="module")
def endpoint(start_server):
    return start_server("--query-timeout", "5") + "/sparql"


@pytest.mark.skipif(not TESTS, reason=f"the W3C suites are not at {w3c.SUITES}")
@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.id)
def test_syntax(endpoint, test):
    query = test.query.read_bytes()
    r = requests.post(endpoint, data=query, timeout=30,
                      headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": "*/*"})
    if not test.positive:
        expected = 200 if test.id in ACCEPTED else 400
        assert r.status_code == expected, f"{test.id}: negative test answered {r.status_code}: {r.text[:300]}"
        return
    if test.id in REFUSED:
        status, words, _ = REFUSED[test.id]
        assert r.status_code == status and words in r.text, f"{test.id}: {r.status_code} {r.text[:300]}"
        return
    assert 200 <= r.status_code < 300, f"{test.id}: positive test answered {r.status_code}: {r.text[:300]}"

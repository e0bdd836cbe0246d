"""Content negotiation (ogpgraph.negotiate): RFC 9110 Accept parsing and the choice, per kind of answer.

Each row: an Accept header, and what is chosen from one table (None: 406).
"""

import pytest

from ogpgraph import negotiate as n

JSONLD_PROFILE = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#{}"'


@pytest.mark.parametrize("accept,expected", [
    (None, n.TURTLE),
    ("", n.TURTLE),
    ("*/*", n.TURTLE),
    ("text/turtle", n.TURTLE),
    ("text/turtle; charset=utf-8", n.TURTLE),
    ("text/turtle;charset=UTF-8", n.TURTLE),
    ("text/turtle; charset=iso-8859-1", None),
    ("application/x-turtle", n.TURTLE),
    ("text/*", n.TURTLE),
    ("application/*", n.JSON_LD),
    ("application/ld+json", n.JSON_LD),
    ("application/json", n.JSON_LD),
    (JSONLD_PROFILE.format("compacted"), n.JSON_LD),
    (JSONLD_PROFILE.format("expanded"), n.JSON_LD_EXPANDED),
    ('application/ld+json; profile="http://www.w3.org/ns/json-ld#expanded http://www.w3.org/ns/json-ld#flattened"',
     n.JSON_LD_EXPANDED),
    ('application/ld+json; profile="https://example.org/my-context"', n.JSON_LD),  # unknown profiles are ignored
    ("application/n-quads", n.N_QUADS),
    ("application/trig", n.TRIG),
    ("application/n-triples", n.N_TRIPLES),
    ("text/plain", n.N_TRIPLES),
    ("application/rdf+xml", n.RDF_XML),
    ("text/html", n.HTML),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", n.HTML),  # a browser
    ("application/rdf+xml;q=0.5, text/turtle;q=0.4", n.RDF_XML),
    ("text/turtle;q=0, */*", n.HTML),  # q=0: not acceptable; the next in our order
    ("application/ld+json, */*", n.JSON_LD),  # named beats wildcard at the same q
    ("application/ld+json;q=0.5, */*;q=0.5", n.JSON_LD),
    ("TEXT/TURTLE", n.TURTLE),
    ("image/png", None),
    ("image/png, text/turtle;q=0.1", n.TURTLE),
    ("garbage", n.TURTLE),  # nothing parseable: as if absent
    ("text/turtle;q=abc", None),  # a broken q counts as 0
    ('text/turtle;foo="a,b", application/n-quads;q=0.1', n.TURTLE),  # commas in quoted values
])
def test_graph_answers(accept, expected):
    assert n.choose(accept, n.GRAPH_REPRESENTATIONS) is expected


@pytest.mark.parametrize("accept,expected", [
    ("application/sparql-results+json", "srj"),
    ("application/sparql-results+json; charset=utf-8", "srj"),
    ("application/json", "srj"),
    ("application/sparql-results+xml", "srx"),
    ("application/xml", "srx"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("*/*", "srj"),
    ("application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.8", "srx"),
    ("text/turtle", None),
])
def test_solution_answers(accept, expected):
    chosen = n.choose(accept, n.SPARQL_RESULTS)
    assert (chosen.extension if chosen else None) == expected


@pytest.mark.parametrize("accept,expected", [
    ("application/sparql-results+json", "ttl"),  # only result formats: a graph query gets Turtle (as Fuseki)
    ("application/n-quads", "nq"),
    ("application/trig", "trig"),
    ("application/json", "expanded.jsonld"),
    ("application/ld+json", "expanded.jsonld"),  # pyoxigraph's own JSON-LD, expanded
    (JSONLD_PROFILE.format("compacted"), "jsonld"),
    ("text/turtle; charset=utf-8", "ttl"),
])
def test_sparql_graph_answers(accept, expected):
    assert n.choose(accept, n.SPARQL_GRAPH, default=n.TURTLE).extension == expected


@pytest.mark.parametrize("accept,expected", [
    ("*/*", n.PLAIN_TEXT),
    ("text/html,application/xhtml+xml,*/*;q=0.8", n.HTML),
    ("application/json", n.JSON),
    ("application/sparql-results+json", n.PLAIN_TEXT),  # an error is never 406: text
])
def test_error_answers(accept, expected):
    assert n.choose(accept, n.ERROR_REPRESENTATIONS, default=n.PLAIN_TEXT) is expected


def test_content_types_say_utf_8_where_the_type_has_a_charset():
    assert n.TURTLE.content_type == "text/turtle; charset=utf-8"
    assert n.SPARQL_RESULTS[0].content_type == "application/sparql-results+json"
    assert n.N_QUADS.content_type == "application/n-quads"


def test_extensions():
    assert n.split_extension("id/x/12.ttl") == ("id/x/12", n.TURTLE)
    assert n.split_extension("id/x/12.expanded.jsonld") == ("id/x/12", n.JSON_LD_EXPANDED)
    assert n.split_extension("id/x/12.nq") == ("id/x/12", n.N_QUADS)
    assert n.split_extension("id/x/v1.2") == ("id/x/v1.2", None)

"""Queries as researchers write them, on general properties and classes, over real HTTP.

The data states only sub-properties (``ogp:responsibleContact``) and our classes
(``ogp:Commitment``); the build materialises what the ontology entails into the named
graph ``…/graph/entailed``, part of the endpoint's default graph (src/ogpgraph/rdf/entail.py).
SPARQLWrapper is the client; the server is a real one.
"""

import pytest
import requests
from rdflib import Graph, Namespace, URIRef
from SPARQLWrapper import JSON, SPARQLWrapper

BASE = "https://w3id.org/ogpgraph/"
C12 = BASE + "id/fr/2021-2023/commitment/12"
OGP = Namespace("https://w3id.org/ogpgraph/def/ogp#")
PREFIXES = """PREFIX ogp: <https://w3id.org/ogpgraph/def/ogp#>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
# Commitment #12's contacts' e-mails, as the document prints them (lines 931, 939, 947 and 953)
C12_EMAILS = {"mailto:pierre.oudot@jeunesse-sports.gouv.fr", "mailto:didier.lacroix@education.gouv.fr",
              "mailto:nicolas.babut@education.gouv.fr", "mailto:veronique.gronner@education.gouv.fr"}


def select(url: str, query: str) -> list[dict]:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(PREFIXES + query)
    client.setReturnFormat(JSON)
    return client.query().convert()["results"]["bindings"]


def test_the_emails_of_a_commitments_contacts_through_the_general_property(server_url):
    """The issue's own example: no property path over rdfs:subPropertyOf needed any more."""
    rows = select(server_url, f"SELECT ?e WHERE {{ <{C12}> ogp:contact/vcard:hasEmail ?e }}")
    assert {r["e"]["value"] for r in rows} == C12_EMAILS
    assert len(rows) == 4


def test_super_classes_and_other_super_properties(server_url):
    commitments = select(server_url, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ogp:Commitment }")
    plans = select(server_url, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a prov:Plan ; ogp:commitmentNumber ?x }")
    assert commitments[0]["n"]["value"] == plans[0]["n"]["value"] == "59"
    parts = select(server_url, f"SELECT ?p WHERE {{ <{C12}> ogp:descriptionPart ?p }}")
    assert {r["p"]["value"].rsplit("/", 1)[-1] for r in parts} >= {"problem", "commitment", "solution", "relevance"}
    actors = select(server_url, f"SELECT ?a WHERE {{ <{C12}> ogp:involvedActor ?a }}")
    stated = select(server_url, f"SELECT ?a WHERE {{ <{C12}> ogp:stateActor|ogp:otherActor ?a }}")
    assert actors and {r["a"]["value"] for r in actors} == {r["a"]["value"] for r in stated}


def test_the_asserted_graphs_stay_queryable_alone(server_url):
    asserted = select(server_url, f"SELECT ?k FROM <{BASE}graph/fr-2021-2023> WHERE {{ <{C12}> ogp:contact ?k }}")
    assert asserted == []
    entailed = select(server_url, f"SELECT ?k WHERE {{ GRAPH <{BASE}graph/entailed> {{ <{C12}> ogp:contact ?k }} }}")
    assert len(entailed) == 4


def test_dereferencing_brings_the_entailed_statements(server_url):
    r = requests.get(server_url + "/id/fr/2021-2023/commitment/12", headers={"Accept": "text/turtle"}, timeout=30)
    g = Graph().parse(data=r.text, format="turtle")
    assert len(set(g.objects(URIRef(C12), OGP.contact))) == 4
    assert (URIRef(C12), None, URIRef("http://www.w3.org/ns/prov#Plan")) in g


def test_the_service_description_says_where_the_entailments_are(server_url):
    r = requests.get(server_url + "/sparql", headers={"Accept": "text/turtle"}, timeout=30)
    assert "http://www.w3.org/ns/entailment/Simple" in r.text
    assert "graph/entailed" in r.text and "super-property" in r.text


@pytest.mark.parametrize("mode", ["role", "none"])
def test_contacts_withheld_from_the_entailed_graph_too(start_server, mode):
    url = start_server("--contacts", mode)
    emails = select(url, f"SELECT ?e WHERE {{ <{C12}> ogp:contact/vcard:hasEmail ?e }}")
    assert emails == []
    links = select(url, f"SELECT ?k WHERE {{ <{C12}> ogp:contact ?k }}")
    assert len(links) == (4 if mode == "role" else 0)  # role keeps the contacts (their roles), none drops them
    if mode == "none":
        assert select(url, "SELECT ?k WHERE { ?k a vcard:Individual }") == []

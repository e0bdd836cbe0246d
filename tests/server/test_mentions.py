"""The words naming an initiative, paired with the passage they were read in, over real HTTP.

Each line that names a programme has an ``oa:Annotation`` (src/ogpgraph/rdf/emit.py,
``_mention``): body the programme, target the passage, ``ogp:writtenAs`` the words. SPARQLWrapper
and rdflib are the clients; the server is a real one.
"""

import requests
from rdflib import Graph, Literal, Namespace, URIRef
from SPARQLWrapper import JSON, SPARQLWrapper

BASE = "https://w3id.org/ogpgraph/"
OA = Namespace("http://www.w3.org/ns/oa#")
OGP = Namespace("https://w3id.org/ogpgraph/def/ogp#")
FSPI = URIRef(BASE + "id/programme/fspi")
# Line 315 (commitment #4): "(fonds de solidarité pour l'investissement - FSPI, projets de l'AFD …"
MENTION = BASE + "id/fr/2021-2023/source/lines/315-315/mention/fspi"


def test_which_words_name_an_initiative_where(server_url):
    client = SPARQLWrapper(server_url + "/sparql")
    client.setQuery(f"""PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX ogp: <https://w3id.org/ogpgraph/def/ogp#>
        SELECT ?line ?words WHERE {{ ?m oa:hasBody <{FSPI}> ; ogp:writtenAs ?words ; oa:hasTarget ?p .
                                     ?p ogp:startLine ?line }} ORDER BY ?line""")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    got = [(int(r["line"]["value"]), r["words"]["value"]) for r in rows]
    # Read in the source: 315 "(fonds de solidarité pour l'investissement - FSPI, …", 316 "… et des FSPI"
    assert got == [(315, "fonds de solidarité pour l'investissement - FSPI"), (316, "FSPI")]


def test_a_mention_dereferences(server_url):
    path = MENTION.removeprefix(BASE)
    answer = requests.get(f"{server_url}/{path}", headers={"Accept": "text/turtle"}, timeout=30)
    assert answer.status_code == 200, answer.text[:300]
    g = Graph().parse(data=answer.text, format="turtle")
    m = URIRef(MENTION)
    assert (m, OA.hasBody, FSPI) in g
    assert (m, OA.motivatedBy, OA.identifying) in g
    assert (m, OA.hasTarget, URIRef(BASE + "id/fr/2021-2023/source/lines/315-315")) in g
    assert list(g.objects(m, OGP.writtenAs)) == [Literal("fonds de solidarité pour l'investissement - FSPI",
                                                         lang="fr")]

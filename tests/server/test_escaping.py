"""Every literal is escaped in HTML, and embedded JSON-LD cannot close its <script>.

Unit test with Flask's test client on a hostile test graph (not our data).
"""

import json
import re

import pytest
from rdflib import Graph

from ogpgraph.config import Settings
from server import create_app

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'

TTL = f"""
@prefix ogp: <https://w3id.org/ogpgraph/def/ogp#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<https://w3id.org/ogpgraph/id/fr/2021-2023/commitment/1> a ogp:Commitment ;
    ogp:commitmentNumber 1 ;
    dcterms:title {json.dumps(HOSTILE)}@fr ;
    rdfs:label {json.dumps(HOSTILE)}@fr ;
    ogp:problem <https://w3id.org/ogpgraph/id/fr/2021-2023/commitment/1/problem> .
<https://w3id.org/ogpgraph/id/fr/2021-2023/commitment/1/problem> a ogp:TextPassage ;
    rdf:value {json.dumps(HOSTILE)}@fr .
<https://w3id.org/ogpgraph/id/thing> rdfs:label {json.dumps(HOSTILE)} .
"""


@pytest.fixture
def client(tmp_path):
    (tmp_path / "hostile.ttl").write_text(TTL, encoding="utf-8")
    app = create_app(Settings(data_dir=tmp_path))
    return app.test_client()


@pytest.mark.parametrize("path", ["/id/fr/2021-2023/commitment/1", "/id/thing"])
def test_hostile_literal_is_escaped(client, path):
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html
    # The only <script> elements are our JSON-LD blocks, and their content parses back to the literal.
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)
    assert len(scripts) == 1
    assert "</" not in scripts[0]
    g = Graph().parse(data=scripts[0], format="json-ld")
    assert HOSTILE in {str(o) for o in g.objects()}

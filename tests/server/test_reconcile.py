"""``/reconcile`` over real HTTP (gunicorn on 127.0.0.1, ``requests``), as OpenRefine 3.x uses it.

Every JSON answer is validated against the Reconciliation API v0.2's published JSON
Schemas (``tests/reconcile/schemas``, see its README); the expected entities and
values come from the server's own SPARQL endpoint, not from constants.
"""

import json
import re
from pathlib import Path
from urllib.parse import quote

import html5lib
import pytest
import requests
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

SCHEMAS = Path(__file__).parents[1] / "reconcile" / "schemas"
OGP = "https://w3id.org/ogpgraph/def/ogp#"
ORGANIZATION = "http://www.w3.org/ns/org#Organization"
PERSON = "http://xmlns.com/foaf/0.1/Person"
PREFIXES = """PREFIX ogp: <https://w3id.org/ogpgraph/def/ogp#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""


def _load_schemas() -> tuple[dict, Registry]:
    schemas = {p.name: json.loads(p.read_text()) for p in SCHEMAS.glob("*.json")}
    return schemas, Registry().with_resources((s["$id"], DRAFT7.create_resource(s)) for s in schemas.values())


SCHEMA_FILES, REGISTRY = _load_schemas()


def validate(instance: object, schema: str) -> None:
    """Fail with every error unless ``instance`` follows the spec's schema ``schema``."""
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in Draft7Validator(SCHEMA_FILES[schema], registry=REGISTRY).iter_errors(instance)]
    assert not errors, "\n".join(errors)


def sparql(server_url: str, query: str) -> list[dict[str, str]]:
    response = requests.get(server_url + "/sparql", params={"query": PREFIXES + query},
                            headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    if "boolean" in body:
        return [{"boolean": body["boolean"]}]
    return [{k: v["value"] for k, v in row.items()} for row in body["results"]["bindings"]]


def json_answer(response: requests.Response) -> object:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Access-Control-Allow-Origin"] == "*"  # the spec makes CORS mandatory
    return response.json()


@pytest.fixture(scope="module")
def manifest(server_url):
    body = json_answer(requests.get(server_url + "/reconcile", timeout=30))
    validate(body, "manifest.json")
    return body


def reconcile(server_url: str, batch: dict, method: str = "POST") -> dict:
    validate(batch, "reconciliation-query-batch.json")
    if method == "POST":  # OpenRefine's way: a form field
        response = requests.post(server_url + "/reconcile", data={"queries": json.dumps(batch)}, timeout=30)
    else:
        response = requests.get(server_url + "/reconcile", params={"queries": json.dumps(batch)}, timeout=30)
    body = json_answer(response)
    validate(body, "reconciliation-result-batch.json")
    assert set(body) == set(batch)
    return body


# --- the manifest ------------------------------------------------------------------------------

def test_the_manifest_announces_every_service_at_urls_that_answer(server_url, manifest):
    assert "0.2" in manifest["versions"]
    assert {t["id"] for t in manifest["defaultTypes"]} == {
        OGP + "Commitment", ORGANIZATION, PERSON, OGP + "LegalText"}
    space = manifest["identifierSpace"]
    assert space == "https://w3id.org/ogpgraph/id/"  # the canonical IRIs are id + identifierSpace…
    assert manifest["view"]["url"] == server_url + "/id/{{id}}"  # …and their pages are here
    page = requests.get(manifest["view"]["url"].replace("{{id}}", "organisation/dinum"), timeout=30,
                        headers={"Accept": "text/html"})
    assert page.status_code == 200 and "DINUM" in page.text
    for kind in ("entity", "type", "property"):
        service = manifest["suggest"][kind]
        assert service["service_url"].startswith(server_url)
        json_answer(requests.get(service["service_url"] + service["service_path"], params={"prefix": "d"},
                                 timeout=30))
    propose = manifest["extend"]["propose_properties"]
    json_answer(requests.get(propose["service_url"] + propose["service_path"],
                             params={"type": manifest["defaultTypes"][0]["id"]}, timeout=30))
    assert manifest["preview"]["url"].startswith(server_url)


# --- an OpenRefine-like session ------------------------------------------------------------------

def test_an_openrefine_session_manifest_queries_preview_extend(server_url, manifest):
    space = manifest["identifierSpace"]
    [dinum] = [r["o"] for r in sparql(server_url, 'SELECT ?o WHERE { ?o skos:altLabel "DINUM"@fr }')]
    commitments = sparql(server_url, """SELECT ?c ?title WHERE { ?c a ogp:Commitment ; dcterms:title ?title ;
                                        ogp:commitmentNumber ?n
                                        FILTER(?n IN (1, 18, 44) && lang(?title) = "fr") } ORDER BY ?n""")
    assert len(commitments) == 3

    # 1. a batch of queries, as OpenRefine sends them (10 a batch, type with "should")
    names = ["Direction interministérielle du numérique", "DINUM", "dinum"]
    batch = {f"q{i}": {"query": name, "type": ORGANIZATION, "type_strict": "should"} for i, name in enumerate(names)}
    batch |= {f"c{i}": {"query": row["title"], "type": OGP + "Commitment", "type_strict": "should"}
              for i, row in enumerate(commitments)}
    results = reconcile(server_url, batch)
    for i in range(len(names)):
        best = results[f"q{i}"]["result"][0]
        assert (space + best["id"], best["match"], best["score"]) == (dinum, True, 100), names[i]
        assert best["type"] == [{"id": ORGANIZATION, "name": "organisation"}]
    for i, row in enumerate(commitments):
        best = results[f"c{i}"]["result"][0]
        assert (space + best["id"], best["match"]) == (row["c"], True), row["title"]
        assert row["title"] in best["name"]

    # 2. the preview of each match, in the iframe the manifest sizes
    for key in ("q0", "c0"):
        best = results[key]["result"][0]
        response = requests.get(manifest["preview"]["url"].replace("{{id}}", quote(best["id"], safe="")), timeout=30)
        assert response.status_code == 200 and response.headers["Content-Type"] == "text/html; charset=utf-8"
        page = html5lib.parse(response.text, namespaceHTMLElements=False)
        link = page.find(".//h1/a")
        assert link.text == best["name"]
        assert requests.get(server_url + link.get("href"), headers={"Accept": "text/html"}, timeout=30).ok

    # 3. the properties offered for commitments
    propose = manifest["extend"]["propose_properties"]
    proposed = json_answer(requests.get(propose["service_url"] + propose["service_path"],
                                        params={"type": OGP + "Commitment"}, timeout=30))
    assert proposed["type"] == OGP + "Commitment"
    wanted = [OGP + "leadOrganisation", OGP + "startDate", OGP + "endDate"]
    assert set(wanted) <= {p["id"] for p in proposed["properties"]}

    # 4. data extension of the matched commitments, checked against SPARQL
    ids = [results[f"c{i}"]["result"][0]["id"] for i in range(len(commitments))]
    query = {"ids": ids, "properties": [{"id": p} for p in wanted]}
    validate(query, "data-extension-query.json")
    extended = json_answer(requests.post(server_url + "/reconcile", data={"extend": json.dumps(query)}, timeout=30))
    validate(extended, "data-extension-response.json")
    assert [m["id"] for m in extended["meta"]] == wanted
    assert extended["meta"][0]["type"]["id"] == ORGANIZATION
    for entity_id in ids:
        iri = space + entity_id
        facts = sparql(server_url, f"""SELECT ?lead ?start ?end WHERE {{ <{iri}> ogp:leadOrganisation ?lead .
                       OPTIONAL {{ <{iri}> ogp:startDate ?start }} OPTIONAL {{ <{iri}> ogp:endDate ?end }} }}""")
        row = extended["rows"][entity_id]
        assert sorted(space + v["id"] for v in row[wanted[0]]) == sorted({f["lead"] for f in facts})
        for prop, var in ((wanted[1], "start"), (wanted[2], "end")):
            assert row[prop] == [{"date": d + "T00:00:00Z"} for d in sorted({f[var] for f in facts if var in f})]


def test_the_ogp_registry_id_extends_commitments_once_the_data_has_it(server_url, manifest):
    """Only where the built data has ``ogp:ogpRegistryId`` (the OGP registry linkset);
    ``tests/test_reconcile_matching.py`` covers the property on a fixture graph."""
    rows = sparql(server_url, "SELECT ?c ?id WHERE { ?c ogp:ogpRegistryId ?id } ORDER BY ?c LIMIT 5")
    if not rows:
        pytest.skip("the built data has no ogp:ogpRegistryId yet; covered on a fixture graph in "
                    "tests/test_reconcile_matching.py")
    space = manifest["identifierSpace"]
    ids = [r["c"][len(space):] for r in rows]
    extended = json_answer(requests.get(server_url + "/reconcile", params={"extend": json.dumps(
        {"ids": ids, "properties": [{"id": OGP + "ogpRegistryId"}]})}, timeout=30))
    validate(extended, "data-extension-response.json")
    for entity_id, row in zip(ids, rows):
        assert {"str": row["id"]} in extended["rows"][entity_id][OGP + "ogpRegistryId"]
    found = reconcile(server_url, {"q": {"query": rows[0]["id"]}})["q"]["result"][0]
    assert (space + found["id"], found["match"]) == (rows[0]["c"], True)


def test_queries_by_get_answer_as_by_post(server_url):
    batch = {"q0": {"query": "DINUM"}, "q1": {"query": "numérique", "limit": 3}}
    assert reconcile(server_url, batch, "GET") == reconcile(server_url, batch, "POST")
    assert len(reconcile(server_url, batch)["q1"]["result"]) == 3


def test_a_property_refines_a_query(server_url, manifest):
    """A commitment's lead organisation, given by name, keeps its commitment on top."""
    [row] = sparql(server_url, """SELECT ?c ?title WHERE { ?c ogp:leadOrganisation/skos:altLabel "DINUM"@fr ;
                                  dcterms:title ?title FILTER(lang(?title) = "fr") } ORDER BY ?c LIMIT 1""")
    batch = {"q": {"query": row["title"], "properties": [{"pid": "ogp:leadOrganisation", "v": "DINUM"}]}}
    best = reconcile(server_url, batch)["q"]["result"][0]
    assert (manifest["identifierSpace"] + best["id"], best["match"]) == (row["c"], True)
    assert {f["id"]: f["value"] for f in best["features"]} == {"name": 100, "properties": 100}


# --- suggest ----------------------------------------------------------------------------------------

def test_suggest_entities_types_and_properties(server_url, manifest):
    suggest = {k: v["service_url"] + v["service_path"] for k, v in manifest["suggest"].items()}
    entities = json_answer(requests.get(suggest["entity"], params={"prefix": "dinu"}, timeout=30))
    validate(entities, "suggest-entities-response.json")
    [dinum] = [r["o"] for r in sparql(server_url, 'SELECT ?o WHERE { ?o skos:altLabel "DINUM"@fr }')]
    assert manifest["identifierSpace"] + entities["result"][0]["id"] == dinum
    people = json_answer(requests.get(suggest["entity"], params={"prefix": "a", "type": PERSON}, timeout=30))
    assert people["result"] and all(r["notable"] == [{"id": PERSON, "name": "personne"}] for r in people["result"])
    more = json_answer(requests.get(suggest["entity"], params={"prefix": "a", "type": PERSON, "cursor": 1},
                                    timeout=30))
    assert more["result"][0] == people["result"][1]  # the cursor skips what was already shown
    types = json_answer(requests.get(suggest["type"], params={"prefix": "legal", "lang": "en"}, timeout=30))
    validate(types, "suggest-types-response.json")
    assert types["result"] == [{"id": OGP + "LegalText", "name": "legal text"}]
    props = json_answer(requests.get(suggest["property"], params={"prefix": "date"}, timeout=30))
    validate(props, "suggest-properties-response.json")
    assert {p["id"] for p in props["result"]} >= {OGP + "startDate", OGP + "endDate"}


def test_jsonp_wraps_answers_for_a_named_callback(server_url):
    response = requests.get(server_url + "/reconcile", params={"callback": "jQuery3600_17000.cb$"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/javascript; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    found = re.fullmatch(r"/\*\*/jQuery3600_17000\.cb\$\((.*)\);", response.text, re.S)
    assert found and response.text.isascii()
    validate(json.loads(found[1]), "manifest.json")


# --- people are withheld with their contact details ---------------------------------------------

def test_people_are_not_reconcilable_when_contacts_are_withheld(server_url, start_server):
    [person] = sparql(server_url, "SELECT ?p ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?p LIMIT 1")
    batch = {"q": {"query": person["name"]}}
    assert reconcile(server_url, batch)["q"]["result"][0]["match"]
    withheld = start_server("--contacts", "none")
    result = reconcile(withheld, batch)["q"]["result"]
    assert all(PERSON not in {t["id"] for t in c["type"]} for c in result)
    suggested = json_answer(requests.get(withheld + "/reconcile/suggest/entity",
                                         params={"prefix": person["name"], "type": PERSON}, timeout=30))
    assert suggested == {"result": []}


# --- errors: a status and a sentence, never a trace -----------------------------------------------

ERRORS = [
    ("POST", "/reconcile", {"queries": "{not json"}, 400, "queries is not valid JSON"),
    ("GET", "/reconcile", {"queries": '{"q": {"query": "x", "type": "ogp:Milestone"}}'}, 400, "unknown type"),
    ("GET", "/reconcile", {"queries": '{"q": {"query": ""}}'}, 400, "needs a non-empty 'query'"),
    ("POST", "/reconcile", {"queries": json.dumps({str(i): {"query": "x"} for i in range(51)})}, 413, "at most 50"),
    ("POST", "/reconcile", {"extend": '{"ids": ["x"], "properties": [{"id": "ogp:nothing"}]}'}, 400,
     "unknown property"),
    ("POST", "/reconcile", {}, 400, "expects a form field 'queries'"),
    ("GET", "/reconcile", {"callback": "alert(document.cookie)"}, 400, "callback must be a JavaScript function name"),
    ("GET", "/reconcile", {"callback": "cb\u00e9"}, 400, "callback must be a JavaScript function name"),
    ("GET", "/reconcile/suggest/entity", {}, 400, "needs a 'prefix'"),
    ("GET", "/reconcile/suggest/entity", {"prefix": "a", "cursor": "-1"}, 400, "cursor must be a whole number"),
    ("GET", "/reconcile/suggest/place", {"prefix": "a"}, 404, "no suggest service for 'place'"),
    ("GET", "/reconcile/properties", {}, 400, "exactly one 'type'"),
    ("GET", "/reconcile/preview", {}, 400, "needs an 'id'"),
    ("GET", "/reconcile/preview", {"id": "organisation/nobody"}, 404, "no reconcilable entity"),
]


@pytest.mark.parametrize("method, path, params, status, message", ERRORS,
                         ids=[f"{e[3]}-{e[4][:30]}" for e in ERRORS])
def test_bad_requests_get_a_clear_error(server_url, method, path, params, status, message):
    if method == "POST":
        response = requests.post(server_url + path, data=params, timeout=30)
    else:
        response = requests.get(server_url + path, params=params, timeout=30)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.text and "Traceback" not in response.text

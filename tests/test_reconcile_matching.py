"""Reconciliation (ogpgraph.reconcile) without HTTP: parsing, matching, suggest, extension.

Two stores: the built graph (``data/ttl``), for the acceptance cases (the DINUM forms,
every commitment's title), and a small fixture graph made for the cases the data
lacks (two bodies sharing an acronym, two commitments sharing a title, an OGP
registry id). Answers are validated against the spec's JSON Schemas
(``tests/reconcile/schemas``). (Named ``…_matching`` because pytest cannot collect
two test modules both called ``test_reconcile``; the HTTP tests are
``tests/server/test_reconcile.py``.)
"""

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

from ogpgraph.config import Settings
from ogpgraph.reconcile.index import ReconcileIndex, index_for
from ogpgraph.reconcile.queries import (ExtendRequest, PropertyValue, Query, ReconcileError, TooLarge, parse_extend,
                                        parse_queries)
from ogpgraph.reconcile.schema import (BATCH_SIZE, COMMITMENT, MAX_EXTEND_IDS, MAX_LIMIT, MAX_QUERY_CHARS, ORGANISATION,
                                       PERSON)
from ogpgraph.reconcile.scoring import Candidate
from ogpgraph.store.embedded import EmbeddedStore

SCHEMAS = Path(__file__).parent / "reconcile" / "schemas"
BASE = "https://w3id.org/ogpgraph/"
SPACE = BASE + "id/"
OGP = "https://w3id.org/ogpgraph/def/ogp#"

FIXTURE = """
@prefix ogp: <https://w3id.org/ogpgraph/def/ogp#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/ogpgraph/id/> .

id:organisation\\/dinum a org:Organization ;
    rdfs:label "Direction interministérielle du numérique"@fr ;
    skos:prefLabel "Direction interministérielle du numérique"@fr ;
    skos:altLabel "DINUM"@fr .
id:organisation\\/abc-one a org:Organization ;
    skos:prefLabel "Agence des bases communes"@fr ; skos:altLabel "ABC"@fr .
id:organisation\\/abc-two a org:Organization ;
    skos:prefLabel "Association bretonne de cuisine"@fr ; skos:altLabel "ABC"@fr .
id:organisation\\/direction-du-numerique a org:Organization ;
    skos:prefLabel "Direction du numérique"@fr .

id:fr\\/2021-2023\\/commitment\\/1 a ogp:Commitment ;
    rdfs:label "#1 Stratégie des données"@fr ; dcterms:title "Stratégie des données"@fr ;
    dcterms:identifier "FR-2021-2023-01" ; ogp:ogpRegistryId "FR0051" ;
    ogp:leadOrganisation id:organisation\\/dinum ;
    ogp:startDate "2022-01-01"^^xsd:date ; ogp:endDate "2022-06-30"^^xsd:date ;
    ogp:dateText "S1 2022"@fr ; ogp:citesLegalText id:legal\\/reglement-ue-2016-679 .
id:fr\\/2021-2023\\/commitment\\/2 a ogp:Commitment ;
    rdfs:label "#2 Stratégie des données"@fr ; dcterms:title "Stratégie des données"@fr ;
    dcterms:identifier "FR-2021-2023-02" ; ogp:ogpRegistryId "FR0052" ;
    ogp:leadOrganisation id:organisation\\/abc-one ;
    ogp:startDate "2023-01-01"^^xsd:date .

id:person\\/jeanne-dupont a foaf:Person ; rdfs:label "Jeanne Dupont" ; foaf:name "Jeanne Dupont" .
id:fr\\/2021-2023\\/commitment\\/1\\/contact\\/1 a ogp:Contact ;
    vcard:role "Cheffe de projet"@fr ; ogp:person id:person\\/jeanne-dupont .

id:legal\\/reglement-ue-2016-679 a ogp:LegalText ;
    rdfs:label "RGPD"@fr ; eli:date_document "2016-04-27"^^xsd:date ; ogp:legalKind "reglement" .
id:programme\\/not-reconcilable a ogp:Programme ; rdfs:label "Direction interministérielle du numérique"@fr .
"""


# --- the spec's schemas -------------------------------------------------------------------

def _registry() -> tuple[dict, Registry]:
    schemas = {p.name: json.loads(p.read_text()) for p in SCHEMAS.glob("*.json")}
    return schemas, Registry().with_resources((s["$id"], DRAFT7.create_resource(s)) for s in schemas.values())


SCHEMA_FILES, REGISTRY = _registry()


def validate(instance: object, schema: str) -> None:
    """Raise with every error if ``instance`` does not follow the spec's schema ``schema``."""
    validator = Draft7Validator(SCHEMA_FILES[schema], registry=REGISTRY)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]
    assert not errors, "\n".join(errors)


def test_the_schema_check_rejects_what_the_spec_forbids():
    """The validation used below is not vacuous: a candidate without a score fails it."""
    with pytest.raises(AssertionError, match="'score' is a required property"):
        validate({"q0": {"result": [{"id": "x", "name": "X"}]}}, "reconciliation-result-batch.json")
    with pytest.raises(AssertionError, match="Additional properties are not allowed"):
        validate({"q0": {"query": "x", "lang": "fr"}}, "reconciliation-query-batch.json")


# --- stores ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built():
    """The index of the committed graph, and its store."""
    store = EmbeddedStore(Settings.from_env(base_iri=BASE)).load()
    return index_for(store, SPACE), store


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    data = tmp_path_factory.mktemp("reconcile-data")
    (data / "fixture.ttl").write_text(FIXTURE, encoding="utf-8")
    store = EmbeddedStore(Settings.from_env(base_iri=BASE, data_dir=data)).load()
    return index_for(store, SPACE)


def top(index: ReconcileIndex, text: str, **kw) -> list[Candidate]:
    return index.reconcile(Query(text, **kw))


# --- acceptance on the built graph ----------------------------------------------------------

def test_dinum_by_name_acronym_and_lowercase_is_one_organisation(built):
    index, store = built
    # The organisation the data gives the acronym DINUM (not a hard-coded id).
    [row] = list(store.query('SELECT ?o WHERE { ?o <http://www.w3.org/2004/02/skos/core#altLabel> "DINUM"@fr }'))
    dinum = row["o"].value[len(SPACE):]
    for text in ("Direction interministérielle du numérique", "DINUM", "dinum"):
        best = top(index, text)[0]
        assert (best.entity.id, best.score, best.match) == (dinum, 100.0, True), text
        assert ORGANISATION.id in best.entity.types


def test_every_commitment_title_reconciles_to_its_commitment(built):
    """The French titles, and the English ones the OGP registry gives (where the data has them)."""
    index, store = built
    titles = [(r["c"].value, r["t"].value, r["t"].language) for r in store.query(
        "SELECT ?c ?t WHERE { ?c a <%sCommitment> ; <http://purl.org/dc/terms/title> ?t }" % OGP)]
    assert len([t for t in titles if t[2] == "fr"]) == 59
    for iri, title, _ in titles:
        best = top(index, title, types=(COMMITMENT.id,))[0]
        assert (best.entity.iri, best.match) == (iri, True), title


def test_each_acronym_names_its_organisation_and_matches_when_unique(built):
    index, _ = built
    owners: dict[str, set[str]] = {}
    for entity in index.entities.values():
        for name in entity.names:
            if name.kind == "acronym":
                owners.setdefault(name.folded, set()).add(entity.id)
    assert len(owners) > 20  # the data's acronyms are recognised as such
    for acronym, ids in owners.items():
        result = top(index, acronym.upper())
        assert {c.entity.id for c in result if c.score == 100} == ids
        assert result[0].match == (len(ids) == 1), acronym


def test_accents_case_and_punctuation_do_not_matter(built):
    index, _ = built
    forms = ["DIRECTION INTERMINISTERIELLE DU NUMERIQUE", "direction  interministérielle du numérique.",
             "La Direction interministérielle du numérique"]
    assert len({top(index, f)[0].entity.id for f in forms}) == 1
    assert all(top(index, f)[0].score == 100 for f in forms)


def test_the_built_answers_follow_the_schemas(built):
    index, _ = built
    batch = {"q0": {"query": "DINUM"}, "q1": {"query": "Politique européenne de soutien aux communs numériques",
                                              "type": "ogp:Commitment", "limit": 3}}
    validate(batch, "reconciliation-query-batch.json")
    queries = parse_queries(batch)
    answer = {k: {"result": [index.candidate_json(c, "fr") for c in index.reconcile(q)]} for k, q in queries.items()}
    validate(answer, "reconciliation-result-batch.json")
    assert len(answer["q1"]["result"]) <= 3


# --- matching rules on the fixture graph ----------------------------------------------------

def test_a_shared_acronym_is_never_a_match(fixture):
    result = top(fixture, "ABC")
    assert [c.score for c in result[:2]] == [100.0, 100.0]
    assert {c.entity.id for c in result[:2]} == {"organisation/abc-one", "organisation/abc-two"}
    assert not any(c.match for c in result)


def test_acronyms_match_only_exactly(fixture):
    assert all(c.entity.id != "organisation/dinum" for c in top(fixture, "DINU"))


def test_a_parenthesised_acronym_is_understood(fixture):
    best = top(fixture, "Agence inconnue (DINUM)")[0]
    assert best.entity.id == "organisation/dinum" and best.match
    assert best.score < 100  # a part of the query, not the whole, named it


def test_an_exact_name_stands_clear_of_a_longer_namesake(fixture):
    result = top(fixture, "Direction du numérique")
    assert (result[0].entity.id, result[0].match) == ("organisation/direction-du-numerique", True)
    assert result[1].entity.id == "organisation/dinum" and result[1].score < 90


def test_only_the_four_types_are_reconciled_and_type_filters(fixture):
    result = top(fixture, "Direction interministérielle du numérique")
    assert "programme/not-reconcilable" not in {c.entity.id for c in result}
    assert top(fixture, "Direction interministérielle du numérique", types=(PERSON.id,)) == []


def test_identifiers_and_ids_find_their_entity(fixture):
    for text in ("FR0051", "fr-2021-2023-01", "fr/2021-2023/commitment/1", SPACE + "fr/2021-2023/commitment/1"):
        best = top(fixture, text)[0]
        assert (best.entity.id, best.match) == ("fr/2021-2023/commitment/1", True), text


def test_a_property_tells_namesakes_apart(fixture):
    alone = top(fixture, "Stratégie des données")
    assert alone[0].score == alone[1].score == 100 and not alone[0].match
    lead = OGP + "leadOrganisation"
    for value in (PropertyValue("DINUM"), PropertyValue("", "organisation/dinum"),
                  PropertyValue("", SPACE + "organisation/dinum")):
        result = top(fixture, "Stratégie des données", properties=((lead, (value,)),))
        assert (result[0].entity.id, result[0].match) == ("fr/2021-2023/commitment/1", True), value
        assert result[1].score < result[0].score


def test_a_query_by_properties_alone(fixture):
    result = top(fixture, "", properties=((OGP + "ogpRegistryId", (PropertyValue("FR0052"),)),))
    assert [c.entity.id for c in result] == ["fr/2021-2023/commitment/2"] and result[0].match
    by_year = top(fixture, "", properties=((OGP + "startDate", (PropertyValue("2023"),)),))
    assert [c.entity.id for c in by_year] == ["fr/2021-2023/commitment/2"]


def test_extension_serves_lead_period_and_ogp_id(fixture):
    props = [OGP + p for p in ("leadOrganisation", "startDate", "endDate", "dateText", "ogpRegistryId")]
    answer = fixture.extend(parse_extend({"ids": ["fr/2021-2023/commitment/1", "unknown/x"],
                                          "properties": [{"id": p} for p in props]}), "en")
    validate(answer, "data-extension-response.json")
    row = answer["rows"]["fr/2021-2023/commitment/1"]
    assert row[props[0]] == [{"id": "organisation/dinum", "name": "Direction interministérielle du numérique"}]
    assert row[props[1]] == [{"date": "2022-01-01T00:00:00Z"}] and row[props[2]] == [{"date": "2022-06-30T00:00:00Z"}]
    assert row[props[3]] == [{"str": "S1 2022"}] and row[props[4]] == [{"str": "FR0051"}]
    assert answer["rows"]["unknown/x"] == {p: [] for p in props}
    meta = {m["id"]: m for m in answer["meta"]}
    assert meta[props[0]]["type"]["id"] == ORGANISATION.id and meta[props[0]]["name"] == "lead organisation"


def test_inverse_properties_extend_organisations_and_legal_texts(fixture):
    led, cited = "^" + OGP + "leadOrganisation", "^" + OGP + "citesLegalText"
    answer = fixture.extend(ExtendRequest(("organisation/dinum", "legal/reglement-ue-2016-679"), (led, cited)), "fr")
    assert answer["rows"]["organisation/dinum"][led] == [{"id": "fr/2021-2023/commitment/1",
                                                          "name": "#1 Stratégie des données"}]
    assert answer["rows"]["legal/reglement-ue-2016-679"][cited][0]["id"] == "fr/2021-2023/commitment/1"


def test_descriptions_tell_namesakes_apart(fixture):
    assert fixture.entities["fr/2021-2023/commitment/1"].description == (
        "FR-2021-2023-01 · Direction interministérielle du numérique · 2022-01-01 – 2022-06-30")
    assert fixture.entities["organisation/dinum"].description == "DINUM · FR-2021-2023-01"
    assert fixture.entities["person/jeanne-dupont"].description == "Cheffe de projet"


def test_suggest_by_prefix_type_and_language(fixture):
    entities = fixture.suggest_entities("direction")
    assert [e.id for e in entities] == ["organisation/direction-du-numerique", "organisation/dinum"]
    assert [e.id for e in fixture.suggest_entities("numéri")] == [
        "organisation/direction-du-numerique", "organisation/dinum"]  # a word inside the name
    assert fixture.suggest_entities("dinum", types=(PERSON.id,)) == []
    assert [e.id for e in fixture.suggest_entities("direction", cursor=1)] == ["organisation/dinum"]
    validate({"result": [fixture.suggest_json(e, "fr") for e in entities]}, "suggest-entities-response.json")
    types = fixture.suggest_types("engag", "fr")
    assert [t["id"] for t in types] == [COMMITMENT.id]
    validate({"result": types}, "suggest-types-response.json")
    props = fixture.suggest_properties("lead", "en", COMMITMENT.id)
    assert [p["id"] for p in props] == [OGP + "leadOrganisation"]
    validate({"result": props}, "suggest-properties-response.json")


def test_the_index_is_kept_per_data_version(fixture, built):
    index, store = built
    assert index_for(store, SPACE) is index
    assert fixture is not index


# --- request parsing ----------------------------------------------------------------------------

def test_queries_parse_with_types_limits_and_compact_ids():
    parsed = parse_queries({"a": {"query": " DINUM ", "type": "org:Organization", "limit": 2.0},
                            "b": {"query": "x", "type": [COMMITMENT.id], "type_strict": "should",
                                  "properties": [{"pid": "ogp:leadOrganisation", "v": [{"id": "o/1"}, "DINUM"]}]},
                            "c": {"query": "y", "limit": 10_000}})
    assert parsed["a"] == Query("DINUM", (ORGANISATION.id,), 2)
    assert parsed["b"].properties == ((OGP + "leadOrganisation", (PropertyValue("", "o/1"),
                                                                  PropertyValue("DINUM"))),)
    assert parsed["c"].limit == MAX_LIMIT


@pytest.mark.parametrize("batch, message", [
    ([], "must be a JSON object"),
    ({"q": "DINUM"}, "query 'q' must be a JSON object"),
    ({"q": {"query": "x", "lang": "fr"}}, "unknown field 'lang'"),
    ({"q": {"query": 3}}, "'query' must be a string"),
    ({"q": {"query": "  "}}, "needs a non-empty 'query'"),
    ({"q": {"query": "x", "type": "ogp:Milestone"}}, "unknown type"),
    ({"q": {"query": "x", "type": [1]}}, "'type' must be"),
    ({"q": {"query": "x", "limit": 0}}, "positive integer"),
    ({"q": {"query": "x", "limit": 1.5}}, "positive integer"),
    ({"q": {"query": "x", "limit": True}}, "positive integer"),
    ({"q": {"query": "x", "type_strict": "must"}}, "type_strict"),
    ({"q": {"query": "x", "properties": [{"pid": "ogp:nothing", "v": "y"}]}}, "unknown property"),
    ({"q": {"query": "x", "properties": [{"pid": "ogp:startDate"}]}}, "'pid' and a 'v'"),
    ({"q": {"query": "x", "properties": [{"pid": "ogp:startDate", "v": {"name": "y"}}]}}, "needs a string 'id'"),
    ({"q": {"query": "x" * (MAX_QUERY_CHARS + 1)}}, "longer than"),
])
def test_bad_queries_say_what_is_wrong(batch, message):
    with pytest.raises(ReconcileError, match=message) as caught:
        parse_queries(batch)
    assert not isinstance(caught.value, TooLarge)


def test_a_batch_over_the_announced_size_is_too_large():
    with pytest.raises(TooLarge, match=f"at most {BATCH_SIZE}"):
        parse_queries({str(i): {"query": "x"} for i in range(BATCH_SIZE + 1)})
    with pytest.raises(TooLarge):
        parse_extend({"ids": ["x"] * (MAX_EXTEND_IDS + 1), "properties": []})


@pytest.mark.parametrize("raw, message", [
    ("x", "must be a JSON object"),
    ({"ids": "x", "properties": []}, "'ids' must be"),
    ({"ids": [], "properties": ["ogp:startDate"]}, "'properties' must be"),
    ({"ids": [], "properties": [{"id": "ogp:nothing"}]}, "unknown property"),
])
def test_bad_extension_queries_say_what_is_wrong(raw, message):
    with pytest.raises(ReconcileError, match=message):
        parse_extend(raw)

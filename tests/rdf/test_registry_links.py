"""The shipped linksets: the OGP registry (graphs ogp-registry, irm-review) and the legal texts' ELIs.

Queried with SPARQL on the committed data/ttl, loaded as the server loads it (one named graph
per file), so the checks also pin which named graph holds what. Expectations come from the
registry file itself (data/source/ogp-registry/fr-2021-2023.csv, read here with the csv module,
not the project's reader) and from the derivation rules of docs/legal-identifiers.md.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from ogpgraph.config import Settings
from ogpgraph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
CSV = ROOT / "data" / "source" / "ogp-registry" / "fr-2021-2023.csv"
BASE = "https://w3id.org/ogpgraph/"
PLAN = BASE + "id/fr/2021-2023/"
G = BASE + "graph/"
PREFIXES = """
PREFIX ogp: <https://w3id.org/ogpgraph/def/ogp#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    return EmbeddedStore(Settings(contacts="full")).load()


@pytest.fixture(scope="module")
def rows() -> dict[int, dict[str, str]]:
    with CSV.open(encoding="utf-8", newline="") as f:
        return {int(r["number"]): r for r in csv.DictReader(f)}


def select(store: EmbeddedStore, query: str) -> list[dict[str, str]]:
    result = store.query(PREFIXES + query)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def number(iri: str) -> int:
    return int(iri.rsplit("/", 1)[1])


def test_all_59_commitments_link_to_the_registry(store, rows) -> None:
    found = select(store, f"""
        SELECT ?c ?id ?page WHERE {{ GRAPH <{G}ogp-registry> {{
            ?c ogp:ogpRegistryId ?id ; foaf:isPrimaryTopicOf ?page }} }}""")
    assert len(found) == 59
    commitments = {r["c"] for r in select(store, "SELECT ?c WHERE { ?c a ogp:Commitment }")}
    assert {r["c"] for r in found} == commitments
    for r in found:
        n = number(r["c"])
        assert r["id"] == f"FR{50 + n:04d}"
        # One IRI per page, the registry's own form, read or not (before: four spellings, as read)
        assert r["page"] == f"https://www.opengovpartnership.org/members/france/commitments/{r['id']}/"


def test_one_iri_per_registry_page_and_the_address_read_kept_as_provenance(store, rows) -> None:
    """Every IRI of opengovpartnership.org in the graph is a page in the registry's form, and each
    page has one IRI; the addresses as read (another case, no www., the French page, no final /)
    are literals of the record that read them, exactly as in the registry copy."""
    pages = select(store, """SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)
                             && CONTAINS(STR(?o), "opengovpartnership.org") && CONTAINS(STR(?o), "/commitments/")) }""")
    canonical = re.compile(r"^https://www\.opengovpartnership\.org/members/france/commitments/FR\d{4}/$")
    assert pages and all(canonical.match(p["o"]) for p in pages), [p["o"] for p in pages]
    assert len(pages) == 59
    read = select(store, f"""SELECT ?c ?address WHERE {{ GRAPH <{G}ogp-registry> {{
        ?c ogp:registryRecord ?r . ?r ogp:addressRead ?address }} }}""")
    assert {number(r["c"]): r["address"] for r in read} == {
        n: row["url"] for n, row in rows.items() if row["found"] == "yes"}
    spellings = {r["address"] for r in read} - {p["o"] for p in pages}
    assert len(spellings) >= 10  # the reading kept its spellings: lower case, no www., /fr/, no final /


def test_the_registry_id_is_a_plain_string(store) -> None:
    # The reconciliation API matches ogp:ogpRegistryId as a plain xsd:string literal.
    result = store.query(PREFIXES + f"SELECT ?id WHERE {{ <{PLAN}commitment/1> ogp:ogpRegistryId ?id }}")
    (row,) = list(result)
    assert row["id"] == ox.Literal("FR0051")


def test_read_rows_have_their_english_title_next_to_the_french_one(store, rows) -> None:
    titles = select(store, f"""
        SELECT ?c ?en ?fr ?label WHERE {{
            GRAPH <{G}ogp-registry> {{ ?c dcterms:title ?en ; rdfs:label ?label . FILTER (LANG(?en) = "en" && LANG(?label) = "en") }}
            GRAPH <{G}fr-2021-2023> {{ ?c dcterms:title ?fr }} }}""")
    expected = {n: r["title_en"] for n, r in rows.items() if r["found"] == "yes" and r["title_en"]}
    assert {number(t["c"]): t["en"] for t in titles} == expected
    assert len(expected) == 29  # 30 pages read; FR0059 (#9) is in French only, with no English title
    assert all(t["label"] == f"#{number(t['c'])} {t['en']}" for t in titles)
    assert all(t["fr"] for t in titles)


def test_records_say_which_pages_were_read_and_derive_from_them(store, rows) -> None:
    records = select(store, f"""
        SELECT ?c ?read ?source ?year WHERE {{ GRAPH <{G}ogp-registry> {{
            ?c ogp:registryRecord ?r . ?r ogp:pageRead ?read ; ogp:registryPage ?page .
            OPTIONAL {{ ?r prov:wasDerivedFrom ?source }} OPTIONAL {{ ?r ogp:readIn ?year }} }} }}""")
    assert len(records) == 59
    for r in records:
        n = number(r["c"])
        read = rows[n]["found"] == "yes"
        assert r["read"] == ("true" if read else "false")
        page = f"https://www.opengovpartnership.org/members/france/commitments/FR{50 + n:04d}/"
        assert r["source"] == (page if read else None)
        assert r["year"] == ("2026" if read else None)


def test_unread_rows_carry_nothing_but_the_derived_link(store, rows) -> None:
    unread = [f"<{PLAN}commitment/{n}>" for n, r in rows.items() if r["found"] == "no"]
    assert len(unread) == 29
    facts = select(store, f"""
        SELECT ?c ?p WHERE {{
            VALUES ?c {{ {' '.join(unread)} }}
            {{ GRAPH <{G}ogp-registry> {{ ?c ?p ?o }} }} UNION {{ GRAPH <{G}irm-review> {{ ?c ?p ?o }} }}
            UNION {{ GRAPH <{G}ogp-registry> {{ ?c ogp:registryRecord ?r . ?r ?p ?o }} }} }}""")
    allowed = {"https://w3id.org/ogpgraph/def/ogp#" + p for p in
               ("ogpRegistryId", "registryRecord", "registryPage", "pageRead")} | {
        "http://xmlns.com/foaf/0.1/isPrimaryTopicOf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#note"}
    assert {f["p"] for f in facts} <= allowed
    # the record's labels are ours ("OGP registry record FR0052"), not a title read
    labels = select(store, f"""
        SELECT ?c WHERE {{ VALUES ?c {{ {' '.join(unread)} }} GRAPH <{G}ogp-registry> {{ ?c rdfs:label ?l }} }}""")
    assert labels == []


def test_policy_areas_are_a_skos_scheme_with_the_pages_as_sources(store, rows) -> None:
    written = {a for r in rows.values() for a in r["policy_areas"].split("; ") if a}
    areas = select(store, f"""
        SELECT ?a ?label (COUNT(DISTINCT ?page) AS ?pages) WHERE {{ GRAPH <{G}ogp-registry> {{
            ?a a skos:Concept, ogp:PolicyArea ; skos:prefLabel ?label ;
               skos:inScheme <{BASE}id/ogp-policy-area> ; skos:topConceptOf <{BASE}id/ogp-policy-area> ;
               prov:wasDerivedFrom ?page }} }} GROUP BY ?a ?label""")
    assert {a["label"] for a in areas} == written
    assert len(written) == 36
    counts = {a["label"]: int(a["pages"]) for a in areas}
    assert counts["Public Participation"] == sum(
        "Public Participation" in r["policy_areas"].split("; ") for r in rows.values())
    # commitment #1: "Access to Information; Open Data"
    mine = select(store, f"""
        SELECT ?label WHERE {{ <{PLAN}commitment/1> ogp:policyArea/skos:prefLabel ?label }} ORDER BY ?label""")
    assert [m["label"] for m in mine] == ["Access to Information", "Open Data"]


def test_irm_fields_are_in_their_own_graph_as_shown(store, rows) -> None:
    reviews = select(store, f"""
        SELECT ?c ?verifiable ?relevant ?ambition ?completion ?early ?source WHERE {{ GRAPH <{G}irm-review> {{
            ?c ogp:irmReview ?r . ?r prov:wasDerivedFrom ?source ; ogp:readIn ?year .
            OPTIONAL {{ ?r ogp:irmVerifiable ?verifiable }} OPTIONAL {{ ?r ogp:irmRelevantToOgpValues ?relevant }}
            OPTIONAL {{ ?r ogp:irmAmbition ?ambition }} OPTIONAL {{ ?r ogp:irmCompletion ?completion }}
            OPTIONAL {{ ?r ogp:irmEarlyResults ?early }} }} }}""")
    assert len(reviews) == 30
    for r in reviews:
        row = rows[number(r["c"])]
        page = f"https://www.opengovpartnership.org/members/france/commitments/{row['ogp_id']}/"
        shown = (row["verifiable"], row["relevant_to_ogp_values"], row["ambition"], row["completion"],
                 row["early_results"], page)
        assert tuple(r[k] or "" for k in ("verifiable", "relevant", "ambition", "completion", "early", "source")) == shown
    # and nowhere else
    elsewhere = select(store, f"""
        SELECT ?g WHERE {{ GRAPH ?g {{ ?s ogp:irmAmbition ?o }} FILTER (?g != <{G}irm-review>) }}""")
    assert elsewhere == []


def test_registry_facts_stay_out_of_the_document_graph(store) -> None:
    leaked = select(store, f"""
        SELECT ?p WHERE {{ GRAPH <{G}fr-2021-2023> {{ ?s ?p ?o }}
            FILTER (?p IN (ogp:ogpRegistryId, foaf:isPrimaryTopicOf, ogp:policyArea, ogp:registryRecord, ogp:irmReview)
                    || (?p = dcterms:title && LANG(?o) = "en" && NOT EXISTS {{ ?s a ogp:LegalText }})) }}""")
    # (An EU act's English official title is in the document graph with its number: both come
    # from the verified reference table of legal texts, not from the registry.)
    assert leaked == []


def test_resolved_lead_institutions_agree_with_the_document(store) -> None:
    pairs = select(store, """
        SELECT ?c ?org ?lead WHERE { ?c ogp:registryRecord/ogp:leadInstitutionOrganisation ?org .
                                     OPTIONAL { ?c ogp:leadOrganisation ?lead . FILTER (?lead = ?org) } }""")
    assert sorted(number(p["c"]) for p in pairs) == [39, 44, 55, 58, 59]
    assert all(p["lead"] == p["org"] for p in pairs), pairs


# -- legal texts ------------------------------------------------------------------------------------


def test_every_legal_text_is_an_eli_legal_resource_with_a_note(store) -> None:
    rows = select(store, """
        SELECT ?t (COUNT(DISTINCT ?note) AS ?notes) WHERE {
            ?t a ogp:LegalText . FILTER EXISTS { ?t a eli:LegalResource }
            ?t ogp:identifierNote ?note } GROUP BY ?t""")
    texts = select(store, "SELECT ?t WHERE { ?t a ogp:LegalText }")
    assert len(rows) == len(texts) > 15
    assert all(int(r["notes"]) == 2 for r in rows)


def test_the_eli_links(store) -> None:
    links = {r["t"].rsplit("/", 1)[1]: r["eli"] for r in select(store, """
        SELECT ?t ?eli WHERE { ?t a ogp:LegalText ; schema:legislationIdentifier ?eli }""")}
    lf = "https://www.legifrance.gouv.fr/eli/loi/"
    assert links == {
        "loi-2013-907": lf + "2013/10/11/2013-907/jo/texte",
        "loi-2016-1321": lf + "2016/10/7/2016-1321/jo/texte",
        "loi-2016-1691": lf + "2016/12/9/2016-1691/jo/texte",
        "loi-2018-1202": lf + "2018/12/22/2018-1202/jo/texte",
        "loi-2020-1721": lf + "2020/12/29/2020-1721/jo/texte",
        "loi-2021-1031": lf + "2021/8/4/2021-1031/jo/texte",
        "loi-2021-1104": lf + "2021/8/22/2021-1104/jo/texte",
        "loi-2020-1674": lf + "2020/12/24/2020-1674/jo/texte",  # "LPR": number and date from the table
        "reglement-ue-2016-679": "http://data.europa.eu/eli/reg/2016/679/oj",
        "reglement-ue-2019-1780": "http://data.europa.eu/eli/reg_impl/2019/1780/oj",
        "directive-ue-2018-1972": "http://data.europa.eu/eli/dir/2018/1972/oj",
    }


def test_texts_without_an_eli_say_why(store) -> None:
    reasons = {r["t"].rsplit("/", 1)[1]: r["note"] for r in select(store, """
        SELECT ?t ?note WHERE { ?t a ogp:LegalText ; ogp:identifierNote ?note .
            FILTER (LANG(?note) = "en") FILTER NOT EXISTS { ?t schema:legislationIdentifier ?eli } }""")}
    assert reasons["decret-relatif-au-snds"].startswith("No ELI: the document cites only a bill")
    assert reasons["reglement-ue-2022-2065"].startswith("No ELI: the document cites the Commission's proposal")
    assert reasons["arrete-2021-04-28"].startswith("No ELI: no rule")
    assert reasons["loi-programmation-energie-climat"].startswith("No ELI: neither the document nor")
    assert reasons["15"].startswith("No ELI: an article or annex")  # declaration-1789/article/15
    assert reasons["constitution-1958"].startswith("No ELI: no rule")
    assert reasons["loi-2008-724"].startswith("No ELI: the form of an organic or constitutional law")
    assert all(note.startswith("No ELI") for note in reasons.values())

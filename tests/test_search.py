"""The search index (ogpgraph.search): terms, ranking, filters, snippets, on real stores.

A small graph written for the purpose pins each rule; the published graph pins
the answers users will look for (an acronym, a full name, a surname).
"""

import pytest

from ogpgraph.config import Settings
from ogpgraph.iris import DEFAULT_BASE_IRI
from ogpgraph.search import (
    MAX_LIMIT,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    SearchError,
    SearchIndex,
    SearchIndexCache,
    parse_query,
    term_keys,
)
from ogpgraph.store.embedded import EmbeddedStore

ID = DEFAULT_BASE_IRI + "id/"

TTL = """
@prefix ogp: <https://w3id.org/ogpgraph/def/ogp#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix id: <https://w3id.org/ogpgraph/id/> .

id:c1 a ogp:Commitment ; rdfs:label "Ouvrir les données de santé"@fr ;
    ogp:problem id:c1-problem .
id:c1-problem a ogp:TextPassage ;
    rdf:value "Les hôpitaux publient peu. La Direction générale de la santé coordonne l'ouverture."@fr .
id:c2 a ogp:Commitment ; rdfs:label "Former les agents"@fr ;
    ogp:problem id:c2-problem .
id:c2-problem a ogp:TextPassage ;
    rdf:value "Les agents manquent de culture de la donnée ; la formation aux donnees ouvertes commence en 2022."@fr .
id:org1 a org:Organization ; skos:prefLabel "Direction interministérielle du numérique"@fr ; skos:altLabel "DINUM"@fr .
id:org2 a org:Organization ; skos:prefLabel "Direction générale de la santé"@fr ; skos:altLabel "DGS"@fr .
id:p1 a foaf:Person ; rdfs:label "Éloïse Verdier" ; foaf:name "Éloïse Verdier" .
id:unlabelled ogp:note "un texte sans intitulé sur les hôpitaux"@fr .
<https://example.org/elsewhere> rdfs:label "Hôpitaux ailleurs"@fr .
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    data = tmp_path_factory.mktemp("search-data")
    (data / "small.ttl").write_text(TTL, encoding="utf-8")
    store = EmbeddedStore(Settings(data_dir=data)).load()
    return SearchIndex.from_store(store, DEFAULT_BASE_IRI)


@pytest.fixture(scope="module")
def published():
    store = EmbeddedStore(Settings()).load()
    return SearchIndex.from_store(store, DEFAULT_BASE_IRI)


def iris(results):
    return [h.iri.removeprefix(ID) for h in results.hits]


# -- terms --------------------------------------------------------------------------------------

def test_accents_and_inflections_share_a_key():
    assert term_keys("données") & term_keys("donnees") & term_keys("donnée") & term_keys("DONNÉES")
    assert term_keys("numériques") & term_keys("Numerique")
    assert not term_keys("santé") & term_keys("données")
    # No over-stemming: the verb "donne" (gives) is not the noun "données" (data), written either way
    assert not term_keys("donne") & term_keys("données") and not term_keys("donne") & term_keys("donnees")


def test_a_query_drops_function_words_unless_it_has_nothing_else():
    assert [w.folded for w in parse_query("la Direction du numérique")] == ["direction", "numerique"]
    assert [w.folded for w in parse_query("de la")] == ["de", "la"]
    assert [w.folded for w in parse_query("données Données DONNEES")] == ["donnees"]


@pytest.mark.parametrize("query, message", [
    ("x" * (MAX_QUERY_CHARS + 1), "characters long"),
    ("?!… — «»", "no letters or digits"),
    (" ".join(f"mot{i}" for i in range(MAX_TERMS + 1)), "words"),
])
def test_unusable_queries_are_refused_with_a_reason(query, message):
    with pytest.raises(SearchError, match=message):
        parse_query(query)


# -- what is indexed ------------------------------------------------------------------------------

def test_only_labelled_resources_under_the_base_are_results(small):
    found = iris(small.search("hopitaux"))
    assert found == ["c1"]  # via its problem text; not the unlabelled note, not the foreign IRI


def test_text_of_description_parts_counts_for_their_resource(small):
    r = small.search("culture")
    assert iris(r) == ["c2"]
    assert r.hits[0].snippet is not None and "culture" in r.hits[0].snippet.text


def test_search_is_accent_and_case_insensitive_and_stems(small):
    assert iris(small.search("Données")) == iris(small.search("donnees")) == iris(small.search("DONNEE"))
    assert set(iris(small.search("donnees"))) == {"c1", "c2"}
    assert iris(small.search("eloise verdier")) == ["p1"]


def test_a_word_prefix_finds_longer_words(small):
    assert iris(small.search("verd")) == ["p1"]
    assert iris(small.search("ve")) == []  # too short to be a prefix


def test_every_query_word_must_match(small):
    assert iris(small.search("données santé")) == ["c1"]
    assert iris(small.search("données introuvable")) == []


# -- ranking ----------------------------------------------------------------------------------------

def test_labels_weigh_more_than_text(small):
    # "santé" is in c1's label and org2's label; "Direction générale de la santé" is in c1's text only.
    found = iris(small.search("direction générale santé"))
    assert found[0] == "org2" and "c1" in found


def test_a_whole_label_wins(small):
    assert iris(small.search("DINUM"))[0] == "org1"
    assert iris(small.search("Direction interministérielle du numérique"))[0] == "org1"


def test_ranking_is_deterministic(small):
    assert small.search("donnees").hits == small.search("donnees").hits


# -- filters, pages, snippets -------------------------------------------------------------------------

def test_type_filter_and_facets(small):
    r = small.search("direction", kinds=["organisation"])
    assert set(iris(r)) == {"org1", "org2"}
    assert r.facets == {"commitment": 1, "organisation": 2}  # facets count before the filter
    assert r.total == 2
    with pytest.raises(SearchError, match="unknown type"):
        small.search("direction", kinds=["bogus"])


def test_pages_do_not_overlap_and_cover_everything(small):
    whole = iris(small.search("direction"))
    pages = [iris(small.search("direction", limit=1, offset=k)) for k in range(len(whole) + 1)]
    assert [iri for page in pages for iri in page] == whole and pages[-1] == []
    with pytest.raises(SearchError, match="limit"):
        small.search("direction", limit=MAX_LIMIT + 1)
    with pytest.raises(SearchError, match="offset"):
        small.search("direction", offset=-1)


def test_snippet_highlights_the_words_found(small):
    hit = small.search("formation donnees").hits[0]
    marked = [hit.snippet.text[a:b] for a, b in hit.snippet.highlights]
    assert marked == ["donnée", "formation", "donnees"]
    assert "".join(piece for piece, _ in hit.snippet.segments()) == hit.snippet.text


def test_the_index_is_rebuilt_for_a_new_data_version_only(tmp_path):
    cache = SearchIndexCache()
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "small.ttl").write_text(TTL, encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "small.ttl").write_text(TTL.replace("Éloïse", "Louise"), encoding="utf-8")
    first = EmbeddedStore(Settings(data_dir=tmp_path / "a")).load()
    second = EmbeddedStore(Settings(data_dir=tmp_path / "b")).load()
    index = cache.get(first, DEFAULT_BASE_IRI)
    assert cache.get(first, DEFAULT_BASE_IRI) is index
    assert iris(cache.get(second, DEFAULT_BASE_IRI).search("louise")) == ["p1"]
    assert cache.get(first, DEFAULT_BASE_IRI) is not index and iris(cache.get(first, DEFAULT_BASE_IRI).search("louise")) == []


# -- the published graph ---------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["DINUM", "dinum", "Direction interministérielle du numérique",
                                   "direction interministerielle du numerique"])
def test_the_dinum_is_found_by_acronym_and_by_name(published, query):
    top = published.search(query).hits[0]
    assert (top.iri, top.kind) == (ID + "organisation/dinum", "organisation")
    assert top.label == "Direction interministérielle du numérique"


def test_a_person_is_found_by_surname(published):
    r = published.search("verdier")
    assert [(h.iri, h.label) for h in r.hits] == [(ID + "person/henri-verdier", "Henri Verdier")]


def test_a_commitment_is_found_by_its_title_words(published):
    r = published.search("communs numériques", kinds=["commitment"])
    assert r.hits[0].iri == ID + "fr/2021-2023/commitment/1"


def test_accents_do_not_change_the_results(published):
    assert iris(published.search("numérique", limit=100)) == iris(published.search("numerique", limit=100))


def test_accented_and_plain_spellings_give_the_same_hits_on_the_published_graph(published):
    """As docs/search.md says: "données" and "donnees" find the same resources (before: 92 and 82 hits,
    the accented form also reaching "donne"/"donner" through the stem "don")."""
    accented, plain = published.search("données", limit=100), published.search("donnees", limit=100)
    assert accented.total == plain.total > 0
    assert iris(accented) == iris(plain)
    assert published.search("DONNÉES", limit=100).total == accented.total


def test_every_milestone_hit_names_its_commitment(published):
    """Two milestones can have the same words ("1ère publication"): each hit says whose it is."""
    hits = [h for h in published.search("publication", limit=100).hits if h.kind == "milestone"]
    assert hits and all(h.within and h.iri.startswith(h.within[0] + "/milestone/") for h in hits)
    assert all(h.iri.split("/commitment/")[1].split("/")[0] == h.within[1] for h in hits)

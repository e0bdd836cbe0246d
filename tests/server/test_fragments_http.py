"""``/fragments``, the Triple Pattern Fragments interface, over real HTTP (real servers, requests,
rdflib as the parser of what comes back).

(pyoxigraph parses the quad formats: rdflib 7.6's Dataset trips its own deprecation warnings.)

What a TPF client relies on: every format carries the data and, apart from it, the count and the
Hydra controls; following ``hydra:next`` gives each matching triple once; one address per page;
the same caching as every other document. And what the service owes everyone: clear 400s, and
contact details withheld exactly as elsewhere. Comunica itself: test_fragments_comunica.py.
"""

from urllib.parse import quote

import pytest
import requests
import html5lib
import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, FOAF, RDF, VOID

from conftest import REMOTE
from test_contacts_mode import EMAIL, PHONE

BASE = "https://w3id.org/ogpgraph/"
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
OGP = Namespace(BASE + "def/ogp#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCT = Namespace("http://purl.org/dc/terms/")
TYPE_COMMITMENT = f"predicate={quote(str(RDF.type), safe='')}&object={quote(str(OGP.Commitment), safe='')}"
# rdflib parses the triple formats, pyoxigraph the quad formats (see above).
FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt", "application/trig": ox.RdfFormat.TRIG,
           "application/n-quads": ox.RdfFormat.N_QUADS, "application/ld+json": ox.RdfFormat.JSON_LD}


def sparql(url: str, query: str) -> list[dict]:
    r = requests.post(url + "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                      timeout=30)
    r.raise_for_status()
    return r.json()["results"]["bindings"]


def fetch(url: str, path: str, accept: str = "application/trig") -> requests.Response:
    return requests.get(url + path, headers={"Accept": accept}, timeout=30, allow_redirects=False)


class Parsed:
    """A fragment page as parsed: its data (default graph) and its metadata graph, as rdflib graphs."""

    def __init__(self, r: requests.Response, fmt: ox.RdfFormat = ox.RdfFormat.TRIG, page: str | None = None):
        page = page or r.url
        self.data, self.meta, self.others = Graph(), Graph(), set()
        for q in ox.parse(r.content, format=fmt, base_iri=page):
            triple = tuple(_rdflib(t) for t in (q.subject, q.predicate, q.object))
            if q.graph_name == ox.DefaultGraph():
                self.data.add(triple)
            elif q.graph_name.value == page + "#metadata":
                self.meta.add(triple)
            else:
                self.others.add(q.graph_name.value)
        assert len(self.meta), f"no metadata graph <{page}#metadata>"
        assert not self.others


def _rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        return Literal(term.value, lang=term.language, datatype=None if term.language else URIRef(term.datatype.value))
    raise AssertionError(f"a blank node in a fragment: {term}")


def test_every_format_carries_the_data_the_count_and_the_controls(server_url):
    page = f"{server_url}/fragments?{TYPE_COMMITMENT}"
    commitments = {b["c"]["value"] for b in sparql(server_url, f"SELECT ?c WHERE {{ ?c a <{OGP.Commitment}> }}")}
    assert len(commitments) == 59
    for media_type, fmt in FORMATS.items():
        r = fetch(server_url, f"/fragments?{TYPE_COMMITMENT}", media_type)
        assert r.status_code == 200, (media_type, r.text[:300])
        assert r.headers["Content-Type"].split(";")[0] == media_type
        if isinstance(fmt, str):
            everything = Graph().parse(data=r.content, format=fmt, publicID=page)
        else:
            parsed = Parsed(r, fmt, page)
            everything = parsed.data + parsed.meta
        assert {str(s) for s in everything.subjects(RDF.type, OGP.Commitment)} == commitments, media_type
        assert everything.value(URIRef(page), HYDRA.totalItems) == Literal(59)
        assert everything.value(URIRef(page), VOID.triples) == Literal(59)
        template = everything.value(URIRef(f"{server_url}/fragments#triplePattern"), HYDRA.template)
        assert str(template) == f"{server_url}/fragments{{?subject,predicate,object}}", media_type
        mapped = {str(everything.value(m, HYDRA.property))
                  for m in everything.objects(URIRef(f"{server_url}/fragments#triplePattern"), HYDRA.mapping)}
        assert mapped == {str(RDF.subject), str(RDF.predicate), str(RDF.object)}


def test_quad_formats_keep_the_metadata_out_of_the_data(server_url):
    """TriG and N-Quads: the data in the default graph, metadata and controls in <page#metadata>,
    whose primary topic is the fragment (how TPF clients tell them apart)."""
    page = f"{server_url}/fragments?{TYPE_COMMITMENT}"
    for media_type, fmt in (("application/trig", ox.RdfFormat.TRIG), ("application/n-quads", ox.RdfFormat.N_QUADS)):
        parsed = Parsed(fetch(server_url, f"/fragments?{TYPE_COMMITMENT}", media_type), fmt, page)
        meta, data = parsed.meta, parsed.data
        assert meta.value(URIRef(page + "#metadata"), FOAF.primaryTopic) == URIRef(page)
        assert len(data) == 59 and set(data.predicates()) == {RDF.type}
        assert not set(meta.subjects(RDF.type, OGP.Commitment))


def test_following_next_gives_every_matching_triple_once(server_url):
    """dcterms:title over several pages: the pages together are exactly what SPARQL finds."""
    expected = {(b["s"]["value"], b["o"]["value"], b["o"].get("xml:lang"))
                for b in sparql(server_url, f"SELECT ?s ?o WHERE {{ ?s <{DCT.title}> ?o }}")}
    url, seen, pages = f"{server_url}/fragments?predicate={quote(str(DCT.title), safe='')}", [], 0
    total = None
    while url:
        r = requests.get(url, headers={"Accept": "application/n-quads"}, timeout=30)
        assert r.status_code == 200 and r.url == url  # the links are canonical: no redirect
        parsed = Parsed(r, ox.RdfFormat.N_QUADS)
        meta = parsed.meta
        total = int(meta.value(URIRef(url), HYDRA.totalItems))
        assert int(meta.value(URIRef(url), HYDRA.itemsPerPage)) == 100
        seen += [(str(s), str(o), o.language) for s, _, o in parsed.data]
        nxt = meta.value(URIRef(url), HYDRA.next)
        url, pages = (str(nxt) if nxt else None), pages + 1
    assert pages > 1 and total == len(expected)
    assert len(seen) == len(set(seen)) and set(seen) == expected


def test_the_whole_default_graph_is_counted(server_url):
    """No pattern: the fragment is the SPARQL endpoint's default graph, every graph included."""
    n = int(sparql(server_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]["value"])
    meta = Parsed(fetch(server_url, "/fragments")).meta
    page = f"{server_url}/fragments"
    assert int(meta.value(URIRef(page), HYDRA.totalItems)) == n > 20_000
    assert str(meta.value(URIRef(page), HYDRA.last)) == f"{page}?page={(n + 99) // 100}"


@pytest.mark.parametrize("asked, canonical", [
    ("?subject=&predicate=&object=", "/fragments"),
    (f"?object={quote(str(OGP.Commitment), safe='')}&predicate={quote(str(RDF.type), safe='')}",
     f"/fragments?{TYPE_COMMITMENT}"),
    (f"?predicate={DCT.title}", f"/fragments?predicate={quote(str(DCT.title), safe='')}"),  # not encoded
    (f"?{TYPE_COMMITMENT}&page=1", f"/fragments?{TYPE_COMMITMENT}"),
    ("?subject=%3Fs&page=2", "/fragments?page=2"),  # a named variable is a variable
    ("?lang=en&page=2", "/fragments?page=2&lang=en"),
])
def test_one_address_per_page(server_url, asked, canonical):
    """Any other spelling of a fragment's request is redirected (301) to the address its controls use."""
    r = fetch(server_url, "/fragments" + asked)
    assert r.status_code == 301 and r.headers["Location"] == canonical
    assert fetch(server_url, canonical).status_code == 200


@pytest.mark.parametrize("query, status, says", [
    ("subject=%22text%22", 400, "a literal can only be the object"),
    ("subject=_%3Ab0", 400, "a blank node cannot be looked up"),
    ("subject=not%20an%20iri", 400, "is not an IRI"),
    ("object=%22x%22%40", 400, "is not a literal"),
    ("page=0", 400, "page must be a whole number"),
    ("page=two", 400, "page must be a whole number"),
    ("page=99999", 404, "no page 99999"),
    ("limit=10", 400, "unknown parameter 'limit'"),
    ("subject=a%3Ab&subject=c%3Ad", 400, "at most once"),
])
def test_bad_requests_get_a_clear_answer(server_url, query, status, says):
    r = fetch(server_url, f"/fragments?{query}", "*/*")
    assert r.status_code == status and says in r.text, r.text


def test_an_unknown_format_is_406_listing_the_offered_ones(server_url):
    r = fetch(server_url, "/fragments", "application/rdf+xml")
    assert r.status_code == 406 and "application/trig" in r.text and "text/turtle" in r.text


def test_pages_are_cached_like_every_document(server_url):
    path = f"/fragments?{TYPE_COMMITMENT}"
    r = fetch(server_url, path, "text/turtle")
    assert r.headers["ETag"] and "public" in r.headers["Cache-Control"] and "Accept" in r.headers["Vary"]
    again = requests.get(server_url + path, headers={"Accept": "text/turtle", "If-None-Match": r.headers["ETag"]},
                         timeout=30)
    assert again.status_code == 304
    # Both workers give the same bytes (pages are in one order, blank nodes labelled by content).
    etags = {requests.get(server_url + "/fragments?page=290", headers={"Accept": "text/turtle"},
                          timeout=30).headers["ETag"] for _ in range(8)}
    assert len(etags) == 1
    head = requests.head(server_url + path, headers={"Accept": "text/turtle"}, timeout=30)
    assert head.status_code == 200 and head.headers["ETag"] == r.headers["ETag"] and not head.content


def test_the_html_page_has_the_form_the_triples_and_the_pages(server_url):
    r = fetch(server_url, f"/fragments?predicate={quote(str(DCT.title), safe='')}&lang=en", "text/html")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert "Accept-Language" in r.headers["Vary"]
    page = r.text
    html5lib.HTMLParser(strict=True).parse(page)  # raises on any parse error
    assert '<form class="pattern" method="get" action="/fragments">' in page
    assert f'value="{DCT.title}"' in page
    assert 'rel="next" href="/fragments?predicate=http%3A%2F%2Fpurl.org%2Fdc%2Fterms%2Ftitle&amp;page=2&amp;lang=en"' in page
    # A French title on the English page is marked as French.
    assert '<a href="/fragments?object=' in page and 'lang="fr">' in page
    # Our own IRIs link to their pages too.
    assert '<a href="/id/fr/2021-2023/commitment/1?lang=en">the resource</a>' in page


def test_skolem_iris_lead_back_to_the_blank_node(server_url):
    """A blank node (here a SHACL property shape) is served as a Skolem IRI; looking it up gives
    its triples (embedded store), or a clear 400 where the store is remote and cannot name it."""
    data = Parsed(fetch(server_url, f"/fragments?predicate={quote('http://www.w3.org/ns/shacl#path', safe='')}")).data
    skolems = sorted(str(s) for s in data.subjects() if str(s).startswith(BASE + ".well-known/genid/"))
    assert skolems
    r = fetch(server_url, f"/fragments?subject={quote(skolems[0], safe='')}")
    if REMOTE:
        assert r.status_code == 400 and "cannot be looked up by Skolem IRI" in r.text
    else:
        assert r.status_code == 200
        assert URIRef("http://www.w3.org/ns/shacl#path") in set(Parsed(r).data.predicates())


def test_the_interface_is_in_the_dataset_description(server_url):
    g = Graph().parse(data=requests.get(server_url + "/id/dataset", headers={"Accept": "text/turtle"},
                                        timeout=30).text, format="turtle")
    service = URIRef(BASE + "id/dataset#fragments")
    assert g.value(service, DCAT.endpointURL) == URIRef(BASE + "fragments")
    assert g.value(service, DCT.conformsTo) == URIRef("https://linkeddatafragments.org/specification/triple-pattern-fragments/")
    sd = Graph().parse(data=requests.get(server_url + "/sparql", headers={"Accept": "text/turtle"}, timeout=30).text,
                       format="turtle")
    assert (None, None, URIRef(BASE + "fragments")) in sd


# -- contact details: withheld exactly as elsewhere (the store withholds them at load) -----------

PERSONAL = [VCARD.fn, FOAF.name, VCARD.hasTelephone, OGP.phone, OGP.person]


def _all_pages(url: str, query: str) -> tuple[int, str]:
    """(total, the text of every page) of one fragment, following hydra:next."""
    page, texts, total = f"{url}/fragments?{query}" if query else f"{url}/fragments", [], 0
    while page:
        r = requests.get(page, headers={"Accept": "application/n-quads"}, timeout=30)
        assert r.status_code == 200, r.text
        texts.append(r.text)
        meta = Parsed(r, ox.RdfFormat.N_QUADS, page).meta
        total = int(meta.value(URIRef(page), HYDRA.totalItems))
        nxt = meta.value(URIRef(page), HYDRA.next)
        page = str(nxt) if nxt else None
    return total, "\n".join(texts)


@pytest.mark.parametrize("mode", ["role", "none"])
def test_contacts_are_withheld_as_the_mode_says(start_server, mode):
    url = start_server("--contacts", mode)
    for predicate in PERSONAL:
        total, _ = _all_pages(url, f"predicate={quote(str(predicate), safe='')}")
        assert total == 0, (mode, predicate)
    total, _ = _all_pages(url, f"predicate={quote(str(RDF.type), safe='')}&object={quote(str(FOAF.Person), safe='')}")
    assert total == 0
    contacts, _ = _all_pages(url, f"predicate={quote(str(RDF.type), safe='')}&object={quote(str(OGP.Contact), safe='')}")
    assert (contacts > 50) if mode == "role" else (contacts == 0)
    # Only the plan's institutional mailbox is an e-mail anywhere in the texts the fragments serve.
    _, emails = _all_pages(url, f"predicate={quote(str(VCARD.hasEmail), safe='')}")
    _, quotes = _all_pages(url, f"predicate={quote('http://www.w3.org/ns/oa#exact', safe='')}")
    institutional = {e.lower() for e in EMAIL.findall(emails)}
    assert len(institutional) <= 1
    assert {e.lower() for e in EMAIL.findall(quotes)} <= institutional
    assert not PHONE.search(quotes)
    assert "Henri Verdier" not in quotes
    # A name looked up as a literal finds nothing.
    assert _all_pages(url, f"object={quote(chr(34) + 'Henri Verdier' + chr(34), safe='')}")[0] == 0


def test_the_full_server_does_show_what_the_other_modes_withhold(server_url):
    """Positive control for the test above: the same lookups on the default server find them."""
    assert _all_pages(server_url, f"predicate={quote(str(VCARD.fn), safe='')}")[0] > 50
    _, quotes = _all_pages(server_url, f"predicate={quote('http://www.w3.org/ns/oa#exact', safe='')}")
    assert "Henri Verdier" in quotes and PHONE.search(quotes) and len(set(EMAIL.findall(quotes))) > 20

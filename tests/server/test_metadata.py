"""Dataset metadata (VoID, DCAT), downloads and the ontology documentation.

Over real HTTP (the gunicorn fixture, two workers: a number or checksum that
differed between workers would show here) with requests and rdflib, plus a
unit test with Flask's test client for the contacts mode.
"""

import gzip
import hashlib
import re
import subprocess
import sys
from collections import Counter

import pytest
import requests
import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, XSD

from ogpgraph.config import Settings
from server import app_state, create_app

OGP = Namespace("https://w3id.org/ogpgraph/def/ogp#")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
BASE = "https://w3id.org/ogpgraph/"
DATASET = URIRef(BASE + "id/dataset")
DATA_DIR = Settings().data_dir  # the built files: one named graph each
ONTOLOGY_GRAPH = BASE + "graph/ontology"
EMAIL = re.compile(rb"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def local(server_url: str, iri: str) -> str:
    assert iri.startswith(BASE), iri
    return server_url + "/" + iri[len(BASE):]


@pytest.fixture(scope="module")
def void(server_url) -> Graph:
    r = requests.get(server_url + "/.well-known/void", timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == "text/turtle"
    return Graph().parse(data=r.content, format="turtle")


@pytest.fixture(scope="module")
def data_triples(server_url) -> int:
    """Triples loaded into the data graphs, as /health reports them (the ontology and the shapes are not data)."""
    graphs = requests.get(server_url + "/health", timeout=10).json()["graphs"]
    assert ONTOLOGY_GRAPH in {g["iri"] for g in graphs if g["kind"] == "ontology"}
    return sum(g["triples"] for g in graphs if g["kind"] == "data")


def test_void_counts_what_is_loaded(void, data_triples):
    assert (DATASET, RDF.type, VOID.Dataset) in void
    assert (DATASET, RDF.type, DCAT.Dataset) in void
    assert void.value(DATASET, VOID.triples).toPython() == data_triples
    assert void.value(DATASET, VOID.entities).toPython() > 59  # at least the commitments
    assert void.value(DATASET, VOID.sparqlEndpoint) == URIRef(BASE + "sparql")
    assert str(void.value(DATASET, VOID.uriSpace)) == BASE + "id/"
    assert URIRef(BASE + "id/fr/2021-2023/commitment/12") in set(void.objects(DATASET, VOID.exampleResource))
    assert URIRef("https://w3id.org/ogpgraph/def/ogp") in set(void.objects(DATASET, VOID.vocabulary))
    # One subset per data graph, whose counts add up.
    subsets = set(void.objects(DATASET, VOID.subset))
    assert len(subsets) == len(list(DATA_DIR.glob("*.ttl")))
    assert sum(void.value(s, VOID.triples).toPython() for s in subsets) == data_triples
    # The class partition agrees with the data: 59 commitments.
    parts = {void.value(p, VOID["class"]): void.value(p, VOID.entities).toPython()
             for p in void.objects(DATASET, VOID.classPartition)}
    assert parts[OGP.Commitment] == 59


def test_dcat_metadata(void):
    assert {o.language for o in void.objects(DATASET, DCTERMS.title)} == {"fr", "en"}
    assert {o.language for o in void.objects(DATASET, DCTERMS.description)} == {"fr", "en"}
    assert void.value(DATASET, DCTERMS.license) == URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
    assert void.value(DATASET, DCTERMS.publisher) is not None
    for p in (DCTERMS.issued, DCTERMS.modified, DCAT.theme, DCAT.keyword, DCTERMS.spatial):
        assert void.value(DATASET, p) is not None, p
    period = void.value(DATASET, DCTERMS.temporal)
    assert void.value(period, DCAT.startDate) == Literal("2021-01-01", datatype=XSD.date)
    assert void.value(period, DCAT.endDate) == Literal("2023-12-31", datatype=XSD.date)
    # Two services of the same data: the SPARQL endpoint and the Triple Pattern Fragments.
    services = {void.value(s, DCAT.endpointURL): s for s in void.subjects(RDF.type, DCAT.DataService)}
    assert set(services) == {URIRef(BASE + "sparql"), URIRef(BASE + "fragments")}
    assert all(void.value(s, DCAT.servesDataset) == DATASET for s in services.values())


def test_each_distribution_matches_its_bytes(server_url, void):
    distributions = set(void.objects(DATASET, DCAT.distribution))
    assert len(distributions) == 5
    assert {void.value(d, DCAT.downloadURL) for d in distributions} == set(void.objects(DATASET, VOID.dataDump))
    for d in distributions:
        url = str(void.value(d, DCAT.downloadURL))
        r = requests.get(local(server_url, url), timeout=30)
        assert r.status_code == 200, url
        assert r.headers["Content-Disposition"] == f'attachment; filename="{url.rsplit("/", 1)[-1]}"'
        assert void.value(d, DCAT.byteSize).toPython() == len(r.content)
        checksum = void.value(d, SPDX.checksum)
        assert void.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(r.content).hexdigest()
        assert void.value(d, DCAT.mediaType) is not None
        # Strong validator; a second request (maybe another worker) revalidates with 304.
        etag = r.headers["ETag"]
        assert etag == f'"{hashlib.sha256(r.content).hexdigest()}"'
        again = requests.get(local(server_url, url), headers={"If-None-Match": etag}, timeout=10)
        assert again.status_code == 304 and again.content == b""


def test_ntriples_gzip_parses_to_the_same_number_of_triples(server_url, void, data_triples):
    r = requests.get(server_url + "/download/ogpgraph.nt.gz", timeout=30)
    assert r.headers["Content-Type"] == "application/gzip"
    g = Graph().parse(data=gzip.decompress(r.content), format="nt")
    assert len(g) == data_triples == void.value(DATASET, VOID.triples).toPython()


def test_nquads_keep_the_named_graphs(server_url, void):
    r = requests.get(server_url + "/download/ogpgraph.nq.gz", timeout=30)
    # pyoxigraph, not rdflib: rdflib's N-Quads parser trips its own deprecation warnings.
    counts = Counter(q.graph_name.value for q in ox.parse(gzip.decompress(r.content), format=ox.RdfFormat.N_QUADS))
    subsets = {str(s): void.value(s, VOID.triples).toPython() for s in void.objects(DATASET, VOID.subset)}
    assert dict(counts) == subsets


def test_same_bytes_from_every_worker(server_url):
    """Two workers build their own downloads and descriptions: they must agree to the byte."""
    for path in ("/.well-known/void", "/download/ogpgraph.ttl", "/def/ogp.jsonld"):
        etags = {requests.get(server_url + path, timeout=10).headers["ETag"] for _ in range(8)}
        assert len(etags) == 1, path


@pytest.mark.parametrize("path", ["/dataset", "/id/dataset", "/.well-known/void"])
def test_dataset_page_lists_downloads(server_url, void, path):
    r = requests.get(server_url + path, headers={"Accept": "text/html"}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == "text/html"
    assert r.headers["Content-Location"] == "/id/dataset.html"
    for d in void.objects(DATASET, DCAT.distribution):
        assert str(void.value(d, DCAT.downloadURL)).rsplit("/", 1)[-1] in r.text
        assert str(void.value(void.value(d, SPDX.checksum), SPDX.checksumValue)) in r.text


@pytest.mark.parametrize("accept,media_type,fmt", [
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("*/*", "text/turtle", "turtle"),
])
def test_dataset_negotiates(server_url, accept, media_type, fmt):
    r = requests.get(server_url + "/id/dataset", headers={"Accept": accept}, timeout=10)
    assert r.headers["Content-Type"].split(";")[0] == media_type
    assert r.headers["Vary"].startswith("Accept")
    g = Graph().parse(data=r.content, format=fmt)
    assert (DATASET, RDF.type, VOID.Dataset) in g


def test_unknown_download_is_404(server_url):
    assert requests.get(server_url + "/download/secrets.txt", timeout=10).status_code == 404


@pytest.mark.parametrize("path", ["/def/ogp", "/def/ogp.html"])
def test_ontology_html_documents_commitment(server_url, path):
    r = requests.get(server_url + path, headers={"Accept": "text/html"}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == "text/html"
    assert r.headers["Content-Location"] == "/def/ogp.html"
    assert 'id="Commitment"' in r.text
    assert "https://w3id.org/ogpgraph/def/ogp#Commitment" in r.text
    assert "précise, datée" in r.text  # its skos:definition, in French: the site's default language


@pytest.mark.parametrize("lang,words,other", [
    ("fr", ["Table des matières", "Sous-classe de", "Engagement d'un plan d'action"], ["Table of Contents", "Sub Class Of"]),
    ("en", ["Table of Contents", "Sub Class Of", "specific, time-bound action"], ["Table des matières", "Sous-classe de"])])
def test_ontology_page_in_each_language(server_url, lang, words, other):
    """pyLODE writes English only: the French page has the ontology's French labels and definitions
    and pyLODE's headings translated; the English labels of the vocabularies pyLODE ships
    ("Legal Resource") are marked lang="en" there."""
    r = requests.get(server_url + "/def/ogp", params={"lang": lang}, headers={"Accept": "text/html"}, timeout=10)
    assert r.status_code == 200 and "Accept-Language" in r.headers["Vary"]
    assert f'<html lang="{lang}">' in r.text
    for w in words:
        assert w in r.text
    for w in other:
        assert f">{w}<" not in r.text
    if lang == "fr":
        assert '<span lang="en">Legal Resource' in r.text
    by_header = requests.get(server_url + "/def/ogp", headers={"Accept": "text/html", "Accept-Language": lang}, timeout=10)
    assert by_header.text == r.text


@pytest.mark.parametrize("path,headers", [("/def/ogp.ttl", {}), ("/def/ogp", {"Accept": "text/turtle"})])
def test_ontology_turtle(server_url, path, headers):
    r = requests.get(server_url + path, headers=headers, timeout=10)
    assert r.headers["Content-Type"].split(";")[0] == "text/turtle"
    g = Graph().parse(data=r.content, format="turtle")
    assert (OGP.Commitment, RDF.type, OWL.Class) in g


@pytest.mark.parametrize("ext,fmt", [("jsonld", "json-ld"), ("rdf", "xml"), ("nt", "nt")])
def test_ontology_other_syntaxes(server_url, ext, fmt):
    r = requests.get(f"{server_url}/def/ogp.{ext}", timeout=10)
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format=fmt)
    assert (OGP.Commitment, RDF.type, OWL.Class) in g


def test_ontology_negotiation_headers(server_url):
    r = requests.get(server_url + "/def/ogp", headers={"Accept": "application/rdf+xml"}, timeout=10)
    assert r.headers["Vary"] == "Accept"
    assert r.headers["Content-Location"] == "/def/ogp.rdf"
    links = requests.utils.parse_header_links(r.headers["Link"])
    assert {(ln["url"], ln["type"]) for ln in links} >= {("/def/ogp.ttl", "text/turtle"), ("/def/ogp.html", "text/html")}
    again = requests.get(server_url + "/def/ogp", headers={"Accept": "application/rdf+xml",
                                                            "If-None-Match": r.headers["ETag"]}, timeout=10)
    assert again.status_code == 304
    assert requests.get(server_url + "/def/ogp", headers={"Accept": "image/png"}, timeout=10).status_code == 406


def test_full_mode_publishes_contact_emails(server_url):
    """The counterpart of the unit test below: the regex does find the addresses when they are published."""
    body = gzip.decompress(requests.get(server_url + "/download/ogpgraph.nt.gz", timeout=30).content)
    assert b"henri.verdier@diplomatie.gouv.fr" in body
    assert len(set(EMAIL.findall(body))) > 20


def test_no_contact_email_in_any_dump_when_contacts_none():
    app = create_app(Settings(contacts="none"))
    client = app.test_client()
    # The one address still published is the report's institutional mailbox, by design in every
    # contacts mode (rdf/emit.py): it is the plan's dcat:contactPoint, not a person's contact.
    store = app_state.store_of(app)
    mailbox = {r["m"].value.removeprefix("mailto:").encode() for r in store.query(
        "SELECT ?m WHERE { ?plan <http://www.w3.org/ns/dcat#contactPoint>/<http://www.w3.org/2006/vcard/ns#hasEmail> ?m }")}
    assert len(mailbox) == 1
    void = Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    names = [str(u).rsplit("/", 1)[-1] for u in void.objects(DATASET, VOID.dataDump)]
    assert len(names) == 5
    for name in names:
        with client.get(f"/download/{name}") as r:  # closes the file the download streams from
            assert r.status_code == 200
            body = gzip.decompress(r.data) if name.endswith(".gz") else r.data
        found = set(EMAIL.findall(body))
        assert found <= mailbox, (name, sorted(found - mailbox)[:5])
        assert b"henri.verdier" not in body.lower()


def test_downloads_refuse_a_cache_directory_others_can_write(tmp_path):
    """Files found there would be served with their checksums: a shared, writable directory is refused."""
    from ogpgraph.publish.downloads import Downloads
    from ogpgraph.store.embedded import EmbeddedStore

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    store = EmbeddedStore(Settings(cache_dir=shared)).load()
    with pytest.raises(OSError, match="writable by no one else"):
        Downloads(store, shared).get()
    private = tmp_path / "private"
    assert set(Downloads(store, private).get()) == {"ogpgraph.ttl", "ogpgraph.nt.gz", "ogpgraph.jsonld",
                                                   "ogpgraph.trig", "ogpgraph.nq.gz"}


def test_downloads_are_the_same_bytes_from_any_process(tmp_path):
    """Every machine serving a data version publishes the same checksums: two processes (two PIDs,
    two directories) write byte-identical files, gzip headers included."""
    script = ("import sys; from pathlib import Path; from ogpgraph.config import Settings; "
              "from ogpgraph.publish.downloads import write_dumps; from ogpgraph.store.embedded import EmbeddedStore; "
              "out = Path(sys.argv[1]); out.mkdir(); "
              "[print(n, d.sha256) for n, d in sorted(write_dumps(EmbeddedStore(Settings()).load(), out).items())]")
    runs = [subprocess.run([sys.executable, "-c", script, str(tmp_path / name)], capture_output=True, text=True,
                           timeout=300, check=True).stdout for name in ("one", "two")]
    assert runs[0] == runs[1] and runs[0].count("\n") == 5

"""``ogpgraph load``: the built graph into a real ``oxigraph serve`` store, and serving from it.

What is loaded is compared with what the embedded store holds (graph by graph, and the
bytes of served documents); the contacts mode recorded at load is enforced at serve
time; a second load writes nothing; a reload reaches a running server by itself.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from oxigraph_server import OxigraphServer

from ogpgraph.ports import free_port

from ogpgraph.config import Settings
from ogpgraph.store import StoreError
from ogpgraph.store.embedded import EmbeddedStore

# The project root first: with tests/ on sys.path, tests/server would shadow the `server` package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

C12 = "/id/fr/2021-2023/commitment/12"
TITLE_12 = "Renforcer l'engagement citoyen des jeunes"


def ogpgraph(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ogpgraph", *args], capture_output=True, text=True, timeout=timeout)


def counts(store: OxigraphServer) -> dict[str, int]:
    """Triples per named graph, as the store itself counts them."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    r = requests.post(store.query, data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                      timeout=30)
    r.raise_for_status()
    return {b["g"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}


@pytest.fixture(scope="module")
def embedded() -> EmbeddedStore:
    return EmbeddedStore(Settings()).load()


@pytest.fixture
def store(tmp_path):
    with OxigraphServer(tmp_path / "store") as server:
        yield server


def test_load_then_load_again(store, embedded):
    first = store.load()
    expected = {g.iri: g.triples for g in embedded.graphs}
    for iri, n in expected.items():
        assert f"replaced  <{iri}> ({n} triples)" in first.stdout, first.stdout
    assert "one atomic SPARQL Update" in first.stdout
    held = counts(store)
    record = embedded.graph_iri("load")
    assert held.pop(record) == 1  # the load record, one statement
    assert held == expected  # no staging graph left, nothing else

    again = store.load()
    assert "already up to date, nothing written" in again.stdout
    assert [line.split()[0] for line in again.stdout.splitlines()[1:]] == ["unchanged"] * len(expected)
    assert counts(store) == held | {record: 1}


@pytest.mark.parametrize("how", [("--store-gsp",), ("--store-update",)])
def test_one_endpoint_is_enough(tmp_path, embedded, how):
    with OxigraphServer(tmp_path / "store") as store:
        urls = {"--store-gsp": store.gsp, "--store-update": store.update}
        result = ogpgraph("load", "--store", store.query, how[0], urls[how[0]])
        assert result.returncode == 0, result.stderr
        assert ("Graph Store Protocol PUT, graph by graph" if how[0] == "--store-gsp" else "INSERT DATA") \
            in result.stdout
        held = counts(store)
        held.pop(embedded.graph_iri("load"))
        assert held == {g.iri: g.triples for g in embedded.graphs}


def test_per_graph_puts_each_graph_in_place(tmp_path, embedded):
    """For data too large for one atomic switch: every graph PUT where it belongs, the record last."""
    with OxigraphServer(tmp_path / "store") as store:
        result = ogpgraph("load", "--store", store.query, "--store-update", store.update, "--store-gsp", store.gsp,
                          "--per-graph")
        assert result.returncode == 0, result.stderr
        assert "Graph Store Protocol PUT, graph by graph" in result.stdout
        held = counts(store)
        assert held.pop(embedded.graph_iri("load")) == 1
        assert held == {g.iri: g.triples for g in embedded.graphs}
    alone = ogpgraph("load", "--store", "http://127.0.0.1:9/query", "--store-update", "http://127.0.0.1:9/update",
                     "--per-graph")
    assert alone.returncode == 2 and "--per-graph needs --store-gsp" in alone.stderr


def test_unreachable_store_exits_2():
    dead = f"http://127.0.0.1:{free_port()}"
    result = ogpgraph("load", "--store", dead + "/query", "--store-gsp", dead + "/store")
    assert result.returncode == 2
    assert result.stderr.startswith("ogpgraph load: error: cannot reach") and "Connection refused" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_write_endpoint_is_required(store):
    result = ogpgraph("load", "--store", store.query)
    assert result.returncode == 2 and "--store-gsp" in result.stderr and "--store-update" in result.stderr


def test_contacts_mode_is_recorded_and_enforced(store):
    store.load("--contacts", "role")
    # A server promising full contacts on withheld data, or the reverse, refuses to start.
    served = ogpgraph("serve", "--port", str(free_port()), "--store", store.query, "--contacts", "full")
    assert served.returncode == 2
    assert "was loaded with --contacts role" in served.stderr and "start it with --contacts role" in served.stderr
    # Loading another mode over it would change what running servers publish: refused without --force.
    refused = ogpgraph("load", "--store", store.query, "--store-gsp", store.gsp, "--contacts", "full")
    assert refused.returncode == 2 and "--force" in refused.stderr
    forced = ogpgraph("load", "--store", store.query, "--store-gsp", store.gsp, "--store-update", store.update,
                      "--contacts", "full", "--force")
    assert forced.returncode == 0, forced.stderr


def test_withheld_details_are_checked_in_the_data_not_only_the_record(store):
    """A store whose record says "role" but whose data holds names (filled by other means) is refused."""
    store.load("--contacts", "role")
    person = "https://w3id.org/ogpgraph/id/person/henri-verdier"
    graph = "https://w3id.org/ogpgraph/graph/fr-2021-2023"
    insert = f"INSERT DATA {{ GRAPH <{graph}> {{ <{person}> a <http://xmlns.com/foaf/0.1/Person> }} }}"
    requests.post(store.update, data={"update": insert}, timeout=30).raise_for_status()
    served = ogpgraph("serve", "--port", str(free_port()), "--store", store.query, "--contacts", "role")
    assert served.returncode == 2 and "holds contact details that --contacts role withholds" in served.stderr


def test_remote_and_embedded_serve_the_same_bytes(store):
    from server import create_app

    store.load()
    remote = create_app(Settings(store=store.query)).test_client()
    local = create_app(Settings()).test_client()
    paths = ["/", C12 + ".ttl", C12 + ".html", C12 + ".jsonld", "/id/organisation/menjs.html", "/id/dataset.ttl",
             "/rdf-graph-store?default", "/rdf-graph-store?graph=https://w3id.org/ogpgraph/graph/ontology",
             "/download/ogpgraph.nq.gz", "/def/shapes.nt"]
    for path in paths:
        with remote.get(path) as a, local.get(path) as b:  # closed: a download streams from its file
            assert (a.status_code, a.headers["ETag"]) == (200, b.headers["ETag"]), path
            assert a.data == b.data, path
    query = {"query": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"}
    for accept in ("application/sparql-results+json", "text/tab-separated-values", "text/csv"):
        a, b = (c.get("/sparql", query_string=query, headers={"Accept": accept}) for c in (remote, local))
        assert a.status_code == 200 and a.data == b.data, accept
    assert remote.get("/health").get_json()["data_version"] == local.get("/health").get_json()["data_version"]


def test_a_union_default_graph_store_serves_the_same_bytes(tmp_path):
    """``--store-union`` (no graph named in queries, for stores with many graphs) changes no answer
    about the data; only the load record, one statement, joins the default graph."""
    from server import create_app

    with OxigraphServer(tmp_path / "store", None, "--union-default-graph") as store:
        store.load()
        remote = create_app(Settings(store=store.query, store_union=True)).test_client()
        local = create_app(Settings()).test_client()
        for path in ["/", C12 + ".ttl", C12 + ".html", "/id/organisation/menjs.ttl", "/download/ogpgraph.nq.gz"]:
            with remote.get(path) as a, local.get(path) as b:  # closed: a download streams from its file
                assert (a.status_code, a.headers["ETag"]) == (200, b.headers["ETag"]), path
                assert a.data == b.data, path
        query = {"query": f"SELECT ?p ?o WHERE {{ <https://w3id.org/ogpgraph{C12}> ?p ?o }} ORDER BY ?p ?o"}
        a, b = (c.get("/sparql", query_string=query, headers={"Accept": "text/csv"}) for c in (remote, local))
        assert a.status_code == 200 and a.data == b.data
        assert remote.get("/health").get_json()["status"] == "ok"


def test_a_reload_reaches_a_running_server(store, tmp_path):
    """``ogpgraph load`` of new data switches a running server over, with no failed request meanwhile;
    the new version's downloads, SHACL report and search index are made before it serves, so that
    no request makes them."""
    from server import create_app

    store.load()
    cache = tmp_path / "cache"
    app = create_app(Settings(store=store.query, store_refresh=0.5, cache_dir=cache))
    client = app.test_client()
    before = client.get("/health").get_json()["data_version"]
    assert TITLE_12 in client.get(C12 + ".ttl").get_data(as_text=True)

    data = tmp_path / "ttl"
    shutil.copytree(Settings().data_dir, data)
    main = data / "fr-2021-2023.ttl"
    assert main.read_text(encoding="utf-8").count(f'"{TITLE_12}"@fr') == 1
    main.write_text(main.read_text(encoding="utf-8").replace(f'"{TITLE_12}"@fr', f'"{TITLE_12} (v2)"@fr'),
                    encoding="utf-8")
    (data / "build-record.json").unlink()  # edited by hand, not built: nothing to check it against
    result = ogpgraph("load", "--store", store.query, "--store-gsp", store.gsp, "--store-update", store.update,
                      "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert "replaced  <https://w3id.org/ogpgraph/graph/fr-2021-2023>" in result.stdout
    assert "unchanged <https://w3id.org/ogpgraph/graph/vocabularies>" in result.stdout

    statuses, deadline = set(), time.monotonic() + 20
    while time.monotonic() < deadline:
        r = client.get(C12 + ".ttl")
        statuses.add(r.status_code)
        if f"{TITLE_12} (v2)" in r.get_data(as_text=True):
            break
        time.sleep(0.2)
    assert f"{TITLE_12} (v2)" in client.get(C12 + ".ttl").get_data(as_text=True)
    assert statuses == {200}
    after = client.get("/health").get_json()["data_version"]
    assert after not in ("", before)
    # No request asked for a download, the report or a search: the switch made them
    assert (cache / f"downloads-{after}" / "manifest.json").is_file()
    assert [p.name for p in cache.glob(f"shacl-report-{after}-*/report.ttl")] == ["report.ttl"]
    assert [p.name for p in cache.glob(f"render-{after}-*/search-index.pickle")] == ["search-index.pickle"]


def test_data_dir_is_not_needed_to_serve(store, tmp_path):
    """Workers reading a remote store need the code (ontology, shapes), not the built files."""
    from server import create_app

    store.load()
    app = create_app(Settings(store=store.query, data_dir=tmp_path / "absent"))
    r = app.test_client().get(C12 + ".ttl")
    assert r.status_code == 200 and TITLE_12 in r.get_data(as_text=True)
    assert not Path(tmp_path / "absent").exists()


def test_serve_refuses_a_store_that_no_longer_holds_what_was_loaded(store):
    """Partial data is not served as healthy from a remote store either: a graph cut after loading
    (here, its commitments' titles deleted) is named at start, and the server does not start."""
    from ogpgraph.store.remote import RemoteStore

    store.load()
    assert RemoteStore(Settings(store=store.query)).load().graphs  # whole: served
    cut = ("DELETE { GRAPH <https://w3id.org/ogpgraph/graph/fr-2021-2023> { ?c <http://purl.org/dc/terms/title> ?t } } "
           "WHERE { GRAPH <https://w3id.org/ogpgraph/graph/fr-2021-2023> { ?c <http://purl.org/dc/terms/title> ?t } }")
    requests.post(store.update, data={"update": cut}, timeout=30).raise_for_status()
    with pytest.raises(StoreError, match="does not hold what 'ogpgraph load' wrote: <https://w3id.org/ogpgraph/graph/"
                                         "fr-2021-2023> holds"):
        RemoteStore(Settings(store=store.query)).load()

"""Every IRI under the base in data/ttl/*.ttl dereferences on the real server.

Each one (fragment stripped) is asked for as Turtle and as HTML: no 404, no
5xx; the Turtle parses and mentions the resource; the HTML parses with html5lib
without a single parse error (any error fails the test, as html5lib's strict
mode would, but all of them are listed with page, line and column).

About 4,600 IRIs, i.e. ~9,300 requests: a few threads, one ``requests.Session``
each (keep-alive where the server allows it: gunicorn's sync workers close every
connection), share the server's two workers, and the whole crawl has a deadline.
"""

import concurrent.futures
import threading
import time

import html5lib
import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, URIRef

from ogpgraph import paths

BASE = "https://w3id.org/ogpgraph/"
DATA = paths.DATA_DIR
THREADS = 4
DEADLINE = 420  # seconds for the whole crawl (measured: 107 s on 2 busy CPUs, 239 s on overloaded ones)


def base_iris() -> list[str]:
    """Every IRI under the base used as subject, predicate or object, without its #fragment."""
    iris: set[str] = set()
    files = sorted(DATA.glob("*.ttl"))
    assert files, f"no Turtle files in {DATA}"
    for path in files:
        g = Graph().parse(path, format="turtle")
        for triple in g:
            for term in triple:
                if isinstance(term, URIRef) and str(term).startswith(BASE):
                    iris.add(str(term).split("#", 1)[0])
    return sorted(iris)


@pytest.fixture(scope="module")
def crawl(server_url):
    """Dereference every IRI as Turtle and HTML; return the problems found and the timing."""
    iris = base_iris()
    local = threading.local()
    sessions: list[requests.Session] = []
    deadline = time.monotonic() + DEADLINE

    def session() -> requests.Session:
        if not hasattr(local, "session"):
            local.session = requests.Session()
            sessions.append(local.session)
        return local.session

    def check(path: str, accept: str, iri: str | None) -> list[tuple[str, str]]:
        """(kind, message) of each problem with one representation."""
        where = f"{path} ({accept})"
        if time.monotonic() > deadline:
            return [("deadline", f"{where}: not fetched, the crawl passed its {DEADLINE} s deadline")]
        try:
            r = session().get(server_url + path, headers={"Accept": accept}, timeout=15)
        except requests.RequestException as exc:
            return [("status", f"{where}: {exc!r}")]
        if r.status_code != 200:
            return [("status", f"{where}: HTTP {r.status_code}")]
        if r.headers.get("Content-Type", "").split(";")[0] != accept:
            return [("content-type", f"{where}: Content-Type {r.headers.get('Content-Type')!r}")]
        if accept == "text/turtle":
            try:
                triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
            except SyntaxError as exc:
                return [("turtle", f"{where}: does not parse: {exc}")]
            node = ox.NamedNode(iri)
            if not any(t.subject == node or t.object == node for t in triples):
                return [("turtle", f"{where}: the description does not mention <{iri}>")]
            return []
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(r.content)
        return [("html", f"{where}: {code} {data or ''} at line {line}, column {col}")
                for (line, col), code, data in parser.errors]

    jobs = [("/", "text/html", None)]
    for iri in iris:
        path = "/" + iri[len(BASE):]
        jobs += [(path, "text/turtle", iri), (path, "text/html", iri)]
    start = time.monotonic()
    problems: list[tuple[str, str]] = []
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        for found in pool.map(lambda job: check(*job), jobs):
            problems += found
    elapsed = time.monotonic() - start
    for s in sessions:
        s.close()
    print(f"\ncrawl: {len(iris)} IRIs, {len(jobs)} requests in {elapsed:.1f} s")
    return {"iris": iris, "requests": len(jobs), "problems": problems, "elapsed": elapsed}


def test_the_data_has_iris_to_crawl(crawl):
    # Guards against a crawl that passes because it found nothing to fetch.
    iris = crawl["iris"]
    assert len(iris) > 1000
    assert BASE + "id/fr/2021-2023/commitment/12" in iris
    assert BASE + "def/ogp" in iris


@pytest.mark.parametrize("kind", ["status", "content-type", "turtle", "html", "deadline"])
def test_every_iri_dereferences(crawl, kind):
    """status: no 404/5xx; content-type: as asked; turtle: parses and describes the IRI;
    html: no html5lib parse error; deadline: every request was made in time."""
    problems = [message for k, message in crawl["problems"] if k == kind]
    assert not problems, f"{len(problems)} {kind} problems:\n" + "\n".join(problems[:50])


def test_crawl_is_bounded(crawl):
    assert crawl["requests"] == 2 * len(crawl["iris"]) + 1
    assert crawl["elapsed"] < DEADLINE

"""The caching layer (``ogpgraph cache-config``: nginx ``proxy_cache``) in front of a real
``ogpgraph serve``, both real processes on 127.0.0.1, talked to with requests.

What a shared cache must never do, and what it is for: each client gets the representation its
``Accept`` and ``Accept-Language`` ask for, whatever others asked before; the second request for
a document is answered by nginx (``OGPGraph-Cache: HIT``, nothing reaches the service); a client's
``If-None-Match`` gets a 304; after the data is reloaded no old answer comes back; SPARQL POSTs
are never kept, GETs only when configured. The service's access log says which requests reached it.
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from conftest import running_server, stop_process
from ogpgraph import paths
from ogpgraph.build_record import RECORD_NAME
from ogpgraph.cache_proxy import (DEFAULT_OUT, EXPECT_HEADER, STATUS_HEADER, VERSION_HEADER, VERSION_TTL,
                                  CacheSettings, config)
from ogpgraph.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
PLAN = "/id/fr/2021-2023"
C12 = "/id/fr/2021-2023/commitment/12"
ASK = "ASK { ?c a <https://w3id.org/ogpgraph/def/ogp#Commitment> }"


@contextlib.contextmanager
def cache(nginx: str, directory: Path, upstream_port: int, **options) -> "Iterator[str]":
    """The caching layer's nginx, as ``ogpgraph cache-config`` writes it, on a free port."""
    port = free_port()
    run = directory / "run"
    run.mkdir(parents=True)
    settings = CacheSettings(listen=f"127.0.0.1:{port}", upstream=f"127.0.0.1:{upstream_port}",
                             cache_dir=directory / "cache", run_dir=run, workers="2",
                             user="root" if os.geteuid() == 0 else "", **options)
    path = directory / "nginx.conf"
    path.write_text(config(settings))
    log = open(directory / "nginx.log", "w")
    proc = subprocess.Popen([nginx, "-p", str(directory), "-c", str(path), "-g", "daemon off;"],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while not (run / "nginx.pid").exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the cache's nginx did not start:\n{(directory / 'nginx.log').read_text()}")
            time.sleep(0.05)
        yield url
    finally:
        stop_process(proc)
        log.close()


class Stack:
    """``ogpgraph serve`` on a port of its own, restartable on the same port with other data."""

    def __init__(self, directory: Path):
        self.directory, self.port, self.runs = directory, free_port(), 0
        self.stack = contextlib.ExitStack()
        self.log: Path | None = None

    def start(self, *args: str) -> None:
        self.stack.close()
        self.runs += 1
        log_dir = self.directory / f"serve-{self.runs}"
        log_dir.mkdir()
        self.log = log_dir / "server.log"
        self.stack.enter_context(running_server(log_dir, *args, port=self.port))

    def reached(self) -> int:
        """Requests that reached the service so far (its JSON access log, written just after each
        answer: read until two reads agree), the health checks left out."""
        def count() -> int:
            lines = self.log.read_text(errors="replace").splitlines()
            return sum(1 for line in lines if line.startswith("{") and '"path": "/health' not in line)

        previous, deadline = -1, time.monotonic() + 5
        while (now := count()) != previous and time.monotonic() < deadline:
            previous = now
            time.sleep(0.3)
        return now


@pytest.fixture(scope="module")
def stack(tmp_path_factory, nginx):
    directory = tmp_path_factory.mktemp("cache-stack")
    serve = Stack(directory)
    serve.start()
    with cache(nginx, directory / "cache-default", serve.port) as url:
        serve.url = url
        yield serve
    serve.stack.close()


def get(url: str, path: str, **headers) -> requests.Response:
    return requests.get(url + path, headers=headers, timeout=30)


def test_each_client_gets_the_representation_it_asks_for(stack):
    """Turtle, HTML and JSON-LD of one IRI, asked for in turn: each is a miss once, then a hit, and
    no client ever gets another's format."""
    seen = {}
    for accept, media_type in (("text/turtle", "text/turtle"), ("text/html", "text/html"),
                               ("application/ld+json", "application/ld+json"), ("text/turtle", "text/turtle"),
                               ("text/html", "text/html"), ("application/ld+json", "application/ld+json")):
        r = get(stack.url, C12, Accept=accept)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(media_type)
        assert r.headers[STATUS_HEADER] == ("HIT" if accept in seen else "MISS")
        assert seen.setdefault(accept, r.content) == r.content
    assert len(set(seen.values())) == 3
    before = stack.reached()
    for _ in range(5):
        assert get(stack.url, C12, Accept="text/turtle").headers[STATUS_HEADER] == "HIT"
    assert stack.reached() == before  # hits never reach the service


def test_pages_follow_accept_language(stack):
    fr = get(stack.url, PLAN, Accept="text/html", **{"Accept-Language": "fr"})
    en = get(stack.url, PLAN, Accept="text/html", **{"Accept-Language": "en"})
    assert '<html lang="fr">' in fr.text and '<html lang="en">' in en.text
    again = get(stack.url, PLAN, Accept="text/html", **{"Accept-Language": "en"})
    assert again.headers[STATUS_HEADER] == "HIT" and '<html lang="en">' in again.text


def test_if_none_match_is_answered_304_by_the_cache(stack):
    first = get(stack.url, "/fragments", Accept="application/n-quads")
    etag = first.headers["ETag"]
    before = stack.reached()
    r = get(stack.url, "/fragments", Accept="application/n-quads", **{"If-None-Match": etag})
    assert r.status_code == 304 and not r.content and r.headers["ETag"] == etag
    assert stack.reached() == before
    assert get(stack.url, "/fragments", Accept="application/n-quads",
               **{"If-None-Match": '"another"'}).status_code == 200


def test_sparql_posts_are_never_kept_and_gets_only_as_configured(stack, nginx):
    for attempt in range(2):
        before = stack.reached()
        r = requests.post(stack.url + "/sparql", data={"query": ASK}, timeout=30,
                          headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200 and r.json()["boolean"] is True
        assert r.headers.get(STATUS_HEADER) != "HIT" and stack.reached() == before + 1
        before = stack.reached()
        r = requests.get(stack.url + "/sparql", params={"query": ASK}, timeout=30,
                         headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200 and r.headers.get(STATUS_HEADER) != "HIT" and stack.reached() == before + 1
    with cache(nginx, stack.directory / "cache-sparql", stack.port, sparql_ttl=60) as url:
        statuses = []
        for _ in range(2):
            r = requests.get(url + "/sparql", params={"query": ASK}, timeout=30,
                             headers={"Accept": "application/sparql-results+json"})
            assert r.status_code == 200 and r.json()["boolean"] is True
            statuses.append(r.headers[STATUS_HEADER])
        assert statuses == ["MISS", "HIT"]
        r = requests.post(url + "/sparql", data={"query": ASK}, timeout=30,
                          headers={"Accept": "application/sparql-results+json"})
        assert r.headers.get(STATUS_HEADER) != "HIT"


def test_a_worker_on_another_data_version_is_not_stored(stack):
    """The service marks an answer keyed with a version it does not serve ``no-store``."""
    direct = f"http://127.0.0.1:{stack.port}"
    version = get(direct, "/health/version").headers[VERSION_HEADER]
    assert version == get(direct, "/health").json()["data_version"]
    same = get(direct, C12, Accept="text/turtle", **{EXPECT_HEADER: version})
    other = get(direct, C12, Accept="text/turtle", **{EXPECT_HEADER: "0" * 20})
    assert "public" in same.headers["Cache-Control"]
    assert other.headers["Cache-Control"] == "no-store" and other.content == same.content


def test_no_stale_answer_after_the_data_is_reloaded(stack, tmp_path):
    """The service restarts on other data (one more triple): within the version's time to live
    the cache answers from the new data, never the old."""
    old = get(stack.url, PLAN, Accept="text/turtle")
    assert get(stack.url, PLAN, Accept="text/turtle").headers[STATUS_HEADER] == "HIT"
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    (data / RECORD_NAME).unlink()  # the copy is changed on purpose: it no longer matches its build record
    with open(next(iter(sorted(data.glob("*.ttl")))), "a") as f:
        f.write('\n<https://w3id.org/ogpgraph/id/fr/2021-2023> <http://purl.org/dc/terms/alternative> '
                '"reloaded for the cache test"@en .\n')
    try:
        stack.start("--data", str(data))
        time.sleep(VERSION_TTL + 0.5)
        new = get(stack.url, PLAN, Accept="text/turtle")
        assert new.headers[STATUS_HEADER] == "MISS"
        assert b"reloaded for the cache test" in new.content and b"reloaded" not in old.content
        assert get(stack.url, PLAN, Accept="text/turtle").headers[STATUS_HEADER] == "HIT"
    finally:
        stack.start()  # the other tests' data again
        time.sleep(VERSION_TTL + 0.5)
    back = get(stack.url, PLAN, Accept="text/turtle")
    assert b"reloaded" not in back.content


def test_while_the_service_is_down_the_cache_answers_what_it_holds_and_503_otherwise(stack):
    assert get(stack.url, C12, Accept="application/n-triples").status_code == 200
    stack.stack.close()  # the service stops
    try:
        held = get(stack.url, C12, Accept="application/n-triples")
        assert held.status_code == 200 and held.headers[STATUS_HEADER] == "HIT"
        missing = get(stack.url, C12, Accept="application/rdf+xml")
        assert missing.status_code == 503 and missing.headers["Retry-After"] == "5"
        assert "retry in a few seconds" in missing.text
    finally:
        stack.start()


def test_the_shipped_configuration_is_what_the_command_writes(tmp_path, nginx):
    assert (ROOT / DEFAULT_OUT).read_text() == config(CacheSettings())
    out = tmp_path / "nginx.conf"
    run = subprocess.run([str(Path(sys.executable).parent / "ogpgraph"), "cache-config", "--listen", "127.0.0.1:8081",
                          "--upstream", "127.0.0.1:8000", "--cache-dir", str(tmp_path / "c"), "--run-dir",
                          str(tmp_path), "--sparql-ttl", "30", "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = out.read_text()
    assert "listen 127.0.0.1:8081;" in text and "server 127.0.0.1:8000;" in text and "proxy_cache_valid 200 30s;" in text
    checked = subprocess.run([nginx, "-t", "-q", "-p", str(tmp_path), "-c", str(out)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    bad = subprocess.run([str(Path(sys.executable).parent / "ogpgraph"), "cache-config", "--upstream", "nowhere",
                          "--out", str(tmp_path / "x.conf")], capture_output=True, text=True)
    assert bad.returncode == 2 and "upstream must be HOST:PORT" in bad.stderr


@pytest.mark.parametrize("options, message", [
    ({"listen": "80"}, "listen must be HOST:PORT"),
    ({"sparql_ttl": -1}, "sparql_ttl must be 0 or more"),
    ({"max_size": "lots"}, "max_size must be a number"),
])
def test_bad_settings_are_refused(options, message):
    with pytest.raises(ValueError, match=message):
        CacheSettings(**options)


def test_hits_and_misses_are_said_in_json_too(stack):
    """The status header is on every answer, errors included (an operator's curl -I)."""
    r = get(stack.url, "/id/nothing-here", Accept="application/json")
    assert r.status_code == 404 and STATUS_HEADER in r.headers
    assert json.loads(r.text)

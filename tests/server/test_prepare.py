"""``ogpgraph serve`` prepares the shared files of its data version (server/prepare.py): the landing
pages are rendered before it listens; the downloads, the SHACL report and the search index are made
by a background process while nobody asks for them; no request makes any of them. A real server,
with a cache directory of its own."""

import time

import pytest
import requests

from conftest import running_server

LANDING = ["/", "/id/fr/2021-2023", "/id/fr/2021-2023/chapter/3", "/id/fr/2021-2023/commitment/12", "/id/dataset",
           "/def/ogp", "/shacl/report"]


def snapshot(directory):
    """Every file and when it was last written; the lock files (opened to be read under) left out."""
    return {p.relative_to(directory): p.stat().st_mtime_ns for p in directory.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    cache.chmod(0o700)
    mp = pytest.MonkeyPatch()
    mp.setenv("OGPGRAPH_CACHE_DIR", str(cache))
    try:
        with running_server(tmp_path_factory.mktemp("serve")) as url:
            yield url, cache
    finally:
        mp.undo()


def test_the_shared_files_are_made_without_a_request(prepared):
    """Only /health is asked (by the start-up wait): the files appear all the same."""
    url, cache = prepared
    deadline = time.monotonic() + 120
    while not (list(cache.glob("downloads-*/manifest.json")) and list(cache.glob("shacl-report-*/report.ttl"))
               and list(cache.glob("render-*/search-index.pickle"))):
        assert time.monotonic() < deadline, sorted(p.name for p in cache.rglob("*") if p.parent.parent == cache)
        time.sleep(0.5)
    names = {p.name.rsplit("-", 2)[0] if p.name.startswith("shacl") else p.name.split("-")[0] for p in cache.iterdir()}
    assert names == {"downloads", "shacl-report", "render"}
    (render,) = cache.glob("render-*")
    assert len([p for p in render.rglob("*") if p.is_file()]) > 200  # plan, chapters, commitments… fr, en, Turtle


def test_no_request_makes_them_again(prepared):
    url, cache = prepared
    before = snapshot(cache)
    for _ in range(4):  # enough for both workers
        for path in LANDING:
            for accept in ("text/html", "text/turtle"):
                assert requests.get(url + path, headers={"Accept": accept}, timeout=30).status_code == 200
        assert requests.get(url + "/download/ogpgraph.ttl", timeout=30).status_code == 200
        assert requests.get(url + "/search", params={"q": "données"}, headers={"Accept": "application/json"},
                            timeout=30).status_code == 200
    after = snapshot(cache)
    assert after == before  # read, not written: no file added or rewritten
    # A page that was not prepared is rendered once, for every worker of the machine.
    for _ in range(4):
        assert requests.get(url + "/id/organisation/dinum", headers={"Accept": "text/html"}, timeout=30).ok
    added = set(snapshot(cache)) - set(before)
    assert len(added) == 1

"""The w3id.org redirect, served by a real Apache in front of a real ``ogpgraph serve``.

Debian's Apache (``apache2-bin``: the httpd binary and its modules, without the service
scripts that would start a system Apache on port 80; ``make system-deps`` installs it) runs on
127.0.0.1 with two virtual hosts: ``w3id.org``, whose document root holds the folder
``ogpgraph w3id`` writes (deploy/w3id/ogpgraph, generated here with the test server as
target), and a default host that redirects nothing. Every request below carries
``Host: w3id.org`` and is followed by hand, so that the redirect target gets its own Host.

For a sample of every IRI kind in data/iris.txt, in Turtle, JSON-LD and HTML: the redirect
has the documented status and target, and following it gives exactly what the server gives
for the path; the query string survives, a SPARQL POST stays a POST, extensions pass through,
and retired IRIs (the tombstone fixture) still answer 410 through the redirect.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests

from ogpgraph import paths
from ogpgraph.ports import free_port
from ogpgraph.w3id import W3ID_FOLDER, files

APACHE = shutil.which("apache2") or ("/usr/sbin/apache2" if os.path.exists("/usr/sbin/apache2") else None)
MODULES = Path("/usr/lib/apache2/modules")
BASE = "https://w3id.org/ogpgraph/"
RETIRED_FIXTURE = Path(__file__).parent / "fixtures" / "retired-iris.yaml"
ACCEPTS = {"turtle": "text/turtle", "json-ld": "application/ld+json", "html": "text/html"}
DEPLOYED_EXAMPLE = paths.ROOT / "deploy" / "w3id" / W3ID_FOLDER

pytestmark = pytest.mark.skipif(APACHE is None or not (MODULES / "mod_rewrite.so").exists(),
                                reason="needs Debian's Apache with mod_rewrite (make system-deps: apache2-bin)")

CONF = """\
ServerRoot "{root}"
Listen 127.0.0.1:{port}
PidFile "{root}/httpd.pid"
DefaultRuntimeDir "{root}"
Mutex file:{root} default
ErrorLog "{root}/error.log"
LogLevel warn
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule rewrite_module {modules}/mod_rewrite.so
# Root drops to nobody for the workers, which read the .htaccess
User #65534
Group #65534
ServerName localhost
# The first virtual host answers any other Host: nothing is redirected there
<VirtualHost 127.0.0.1:{port}>
  ServerName default.invalid
  DocumentRoot "{root}/empty"
</VirtualHost>
<VirtualHost 127.0.0.1:{port}>
  ServerName w3id.org
  DocumentRoot "{root}/htdocs"
  <Directory "{root}/htdocs">
    AllowOverride All
    Require all granted
  </Directory>
</VirtualHost>
"""


@pytest.fixture(scope="module")
def target(start_server):
    """The server the redirect points at: with the tombstone fixture, so retired IRIs exist."""
    return start_server("--retired-iris", str(RETIRED_FIXTURE))


@pytest.fixture(scope="module")
def apache(target):
    """Apache serving the generated w3id folder for ``target``; yields its base URL."""
    root = Path(tempfile.mkdtemp(prefix="ogpgraph-w3id-", dir="/tmp"))
    try:
        folder = root / "htdocs" / W3ID_FOLDER
        folder.mkdir(parents=True)
        (root / "empty").mkdir()
        for name, text in files(target + "/").items():
            (folder / name).write_text(text, encoding="utf-8")
        for path in [root, *root.rglob("*")]:  # readable by the workers (nobody)
            path.chmod(0o755 if path.is_dir() else 0o644)
        port = free_port()
        conf = root / "httpd.conf"
        conf.write_text(CONF.format(root=root, port=port, modules=MODULES))
        proc = subprocess.Popen([APACHE, "-f", str(conf), "-DFOREGROUND"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                if proc.poll() is not None:
                    log = (root / "error.log").read_text() if (root / "error.log").exists() else ""
                    pytest.fail(f"apache exited ({proc.returncode}):\n{log}")
                try:
                    requests.get(url + "/", timeout=2).close()
                    break
                except requests.RequestException:
                    if time.monotonic() > deadline:
                        pytest.fail("apache did not start within 30 s")
                    time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def through_w3id(apache: str, path: str, method: str = "GET", **kwargs) -> requests.Response:
    """``path`` (after https://w3id.org/) asked of Apache as w3id.org, redirects not followed."""
    headers = {"Host": "w3id.org", **kwargs.pop("headers", {})}
    return requests.request(method, apache + path, headers=headers, allow_redirects=False, timeout=30, **kwargs)


def sample_iris() -> list[str]:
    """One IRI of each kind in the ledger: its path with every segment holding a digit generalised,
    and the slug of named resources (organisations, people, …) dropped."""
    kinds: dict[str, str] = {}
    for line in (paths.ROOT / "data" / "iris.txt").read_text().splitlines():
        if not line.startswith(BASE):
            continue
        segments = line[len(BASE):].split("/")
        if segments[0] == "id" and len(segments) >= 2 and segments[1] != "fr":
            segments = segments[:2]
        kind = "/".join("N" if re.search(r"\d", s) else s for s in segments)
        kinds.setdefault(kind, line)
    return sorted(kinds.values())


SAMPLE = sample_iris()


def test_the_sample_covers_every_kind_of_iri():
    kinds = {iri[len(BASE):].split("/")[0] for iri in SAMPLE}
    assert kinds == {"id", "graph"}
    assert len(SAMPLE) >= 25, SAMPLE
    for kind in ("/commitment/", "/milestone/", "/contact/", "/source/lines/", "/chapter/", "id/organisation/",
                 "id/person/", "id/legal/", "id/programme/", "id/dataset", "graph/"):
        assert any(kind in iri for iri in SAMPLE), kind


@pytest.mark.parametrize("fmt", ACCEPTS)
def test_every_kind_of_iri_resolves_to_the_same_representation(apache, target, fmt):
    accept = {"Accept": ACCEPTS[fmt]}
    for iri in SAMPLE:
        path = iri[len("https://w3id.org"):]  # /ogpgraph/…
        local = "/" + iri[len(BASE):]
        r = through_w3id(apache, path, headers=accept)
        assert r.status_code == (303 if local.startswith("/id/") else 307), (iri, r.status_code)
        assert r.headers["Location"] == target + local, iri
        followed = requests.get(r.headers["Location"], headers=accept, timeout=60)
        direct = requests.get(target + local, headers=accept, timeout=60)
        assert followed.status_code == direct.status_code, iri
        assert followed.headers.get("Content-Type") == direct.headers.get("Content-Type"), iri
        assert followed.content == direct.content, iri
        if local.startswith("/graph/") and fmt != "turtle":
            # A whole graph has no HTML page, and its JSON-LD is expanded (server/graph_store.py)
            assert followed.status_code == 406 if fmt == "html" else followed.status_code == 200, iri
        else:
            assert followed.status_code == 200, iri
            assert followed.headers["Content-Type"].startswith(ACCEPTS[fmt]), (iri, followed.headers["Content-Type"])


@pytest.mark.parametrize("path,status", [
    ("def/ogp", 307), ("def/shapes", 307), ("id/dataset", 303), (".well-known/void", 307), ("", 303)])
def test_documents_and_the_namespace_itself(apache, target, path, status):
    r = through_w3id(apache, f"/ogpgraph/{path}", headers={"Accept": "text/turtle"})
    assert r.status_code == status and r.headers["Location"] == f"{target}/{path}"
    assert requests.get(r.headers["Location"], headers={"Accept": "text/turtle"}, timeout=60).status_code == 200


def test_extensions_and_query_strings_pass_through(apache, target):
    r = through_w3id(apache, "/ogpgraph/id/fr/2021-2023/commitment/12.ttl")
    assert r.status_code == 303 and r.headers["Location"] == target + "/id/fr/2021-2023/commitment/12.ttl"
    assert requests.get(r.headers["Location"], timeout=60).headers["Content-Type"].startswith("text/turtle")
    query = "ASK { ?c a <https://w3id.org/ogpgraph/def/ogp#Commitment> }"
    r = through_w3id(apache, "/ogpgraph/sparql", params={"query": query})
    assert r.status_code == 307
    assert r.headers["Location"].startswith(target + "/sparql?query=ASK")
    answer = requests.get(r.headers["Location"], headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert answer.json()["boolean"] is True
    r = through_w3id(apache, "/ogpgraph/id/fr/2021-2023/commitment/12?lang=en", headers={"Accept": "text/html"})
    assert r.headers["Location"] == target + "/id/fr/2021-2023/commitment/12?lang=en"
    # A fragment's canonical address (percent-encoded terms) arrives byte for byte: no second redirect.
    fragment = "/fragments?predicate=http%3A%2F%2Fpurl.org%2Fdc%2Fterms%2Ftitle&page=2"
    r = through_w3id(apache, "/ogpgraph" + fragment)
    assert r.status_code == 307 and r.headers["Location"] == target + fragment
    assert requests.get(r.headers["Location"], allow_redirects=False, timeout=60).status_code == 200


def test_a_sparql_post_stays_a_post(apache, target):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/ogpgraph/def/ogp#Commitment> }"
    body = {"data": query.encode(), "headers": {"Content-Type": "application/sparql-query",
                                                "Accept": "application/sparql-results+json"}}
    r = through_w3id(apache, "/ogpgraph/sparql", method="POST", **body)
    assert r.status_code == 307 and r.headers["Location"] == target + "/sparql"
    # 307: the client repeats the same method and body at the target
    answer = requests.post(r.headers["Location"], timeout=60, **body)
    assert answer.status_code == 200
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == "59"


@pytest.mark.parametrize("iri", [
    BASE + "id/organisation/direction-interministerielle-du-numerique", BASE + "id/fr/2021-2023/commitment/60",
    BASE + "graph/facts"])
def test_retired_iris_still_answer_410_through_the_redirect(apache, target, iri):
    r = through_w3id(apache, iri[len("https://w3id.org"):], headers={"Accept": "text/turtle"})
    assert r.status_code in (303, 307)
    gone = requests.get(r.headers["Location"], headers={"Accept": "text/turtle"}, timeout=60)
    assert gone.status_code == 410


def test_only_the_w3id_host_redirects(apache):
    r = requests.get(apache + "/ogpgraph/id/dataset", headers={"Host": "example.org"}, allow_redirects=False,
                     timeout=30)
    assert r.status_code == 404


def test_the_committed_folder_is_what_the_command_writes():
    """deploy/w3id/ogpgraph holds the files for the placeholder host, exactly as written by
    ``ogpgraph w3id --target https://ogp.example.org/`` (the operator reruns it with theirs)."""
    expected = files("https://ogp.example.org/")
    assert sorted(p.name for p in DEPLOYED_EXAMPLE.iterdir()) == sorted(expected)
    for name, text in expected.items():
        assert (DEPLOYED_EXAMPLE / name).read_text(encoding="utf-8") == text, name

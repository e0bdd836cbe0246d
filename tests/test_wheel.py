"""The package works installed from its wheel, away from any checkout: build, validate, serve.

The wheel is built from this checkout and installed (without dependencies) into a fresh virtual
environment that borrows the test environment's installed dependencies through a ``.pth`` line.
Every command then runs from an empty folder, so nothing can be found through the checkout:
the defaults must come from ``<venv>/share/ogpgraph`` (src/ogpgraph/paths.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import time
import venv
from pathlib import Path

import pytest
import requests

from ogpgraph import paths
from ogpgraph.ports import free_port

ROOT = Path(__file__).resolve().parents[1]
COMMITMENT_12 = "/id/fr/2021-2023/commitment/12"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding the wheel of this checkout; returns its bin/ folder."""
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"),
                            str(ROOT)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    wheel = next((work / "dist").glob("ogpgraph-*.whl"))
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    fresh_site = subprocess.run([str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                                capture_output=True, text=True, check=True).stdout.strip()
    # The dependencies, from this test environment (appended to sys.path: what the wheel installs comes first)
    (Path(fresh_site) / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    installed = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                                str(wheel)], capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    return bin_dir


def run(bin_dir: Path, cwd: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("OGPGRAPH_")}
    return subprocess.run([str(bin_dir / "ogpgraph"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_the_installed_package_finds_its_files_outside_the_checkout(installed, tmp_path):
    probe = subprocess.run([str(installed / "python"), "-c", "import ogpgraph.paths as p; print(p.ROOT)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True)
    root = Path(probe.stdout.strip())
    assert root == installed.parent / "share" / "ogpgraph"
    assert not root.is_relative_to(ROOT)


def test_build_from_the_wheel_gives_the_committed_bytes(installed, tmp_path):
    result = run(installed, tmp_path, "build", "--out", str(tmp_path / "ttl"))
    assert result.returncode == 0, result.stderr
    built = sorted(p.name for p in (tmp_path / "ttl").glob("*.ttl"))
    assert built == sorted(p.name for p in paths.DATA_DIR.glob("*.ttl"))
    for name in built:
        assert (tmp_path / "ttl" / name).read_bytes() == (paths.DATA_DIR / name).read_bytes(), name


def test_validate_from_the_wheel_conforms(installed, tmp_path):
    result = run(installed, tmp_path, "validate")
    # exit 0: the shipped data conforms to the shipped shapes (1 would be a violation, 2 a missing file)
    assert result.returncode == 0, result.stdout + result.stderr


def test_serve_from_the_wheel_answers_pages_data_and_queries(installed, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("OGPGRAPH_")}
    env["OGPGRAPH_CACHE_DIR"] = str(tmp_path / "cache")
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen([str(installed / "ogpgraph"), "serve", "--port", str(port), "--workers", "1"],
                              cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if requests.get(base + "/health", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
        turtle = requests.get(base + COMMITMENT_12, headers={"Accept": "text/turtle"}, timeout=30)
        assert turtle.status_code == 200 and turtle.headers["Content-Type"].startswith("text/turtle")
        assert "commitment/12" in turtle.text
        page = requests.get(base + COMMITMENT_12, headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200 and "<html" in page.text
        # The templates, the static files and the example queries come from the wheel too
        assert requests.get(base + "/static/style.css", timeout=30).status_code == 200
        examples = requests.get(base + "/sparql/examples", timeout=30).json()
        assert len(examples) == len(list((ROOT / "queries").glob("*.rq")))
        answer = requests.get(base + "/sparql", params={"query": "ASK { ?c a <https://w3id.org/ogpgraph/def/ogp#Commitment> }"},
                              headers={"Accept": "application/sparql-results+json"}, timeout=60)
        assert answer.status_code == 200 and answer.json()["boolean"] is True
        shapes = requests.get(base + "/def/shapes", headers={"Accept": "text/turtle"}, timeout=30)
        assert shapes.status_code == 200 and shapes.content == paths.SHAPES.read_bytes()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        log.close()

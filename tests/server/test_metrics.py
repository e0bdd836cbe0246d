"""``ogpgraph serve --metrics HOST:PORT``: Prometheus metrics on an address of their own.

A real server with two workers, a known sequence of requests through its public address, then
one scrape of the metrics address, parsed with prometheus_client's own text parser: the counts
add up across the workers (multiprocess mode). The public address has no /metrics.
"""

from __future__ import annotations

import requests
import pytest
from prometheus_client.parser import text_string_to_metric_families

from ogpgraph.ports import free_port

C12 = "/id/fr/2021-2023/commitment/12"


@pytest.fixture(scope="module")
def served(start_server):
    address = f"127.0.0.1:{free_port()}"
    return start_server("--metrics", address), f"http://{address}/metrics"


def samples(url: str) -> dict[tuple[str, tuple], float]:
    text = requests.get(url, timeout=30).text
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(found: dict, name: str, **labels) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_counts_after_a_known_sequence_of_requests(served):
    url, scrape = served
    before = samples(scrape)
    for _ in range(3):
        assert requests.get(url + C12, headers={"Accept": "text/turtle"}, timeout=30).status_code == 200
    assert requests.get(url + "/id/nothing-here", headers={"Accept": "text/turtle"}, timeout=30).status_code == 404
    sparql = url + "/sparql"
    accept = {"Accept": "application/sparql-results+json"}
    assert requests.get(sparql, params={"query": "ASK { ?s ?p ?o }"}, headers=accept, timeout=60).status_code == 200
    assert requests.get(sparql, params={"query": "SELECT WHERE {"}, headers=accept, timeout=60).status_code == 400
    refused = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert requests.get(sparql, params={"query": refused}, headers=accept, timeout=60).status_code == 403
    after = samples(scrape)

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("ogpgraph_http_requests_total", route="resource", status="200") == 3
    assert grew("ogpgraph_http_requests_total", route="resource", status="404") == 1
    assert grew("ogpgraph_http_requests_total", route="sparql", status="200") == 1
    assert grew("ogpgraph_sparql_queries_total", outcome="answered") == 1
    assert grew("ogpgraph_sparql_queries_total", outcome="malformed") == 1
    assert grew("ogpgraph_sparql_queries_total", outcome="refused") == 1
    assert grew("ogpgraph_http_request_duration_seconds_count", route="resource") == 4
    # every query that reached a worker waited for it (parse errors are answered before the queue)
    assert grew("ogpgraph_sparql_queue_wait_seconds_count") >= 1
    # the three Turtle answers of #12: rendered once per worker at most, the rest from the cache
    assert grew("ogpgraph_render_cache_total", result="hit") + grew("ogpgraph_render_cache_total", result="miss") >= 3
    assert value(after, "ogpgraph_store_available") == 1
    versions = [dict(k[1]) for k, v in after.items() if k[0] == "ogpgraph_data_version_info" and v == 1]
    health = requests.get(url + "/health", timeout=30).json()
    assert versions and all(v["version"] == health["data_version"] for v in versions)


def test_metrics_are_not_on_the_public_address(served):
    url, _ = served
    assert requests.get(url + "/metrics", timeout=30).status_code == 404


def test_a_bad_metrics_address_is_refused(tmp_path):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "ogpgraph", "serve", "--metrics", "nonsense"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "--metrics must be HOST:PORT" in run.stderr

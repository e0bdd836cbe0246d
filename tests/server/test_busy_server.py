"""/health and pages keep answering while the heavy work runs (the hostile-clients issue's probe:
two concurrent SHACL validations left /health answering 1 of 8).

Validations run in processes of their own at lower CPU priority (ogpgraph.children), and the web
workers keep threads for pages beyond their work slots (server/wsgi.py). Bounded: two
validations of the whole dataset (2.2 MB of Turtle, what validators send) and eight polls.
"""

from __future__ import annotations

import threading
import time

import requests

from ogpgraph import paths


def test_health_answers_while_two_whole_dataset_validations_run(start_server):
    # A validation time limit no busy test machine reaches, so both must finish and conform (with the
    # default 20 s, two validations at nice +10 beside a whole test run were once stopped: 503)
    server_url = start_server("--validate-timeout", "180")
    dataset = b"".join(p.read_bytes() for p in sorted(paths.DATA_DIR.glob("*.ttl")))
    outcomes: list[tuple[int, str | None]] = []

    def validate() -> None:
        r = requests.post(server_url + "/shacl/validate", data=dataset, timeout=240,
                          headers={"Content-Type": "text/turtle", "Accept": "text/turtle"})
        outcomes.append((r.status_code, r.headers.get("OGPGraph-Conforms")))

    running = [threading.Thread(target=validate) for _ in range(2)]
    for t in running:
        t.start()
    time.sleep(0.5)
    polls = []
    for _ in range(8):
        try:
            polls.append(requests.get(server_url + "/health", timeout=5).status_code)
        except requests.RequestException as exc:
            polls.append(type(exc).__name__)
        time.sleep(0.5)
    for t in running:
        t.join(timeout=240)
    assert polls == [200] * 8, polls
    # Both validations were done, not refused: the shipped data conforms
    assert outcomes == [(200, "true"), (200, "true")], outcomes

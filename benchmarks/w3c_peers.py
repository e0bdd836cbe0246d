#!/usr/bin/env python3
"""The W3C SPARQL suites through two endpoints side by side: ``ogpgraph serve`` and ``oxigraph serve``.

Loopback only, never run by CI (``make test`` runs the suites against ogpgraph serve, with
every exception named: tests/server/test_w3c_*.py). Both servers hold the same data: our
graphs (their union as the default graph), the protocol manifest's graphs and every data file
of the evaluation suites, each under the IRI the manifests use. The runs are those of the tests
(tests/w3c_suites.py):

* syntax (sparql10 syntax-sparql1–5, sparql11 syntax-query, syntax-fed): each query POSTed
  once; a positive test counts as answered on 2xx, a negative one as refused on 4xx;
* protocol (sparql11/protocol): each test's requests in order (oxigraph: updates to ``/update``);
* evaluation (14 folders): the verdict (pass, fail, error) against the expected results.

    .venv/bin/python benchmarks/w3c_peers.py [--results benchmarks/RESULTS.md] [--no-write]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (Request, base_url, check_loopback, oxigraph_bin, serve_command, spawn,  # noqa: E402
                     stop_all, stop_on_exit, wait_ready)
from ogpgraph.paths import DATA_DIR, ROOT  # noqa: E402
from ogpgraph.ports import free_port  # noqa: E402
from results import DEFAULT_RESULTS, md_table, print_table, replace_section  # noqa: E402

SECTION_TITLE = "# W3C SPARQL suites: ogpgraph and oxigraph serve"
EMPTY = "https://w3id.org/ogpgraph/graph/w3c-empty"


def _suites():
    spec = importlib.util.spec_from_file_location("w3c_suites", ROOT / "tests" / "w3c_suites.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["w3c_suites"] = module
    spec.loader.exec_module(module)
    return module


def _wait(proc, host: str, port: int, endpoint: str, log: Path) -> None:
    """Until ``ASK {}`` on ``endpoint`` answers."""
    try:
        wait_ready(proc, host, port, Request(f"{endpoint}?query=ASK+%7B%7D", "application/sparql-results+json"), log, 120)
    except RuntimeError as exc:
        raise SystemExit(f"{base_url(host, port)}{endpoint}: the server {exc}")


def run(w3c, name: str, query_url: str, url_for, read_only: bool, empty_files: set[str]) -> dict:
    print(f"== {name}")
    syntax = collections.Counter()
    for test in w3c.syntax_tests():
        status = w3c.post_query(query_url, test.query.read_text(encoding="utf-8")).status_code
        if test.positive:
            syntax["positive answered" if 200 <= status < 300 else f"positive refused {status}"] += 1
        else:
            syntax["negative refused" if 400 <= status < 500 else f"negative answered {status}"] += 1
    evaluation = collections.Counter()
    verdicts = {}
    for test in w3c.evaluation_tests():
        dataset = w3c.evaluation_dataset(test, EMPTY, empty_files)
        verdicts[test.id] = w3c.http_verdict(query_url, test, dataset)
        evaluation[verdicts[test.id].split(" ")[0]] += 1
    # Last: on a store that accepts them, the protocol tests' updates change the data.
    protocol = collections.Counter()
    for test in w3c.protocol_tests():
        verdict, detail = w3c.run_protocol_test(test, url_for, read_only)
        protocol[verdict] += 1
        if verdict == "fail":
            print(f"  protocol {test.name}: {detail}")
    print(f"  syntax {dict(syntax)}\n  protocol {dict(protocol)}\n  evaluation {dict(evaluation)}")
    return {"syntax": syntax, "protocol": protocol, "evaluation": evaluation, "verdicts": verdicts}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1", help="loopback address (default: %(default)s)")
    p.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="results file (default: %(default)s)")
    p.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = p.parse_args(argv)
    host = check_loopback(args.host)
    oxigraph = oxigraph_bin()
    if oxigraph is None:
        raise SystemExit("w3c_peers.py: oxigraph not found: pip install -e '.[bench]' (PyPI package 'oxigraph')")
    w3c = _suites()
    if not w3c.available():
        raise SystemExit(f"w3c_peers.py: the W3C suites are not at {w3c.SUITES}")
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="ogpgraph-w3c-"))
    evaluation_quads, empty_files = w3c.evaluation_quads(w3c.evaluation_tests())
    suite_quads = w3c.protocol_quads() + evaluation_quads

    data = work / "data"
    data.mkdir()
    for ttl in sorted(DATA_DIR.glob("*.ttl")):
        (data / ttl.name).symlink_to(ttl)
    (data / "w3c-empty.ttl").write_text("")
    ox.serialize(suite_quads, str(data / "w3c-suites.nq"), format=ox.RdfFormat.N_QUADS)

    # The same graphs in an Oxigraph store: ours under their graph IRIs (store/embedded.py's rule).
    from ogpgraph.config import Settings
    from ogpgraph.store.embedded import EmbeddedStore

    ours = EmbeddedStore(Settings.from_env(environ={}, data_dir=data)).load()
    location = work / "oxigraph"
    store = ox.Store(str(location))
    store.bulk_extend(ours.store.quads_for_pattern(None, None, None, None))
    store.flush()
    del store
    results = {}
    stop_on_exit()
    try:
        port = free_port(host)
        proc = spawn(serve_command(host, port, "--workers", "2", "--data", str(data), "--query-timeout", "20"),
                     work / "ogpgraph.log")
        base = base_url(host, port)
        _wait(proc, host, port, "/sparql", work / "ogpgraph.log")
        results["ogpgraph serve"] = run(w3c, "ogpgraph serve", base + "/sparql",
                                        lambda r, b=base: b + r.path.replace("/sparql/", "/sparql", 1), True, empty_files)
        port = free_port(host)
        proc = spawn([oxigraph, "serve", "--location", str(location), "--bind", f"{host}:{port}",
                      "--union-default-graph"], work / "oxigraph.log")
        base = base_url(host, port)
        _wait(proc, host, port, "/query", work / "oxigraph.log")

        def oxigraph_url(request, b=base):
            # Oxigraph serves updates at /update (POST only) and queries at /query.
            rest = request.path.removeprefix("/sparql/")
            return b + ("/update" if request.is_update and request.method == "POST" else "/query") + rest
        results["oxigraph serve"] = run(w3c, "oxigraph serve", base + "/query", oxigraph_url, False, empty_files)
    finally:
        stop_all()

    (a, ra), (b, rb) = results.items()
    differ = sorted(t for t in ra["verdicts"] if ra["verdicts"][t] != rb["verdicts"].get(t))
    for t in differ:
        print(f"  evaluation {t}: {a} {ra['verdicts'][t]}, {b} {rb['verdicts'].get(t)}")

    def cell(counter: collections.Counter, good: str) -> str:
        others = ", ".join(f"{k} {v}" for k, v in sorted(counter.items()) if k != good)
        return f"{counter.get(good, 0)}" + (f" ({others})" if others else "")

    header = ["suite", *results]
    rows = [
        ["syntax, positive (215): answered 2xx",
         *(cell(collections.Counter({k: v for k, v in r["syntax"].items() if k.startswith("positive")}),
                "positive answered") for r in results.values())],
        ["syntax, negative (81): refused 4xx",
         *(cell(collections.Counter({k: v for k, v in r["syntax"].items() if k.startswith("negative")}),
                "negative refused") for r in results.values())],
        ["protocol (34): as the manifest expects", *(cell(r["protocol"], "pass") for r in results.values())],
        ["evaluation (235): pass", *(cell(r["evaluation"], "pass") for r in results.values())],
    ]
    print()
    print_table(header, rows)
    if not args.no_write:
        text = "\n".join([
            SECTION_TITLE, "",
            f"Run {dt.date.today().isoformat()} by `benchmarks/w3c_peers.py` in {time.monotonic() - started:.0f} s: "
            "the same suites, the same data (our graphs, the protocol graphs, every evaluation data file under "
            "the manifests' IRIs), through each server's HTTP endpoint. ogpgraph's refusals are by policy "
            "(`FROM` a graph it does not hold, `SERVICE`, updates: read-only) or by its result limit; each is "
            "named by test id in tests/server/test_w3c_syntax.py and docs/sparql.md.", "",
            md_table(header, rows), "",
            *(["Evaluation tests with different verdicts: " + "; ".join(
                f"`{t}` ({a} {ra['verdicts'][t]}, {b} {rb['verdicts'].get(t)})" for t in differ) + ".", ""]
              if differ else []),
        ])
        replace_section(args.results, text)
        print(f"\nwrote the '{SECTION_TITLE[2:]}' section of {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

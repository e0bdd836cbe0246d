#!/usr/bin/env python3
"""Scale benchmark: how load time, memory and latency grow with the data, embedded and on a store.

Loopback only, never run by CI or the tests. For each scale (1×, 10×, 100×, 1000× by default,
``--scales``) it synthesises that many action plans shaped like the real one
(``benchmarks/synth.py``: the real plan plus copies with distinct IRIs, ~20 000 triples each)
and, for each store (``--stores``):

- ``embedded``: ``ogpgraph serve --data DIR`` (one web worker, one query worker); the load time
  is the time until ``/health`` answers, which includes reading the Turtle into pyoxigraph;
- ``oxigraph``: an empty ``oxigraph serve --union-default-graph`` (PyPI package ``oxigraph``,
  RocksDB on disk), then ``ogpgraph load --per-graph`` into it (the load time), then
  ``ogpgraph serve --store … --store-union`` in front of it.

Then, always through our own HTTP server (what users see), one request at a time:

- ``deref``: dereferencing distinct commitment and milestone IRIs spread over all the plans, in
  Turtle and HTML (each IRI once, so no response comes from the render cache);
- ``lookup``: selective SPARQL queries bound to one resource (a commitment by IRI, the
  milestones of one commitment, and ``queries/`` 02 and 15), each time on a different plan;
- ``aggregate``: every other query of ``queries/`` (aggregates, joins and text filters over the
  whole graph), ``--repeats`` times each.

Reported per scale and store: triples, load time, resident memory of the whole process group
(our server with its query worker; the oxigraph server too for that store), and p50 / p99
latency per class. The table goes to stdout and to the "Scale benchmark results" section of
``benchmarks/RESULTS.md``; the plot (matplotlib) to ``benchmarks/scale.png``.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/scale.py [--scales 1,10,100,1000] [--stores embedded,oxigraph] [--help]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from harness import (base_url, check_loopback, group_rss_mb, ogpgraph_command, oxigraph_bin,  # noqa: E402
                     serve_command, spawn, stop, stop_on_exit, tail, wait_ready)
from ogpgraph.paths import QUERIES_DIR, ROOT  # noqa: E402
from ogpgraph.ports import free_port  # noqa: E402
from results import DEFAULT_RESULTS, machine, md_table, print_table, replace_section  # noqa: E402
from synth import BASE, DATA, member, synthesise  # noqa: E402

SECTION_TITLE = "# Scale benchmark results"
DEFAULT_PLOT = HERE / "scale.png"
DEFAULT_RAW = HERE / "scale-results.json"
LOOKUP_FILES = ("02-", "15-")  # queries/ bound to one resource: selective by design
CLASSES = ("deref", "lookup", "aggregate")
TRIPLES_PER_PLAN = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
COMMITMENTS = 59

COMMITMENT_BY_IRI = "SELECT ?p ?o WHERE {{ <{c}> ?p ?o }}"
MILESTONES_OF = """PREFIX ogp: <https://w3id.org/ogpgraph/def/ogp#>
SELECT ?m ?label WHERE {{ ?m ogp:milestoneOf <{c}> ; ?labelProperty ?label .
  FILTER(?labelProperty = <http://www.w3.org/2000/01/rdf-schema#label>) }}"""


@dataclass
class Measure:
    scale: int
    store: str
    triples: int = 0
    load_s: float = 0.0
    rss_mb: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: {c: [] for c in CLASSES})
    by_label: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=lambda: {c: [] for c in CLASSES})

    def to_json(self) -> dict:
        return {"scale": self.scale, "store": self.store, "triples": self.triples, "load_s": self.load_s,
                "rss_mb": self.rss_mb, "latencies": self.latencies, "errors": self.errors}

    @classmethod
    def from_json(cls, d: dict) -> "Measure":
        return cls(d["scale"], d["store"], d["triples"], d["load_s"], d["rss_mb"], latencies=d["latencies"],
                   errors=d["errors"])

    def pct(self, cls: str, q: float) -> float | None:
        values = sorted(self.latencies[cls])
        if not values:
            return None
        return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] * 1000


def oxigraph() -> str:
    found = oxigraph_bin()
    if found is None:
        raise SystemExit("oxigraph not found: pip install -e '.[bench]' (PyPI package 'oxigraph')")
    return found


# --------------------------------------------------------------------------- the mix

@dataclass(frozen=True)
class Request:
    cls: str
    label: str
    path: str
    accept: str
    query: str | None = None


def spread(copies: int, count: int) -> list[int]:
    """``count`` plan numbers spread evenly over ``copies`` plans (repeating when there are fewer)."""
    return [(i * max(copies, 1)) // count % copies for i in range(count)]


def commitment_iri(copy: int, n: int) -> str:
    return f"{BASE}{'fr' if copy == 0 else member(copy)}/2021-2023/commitment/{n}"


def real_milestones() -> list[str]:
    """``commitment/N/milestone/M`` of every milestone of the real plan (not all commitments have one)."""
    text = (DATA / "fr-2021-2023.ttl").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"/2021-2023/(commitment/\d+/milestone/\d+)>", text)))


def build_mix(copies: int, samples: int, repeats: int) -> list[Request]:
    mix: list[Request] = []
    plans = spread(copies, samples)
    milestones = real_milestones()
    for i, copy in enumerate(plans):
        c = commitment_iri(copy, 1 + (i * 7) % COMMITMENTS)
        path = c.removeprefix(BASE.removesuffix("id/"))  # /id/…: our server answers for the canonical base
        accept = "text/turtle" if i % 2 == 0 else "text/html"
        mix.append(Request("deref", "commitment", "/" + path, accept))
        milestone = path.rsplit("/commitment/", 1)[0] + "/" + milestones[(i * 13) % len(milestones)]
        mix.append(Request("deref", "milestone", "/" + milestone, accept))
        mix.append(Request("lookup", "commitment-by-iri", "/sparql", "application/sparql-results+json",
                           COMMITMENT_BY_IRI.format(c=c)))
        mix.append(Request("lookup", "milestones-of", "/sparql", "application/sparql-results+json",
                           MILESTONES_OF.format(c=c)))
    for rq in sorted(QUERIES_DIR.glob("*.rq")):
        text = rq.read_text(encoding="utf-8")
        is_graph = any(k in text.upper() for k in ("CONSTRUCT", "DESCRIBE"))
        accept = "text/turtle" if is_graph else "application/sparql-results+json"
        cls = "lookup" if rq.name.startswith(LOOKUP_FILES) else "aggregate"
        for _ in range(repeats):
            mix.append(Request(cls, rq.stem, "/sparql", accept, text))
    return mix


def warm_up(url: str, timeout: float) -> None:
    """One untimed request of each kind: the query worker's first query and the first render of each
    template cost start-up work that is not what this benchmark measures."""
    plan = "/id/fr/2021-2023"
    with requests.Session() as s:
        s.post(url + "/sparql", data={"query": "ASK {}"}, timeout=timeout).raise_for_status()
        for accept in ("text/turtle", "text/html"):
            s.get(url + plan, headers={"Accept": accept}, timeout=timeout).raise_for_status()
            s.get(url + plan + "/commitment/1", headers={"Accept": accept}, timeout=timeout).raise_for_status()


def run_mix(url: str, mix: list[Request], m: Measure, timeout: float) -> None:
    warm_up(url, timeout)
    with requests.Session() as s:
        for r in mix:
            start = time.perf_counter()
            try:
                if r.query is None:
                    resp = s.get(url + r.path, headers={"Accept": r.accept}, timeout=timeout)
                else:
                    resp = s.post(url + r.path, data={"query": r.query}, headers={"Accept": r.accept}, timeout=timeout)
                _ = resp.content
            except requests.RequestException as exc:
                m.errors[r.cls].append(f"{r.label}: {type(exc).__name__}")
                continue
            elapsed = time.perf_counter() - start
            if resp.status_code != 200:
                m.errors[r.cls].append(f"{r.label}: HTTP {resp.status_code} {resp.text[:120]!r}")
                continue
            m.latencies[r.cls].append(elapsed)
            m.by_label.setdefault(f"{r.cls} {r.label} {r.accept.split('/')[-1]}", []).append(elapsed)


def count_triples(url: str) -> int:
    r = requests.post(url + "/sparql", data={"query": TRIPLES_PER_PLAN},
                      headers={"Accept": "application/sparql-results+json"}, timeout=600)
    r.raise_for_status()
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


# --------------------------------------------------------------------------- stores

def serve_options(args) -> list[str]:
    return ["--workers", "1", "--query-workers", "1", "--query-timeout", str(args.query_timeout)]


def measure_embedded(data: Path, scale: int, mix: list[Request], args, tmp: Path) -> Measure:
    m = Measure(scale, "embedded")
    port = free_port(args.host)
    log = tmp / f"embedded-{scale}.log"
    proc = spawn(serve_command(args.host, port, "--data", str(data), *serve_options(args)), log)
    try:
        url = base_url(args.host, port)
        m.load_s = wait_ready(proc, args.host, port, "/health", log, args.start_timeout)
        run_mix(url, mix, m, args.query_timeout + 30)
        m.triples = count_triples(url)
        m.rss_mb = group_rss_mb(proc.pid)
    finally:
        stop(proc)
    return m


def measure_oxigraph(data: Path, scale: int, mix: list[Request], args, tmp: Path) -> Measure:
    m = Measure(scale, "oxigraph")
    location = tmp / f"oxigraph-{scale}"
    ox_port, port = free_port(args.host), free_port(args.host)
    ox_log, log = tmp / f"oxigraph-{scale}.log", tmp / f"ogpgraph-remote-{scale}.log"
    # The union default graph, and --store-union below: queries name no graphs, so their cost does
    # not grow with the number of graphs (one plan per graph here; docs/deploy.md).
    ox = spawn([oxigraph(), "serve", "--location", str(location), "--bind", f"{args.host}:{ox_port}",
                "--union-default-graph"], ox_log)
    servers = [ox]
    try:
        store = base_url(args.host, ox_port)
        wait_ready(ox, args.host, ox_port, "/query?query=ASK%7B%7D", ox_log, 60)
        start = time.monotonic()
        # Graph by graph: Oxigraph does not finish one atomic move of every graph at 100× (docs/deploy.md).
        loaded = spawn(ogpgraph_command("load", "--data", str(data), "--store", store + "/query", "--per-graph",
                                "--store-update", store + "/update", "--store-gsp", store + "/store"), tmp / f"load-{scale}.log")
        if loaded.wait() != 0:
            raise RuntimeError(f"ogpgraph load failed:\n{tail(tmp / f'load-{scale}.log')}")
        m.load_s = time.monotonic() - start
        proc = spawn(serve_command(args.host, port, "--store", store + "/query", "--store-union", *serve_options(args)),
                     log)
        servers.append(proc)
        url = base_url(args.host, port)
        m.load_s += wait_ready(proc, args.host, port, "/health", log, args.start_timeout)
        run_mix(url, mix, m, args.query_timeout + 30)
        m.triples = count_triples(url)
        m.rss_mb = group_rss_mb(proc.pid) + group_rss_mb(ox.pid)
    finally:
        for p in reversed(servers):
            stop(p)
        shutil.rmtree(location, ignore_errors=True)
    return m


# --------------------------------------------------------------------------- report

def fmt_ms(v: float | None) -> str:
    return "–" if v is None else (f"{v:.1f}" if v < 100 else f"{v:.0f}")


def rows(measures: list[Measure]) -> list[list[str]]:
    out = []
    for m in measures:
        cells = [f"{m.scale}×", m.store, f"{m.triples:,}", f"{m.load_s:.1f}", f"{m.rss_mb:.0f}"]
        for cls in CLASSES:
            cells += [fmt_ms(m.pct(cls, 0.5)), fmt_ms(m.pct(cls, 0.99))]
        cells.append(str(sum(len(e) for e in m.errors.values())))
        out.append(cells)
    return out


HEADER = ["scale", "store", "triples", "load s", "RSS MB", "deref p50 ms", "deref p99 ms",
          "lookup p50 ms", "lookup p99 ms", "aggregate p50 ms", "aggregate p99 ms", "errors"]


def plot(measures: list[Measure], path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    stores = sorted({m.store for m in measures})
    for store in stores:
        ms = sorted((m for m in measures if m.store == store), key=lambda m: m.triples)
        x = [m.triples for m in ms]
        for cls, style in zip(CLASSES, ("o-", "s-", "^-")):
            ys = [m.pct(cls, 0.5) for m in ms]
            axes[0].plot([a for a, y in zip(x, ys) if y], [y for y in ys if y], style, label=f"{store} {cls}")
        axes[1].plot(x, [m.load_s for m in ms], "o-", label=store)
        axes[2].plot(x, [m.rss_mb for m in ms], "o-", label=store)
    titles = ("p50 latency (ms)", "load time (s)", "resident memory (MB)")
    for ax, title in zip(axes, titles):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("triples")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("ogpgraph: cost versus size (benchmarks/scale.py)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def load_measures(path: Path) -> dict[tuple[int, str], Measure]:
    try:
        return {(m.scale, m.store): m for m in map(Measure.from_json, json.loads(path.read_text()))}
    except FileNotFoundError:
        return {}


def save_measure(path: Path, m: Measure) -> None:
    """Merge one measure into the raw results (runs at different scales add up to one table)."""
    measures = load_measures(path)
    measures[(m.scale, m.store)] = m
    ordered = [measures[k] for k in sorted(measures, key=lambda k: (k[1], k[0]))]
    path.write_text(json.dumps([x.to_json() for x in ordered], indent=1) + "\n")


def report(measures: list[Measure], args, elapsed: float) -> None:
    print()
    print_table(HEADER, rows(measures))
    for m in measures:
        if args.verbose:
            print(f"\n{m.scale}× {m.store}: median ms per request kind")
            for label, values in sorted(m.by_label.items()):
                print(f"  {label:60s} {statistics.median(values) * 1000:9.1f}  (n={len(values)})")
        for cls, errs in m.errors.items():
            for e in sorted(set(errs)):
                print(f"  {m.scale}× {m.store} {cls}: {e}")
    if args.no_write:
        return
    plot(measures, args.plot)
    info = machine()
    lines = [
        SECTION_TITLE, "",
        "Generated by `.venv/bin/python benchmarks/scale.py --scales 1,10,100` (see the script's docstring; "
        f"this report: `{' '.join(['benchmarks/scale.py', *args.argv])}`); numbers as measured, not edited. "
        f"Raw measures: `{args.raw.relative_to(ROOT) if args.raw.is_relative_to(ROOT) else args.raw}`.", "",
        f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- machine: {info['cpu']}; {info['os']}; Python {info['python']}",
        f"- each plan ≈ the real one (distinct IRIs per plan, shared OGP values); {args.samples} deref IRIs "
        f"and {args.samples} × 2 bound lookups spread over all plans; every other `queries/` query "
        f"{args.repeats}× ; one request at a time, through `ogpgraph serve` (1 web worker, 1 query worker)",
        "- load s: embedded = start until `/health` answers; oxigraph = `ogpgraph load` + our server's start",
        "- RSS: resident memory of the whole process group(s) after the run",
        "", md_table(HEADER, rows(measures)), "",
        f"![cost versus size]({args.plot.name})", "",
    ]
    errs = [f"- {m.scale}× {m.store} {cls}: {e}" for m in measures for cls, es in m.errors.items() for e in sorted(set(es))]
    if errs:
        lines += ["Requests that failed:", "", *errs, ""]
    replace_section(args.results, "\n".join(lines))
    print(f"\nwrote {args.results} and {args.plot}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Scale benchmark: cost versus data size, embedded and on oxigraph "
                                            "server. Loopback only; not run by CI.")
    p.add_argument("--scales", default="1,10,100,1000", help="comma-separated numbers of plans (default: %(default)s)")
    p.add_argument("--stores", default="embedded,oxigraph", help="embedded, oxigraph or both (default: %(default)s)")
    p.add_argument("--samples", type=int, default=20, help="distinct IRIs for deref and bound lookups (default: %(default)s)")
    p.add_argument("--repeats", type=int, default=3, help="runs of each aggregate query (default: %(default)s)")
    p.add_argument("--query-timeout", type=float, default=120, help="server query timeout, s (default: %(default)s)")
    p.add_argument("--start-timeout", type=float, default=1800, help="seconds allowed for a server to load (default: %(default)s)")
    p.add_argument("--host", default="127.0.0.1", type=check_loopback)
    p.add_argument("--tmp", type=Path, default=None, help="work directory (default: a temporary one, removed after)")
    p.add_argument("--results", type=Path, default=DEFAULT_RESULTS)
    p.add_argument("--plot", type=Path, default=DEFAULT_PLOT)
    p.add_argument("--raw", type=Path, default=DEFAULT_RAW,
                   help="raw measures (JSON), merged across runs by scale and store (default: %(default)s)")
    p.add_argument("--report-only", action="store_true", help="measure nothing: write the report from --raw")
    p.add_argument("-v", "--verbose", action="store_true", help="also print the median of each kind of request")
    p.add_argument("--no-write", action="store_true", help="print only; do not touch RESULTS.md or the plot")
    args = p.parse_args(argv)
    args.argv = argv if argv is not None else sys.argv[1:]
    try:
        args.scale_list = [int(s) for s in args.scales.split(",")]
    except ValueError:
        p.error("--scales: comma-separated integers, e.g. 1,10,100")
    args.store_list = [s for s in args.stores.split(",") if s]
    if not set(args.store_list) <= {"embedded", "oxigraph"} or not args.store_list:
        p.error("--stores: embedded, oxigraph or both")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stop_on_exit()
    tmp = args.tmp or Path(tempfile.mkdtemp(prefix="ogpgraph-scale-"))
    started = time.monotonic()
    measures: list[Measure] = []
    try:
        for scale in ([] if args.report_only else args.scale_list):
            data = tmp / f"x{scale}"
            synthesise(scale, data)
            mix = build_mix(scale, args.samples, args.repeats)
            for store in args.store_list:
                print(f"{scale}× {store} …", flush=True)
                measure = measure_embedded if store == "embedded" else measure_oxigraph
                try:
                    measures.append(measure(data, scale, mix, args, tmp))
                    if not args.no_write:
                        save_measure(args.raw, measures[-1])
                except RuntimeError as exc:
                    print(f"  {scale}× {store} failed: {exc}", file=sys.stderr)
                print(f"  done in {(time.monotonic() - started) / 60:.1f} min", flush=True)
            shutil.rmtree(data, ignore_errors=True)
    finally:
        if args.tmp is None:
            shutil.rmtree(tmp, ignore_errors=True)
    if not args.no_write:  # the table holds every scale measured so far, in this run or earlier ones
        measures = sorted(load_measures(args.raw).values(), key=lambda m: (m.store, m.scale))
    report(measures, args, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""SHACL validation benchmark: pyshacl against pyshacl-turbo and shacl-engine (Node).

Never run by CI or the tests: it measures, it does not check. Steps:

1. Inputs: the shipped graph (``data/ttl/*.ttl`` and ``ontology/ogp.ttl``, what
   ``ogpgraph validate`` reads by default) and a synthetic graph ``--scale`` times larger,
   made here, deterministically, in a temporary directory (never committed): the data files
   as N-Triples, copied ``scale`` times, copy k > 0 with every IRI under
   ``https://w3id.org/ogpgraph/id/`` moved to ``https://w3id.org/ogpgraph/copy{k}/id/`` and
   its blank nodes relabelled; the ontology once. Each copy is a world of its own, so every
   engine must find each result of the shipped graph once per copy.
2. Engines, each in a child process of its own (fresh memory; killed, with its process
   group, past its time limit): pyshacl (the reference, as ``ogpgraph validate`` runs it:
   rdflib loads, then ``run_shacl``), pyshacl-turbo (the same rdflib graph, then
   ``run_shacl(engine="pyshacl-turbo")``: ``ogpgraph validate --engine pyshacl-turbo``),
   shacl-engine under Node (tools/shacl-engine/validate.mjs: N3.js parses) with its query
   engine shared, as published, and without its SPARQL plugin (Core only: not a complete
   validation, shown to tell where the time goes).
3. Same results? Each run's results (focus node, shape, severity, component) are compared
   with pyshacl's on the shipped graph, multiplied by the copies (IRIs moved back). For
   shacl-engine the shapes whose paths it misreads are accounted as in
   ogpgraph.shacl.compare: same results elsewhere, and the predicted number there.
   An engine whose shipped-graph validation time, times the copies, exceeds ``--timeout`` is
   not run on the large graph (its time grows at least linearly) and the report says so.
4. Report: load and validation seconds (best of ``--repeat`` on the shipped graph, one run
   on the large one), ratios engine / pyshacl, peak memory; on stdout and as the
   ``# SHACL validation benchmark results`` section of benchmarks/RESULTS.md (``--no-write``).

    .venv/bin/python benchmarks/validation.py [--scale 100] [--repeat 3] [--timeout 1500] [--no-write]
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import spawn, stop, stop_all, stop_on_exit  # noqa: E402
from ogpgraph.paths import NODE_MODULES, ROOT  # noqa: E402
from results import DEFAULT_RESULTS, machine, md_table, module_version, print_table, replace_section  # noqa: E402

SECTION_TITLE = "# SHACL validation benchmark results"
ID_BASE = "https://w3id.org/ogpgraph/id/"
COPY_IRI = re.compile(r"https://w3id\.org/ogpgraph/copy\d+/id/")


@dataclass(frozen=True)
class Engine:
    name: str
    kind: str  # "python" (child process running run_shacl) or "node" (validate.mjs)
    option: str = ""  # python: the engine= value; node: "", "as_published" or "core_only"
    complete: bool = True  # False: leaves out part of the shapes (not a candidate engine)


ENGINES = (
    Engine("pyshacl", "python", "pyshacl"),
    Engine("pyshacl-turbo", "python", "pyshacl-turbo"),
    Engine("shacl-engine", "node"),
    Engine("shacl-engine (as published)", "node", "as_published"),
    Engine("shacl-engine (Core only)", "node", "core_only", complete=False),
)


@dataclass
class Run:
    engine: Engine
    dataset: str
    load_s: float | None = None
    validate_s: float | None = None
    rss_mib: float | None = None
    results: int | None = None
    keys: Counter = field(default_factory=Counter)
    failure: str = ""  # "timeout after N s", or the error

    @property
    def total_s(self) -> float | None:
        return None if self.load_s is None or self.validate_s is None else self.load_s + self.validate_s


# -- the synthetic graph ------------------------------------------------------------------------


def synthetic_graph(data_files: list[Path], scale: int, out: Path) -> int:
    """Write ``scale`` copies of the data files as N-Triples to ``out``; the number of triples."""
    import pyoxigraph as ox

    store = ox.Store()
    for f in data_files:
        store.load(path=str(f), format=ox.RdfFormat.TURTLE, base_iri=f.resolve().as_uri())
    original = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    if ID_BASE.encode() not in original:
        raise SystemExit(f"no IRI under {ID_BASE} in {', '.join(map(str, data_files))}: nothing to copy")
    with out.open("wb") as sink:
        for k in range(scale):
            if k == 0:
                sink.write(original)
                continue
            copy = original.replace(f"<{ID_BASE}".encode(), f"<{ID_BASE[:-3]}copy{k}/id/".encode())
            # N-Triples blank nodes start a line or follow a space; a literal holding " _:" would be
            # relabelled too, harmlessly.
            sink.write(re.sub(rb"(^|\s)_:", rb"\1_:c%dx" % k, copy, flags=re.MULTILINE))
    return len(store) * scale


def decopied(keys: Counter) -> Counter:
    """Result keys with the copies' IRIs moved back: the multiset of results per original node."""
    from ogpgraph.shacl.compare import ResultKey

    out: Counter = Counter()
    for k, n in keys.items():
        out[ResultKey(COPY_IRI.sub(ID_BASE, k.focus), k.shape, k.severity, k.component)] += n
    return out


# -- running one engine in a child process --------------------------------------------------------


def _child(engine: str, keys_out: Path, files: list[str]) -> None:
    """In the child: load with rdflib as `ogpgraph validate` does, validate, write keys and timings."""
    from ogpgraph.shacl.compare import result_keys
    from ogpgraph.shacl.inputs import load_data, load_shapes
    from ogpgraph.shacl.run import run_shacl

    shapes = load_shapes()
    start = time.perf_counter()
    data = load_data(files)
    loaded = time.perf_counter()
    _, report = run_shacl(data, shapes, "none", "info", engine)
    done = time.perf_counter()
    keys = result_keys(report)
    keys_out.write_text(json.dumps([[k.focus, k.shape, k.severity, k.component, n] for k, n in keys.items()]))
    print(json.dumps({"load_s": loaded - start, "validate_s": done - loaded, "results": sum(keys.values())}))


def run_child(command: list[str], timeout: float, stdout: Path) -> tuple[int | None, float | None]:
    """Run ``command`` in its own process group; (exit status or None on timeout, peak RSS in MiB)."""
    stdout.unlink(missing_ok=True)
    proc = spawn(command, stdout, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    status = None
    try:
        while True:
            pid, wait_status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(wait_status)
                break
            if time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                _, _, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.2)
    finally:
        # Reaped above (wait4, for its peak memory): stop() only kills what it left in its group.
        proc.returncode = status if status is not None else -9
        stop(proc)
    err = proc.stderr.read().decode(errors="replace").strip().splitlines() if proc.stderr else []
    proc.stderr.close()
    if status not in (None, 0) and err:
        raise RuntimeError(err[-1])
    return status, usage.ru_maxrss / 1024


def run_engine(engine: Engine, dataset: str, files: list[Path], timeout: float, tmp: Path) -> Run:
    from ogpgraph.shacl.compare import ResultKey, result_keys
    from ogpgraph.shacl.engines import parse_shacl_engine_output, shacl_engine_command
    from ogpgraph.shacl.inputs import DEFAULT_SHAPES

    run = Run(engine, dataset)
    stdout = tmp / "child.out"
    if engine.kind == "python":
        keys_file = tmp / "keys.json"
        command = [sys.executable, __file__, "--child", engine.option, "--keys", str(keys_file), *map(str, files)]
    else:
        command = shacl_engine_command(files, DEFAULT_SHAPES, as_published=engine.option == "as_published",
                                       core_only=engine.option == "core_only")
    try:
        status, run.rss_mib = run_child(command, timeout, stdout)
    except RuntimeError as exc:
        run.failure = f"error: {exc}"
        return run
    if status is None:
        run.failure = f"timeout after {timeout:.0f} s"
        return run
    if engine.kind == "python":
        answer = json.loads(stdout.read_text())
        run.load_s, run.validate_s, run.results = answer["load_s"], answer["validate_s"], answer["results"]
        run.keys = Counter({ResultKey(*k[:4]): k[4] for k in json.loads(keys_file.read_text())})
    else:
        (answer,) = parse_shacl_engine_output(stdout.read_text())
        run.load_s, run.validate_s, run.results = answer.parse_seconds, answer.validate_seconds, answer.results
        run.keys = result_keys(answer.report)
    return run


# -- same results? ---------------------------------------------------------------------------------


def agreement(run: Run, reference: Counter, copies: int, misread: frozenset[str], predicted: int) -> str:
    """Does ``run`` find pyshacl's shipped-graph results, once per copy? (shacl-engine: see module doc)"""
    if run.failure:
        return "—"
    expected = Counter({k: n * copies for k, n in reference.items()})
    found = decopied(run.keys)
    if run.engine.kind == "python":
        return "yes" if found == expected else f"NO ({sum((found - expected).values())} extra, " \
                                                f"{sum((expected - found).values())} missing)"
    outside = Counter({k: n for k, n in found.items() if k.shape not in misread})
    inside = sum(n for k, n in found.items() if k.shape in misread)
    want = Counter({k: n for k, n in expected.items() if k.shape not in misread})
    if outside == want and inside == predicted * copies:
        return f"yes, but for its {inside} known false results" if inside else "yes"
    missing, extra = want - outside, outside - want
    if not run.engine.complete:
        shapes = sorted({k.shape.rsplit("#", 1)[-1] for k in missing})
        return f"no: leaves out sh:sparql ({sum(missing.values())} results of {', '.join(shapes)} missing)"
    return f"NO ({sum(extra.values())} extra, {sum(missing.values())} missing)"


# -- main --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Benchmark SHACL validation of the shipped graph and of a synthetic graph --scale times "
                    "larger: pyshacl vs pyshacl-turbo vs shacl-engine (Node). Not run by CI.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--scale", type=int, default=100, help="copies of the shipped data in the synthetic graph")
    p.add_argument("--repeat", type=int, default=3, help="runs per engine on the shipped graph (best is kept)")
    p.add_argument("--timeout", type=float, default=1500, help="seconds one engine run may take before it is killed")
    p.add_argument("--engines", default=",".join(e.name for e in ENGINES),
                   help="comma-separated engines to run (pyshacl always runs: it is the reference)")
    p.add_argument("--no-write", action="store_true", help="print only; do not update the results file")
    p.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="Markdown file to update")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--keys", type=Path, help=argparse.SUPPRESS)
    p.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def fmt(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def ratio(run: Run, ref: Run | None, attr: str) -> str:
    value, base = getattr(run, attr), getattr(ref, attr) if ref else None
    if value is None:
        return "—"
    if base is None:  # pyshacl was stopped: its time is at least the limit
        return f"< {value / float(ref.failure.split()[2]):.3f}" if ref and ref.failure.startswith("timeout") else "—"
    return f"{value / base:.3f}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        _child(args.child, args.keys, args.files)
        return 0
    stop_on_exit()

    from rdflib import Graph
    from rdflib.namespace import RDF, SH

    from ogpgraph.shacl.compare import misread_path_results, misread_path_shapes
    from ogpgraph.shacl.engines import shacl_engine_missing
    from ogpgraph.shacl.inputs import DEFAULT_SHAPES, ONTOLOGY, default_inputs, load_shapes

    wanted = {name.strip() for name in args.engines.split(",")} | {"pyshacl"}
    engines = [e for e in ENGINES if e.name in wanted]
    notes = []
    if shacl_engine_missing() and any(e.kind == "node" for e in engines):
        notes.append(f"shacl-engine not run: {shacl_engine_missing()}")
        engines = [e for e in engines if e.kind != "node"]

    shipped = [Path(f) for f in default_inputs()]
    data_files = [f for f in shipped if f != ONTOLOGY]
    shapes = load_shapes()
    misread = misread_path_shapes(shapes)
    tmp = Path(tempfile.mkdtemp(prefix="ogpgraph-bench-"))
    atexit.register(shutil.rmtree, tmp, True)
    try:
        start = time.perf_counter()
        synthetic = tmp / f"synthetic-{args.scale}x.nt"
        triples = synthetic_graph(data_files, args.scale, synthetic)
        made = time.perf_counter() - start
        print(f"synthetic graph: {triples} triples ({synthetic.stat().st_size / 1e6:.0f} MB N-Triples) in {made:.1f} s")
        shipped_graph = Graph()
        for f in shipped:
            shipped_graph.parse(f, format="turtle")
        predicted = sum(misread_path_results(shapes, shipped_graph, misread).values())
        datasets = [("shipped", shipped, args.repeat, 1, len(shipped_graph)),
                    (f"{args.scale}x", [synthetic, ONTOLOGY], 1, args.scale,
                     triples + len(Graph().parse(ONTOLOGY, format="turtle")))]
        runs: list[Run] = []
        for dataset, files, repeat, copies, _ in datasets:
            for engine in engines:
                small = next((r for r in runs if r.engine == engine and r.dataset == "shipped"), None)
                if copies > 1 and small and small.validate_s and small.validate_s * copies > args.timeout:
                    # Validation time grows at least linearly with the copies: it cannot finish in time.
                    runs.append(Run(engine, dataset, failure=f"not run: {small.validate_s:.1f} s x {copies} "
                                                             f"copies > --timeout {args.timeout:g} s"))
                    print(f"{dataset}: {engine.name}: {runs[-1].failure}")
                    continue
                best = None
                for attempt in range(repeat):
                    print(f"{dataset}: {engine.name} ({attempt + 1}/{repeat}) …", flush=True)
                    run = run_engine(engine, dataset, files, args.timeout, tmp)
                    print(f"  load {fmt(run.load_s)} s, validate {fmt(run.validate_s)} s, {run.results} results"
                          f"{', ' + run.failure if run.failure else ''}", flush=True)
                    if best is None or (run.validate_s or float("inf")) < (best.validate_s or float("inf")):
                        best = run
                    if run.failure:
                        break
                runs.append(best)
    finally:
        stop_all()
        shutil.rmtree(tmp, ignore_errors=True)

    reference = next(r.keys for r in runs if r.dataset == "shipped" and r.engine.name == "pyshacl")
    header = ["graph", "engine", "triples", "load s", "validate s", "validate / pyshacl", "total s",
              "total / pyshacl", "peak MiB", "results", "same results as pyshacl"]
    rows = []
    for dataset, _, _, copies, n in datasets:
        ref = next(r for r in runs if r.dataset == dataset and r.engine.name == "pyshacl")
        for run in (r for r in runs if r.dataset == dataset):
            rows.append([dataset, run.engine.name, str(n), fmt(run.load_s), fmt(run.validate_s),
                         ratio(run, ref, "validate_s"), fmt(run.total_s), ratio(run, ref, "total_s"),
                         fmt(run.rss_mib, 0), "—" if run.results is None else str(run.results),
                         run.failure or agreement(run, reference, copies, misread, predicted)])
    print()
    print_table(header, rows)

    versions = ", ".join(f"{d} {module_version(d)}" for d in ("pyshacl", "pyshacl-turbo", "rdflib"))
    node_version = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip() \
        if shutil.which("node") else "absent"
    package = NODE_MODULES / "shacl-engine" / "package.json"
    shacl_engine = json.loads(package.read_text())["version"] if package.is_file() else "absent"
    m = machine()
    n_shapes = len(set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
                   | set(shapes.objects(None, SH.property)))
    text = "\n".join([
        SECTION_TITLE,
        "",
        f"`benchmarks/validation.py --scale {args.scale} --repeat {args.repeat} --timeout {args.timeout:g}`, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {m['cpu']}; {m['os']}; Python {m['python']} "
        f"({versions}); Node {node_version} (shacl-engine {shacl_engine}); load average before the runs: "
        f"{os.getloadavg()[0]:.1f}.",
        "",
        f"Shapes: `{DEFAULT_SHAPES.relative_to(ROOT)}` ({n_shapes} node and property shapes). Every result of any "
        "severity counts (`--severity info`). Times are the engine's own, measured inside its process: load = "
        "parse the files (rdflib for the Python engines, as `ogpgraph validate` does; N3.js for shacl-engine), "
        "validate = the engine's validation alone; best of the runs on the shipped graph, one run on the large one. "
        "Ratios are engine / pyshacl (below 1: faster). Peak MiB: the child process's maximum resident memory.",
        "",
        md_table(header, rows),
        "",
        *(f"- {note}" for note in notes),
    ])
    print()
    print(text)
    if not args.no_write:
        replace_section(args.results, text)
        print(f"\nwrote the section {SECTION_TITLE!r} of {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

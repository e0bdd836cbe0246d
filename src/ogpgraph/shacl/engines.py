"""The out-of-process SHACL engine: ``shacl-engine``, an independent RDF/JS implementation
from npm, run by ``tools/shacl-engine/validate.mjs`` under Node (:func:`run_shacl_engine`).

It serves as a second opinion on pyshacl (tests/shapes/test_engines.py, docs/shacl-engines.md)
and in the benchmark; it is not offered by ``--engine`` because it misreads property paths that
our shapes use (see docs/shacl-engines.md). The in-process engines (pyshacl, pyshacl-turbo) are
:mod:`ogpgraph.shacl.run`; the comparison of results between engines is
:mod:`ogpgraph.shacl.compare`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .. import paths
from .run import EngineUnavailable

NODE_SCRIPT = paths.SHACL_ENGINE_SCRIPT
NODE_PACKAGE = paths.NODE_MODULES / "shacl-engine" / "package.json"


@dataclass(frozen=True)
class EngineRun:
    """One data set validated by shacl-engine: its verdict, report and timings (from inside Node)."""

    inputs: tuple[str, ...]
    conforms: bool
    results: int
    report: Graph
    parse_seconds: float
    validate_seconds: float


def shacl_engine_missing() -> str | None:
    """Why shacl-engine cannot run here (no Node, or ``npm ci`` not run), or None if it can."""
    if shutil.which("node") is None:
        return "node is not on PATH (install Node.js and run 'npm ci --omit=dev' for shacl-engine)"
    if not NODE_PACKAGE.is_file():
        return "node_modules/shacl-engine is missing: run 'npm ci --omit=dev' (make install does)"
    return None


def shacl_engine_command(inputs: Iterable[Path | str], shapes: Path | str, each: bool = False,
                         core_only: bool = False, as_published: bool = False) -> list[str]:
    """The command line of tools/shacl-engine/validate.mjs (its header says what the options do)."""
    command = ["node", str(NODE_SCRIPT), "--shapes", str(shapes)]
    command += ["--each"] if each else []
    command += ["--core-only"] if core_only else []
    command += ["--as-published"] if as_published else []
    return command + [str(p) for p in inputs]


def parse_shacl_engine_output(stdout: str) -> list[EngineRun]:
    """validate.mjs's JSON lines, one per data set validated."""
    runs = []
    for line in stdout.splitlines():
        answer = json.loads(line)
        runs.append(EngineRun(
            inputs=tuple(answer["inputs"]), conforms=bool(answer["conforms"]), results=int(answer["results"]),
            report=Graph().parse(data=answer["report"], format="nt"),
            parse_seconds=answer["parse_ms"] / 1000, validate_seconds=answer["validate_ms"] / 1000))
    return runs


def run_shacl_engine(inputs: Iterable[Path | str], shapes: Path | str, each: bool = False,
                     core_only: bool = False, as_published: bool = False,
                     timeout: float | None = None) -> list[EngineRun]:
    """Validate with shacl-engine: the inputs merged into one data set, or ``each`` on its own.

    Inputs are Turtle, TriG, N-Triples or N-Quads files (N3.js reads them). ``core_only``
    leaves out the SHACL-SPARQL plugin; ``as_published`` runs shacl-engine without the shared
    SPARQL query engine (tools/shacl-engine/validate.mjs says why it is shared). Raises
    :class:`EngineUnavailable` when Node or the package is missing, and RuntimeError with
    Node's one-line message when it fails.
    """
    missing = shacl_engine_missing()
    if missing:
        raise EngineUnavailable(missing)
    command = shacl_engine_command(inputs, shapes, each, core_only, as_published)
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise RuntimeError(message[0])
    return parse_shacl_engine_output(done.stdout)

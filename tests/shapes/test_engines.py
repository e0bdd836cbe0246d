"""pyshacl against two other SHACL engines, on every fixture pair and on the shipped graph.

* shacl-engine (npm, run under Node by tools/shacl-engine/validate.mjs) is independent of pyshacl.
  On every shape whose path it reads right it must give the same results (focus node,
  source shape, severity, constraint component; so the same counts and conformance).
  On the three shapes whose ``sh:alternativePath`` of ``sh:inversePath``\\ s it misreads
  (its bug: docs/shacl-engines.md) it must give exactly the results that bug predicts
  (ogpgraph.shacl.compare): if shacl-engine is fixed, these tests say so.
* pyshacl-turbo (PyPI, ``ogpgraph validate --engine pyshacl-turbo``) must give the same
  results everywhere and, through the command line, the same report.

shacl-engine tests are skipped only where Node or npm is missing (the reason says which);
with both present, a missing node_modules/shacl-engine is a failure: run ``npm ci``.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ogpgraph.cli import main
from ogpgraph.rdf.namespaces import SHAPES as SHAPES_NS
from ogpgraph.shacl.compare import (
    Comparison,
    ResultKey,
    compare,
    misread_path_results,
    misread_path_shapes,
    result_keys,
)
from ogpgraph.shacl.engines import EngineRun, run_shacl_engine, shacl_engine_missing
from ogpgraph.shacl.inputs import DEFAULT_SHAPES, ONTOLOGY, default_inputs, load_data, load_shapes
from ogpgraph.shacl.render import render_text
from ogpgraph.shacl.report import build_report
from ogpgraph.shacl.run import run_shacl

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHAPES = load_shapes(DEFAULT_SHAPES)
NAMES = sorted(d.name for d in FIXTURES.iterdir() if (d / "bad.ttl").is_file())
SH_MIN_COUNT = "http://www.w3.org/ns/shacl#MinCountConstraintComponent"


def _skip_reason() -> str | None:
    missing = shacl_engine_missing()
    if missing and (shutil.which("node") is None or shutil.which("npm") is None):
        return missing
    return None  # Node and npm are here: a missing package fails the test, with the message to run npm ci


needs_node = pytest.mark.skipif(_skip_reason() is not None, reason=f"shacl-engine cannot run: {_skip_reason()}")


def _triples_text(path: Path) -> str:
    """The fixture without its comment lines: every good twin is then the same text."""
    return "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if not line.startswith("#"))


@cache
def _pyshacl(text: str) -> tuple[Graph, Graph]:
    """A fixture's data and pyshacl's report on it (every good twin is the same text: validated once)."""
    data = Graph().parse(data=text, format="turtle")
    _, report = run_shacl(data, SHAPES, "none", "info")
    return data, report


def _distinct_fixtures() -> dict[str, Path]:
    """One file per distinct fixture text (the good twins are all the same world)."""
    unique: dict[str, Path] = {}
    for f in sorted(FIXTURES.glob("*/*.ttl")):
        unique.setdefault(_triples_text(f), f)
    return unique


@pytest.fixture(scope="module")
def node_runs() -> dict[str, EngineRun]:
    """shacl-engine on every distinct fixture and on the shipped graph, keyed by input.

    Three Node processes (the fixtures in two halves, the shipped graph) run in threads
    while pyshacl validates the fixtures here: the machine's cores share the work.
    """
    files = list(_distinct_fixtures().values())
    halves = [files[: len(files) // 2], files[len(files) // 2:]]
    with ThreadPoolExecutor(max_workers=3) as pool:
        jobs = [pool.submit(run_shacl_engine, half, DEFAULT_SHAPES, each=True) for half in halves]
        jobs.append(pool.submit(run_shacl_engine, default_inputs(), DEFAULT_SHAPES))
        for text in _distinct_fixtures():
            _pyshacl(text)
        runs = [run for job in jobs for run in job.result()]
    return {"shipped" if len(run.inputs) > 1 else run.inputs[0]: run for run in runs}


@pytest.fixture(scope="module")
def fixture_runs(node_runs) -> dict[Path, tuple[Graph, Graph, Graph]]:
    """Every fixture file: (data, pyshacl's report, shacl-engine's report)."""
    unique = _distinct_fixtures()
    return {f: (*_pyshacl(_triples_text(f)), node_runs[str(unique[_triples_text(f)])].report)
            for f in sorted(FIXTURES.glob("*/*.ttl"))}


def _explain(c: Comparison) -> str:
    lines = [c.summary("shacl-engine")]
    lines += [f"  only pyshacl: {k} ×{n}" for k, n in sorted(c.only_reference.items())]
    lines += [f"  only shacl-engine: {k} ×{n}" for k, n in sorted(c.only_other.items())]
    if not c.prediction_holds:
        lines.append("  on misread-path shapes, shacl-engine no longer gives the predicted results: "
                     "see docs/shacl-engines.md")
    return "\n".join(lines)


def test_the_misread_path_shapes_are_the_three_alternatives_of_inverse_paths() -> None:
    assert sorted(s[len(SHAPES_NS):] for s in misread_path_shapes(SHAPES)) == [
        "Contact-listed", "Group-actor", "TextPassage-listed"]


@needs_node
@pytest.mark.parametrize("name", NAMES)
def test_shacl_engine_agrees_on_the_fixtures(name: str, fixture_runs) -> None:
    for which in ("bad", "good"):
        data, ours, theirs = fixture_runs[FIXTURES / name / f"{which}.ttl"]
        c = compare(ours, theirs, SHAPES, data, misread=True)
        assert c.agree, f"{name}/{which}.ttl: {_explain(c)}"
        # Counts: pyshacl's results = shacl-engine's, less its predicted false results, plus
        # pyshacl's results on the shapes it misreads.
        assert sum(c.reference.values()) == (sum(c.other.values()) - sum(c.predicted.values())
                                             + sum(c.unseen.values())), _explain(c)
    data, ours, theirs = fixture_runs[FIXTURES / name / "bad.ttl"]
    bad = compare(ours, theirs, SHAPES, data, misread=True)
    if SHAPES_NS + name not in bad.misread_shapes:  # the bad fixture bites in shacl-engine too, with that shape only
        assert {k.shape for k in bad.other - bad.predicted} == {SHAPES_NS + name}


@pytest.fixture(scope="module")
def shipped() -> tuple[Graph, bool, Graph]:
    """The built graph (data/ttl/*.ttl and the ontology) and pyshacl's verdict and report on it."""
    data = load_data()
    conforms, report = run_shacl(data, SHAPES, "none", "info")
    return data, conforms, report


@needs_node
def test_shacl_engine_agrees_on_the_shipped_graph(shipped, node_runs) -> None:
    data, _, ours = shipped
    c = compare(ours, node_runs["shipped"].report, SHAPES, data, misread=True)
    assert c.agree, _explain(c)
    assert not c.unseen  # pyshacl finds nothing wrong on the shapes shacl-engine misreads
    assert sum(c.reference.values()) == sum(c.other.values()) - sum(c.predicted.values())
    # Conformance: shacl-engine's differs only by its predicted false results.
    assert c.reference_conforms == (not (c.other - c.predicted))


@needs_node
def test_shacl_engine_misreads_an_alternative_of_inverse_paths(tmp_path: Path) -> None:
    """The smallest case of the bug: pyshacl finds the one value, shacl-engine none."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:ListedShape a sh:NodeShape ; sh:targetClass ex:Item ; sh:property ex:Listed .
ex:Listed sh:path [ sh:alternativePath ( [ sh:inversePath ex:lists ] [ sh:inversePath ex:mentions ] ) ] ;
    sh:minCount 1 .
""", encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text("""@prefix ex: <http://example.org/> .
ex:item a ex:Item . ex:catalogue ex:lists ex:item .
""", encoding="utf-8")
    shapes_graph, data_graph = load_shapes(shapes), Graph().parse(data)
    _, ours = run_shacl(Graph().parse(data), shapes_graph, "none", "info")
    (run,) = run_shacl_engine([data], shapes)
    assert not result_keys(ours)  # ex:catalogue ex:lists ex:item: one value node, minCount 1 holds
    expected = ResultKey("http://example.org/item", "http://example.org/Listed", "http://www.w3.org/ns/shacl#Violation",
                         SH_MIN_COUNT)
    assert result_keys(run.report) == {expected: 1}
    assert misread_path_results(shapes_graph, data_graph, misread_path_shapes(shapes_graph)) == {expected: 1}


# -- pyshacl-turbo -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_pyshacl_turbo_agrees_on_the_fixtures(name: str) -> None:
    for which in ("bad", "good"):
        text = _triples_text(FIXTURES / name / f"{which}.ttl")
        _, ours = _pyshacl(text)
        _, turbo = run_shacl(Graph().parse(data=text, format="turtle"), SHAPES, "none", "info", "pyshacl-turbo")
        assert result_keys(turbo) == result_keys(ours), f"{name}/{which}.ttl"
        assert isomorphic(turbo, ours), f"{name}/{which}.ttl: the reports differ beyond their keys"


def _cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["validate", *argv])
    return code, out.getvalue()


def test_pyshacl_turbo_gives_the_same_report_on_the_shipped_graph(shipped) -> None:
    data, conforms, ours = shipped
    turbo_conforms, turbo = run_shacl(load_data(), SHAPES, "none", "info", "pyshacl-turbo")
    assert turbo_conforms == conforms
    assert result_keys(turbo) == result_keys(ours)
    assert isomorphic(turbo, ours)  # messages, paths, values: the whole sh:ValidationReport
    code, text = _cli("--severity", "info", "--engine", "pyshacl-turbo")
    assert (code, text) == (0 if conforms else 1, render_text(build_report(conforms, ours, data, SHAPES, "info")))


@pytest.mark.parametrize("inference", ["rdfs", "owlrl"])
def test_pyshacl_turbo_gives_the_same_report_after_inference(inference: str) -> None:
    """pyshacl-turbo infers natively (pyshacl uses owlrl): same report on a fixture with the ontology."""
    reports = []
    for engine in ("pyshacl", "pyshacl-turbo"):
        data = Graph().parse(FIXTURES / "Commitment-title" / "bad.ttl").parse(ONTOLOGY)
        reports.append(run_shacl(data, SHAPES, inference, "info", engine))
    assert reports[0][0] == reports[1][0] is False
    assert result_keys(reports[0][1]) == result_keys(reports[1][1])
    assert isomorphic(reports[0][1], reports[1][1])


def test_pyshacl_turbo_names_a_commitment_without_title(tmp_path: Path) -> None:
    broken = tmp_path / "no-title.ttl"
    text = _triples_text(FIXTURES / "Commitment-title" / "bad.ttl")
    broken.write_text(text, encoding="utf-8")
    code, out = _cli(str(broken), "--engine", "pyshacl-turbo")
    assert code == 1
    assert "https://w3id.org/ogpgraph/id/fr/2021-2023/commitment/1" in out
    assert "Commitment-title" in out


@pytest.mark.parametrize("engine", ["pyshacl", "pyshacl-turbo"])
def test_a_shape_the_engine_refuses_is_an_input_error(engine: str, tmp_path: Path) -> None:
    """Both engines return (not raise) a ValidationFailure for VALUES in sh:select: exit 2, one line."""
    shapes = tmp_path / "values.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .
""", encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["validate", str(FIXTURES / "Commitment-title" / "good.ttl"), "--shapes", str(shapes),
                     "--engine", engine])
    assert code == 2
    assert err.getvalue().startswith("ogpgraph validate: error: cannot validate:")
    assert "VALUES" in err.getvalue() and err.getvalue().count("\n") == 1

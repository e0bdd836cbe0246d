"""`ogpgraph consistency`: HermiT (through owlready2) on the ontology merged with the data.

The shipped graph is consistent; every tests/consistency/<case>/bad.ttl is inconsistent
for the reason its header states (the "# culprits:" line lists the terms Pellet's
justification must name), and its good.ttl twin, which differs only by that mistake, is
consistent. tests/consistency/consistent.ttl is a small control in the shape of the built
graph, with the dates HermiT needs converted.

Java: HermiT and Pellet are Java programs. Under `make test` (or CI) Java is a promise
of `make system-deps`, so its absence fails these tests with the reason; a bare `pytest`
on a machine without Java skips them, saying why (shown by -ra).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD

from ogpgraph import paths
from ogpgraph.cli import main
from ogpgraph.consistency import (
    ConsistencyError,
    check_consistency,
    input_names,
    prepare_for_hermit,
)

HERE = Path(__file__).resolve().parent / "consistency"
CONTROL = HERE / "consistent.ttl"
CASES = sorted(d.name for d in HERE.iterdir() if (d / "bad.ttl").is_file())
EX = "http://example.org/"


@pytest.fixture(scope="module")
def java() -> str:
    path = shutil.which("java")
    if path is None:
        reason = ("Java not found: HermiT needs a Java runtime (Debian: default-jre-headless, "
                  "installed by `make system-deps` as root)")
        if os.environ.get("MAKELEVEL") or os.environ.get("CI"):
            pytest.fail(reason + "; under make or CI it must be there", pytrace=False)
        pytest.skip(reason)
    return path


def culprits(bad: Path) -> list[str]:
    """The terms the fixture's "# culprits:" header line says the justification names."""
    for line in bad.read_text(encoding="utf-8").splitlines():
        if line.startswith("# culprits:"):
            return line.split(":", 1)[1].split()
    raise AssertionError(f"{bad} has no '# culprits:' line")


# -- the shipped graph ----------------------------------------------------------------------------


def test_shipped_ontology_and_data_are_consistent(java: str) -> None:
    result = check_consistency()
    assert result.consistent, result.message
    assert result.unsatisfiable_classes == []
    assert result.ok
    merged = Graph()
    for path in [*sorted(paths.DATA_DIR.glob("*.ttl")), paths.ONTOLOGY]:
        merged.parse(path, format="turtle")
    assert result.triples == len(merged)
    # Every xsd:date literal and range (the ontology's two) was converted, nothing left unchecked.
    dates = sum(1 for o in merged.objects() if isinstance(o, Literal) and o.datatype == XSD.date)
    date_axioms = sum(1 for _ in merged.triples((None, None, XSD.date)))
    converted = {c.datatype: c for c in result.conversions}
    assert converted[str(XSD.date)].literals == dates > 0
    assert converted[str(XSD.date)].axioms == date_axioms > 0  # ogp:startDate's and ogp:endDate's ranges
    assert result.unchecked_datatypes == {}
    assert result.ill_typed == []
    assert "hermit" in result.timings


# -- fixtures: each bad one inconsistent for its stated reason, its twin consistent ----------------


def test_there_are_inconsistent_fixtures() -> None:
    assert len(CASES) >= 5, CASES
    assert all((HERE / c / "good.ttl").is_file() for c in CASES), "each bad.ttl needs a good.ttl twin"


@pytest.mark.parametrize("case", CASES)
def test_bad_fixture_is_inconsistent_for_its_stated_reason(java: str, case: str) -> None:
    bad = HERE / case / "bad.ttl"
    result = check_consistency([str(bad)])
    assert not result.consistent and not result.ok
    assert result.message.startswith("HermiT: Inconsistent ontology")
    assert result.explanation and not result.explanation[0].startswith("("), result.explanation
    named = " ".join(result.explanation)
    missing = [term for term in culprits(bad) if term not in named]
    assert not missing, f"justification {result.explanation} does not name {missing}"


@pytest.mark.parametrize("case", CASES)
def test_good_twin_is_consistent(java: str, case: str) -> None:
    result = check_consistency([str(HERE / case / "good.ttl")])
    assert result.ok, (result.message, result.unsatisfiable_classes)
    assert result.explanation == []


def test_control_is_consistent_after_converting_its_dates(java: str) -> None:
    result = check_consistency([str(CONTROL)])
    assert result.ok, result.message
    merged = Graph().parse(CONTROL, format="turtle").parse(paths.ONTOLOGY, format="turtle")
    expected = {str(dt): sum(1 for o in merged.objects() if isinstance(o, Literal) and o.datatype == dt)
                for dt in (XSD.date, XSD.gYearMonth)}
    assert expected[str(XSD.gYearMonth)] == 1 and expected[str(XSD.date)] > 1
    assert {c.datatype: c.literals for c in result.conversions} == expected


def test_unsatisfiable_class_fails_a_consistent_graph(java: str, tmp_path: Path) -> None:
    data = tmp_path / "unsatisfiable.ttl"
    data.write_text("@prefix ogp: <https://w3id.org/ogpgraph/def/ogp#> .\n"
                    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                    f"<{EX}MilestoneCommitment> a owl:Class ; rdfs:subClassOf ogp:Milestone , ogp:Commitment .\n",
                    encoding="utf-8")
    result = check_consistency([str(data)])
    assert result.consistent
    assert result.unsatisfiable_classes == [EX + "MilestoneCommitment"]
    assert not result.ok


def test_datatypes_outside_the_owl2_map_are_reported_not_checked(java: str, tmp_path: Path) -> None:
    data = tmp_path / "html.ttl"
    data.write_text("@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
                    "@prefix ogp: <https://w3id.org/ogpgraph/def/ogp#> .\n"
                    f'<{EX}c> a ogp:Commitment ; rdf:value "<p>texte</p>"^^rdf:HTML ; ogp:commitmentNumber 3 .\n',
                    encoding="utf-8")
    result = check_consistency([str(data)])
    assert result.ok, result.message
    assert result.unchecked_datatypes == {str(RDF.HTML): 1}


def test_ill_typed_literals_are_inconsistent_without_running_hermit(java: str, tmp_path: Path) -> None:
    data = tmp_path / "ill-typed.ttl"
    data.write_text("@prefix ogp: <https://w3id.org/ogpgraph/def/ogp#> .\n"
                    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                    f'<{EX}m> a ogp:Milestone ; ogp:position "first"^^xsd:integer ; '
                    'ogp:endDate "2022-02-30"^^xsd:date .\n', encoding="utf-8")
    result = check_consistency([str(data)])
    assert not result.consistent
    assert len(result.ill_typed) == 2
    assert any('"first"^^xsd:integer' in t for t in result.ill_typed)
    assert any('"2022-02-30"^^xsd:date' in t for t in result.ill_typed)
    assert "hermit" not in result.timings


# -- preparing the graph for HermiT (no Java needed) -----------------------------------------------


def test_dates_become_datetimes_at_the_start_of_their_period() -> None:
    g = Graph()
    s, p = URIRef(EX + "s"), URIRef(EX + "p")
    # normalize=False keeps the lexical forms as written (rdflib would drop a date's time zone).
    for lexical, datatype in [("2022-01-31", XSD.date), ("2022-01-30+02:00", XSD.date),
                              ("2021-12", XSD.gYearMonth), ("2021Z", XSD.gYear), ("10:00:00", XSD.time),
                              ("https://example.org/", XSD.anyURI)]:
        g.add((s, p, Literal(lexical, datatype=datatype, normalize=False)))
    g.add((s, p, Literal("bonjour", lang="fr")))
    g.add((p, URIRef("http://www.w3.org/2000/01/rdf-schema#range"), XSD.date))
    g.add((URIRef(EX + "o"), OWL.imports, URIRef("http://www.w3.org/ns/prov-o")))
    prepared = prepare_for_hermit(g)
    values = set(prepared.graph.objects(s, p))
    assert {str(v) for v in values if isinstance(v, Literal) and v.datatype == XSD.dateTime} == {
        "2022-01-31T00:00:00", "2022-01-30T00:00:00+02:00", "2021-12-01T00:00:00", "2021-01-01T00:00:00Z"}
    assert Literal("bonjour", lang="fr") in values
    assert Literal("https://example.org/", datatype=XSD.anyURI) in values
    assert prepared.graph.value(p, URIRef("http://www.w3.org/2000/01/rdf-schema#range")) == XSD.dateTime
    assert (None, OWL.imports, None) not in prepared.graph and prepared.dropped_imports == 1
    assert dict(prepared.unchecked) == {str(XSD.time): 1}
    assert {(c.datatype, c.literals, c.axioms) for c in prepared.conversions} == {
        (str(XSD.date), 2, 1), (str(XSD.gYearMonth), 1, 0), (str(XSD.gYear), 1, 0)}


def test_files_and_data_directory_are_exclusive(tmp_path: Path) -> None:
    with pytest.raises(ConsistencyError, match="not both"):
        input_names(["x.ttl"], tmp_path, paths.ONTOLOGY)
    with pytest.raises(ConsistencyError, match="no Turtle files"):
        input_names([], tmp_path, paths.ONTOLOGY)


# -- the command: exit codes ----------------------------------------------------------------------


def test_cli_exit_0_on_the_control(java: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["consistency", str(CONTROL)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("HermiT: consistent")
    assert "xsd:date → xsd:dateTime" in out


def test_cli_exit_1_names_the_culprits(java: str, capsys: pytest.CaptureFixture[str]) -> None:
    bad = HERE / "milestone-of-two-commitments" / "bad.ttl"
    assert main(["consistency", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "Inconsistent ontology" in out
    assert "id:commitment-1-milestone-1 ogp:milestoneOf id:commitment-2" in out


@pytest.mark.parametrize("args,message", [
    (["consistency", "no-such-file.ttl"], "cannot read no-such-file.ttl: no such file"),
    (["consistency", "--data", "no-such-directory"], "cannot read no-such-directory: no such directory"),
    (["consistency", "--data", "data/ttl", str(CONTROL)], "not both"),
])
def test_cli_exit_2_on_input_errors(capsys: pytest.CaptureFixture[str], args: list[str],
                                    message: str) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("ogpgraph consistency: error: ") and message in err[0]


def test_cli_exit_2_on_broken_turtle(java: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\nex:d .\n", encoding="utf-8")
    assert main(["consistency", str(broken)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"cannot parse {broken}:3" in err[0]


def test_cli_exit_2_without_java(tmp_path: Path) -> None:
    """A real process whose PATH has no java: one line, no traceback."""
    env = {k: v for k, v in os.environ.items() if k not in ("JAVA_HOME",)}
    env["PATH"] = str(tmp_path)  # an empty directory
    done = subprocess.run([sys.executable, "-m", "ogpgraph", "consistency", str(CONTROL)],
                          check=False, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert lines == [f"ogpgraph consistency: error: {lines[0].split('error: ', 1)[1]}"]
    assert "Java not found" in lines[0] and "default-jre-headless" in lines[0]


def test_date_conversion_does_not_depend_on_rdflibs_global_converters() -> None:
    """owlrl (``--inference owlrl``) replaces rdflib's literal converters for the whole process, and
    its gYear rejects a time zone; an earlier test using it once made this conversion order-dependent."""
    import owlrl

    inferred = Graph()
    inferred.add((URIRef(EX + "s"), URIRef(EX + "p"), Literal("1", datatype=XSD.integer)))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(inferred)  # swaps the converters
    g = Graph()
    g.add((URIRef(EX + "s"), URIRef(EX + "p"), Literal("2021Z", datatype=XSD.gYear, normalize=False)))
    g.add((URIRef(EX + "s"), URIRef(EX + "p"), Literal("2021-13", datatype=XSD.gYearMonth, normalize=False)))
    prepared = prepare_for_hermit(g)
    assert {str(o) for o in prepared.graph.objects() if isinstance(o, Literal) and o.datatype == XSD.dateTime} \
        == {"2021-01-01T00:00:00Z"}
    assert len(prepared.ill_typed) == 1 and "2021-13" in prepared.ill_typed[0]  # month 13: still caught

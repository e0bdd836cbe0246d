"""`ogpgraph validate`: the shipped graph conforms, a broken one does not, bad input exits 2.

The shipped graph is validated once per session (a few seconds); the other cases use
the small fixtures of tests/shapes/fixtures/.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import threading
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH

from ogpgraph.cli import main

ROOT = Path(__file__).resolve().parents[2]
TTL = ROOT / "data" / "ttl"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
COMMITMENT_12 = URIRef("https://w3id.org/ogpgraph/id/fr/2021-2023/commitment/12")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", *argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def shipped() -> tuple[int, str, str]:
    """The built graph, validated once: its data-quality page."""
    return run("--format", "markdown")


def test_shipped_graph_conforms(shipped) -> None:
    code, out, err = shipped
    assert code == 0, err
    assert "Totals: 0 violations," in out


def test_data_quality_page_is_up_to_date(shipped) -> None:
    _, out, _ = shipped
    committed = (ROOT / "docs" / "data-quality.md").read_text(encoding="utf-8")
    assert committed == out, "regenerate: ogpgraph validate --format markdown > docs/data-quality.md"


def test_every_warning_gives_commitment_rule_and_source_lines(shipped) -> None:
    _, out, _ = shipped
    rows = out.split("## Warnings", 1)[1].split("## ", 1)[0].strip().splitlines()[2:]
    assert rows
    for row in rows:
        commitment, rule, _, lines, _ = [c.strip() for c in row.strip("|").split(" | ")]
        assert commitment.startswith("#"), row
        assert rule.startswith("`") and rule.endswith("`"), row
        assert lines[0].isdigit(), row


def test_missing_title_of_commitment_12_is_a_violation(tmp_path: Path) -> None:
    facts = Graph().parse(TTL / "fr-2021-2023.ttl", format="turtle")
    titles = list(facts.triples((COMMITMENT_12, DCTERMS.title, None)))
    assert len(titles) == 1
    facts.remove(titles[0])
    broken = tmp_path / "fr-2021-2023.ttl"
    broken.write_text(facts.serialize(format="turtle"), encoding="utf-8")
    others = [str(f) for f in sorted(TTL.glob("*.ttl")) if f.name != broken.name]
    code, out, _ = run(str(broken), *others, str(ROOT / "ontology" / "ogp.ttl"))
    assert code == 1
    assert f"{COMMITMENT_12}  (" in out  # grouped under the commitment's IRI
    block = out.split(f"{COMMITMENT_12}  (", 1)[1].split("\n\n", 1)[0]
    assert "[Violation] Commitment-title" in block
    assert "  source lines " in block  # its sheet in the document, quoted
    assert out.rstrip().endswith("1 violation, 45 warnings, 4 infos; 49 result(s) below the --severity violation "
                                 "threshold not shown")


def test_broken_turtle_exits_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n", encoding="utf-8")
    code, out, err = run(str(bad))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"ogpgraph validate: error: cannot parse {bad}:3: ")


@pytest.mark.parametrize("argv", [["no-such-file.ttl"], ["file:///etc/passwd"], ["ftp://example.org/x.ttl"]])
def test_unreadable_inputs_exit_2(argv: list[str]) -> None:
    code, _, err = run(*argv)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("ogpgraph validate: error: cannot read")


def test_turtle_report_is_a_validation_report() -> None:
    code, out, _ = run("--format", "turtle", str(FIXTURES / "Commitment-title" / "bad.ttl"))
    assert code == 1
    report = Graph().parse(data=out, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    shapes = set(report.objects(None, SH.sourceShape))
    assert shapes == {URIRef("https://w3id.org/ogpgraph/def/shapes#Commitment-title")}


def test_json_ld_report_parses() -> None:
    code, out, _ = run("--format", "json-ld", str(FIXTURES / "Commitment-title" / "good.ttl"))
    assert code == 0
    json.loads(out)
    report = Graph().parse(data=out, format="json-ld")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(True)


def test_severity_threshold() -> None:
    warning_only = str(FIXTURES / "Commitment-endDate-present" / "bad.ttl")
    assert run(warning_only)[0] == 0
    assert run("--severity", "warning", warning_only)[0] == 1
    info_only = str(FIXTURES / "Commitment-derivedOgpValue-present" / "bad.ttl")
    assert run("--severity", "warning", info_only)[0] == 0
    code, out, _ = run("--severity", "info", "--format", "html", info_only)
    assert code == 1 and "Commitment-derivedOgpValue-present" in out and out.startswith("<!DOCTYPE html>")


def test_url_input_over_http() -> None:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep stderr for ogpgraph's own message
            pass

    handler = functools.partial(Quiet, directory=str(FIXTURES / "Commitment-title"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert run(f"{base}/good.ttl")[0] == 0
        code, out, _ = run(f"{base}/bad.ttl")
        assert code == 1 and "Commitment-title" in out
        code, _, err = run(f"{base}/missing.ttl")
        assert code == 2 and "HTTP 404" in err and err.count("\n") == 1
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

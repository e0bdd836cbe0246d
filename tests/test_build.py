"""The built graph: determinism, independent parsing, graph-level facts, coverage, CLI."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from ogpgraph.build import DEFAULT_OUT, OUTPUT_FILES, build
from ogpgraph.build_record import RECORD_NAME, read_record
from ogpgraph.cli import main
from ogpgraph.config import Settings
from ogpgraph.coverage import unexplained
from ogpgraph.iris import DEFAULT_BASE_IRI
from ogpgraph.store import StoreError
from ogpgraph.store.embedded import EmbeddedStore

OGP = Namespace("https://w3id.org/ogpgraph/def/ogp#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
PLAN = DEFAULT_BASE_IRI + "id/fr/2021-2023"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("ttl")
    return build(out), out


@pytest.fixture(scope="module")
def graph(built):
    _, out = built
    g = Graph()
    for f in sorted(out.glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def commitment(n: int) -> URIRef:
    return URIRef(f"{PLAN}/commitment/{n}")


def test_build_is_deterministic_and_matches_committed_data(built, tmp_path):
    _, first = built
    second = tmp_path / "again"
    # A separate process: hash randomisation differs, so set/dict orders would show.
    subprocess.run([sys.executable, "-m", "ogpgraph", "build", "--out", str(second)],
                   check=True, capture_output=True)
    names = sorted(OUTPUT_FILES.values())
    assert sorted(p.name for p in first.glob("*.ttl")) == names
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        assert (first / name).read_bytes() == (DEFAULT_OUT / name).read_bytes(), (
            f"data/ttl/{name} differs from a fresh build: run 'ogpgraph build' and commit data/ttl/")


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed")
def test_turtle_parses_with_an_independent_parser(built, graph):
    _, out = built
    total = 0
    for f in sorted(out.glob("*.ttl")):
        res = subprocess.run(["rapper", "-i", "turtle", "-o", "ntriples", "-q", str(f)],
                             capture_output=True, text=True, check=True)
        total += len([ln for ln in res.stdout.splitlines() if ln.strip()])
    assert total == len(graph)


def test_59_commitments_each_with_title_chapter_and_period(graph):
    commitments = set(graph.subjects(RDF.type, OGP.Commitment))
    assert commitments == {commitment(n) for n in range(1, 60)}
    for c in commitments:
        assert graph.value(c, DCTERMS.title) is not None, c
        assert graph.value(c, OGP.chapter) is not None, c
        assert graph.value(c, OGP.dateText) is not None, c


def test_every_commitment_with_a_lead_heading_has_a_lead(graph, built):
    plan = built[0].plan
    for c in plan.commitments:
        if c.lead_heading:
            assert list(graph.objects(commitment(c.number), OGP.leadOrganisation)), c.number
    # #42 is the one commitment printed without a lead heading.
    assert [c.number for c in plan.commitments if not c.lead_heading] == [42]


def test_titles_exactly_as_written(graph):
    assert graph.value(commitment(33), DCTERMS.title) == Literal(
        "Construire une culture de la donnée de santé", lang="fr")
    assert graph.value(commitment(26), DCTERMS.title) == Literal(
        "accompagner l'open data des décisions de justice", lang="fr")


def test_milestones_are_resources_with_valid_intervals(graph):
    milestones = set(graph.subjects(RDF.type, OGP.Milestone))
    assert len(milestones) > 150
    for m in milestones:
        assert len(list(graph.objects(m, OGP.milestoneOf))) == 1, m
        start, end = graph.value(m, OGP.startDate), graph.value(m, OGP.endDate)
        if start is not None and end is not None:
            assert start.toPython() <= end.toPython(), m
        if start is not None or end is not None:
            assert graph.value(m, OGP.dateText) is not None, m


def test_every_fact_has_provenance(graph):
    PROV = Namespace("http://www.w3.org/ns/prov#")
    for cls in (OGP.Commitment, OGP.Milestone, OGP.Contact, OGP.Chapter, OGP.TextPassage):
        for s in graph.subjects(RDF.type, cls):
            passage = graph.value(s, PROV.wasDerivedFrom)
            assert passage is not None, s
            assert graph.value(passage, OGP.startLine) is not None, passage


def test_dinum_is_one_organisation(graph):
    ORG = Namespace("http://www.w3.org/ns/org#")
    dinum = [o for o in graph.subjects(RDF.type, ORG.Organization)
             if "dinum" in str(o).rsplit("/", 1)[-1]]
    assert len(dinum) == 1, dinum


def test_zero_unexplained_lines(built):
    result, _ = built
    lines = unexplained(result.plan)
    assert lines == [], "\n".join(f"{s.number}: {s.text[:90]}" for s in lines[:40])


def test_contacts_modes(tmp_path):
    role = build(tmp_path / "role", contacts="role")
    none = build(tmp_path / "none", contacts="none")
    g_role = role.graphs.facts
    assert list(g_role.subjects(RDF.type, OGP.Contact))
    contacts = set(g_role.subjects(RDF.type, OGP.Contact))
    assert not [t for t in g_role.triples((None, VCARD.fn, None)) if t[0] in contacts]
    assert not [t for t in g_role.triples((None, VCARD.hasEmail, None)) if t[0] in contacts]
    assert not list(g_role.triples((None, OGP.phone, None)))
    assert not list(g_role.subjects(RDF.type, URIRef("http://xmlns.com/foaf/0.1/Person")))
    text = (tmp_path / "role" / OUTPUT_FILES["facts"]).read_text(encoding="utf-8")
    assert "henri.verdier@" not in text
    assert not list(none.graphs.facts.subjects(RDF.type, OGP.Contact))


def test_base_iri_option(tmp_path):
    assert main(["build", "--out", str(tmp_path), "--base-iri", "https://example.org/ogp/"]) == 0
    text = (tmp_path / OUTPUT_FILES["facts"]).read_text(encoding="utf-8")
    assert "https://example.org/ogp/id/fr/2021-2023/commitment/12" in text
    assert DEFAULT_BASE_IRI not in text.replace("https://w3id.org/ogpgraph/def/", "")


def test_bad_base_iri_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["build", "--base-iri", "not an iri"])
    assert exc.value.code == 2
    assert "base IRI" in capsys.readouterr().err


def test_wrong_source_exits_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "other.txt"
    bad.write_text("not the document\n", encoding="utf-8")
    assert main(["build", "--source", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "sha256" in err and len(err.strip().splitlines()) == 1


def test_stats_counts_classes(built, capsys):
    _, out = built
    assert main(["stats", "--data", str(out), "--format", "json"]) == 0
    import json
    counts = json.loads(capsys.readouterr().out)
    assert counts["ogp:Commitment"] == 59
    assert counts["ogp:Chapter"] == 14
    assert counts["ogp:ActionPlan"] == 1


def test_coverage_command_reports_zero(capsys):
    assert main(["coverage"]) == 0
    assert "unexplained: 0" in capsys.readouterr().out


def test_every_email_in_the_document_is_in_the_graph_as_written(graph):
    import re
    text = (ROOT / "data/source/liasse-des-engagements-2021-12.txt").read_text(encoding="utf-8")
    emails = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
    assert len(emails) == 63  # distinct addresses, counted by hand with grep
    in_graph = {str(o)[len("mailto:"):] for o in graph.objects(None, VCARD.hasEmail)}
    assert emails - in_graph == set()


def test_every_title_exactly_as_written(graph):
    import re
    text = (ROOT / "data/source/liasse-des-engagements-2021-12.txt").read_text(encoding="utf-8")
    headings = re.findall(r"^Engagement\s*(?:#|«)\s*(\d+)\s*:\s*(.+)$", text, re.M)
    assert len(headings) == 59
    for number, title in headings:
        assert graph.value(commitment(int(number)), DCTERMS.title) == Literal(title.strip(), lang="fr")


def test_back_cover_facts(graph):
    plan = URIRef(PLAN)
    assert str(graph.value(plan, DCTERMS.creator)).endswith("/organisation/ditp")
    point = graph.value(plan, URIRef("http://www.w3.org/ns/dcat#contactPoint"))
    assert graph.value(point, VCARD.hasEmail) == URIRef("mailto:gouvernement-ouvert.ditp@modernisation.gouv.fr")


def test_the_build_records_what_it_wrote(built):
    """data/ttl/build-record.json: each file's digest and triple count, as deterministic as the Turtle."""
    _, out = built
    assert (out / RECORD_NAME).read_bytes() == (DEFAULT_OUT / RECORD_NAME).read_bytes(), (
        f"data/ttl/{RECORD_NAME} differs from a fresh build: run 'ogpgraph build' and commit data/ttl/")
    record = read_record(out)
    assert sorted(record) == sorted(OUTPUT_FILES.values())
    for name, recorded in record.items():
        assert recorded.triples == len(Graph().parse(out / name, format="turtle")), name


def test_a_file_cut_at_a_statement_boundary_is_refused(tmp_path):
    """Still valid Turtle, a fraction of the plan: before the record it was served as healthy."""
    data = tmp_path / "ttl"
    shutil.copytree(DEFAULT_OUT, data)
    facts = data / "fr-2021-2023.ttl"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text[:text.index("\n\n", len(text) // 3) + 2], encoding="utf-8")  # whole statements only
    with pytest.raises(StoreError, match="refusing to serve partial or altered data: .*fr-2021-2023.ttl"):
        EmbeddedStore(Settings(data_dir=data)).load()
    result = subprocess.run([sys.executable, "-m", "ogpgraph", "serve", "--data", str(data), "--port", "1"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "refusing to serve partial or altered data" in result.stderr


def test_an_extra_or_missing_file_is_refused_and_no_record_is_a_warning(tmp_path):
    data = tmp_path / "ttl"
    shutil.copytree(DEFAULT_OUT, data)
    (data / "irm-review.ttl").unlink()
    with pytest.raises(StoreError, match="lacks irm-review.ttl"):
        EmbeddedStore(Settings(data_dir=data)).load()
    shutil.copy(DEFAULT_OUT / "irm-review.ttl", data)
    (data / "extra.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match="holds extra.ttl, which the build did not write"):
        EmbeddedStore(Settings(data_dir=data)).load()
    (data / RECORD_NAME).unlink()
    store = EmbeddedStore(Settings(data_dir=data)).load()
    assert any(RECORD_NAME in w and "nothing checks" in w for w in store.warnings)

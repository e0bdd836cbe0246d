"""The IRI stability contract (docs/iris.md): the append-only ledger data/iris.txt and the retired IRIs.

The first test is the guard: the committed data (itself checked equal to a fresh
build by tests/test_build.py) must mint every IRI of the ledger unless it is
retired, and the ledger must hold every IRI minted. The others pin each rule on
small fixtures, and show that dropping a real IRI is caught.
"""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from ogpgraph.build import DEFAULT_OUT
from ogpgraph.cli import main
from ogpgraph.iris import DEFAULT_BASE_IRI as BASE
from ogpgraph.ledger import DEFAULT_LEDGER, WRITE_COMMAND, LedgerError, check, minted_iris, read_ledger, write
from ogpgraph.tombstones import DEFAULT_RETIRED, Tombstone, TombstoneError, load_tombstones


def test_the_committed_ledger_holds_every_minted_iri_and_loses_none():
    minted = minted_iris(DEFAULT_OUT, BASE)
    tombstones = load_tombstones(DEFAULT_RETIRED, BASE)
    result = check(minted, read_ledger(DEFAULT_LEDGER), tombstones, BASE)
    assert result.ok, "\n\n".join(result.problems(DEFAULT_LEDGER, DEFAULT_RETIRED))


def test_the_ledger_file_is_sorted_unique_and_ours():
    lines = [line for line in DEFAULT_LEDGER.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines == sorted(set(lines))
    assert all(line.startswith(BASE) and " " not in line for line in lines)
    assert not [line for line in lines if line.startswith(BASE + "def/")]  # the vocabularies are versioned apart


def test_the_committed_retired_list_is_valid_and_empty_for_now():
    assert load_tombstones(DEFAULT_RETIRED, BASE) == {}


def test_minted_iris_are_subjects_graphs_and_the_dataset(tmp_path):
    (tmp_path / "facts.ttl").write_text(f"""
        <{BASE}id/a> <http://www.w3.org/2000/01/rdf-schema#label> "a" ; <http://example.org/p> <{BASE}id/only-object> .
        <{BASE}def/ogp#Term> <http://www.w3.org/2000/01/rdf-schema#label> "a term" .
        <https://example.org/other> <http://example.org/p> <{BASE}id/a> .
        """, encoding="utf-8")
    assert minted_iris(tmp_path, BASE) == {f"{BASE}id/a", f"{BASE}graph/facts", f"{BASE}id/dataset"}


# -- the check, rule by rule -----------------------------------------------------------------------

A, B, C = (f"{BASE}id/thing/{x}" for x in "abc")


def retired(iri, successor=None):
    return {iri: Tombstone(iri, dt.date(2024, 3, 1), "a test", successor)}


def test_a_dropped_iri_fails_until_it_is_retired():
    result = check({A}, {A, B}, {}, BASE)
    assert result.dropped == [B] and not result.ok
    assert "restore it in the data, or retire it" in result.problems(Path("iris.txt"), Path("retired.yaml"))[0]
    assert check({A}, {A, B}, retired(B, successor=A), BASE).ok


def test_a_new_iri_fails_with_the_command_that_records_it():
    result = check({A, C}, {A}, {}, BASE)
    assert result.unrecorded == [C]
    assert WRITE_COMMAND in result.problems(Path("iris.txt"), Path("retired.yaml"))[0]


def test_a_retired_iri_must_not_be_minted_nor_unknown_and_its_successor_must_live():
    assert check({A, B}, {A, B}, retired(B), BASE).retired_but_minted == [B]
    assert check({A}, {A}, retired(C), BASE).retired_unknown == [C]
    assert check({A}, {A, B}, retired(B, successor=C), BASE).successor_missing == [f"{B} → {C}"]
    # A successor in another dataset is not ours to check.
    assert check({A}, {A, B}, retired(B, successor="https://example.org/b"), BASE).ok


def test_writing_appends_and_never_removes(tmp_path):
    ledger = tmp_path / "iris.txt"
    assert write(ledger, {A, B}, {}, BASE, tmp_path / "r.yaml") == [A, B]
    assert write(ledger, {A, B, C}, {}, BASE, tmp_path / "r.yaml") == [C]
    assert read_ledger(ledger) == {A, B, C}
    # B dropped: writing refuses rather than forget it...
    with pytest.raises(LedgerError, match="no longer minted"):
        write(ledger, {A, C}, {}, BASE, tmp_path / "r.yaml")
    # ...and once retired, B stays in the ledger.
    assert write(ledger, {A, C}, retired(B), BASE, tmp_path / "r.yaml") == []
    assert read_ledger(ledger) == {A, B, C}
    assert ledger.read_text(encoding="utf-8").startswith("# ")


def test_dropping_a_real_iri_from_a_rebuild_is_caught(tmp_path):
    data = tmp_path / "ttl"
    shutil.copytree(DEFAULT_OUT, data)
    gone = f"{BASE}id/organisation/dinum"
    # Rename the DINUM as a faulty rebuild might: every mention of its IRI changes.
    for path in data.glob("*.ttl"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"<{gone}>", f"<{BASE}id/organisation/dinum-2>"), encoding="utf-8")
    published = minted_iris(DEFAULT_OUT, BASE)  # the ledger as `ogpgraph iris --write` leaves it
    result = check(minted_iris(data, BASE), published, {}, BASE)
    assert result.dropped == [gone]
    assert result.unrecorded == [f"{BASE}id/organisation/dinum-2"]


# -- the command ------------------------------------------------------------------------------------------

def test_the_command_checks_and_writes(tmp_path, capsys):
    data, ledger, retired_file = tmp_path / "ttl", tmp_path / "iris.txt", tmp_path / "retired.yaml"
    data.mkdir()
    (data / "facts.ttl").write_text(f'<{A}> <http://www.w3.org/2000/01/rdf-schema#label> "a" .', encoding="utf-8")
    retired_file.write_text("retired: []\n", encoding="utf-8")
    args = ["iris", "--data", str(data), "--ledger", str(ledger), "--retired-iris", str(retired_file)]
    assert main(args) == 1
    assert WRITE_COMMAND in capsys.readouterr().err
    assert main(args + ["--write"]) == 0
    assert main(args + ["--check"]) == 0
    (data / "facts.ttl").write_text(f'<{B}> <http://www.w3.org/2000/01/rdf-schema#label> "b" .', encoding="utf-8")
    assert main(args) == 1
    assert A in capsys.readouterr().err
    assert main(args + ["--write"]) == 1  # refuses: A was dropped without a tombstone
    retired_file.write_text(f"retired:\n  - iri: {A}\n    successor: {B}\n    date: 2024-03-01\n    reason: renamed\n",
                            encoding="utf-8")
    assert main(args + ["--write"]) == 0
    assert read_ledger(ledger) == {A, B, f"{BASE}graph/facts", f"{BASE}id/dataset"}


# -- the retired list ------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, message", [
    ("[]", "a 'retired' list"),
    ("retired:\n  - iri: https://example.org/x\n    date: 2024-01-01\n    reason: r", "not under the base"),
    (f"retired:\n  - iri: {A}\n    date: 2024-01-01", "reason is required"),
    (f"retired:\n  - iri: {A}\n    date: 1 March\n    reason: r", "not an ISO date"),
    (f"retired:\n  - iri: {A}#x\n    date: 2024-01-01\n    reason: r", "without a fragment"),
    (f"retired:\n  - iri: {A}\n    date: 2024-01-01\n    reason: r\n    sucessor: {B}", "unknown key"),
    (f"retired:\n  - iri: {A}\n    date: 2024-01-01\n    reason: r\n  - iri: {A}\n    date: 2024-01-01\n    reason: r",
     "retired twice"),
    (f"retired:\n  - iri: {A}\n    successor: {A}\n    date: 2024-01-01\n    reason: r", "its own successor"),
    ((f"retired:\n  - iri: {A}\n    successor: {B}\n    date: 2024-01-01\n    reason: r\n"
      f"  - iri: {B}\n    date: 2024-01-01\n    reason: r"), "is itself retired"),
    ("retired: [", "not valid YAML"),
])
def test_a_malformed_retired_list_is_refused_with_a_reason(tmp_path, body, message):
    path = tmp_path / "retired.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(TombstoneError, match=message):
        load_tombstones(path, BASE)


def test_a_retired_entry_is_read_whole(tmp_path):
    path = tmp_path / "retired.yaml"
    path.write_text(f'retired:\n  - iri: {A}\n    successor: {B}\n    date: "2024-03-01"\n    reason: " merged "\n',
                    encoding="utf-8")
    assert load_tombstones(path, BASE) == {A: Tombstone(A, dt.date(2024, 3, 1), "merged", B)}

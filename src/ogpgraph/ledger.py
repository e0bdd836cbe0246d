"""The IRI ledger, ``data/iris.txt``: every IRI the graph has ever minted, append-only.

*Minted* IRIs are those the built data defines (docs/iris.md, "The stability
promise"):

* every IRI under the base that is the subject of a triple in ``data/ttl/*.ttl``;
* the named graph of each of those files, ``{base}graph/{file stem}`` (queries
  name them in ``FROM`` and ``GRAPH``, the Graph Store Protocol in ``?graph=``);
* the dataset, ``{base}id/dataset``, which the service describes from that data.

Not included: the ontology and the SHACL shapes (``{base}def/…`` and their
graphs), versioned on their own with ``owl:versionIRI``/``owl:versionInfo``, and
IRIs of other datasets that ours only links to.

:func:`check` compares the three sources of truth: what is minted now, the
ledger, and the retired IRIs (``ogpgraph.tombstones``). A ledger IRI must be
minted or retired; a minted IRI must be in the ledger; a retired IRI must not be
minted. :func:`write` adds the new IRIs and never removes one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import paths
from .iris import Minter
from .tombstones import Tombstone

DEFAULT_LEDGER = paths.IRI_LEDGER
# Graphs of the schema rather than of the data (as store/embedded.py names them).
SCHEMA_GRAPHS = ("ontology", "shapes")
WRITE_COMMAND = "ogpgraph iris --write"

_HEADER = """\
# Every IRI ogpgraph has published: append-only, one per line, sorted.
# An IRI here must keep answering: minted by the data, or retired in
# data/reference/retired-iris.yaml (then it answers 410 Gone). See docs/iris.md.
# Written by `ogpgraph iris --write` (adds new IRIs, never removes one); checked by `ogpgraph iris --check`.
"""


def minted_iris(data_dir: Path, base: str) -> set[str]:
    """The IRIs the built Turtle files in ``data_dir`` define under ``base`` (see the module docstring)."""
    files = sorted(data_dir.glob("*.ttl"))
    if not files:
        raise FileNotFoundError(f"no Turtle files in {data_dir}: run 'ogpgraph build' first")
    minter = Minter(base)
    schema = minter.schema
    minted = {str(minter.dataset)}
    for path in files:
        if path.stem not in SCHEMA_GRAPHS:
            minted.add(str(minter.graph(path.stem)))
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            s = triple.subject
            if isinstance(s, ox.NamedNode) and s.value.startswith(base) and not s.value.startswith(schema):
                minted.add(s.value)
    return minted


def read_ledger(path: Path) -> set[str]:
    """The IRIs in the ledger (``#`` comments and blank lines ignored); an absent ledger is empty."""
    if not path.exists():
        return set()
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line and not line.startswith("#")}


@dataclass(frozen=True)
class LedgerCheck:
    """What is wrong between the minted IRIs, the ledger and the tombstones (all empty: all is well)."""

    dropped: list[str]               # in the ledger, neither minted nor retired: a broken promise
    unrecorded: list[str]            # minted but not yet in the ledger: run `ogpgraph iris --write`
    retired_but_minted: list[str]    # retired, yet the data still defines them
    retired_unknown: list[str]       # retired, but never in the ledger (a typo?)
    successor_missing: list[str]     # "<retired> → <successor>" where our successor is not minted

    @property
    def ok(self) -> bool:
        return not (self.dropped or self.unrecorded or self.retired_but_minted or self.retired_unknown
                    or self.successor_missing)

    def problems(self, ledger: Path, retired: Path, limit: int = 20) -> list[str]:
        """One paragraph per kind of problem, each saying what to do about it."""
        def listing(iris: list[str]) -> str:
            shown = "\n".join(f"  {i}" for i in iris[:limit])
            return shown + (f"\n  … and {len(iris) - limit} more" if len(iris) > limit else "")

        out = []
        if self.dropped:
            out.append(f"{len(self.dropped)} published IRI(s) in {ledger} are no longer minted. A published IRI "
                       f"must keep answering: restore it in the data, or retire it in {retired} "
                       f"(with its successor if there is one):\n{listing(self.dropped)}")
        if self.unrecorded:
            out.append(f"{len(self.unrecorded)} minted IRI(s) are not in {ledger}: run `{WRITE_COMMAND}` "
                       f"and commit the ledger with the data:\n{listing(self.unrecorded)}")
        if self.retired_but_minted:
            out.append(f"{len(self.retired_but_minted)} IRI(s) retired in {retired} are still in the data: "
                       f"remove them from the data or from the retired list:\n{listing(self.retired_but_minted)}")
        if self.retired_unknown:
            out.append(f"{len(self.retired_unknown)} IRI(s) retired in {retired} were never in {ledger} "
                       f"(a typo?):\n{listing(self.retired_unknown)}")
        if self.successor_missing:
            out.append(f"{len(self.successor_missing)} retired IRI(s) name a successor the data does not "
                       f"define:\n{listing(self.successor_missing)}")
        return out


def check(minted: set[str], ledger: set[str], tombstones: dict[str, Tombstone], base: str) -> LedgerCheck:
    """Compare the minted IRIs with the ledger and the tombstones."""
    retired = set(tombstones)
    return LedgerCheck(
        dropped=sorted(ledger - minted - retired),
        unrecorded=sorted(minted - ledger),
        retired_but_minted=sorted(retired & minted),
        retired_unknown=sorted(retired - ledger),
        successor_missing=sorted(f"{t.iri} → {t.successor}" for t in tombstones.values()
                                 if t.successor and t.successor.startswith(base) and t.successor not in minted),
    )


class LedgerError(ValueError):
    """The ledger cannot be written without breaking the promise."""


def write(path: Path, minted: set[str], tombstones: dict[str, Tombstone], base: str,
          retired_path: Path) -> list[str]:
    """Add the newly minted IRIs to the ledger at ``path``; returns them.

    Refuses (:class:`LedgerError`) when anything but new IRIs is wrong: writing
    must never be a way to make a dropped IRI disappear from the ledger.
    """
    ledger = read_ledger(path)
    result = check(minted, ledger, tombstones, base)
    blocking = LedgerCheck(result.dropped, [], result.retired_but_minted, result.retired_unknown,
                           result.successor_missing)
    if not blocking.ok:
        raise LedgerError("not writing the ledger:\n\n" + "\n\n".join(blocking.problems(path, retired_path)))
    if result.unrecorded or not path.exists():
        path.write_text(_HEADER + "".join(f"{iri}\n" for iri in sorted(ledger | minted)), encoding="utf-8")
    return result.unrecorded

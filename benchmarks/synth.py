#!/usr/bin/env python3
"""Synthesise N action plans shaped like the real one, for the scale benchmark.

Copy 0 is the shipped graph itself (``data/ttl``), so every IRI the ``queries/`` mix names
still exists and selective lookups stay selective. Copy k ≥ 1 is the same plan published by a
fictitious member "s{k:04d}": every IRI the plan mints is rewritten so that no two copies share
a resource, with the fan-out of the real document (chapters → commitments → milestones,
contacts, passages, provenance):

- plan-scoped IRIs ``id/fr/2021-2023/…`` become ``id/s0001/2021-2023/…``;
- shared entities (organisations, people, groups, programmes, legal texts) get a per-member
  slug, ``id/organisation/s0001-dinum``: each country has its own ministries;
- the OGP values (``id/ogp-value/…``) and the vocabularies graph are shared by all, once.

Each copy is written as its own pair of files (graph and provenance), which the store loads
as one named graph each, like the real plan. The rewrite is textual on the Turtle the build
wrote (IRIs are written in full there), so it is fast and keeps the files byte-for-byte
shaped like real ones; every output is parsed back by pyoxigraph when loaded.

    .venv/bin/python benchmarks/synth.py --copies 10 --out /tmp/ogp-x10
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from ogpgraph.paths import DATA_DIR as DATA

BASE = "https://w3id.org/ogpgraph/id/"
PLAN_FILES = ("fr-2021-2023.ttl", "fr-2021-2023-provenance.ttl")
SHARED_KINDS = ("organisation", "person", "group", "programme", "legal")

_PLAN = re.compile(re.escape(BASE) + r"fr/")
_SHARED = re.compile(re.escape(BASE) + r"(" + "|".join(SHARED_KINDS) + r")/")


def member(k: int) -> str:
    return f"s{k:04d}"


def rewrite(text: str, k: int) -> str:
    """The Turtle of the real plan as member k's plan (k ≥ 1)."""
    tag = member(k)
    text = _PLAN.sub(f"{BASE}{tag}/", text)
    return _SHARED.sub(lambda m: f"{BASE}{m.group(1)}/{tag}-", text)


def synthesise(copies: int, out: Path, data: Path = DATA) -> list[Path]:
    """Write ``copies`` plans (the real one + copies-1 synthetic ones) to ``out``; return the files."""
    if copies < 1:
        raise ValueError("--copies must be at least 1")
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.ttl"):
        stale.unlink()
    written = []
    for name in sorted(p.name for p in data.glob("*.ttl")):
        # Everything the build wrote is copied once: the real plan and the shared vocabularies
        # (plus any other graph the build adds, e.g. registry links).
        shutil.copyfile(data / name, out / name)
        written.append(out / name)
    texts = {name: (data / name).read_text(encoding="utf-8") for name in PLAN_FILES}
    for k in range(1, copies):
        for name, text in texts.items():
            path = out / name.replace("fr-", f"{member(k)}-", 1)
            path.write_text(rewrite(text, k), encoding="utf-8")
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--copies", type=int, required=True, help="number of plans, the real one included (1 = as shipped)")
    p.add_argument("--out", type=Path, required=True, help="directory to write the Turtle files to (its *.ttl are replaced)")
    p.add_argument("--data", type=Path, default=DATA, help="the built graph to copy (default: %(default)s)")
    args = p.parse_args(argv)
    if args.copies < 1:
        p.error("--copies must be at least 1")
    if args.out.resolve() == args.data.resolve():
        p.error("--out must not be the data directory itself")
    files = synthesise(args.copies, args.out, args.data)
    size = sum(f.stat().st_size for f in files)
    print(f"wrote {len(files)} files ({size / 1e6:.1f} MB) for {args.copies} plan(s) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

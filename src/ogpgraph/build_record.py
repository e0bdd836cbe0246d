"""What ``ogpgraph build`` wrote, recorded beside it, so that a store can tell whole data from cut data.

``data/ttl/build-record.json`` names every file the build wrote with its SHA-256 and its number
of triples. The embedded store checks each file against it before serving (store/embedded.py):
a file cut short (a disk full, a copy interrupted at a statement boundary: still valid Turtle,
11 of 59 commitments) or edited by hand is refused with the reason, instead of being served as
healthy. The record's bytes are as deterministic as the Turtle's.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

RECORD_NAME = "build-record.json"
FORMAT = 1


class RecordMismatch(ValueError):
    """The data directory does not hold what the build recorded."""


@dataclass(frozen=True)
class RecordedFile:
    sha256: str
    triples: int


def write_record(out: Path, files: dict[str, int]) -> Path:
    """Record ``files`` (name → triples) as written under ``out``; their digests are read back."""
    record = {"format": FORMAT, "files": {
        name: {"sha256": hashlib.sha256((out / name).read_bytes()).hexdigest(), "triples": triples}
        for name, triples in sorted(files.items())}}
    path = out / RECORD_NAME
    path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def read_record(directory: Path) -> dict[str, RecordedFile] | None:
    """The record of ``directory`` by file name; None when there is none (data not built by us)."""
    path = directory / RECORD_NAME
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise RecordMismatch(f"{path}: unknown format {data.get('format')!r}")
        return {name: RecordedFile(f["sha256"], int(f["triples"])) for name, f in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RecordMismatch(f"{path} cannot be read: {exc}") from None


def check_files(directory: Path, record: dict[str, RecordedFile]) -> None:
    """Every recorded file is there with its recorded bytes, and no unrecorded Turtle file is."""
    present = {p.name for p in directory.glob("*.ttl")}
    missing = sorted(set(record) - present)
    if missing:
        raise RecordMismatch(f"{directory} lacks {', '.join(missing)}, which the build wrote ({RECORD_NAME})")
    extra = sorted(present - set(record))
    if extra:
        raise RecordMismatch(f"{directory} holds {', '.join(extra)}, which the build did not write "
                             f"({RECORD_NAME}): rebuild, or remove the record to serve unchecked data")
    for name, recorded in sorted(record.items()):
        digest = hashlib.sha256((directory / name).read_bytes()).hexdigest()
        if digest != recorded.sha256:
            raise RecordMismatch(f"{directory / name} is not the file the build wrote (sha256 {digest[:12]}…, "
                                 f"recorded {recorded.sha256[:12]}…): cut short or edited; rebuild it")


def check_triples(path: Path, triples: int, record: dict[str, RecordedFile]) -> None:
    expected = record[path.name].triples
    if triples != expected:
        raise RecordMismatch(f"{path} holds {triples} triples, the build wrote {expected}: rebuild it")
